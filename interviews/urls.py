from rest_framework.routers import SimpleRouter

from interviews import apis

router = SimpleRouter()
router.register("interviewers", apis.InterviewerProfileViewSet, basename="interviewer")

urlpatterns = router.urls
