from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.models import User
from accounts.permissions import IsAdminOrRecruiterReadOnly
from accounts.serializers import (
    MeSerializer,
    MeUpdateInputSerializer,
    TokenInputSerializer,
    TokenOutputSerializer,
    UserCreateInputSerializer,
    UserSerializer,
    UserUpdateInputSerializer,
)
from core.errors import ValidationFailed

BAD_CREDENTIALS = "Unable to sign in with that username and password."


class TokenObtainApi(APIView):
    """Exchange a username and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=TokenInputSerializer, responses={200: TokenOutputSerializer})
    def post(self, request):
        data = TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request, **data.validated_data)
        if user is None:
            raise ValidationFailed(BAD_CREDENTIALS)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


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
        user = services.user_update(user=user, data=values)
        return Response(UserSerializer(user).data)

    @extend_schema(request=UserUpdateInputSerializer, responses={200: UserSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)
