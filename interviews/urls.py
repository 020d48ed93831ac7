from rest_framework.routers import SimpleRouter

from interviews.api import profiles

router = SimpleRouter()
router.register("interviewers", profiles.InterviewerProfileViewSet, basename="interviewer")

urlpatterns = router.urls
