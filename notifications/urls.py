from rest_framework.routers import SimpleRouter

from notifications import apis

router = SimpleRouter()
router.register("notifications", apis.NotificationViewSet, basename="notification")

urlpatterns = router.urls
