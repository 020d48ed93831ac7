from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts import apis

router = SimpleRouter()
router.register("users", apis.UserViewSet, basename="user")
router.register("auth/tokens", apis.ApiTokenViewSet, basename="auth-token-item")

urlpatterns = [
    path("auth/token/", apis.TokenObtainApi.as_view(), name="auth-token"),
    path("auth/logout/", apis.LogoutApi.as_view(), name="auth-logout"),
    path("me/", apis.MeApi.as_view(), name="me"),
    *router.urls,
]
