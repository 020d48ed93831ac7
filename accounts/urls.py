from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts import apis

router = SimpleRouter()
router.register("users", apis.UserViewSet, basename="user")

urlpatterns = [
    path("auth/token/", apis.TokenObtainApi.as_view(), name="auth-token"),
    path("me/", apis.MeApi.as_view(), name="me"),
    *router.urls,
]
