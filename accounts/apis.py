from django.contrib.auth import authenticate, logout
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import selectors, services, tokens, two_factor
from accounts.models import ApiToken, User
from accounts.permissions import IsAdminOrRecruiterReadOnly
from accounts.serializers import (
    ApiTokenSerializer,
    MeSerializer,
    MeUpdateInputSerializer,
    TokenInputSerializer,
    TokenOutputSerializer,
    UserCreateInputSerializer,
    UserSerializer,
    UserUpdateInputSerializer,
)

BAD_CREDENTIALS = "Unable to sign in with that username and password."


class TokenObtainApi(APIView):
    """Exchange a username and password for a new API token (it expires; see `expires_at`).

    A refused sign-in is answered, not raised: an exception would roll the request's transaction back,
    and with it the failure django-axes records for the lockout.
    """

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sign-in"

    @extend_schema(request=TokenInputSerializer, responses={200: TokenOutputSerializer, 429: None})
    def post(self, request):
        data = TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Django's request, not DRF's wrapper: django-axes marks a lockout on it for its middleware.
        credentials = {name: data.validated_data[name] for name in ("username", "password")}
        user = authenticate(request._request, **credentials)
        if user is None:
            return Response({"non_field_errors": [BAD_CREDENTIALS]}, status=status.HTTP_400_BAD_REQUEST)
        refused = two_factor.check_for_token(user, data.validated_data.get("otp"), request=request._request)
        if refused is not None:
            return Response({"otp": [refused]}, status=status.HTTP_400_BAD_REQUEST)
        token, key = tokens.token_sign_in(user=user, request=request._request)
        return Response(TokenOutputSerializer({"token": key, "expires_at": token.expires_at}).data)


class LogoutApi(APIView):
    """Revoke the token this request carries (a session is signed out instead)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            request.auth.delete()
        else:
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiTokenViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """The caller's own tokens (never anyone else's, never the keys): list them, read one, revoke one."""

    queryset = ApiToken.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = ApiTokenSerializer

    def get_queryset(self):
        return ApiToken.objects.filter(user=self.request.user, expires_at__gt=timezone.now()).order_by("-created_at")


class MeApi(APIView):
    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeUpdateInputSerializer, responses={200: MeSerializer})
    def patch(self, request):
        """Change your own display name or the time zone pages show times in."""
        data = MeUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = services.user_update(user=request.user, data=values)
        return Response(MeSerializer(user).data)


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = User.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = UserSerializer
    permission_classes = [IsAuthenticated, IsAdminOrRecruiterReadOnly]
    filterset_fields = ["is_active"]

    def get_queryset(self):
        return selectors.user_list(viewer=self.request.user)

    @extend_schema(request=UserCreateInputSerializer, responses={201: UserSerializer})
    def create(self, request, *args, **kwargs):
        data = UserCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = services.user_create(
            username=values["username"],
            password=values["password"],
            email=values.get("email", ""),
            name=values["name"],
            timezone_name=values["timezone"],
            role_codes=values["roles"],
        )
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UserUpdateInputSerializer, responses={200: UserSerializer})
    def update(self, request, *args, **kwargs):
        user = self.get_object()
        data = UserUpdateInputSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = services.user_update(user=user, data=values, actor=request.user)
        return Response(UserSerializer(user).data)

    @extend_schema(request=UserUpdateInputSerializer, responses={200: UserSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)
