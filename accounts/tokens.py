"""API tokens (OWASP ASVS 3.5): random keys, stored as SHA-256 digests, expiring and revocable.

`Authorization: Token <key>` as before. A new sign-in makes a new token (never the same key twice);
`POST auth/logout/` revokes the caller's; a password change or deactivation revokes all of a person's.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts import hooks
from accounts.models import ApiToken, User

TOKEN_INVALID = "Invalid or expired token: sign in again (POST auth/token/)."
USED_AT_GRANULARITY = dt.timedelta(minutes=1)  # `last_used_at` is written at most once a minute per token


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_issue(*, user: User, client: str = "", now: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`; → (the row, the key — shown once, never stored)."""
    now = now or timezone.now()
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        digest=_digest(key),
        expires_at=now + dt.timedelta(hours=settings.TOKEN_LIFETIME_HOURS),
        client=client[:200],
    )
    return token, key


def token_sign_in(*, user: User, request) -> tuple[ApiToken, str]:
    """`POST auth/token/` after the password (and code) were accepted: a new token, and the sign-in told to
    the apps above (the audit log)."""
    hooks.signed_in_by_token.call(user=user, request=request)
    return token_issue(user=user, client=request.headers.get("User-Agent", ""))


def tokens_revoke(*, user: User) -> int:
    """Revoke every token of `user` (password changed, account deactivated). → how many."""
    return ApiToken.objects.filter(user=user).delete()[0]


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's `Token <key>` header, checked against the stored digests; expired tokens are refused (401)."""

    def authenticate_credentials(self, key: str):
        now = timezone.now()
        token = ApiToken.objects.select_related("user").filter(digest=_digest(key), expires_at__gt=now).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID)
        if token.last_used_at is None or now - token.last_used_at > USED_AT_GRANULARITY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
