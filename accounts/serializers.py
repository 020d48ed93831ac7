from rest_framework import serializers

from accounts.models import User
from accounts.roles import ROLE_CHOICES
from core.fields import AwareDateTimeField, TimezoneField


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.ListField(child=serializers.ChoiceField(choices=ROLE_CHOICES), read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "email", "name", "timezone", "roles", "is_active"]


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.ListField(child=serializers.ChoiceField(choices=ROLE_CHOICES), read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "email", "timezone", "roles"]


class UserCreateInputSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    timezone = TimezoneField(required=False, default="UTC")
    roles = serializers.ListField(child=serializers.ChoiceField(choices=ROLE_CHOICES), default=list)
    password = serializers.CharField(write_only=True, style={"input_type": "password"})


class UserUpdateInputSerializer(serializers.Serializer):
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    timezone = TimezoneField(required=False)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=ROLE_CHOICES), required=False)
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})
    is_active = serializers.BooleanField(required=False)


class MeUpdateInputSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    timezone = TimezoneField(required=False)


class TokenInputSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=8,
        help_text="The current code from the account's authenticator app, for an account that has one.",
    )


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown this once.")
    expires_at = AwareDateTimeField(help_text="After this the token no longer works: sign in again.")


class ApiTokenSerializer(serializers.Serializer):
    """One of the caller's tokens; the key itself is never shown again."""

    id = serializers.IntegerField()
    created_at = AwareDateTimeField()
    expires_at = AwareDateTimeField()
    last_used_at = AwareDateTimeField(allow_null=True)
    client = serializers.CharField(help_text="The User-Agent that signed in.")
    current = serializers.SerializerMethodField(help_text="True for the token this request was made with.")

    def get_current(self, token) -> bool:
        request = self.context.get("request")
        return request is not None and getattr(request.auth, "pk", None) == token.pk
