from rest_framework.routers import SimpleRouter

from hiring import apis

router = SimpleRouter()
router.register("committees", apis.CommitteeViewSet, basename="committee")

urlpatterns = router.urls
