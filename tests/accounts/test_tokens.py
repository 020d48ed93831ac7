"""API tokens expire and can be revoked (OWASP ASVS 3.5): a new one per sign-in, logout, password change,
deactivation, and the caller's own list and delete (integer ids; the key is never listed)."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import ApiToken
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(api, user) -> dict:
    api.credentials()
    response = api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200, response.json()
    return response.json()


def _with(api, key):
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_each_sign_in_makes_a_new_token_that_expires(api, settings):
    """Two sign-ins, two keys, both valid; expires_at is the lifetime from now; past it, 401."""
    settings.TOKEN_LIFETIME_HOURS = 8
    user = UserFactory()
    first, second = _sign_in(api, user), _sign_in(api, user)
    assert first["token"] != second["token"]
    expires = parse_datetime(first["expires_at"])
    assert abs((expires - timezone.now()) - dt.timedelta(hours=8)) < dt.timedelta(minutes=1)
    assert _with(api, first["token"]).get("/api/v1/me/").status_code == 200
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _with(api, second["token"]).get("/api/v1/me/").status_code == 401


def test_logout_revokes_the_callers_token_only(api):
    """POST auth/logout/ with one token: it stops working; the other session's token still works."""
    user = UserFactory()
    laptop, phone = _sign_in(api, user)["token"], _sign_in(api, user)["token"]
    assert _with(api, laptop).post("/api/v1/auth/logout/").status_code == 204
    assert _with(api, laptop).get("/api/v1/me/").status_code == 401
    assert _with(api, phone).get("/api/v1/me/").status_code == 200


def test_a_password_change_or_deactivation_revokes_every_token(api):
    """Changed by an admin through the API, or saved anywhere else: old tokens are 401."""
    user = UserFactory()
    key = _sign_in(api, user)["token"]
    api.credentials()
    api.force_authenticate(UserFactory(roles=["admin"]))
    assert api.patch(f"/api/v1/users/{user.pk}/", {"password": "A-new-long-passphrase-9"}).status_code == 200
    api.force_authenticate(None)
    assert _with(api, key).get("/api/v1/me/").status_code == 401
    api.credentials()
    signed_in = api.post("/api/v1/auth/token/", {"username": user.username, "password": "A-new-long-passphrase-9"})
    assert signed_in.status_code == 200  # the new password was saved (and the old one no longer works)
    assert api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}).status_code == 400
    user.refresh_from_db()
    user.set_password(PASSWORD)
    user.save()
    key = _sign_in(api, user)["token"]
    user.is_active = False
    user.save()
    assert _with(api, key).get("/api/v1/me/").status_code == 401
    assert not ApiToken.objects.filter(user=user).exists()


def test_the_caller_lists_reads_and_revokes_their_own_tokens(api):
    """Integer ids, the current one marked, no key or digest; someone else's is 404 to read and to delete."""
    user, other = UserFactory(), UserFactory()
    old = _sign_in(api, user)["token"]
    key = _sign_in(api, user)["token"]
    _sign_in(api, other)
    body = _with(api, key).get("/api/v1/auth/tokens/").json()
    assert body["count"] == 2
    assert all(isinstance(row["id"], int) for row in body["results"])
    assert [row["current"] for row in body["results"]] == [True, False]
    assert old not in str(body)
    assert key not in str(body)
    assert "digest" not in body["results"][0]
    older = body["results"][1]["id"]
    theirs = ApiToken.objects.get(user=other).pk
    one = _with(api, key).get(f"/api/v1/auth/tokens/{older}/")
    assert (one.status_code, one.json()["id"], one.json()["current"]) == (200, older, False)
    assert old not in str(one.json())
    assert _with(api, key).get(f"/api/v1/auth/tokens/{theirs}/").status_code == 404
    assert _with(api, key).delete(f"/api/v1/auth/tokens/{theirs}/").status_code == 404
    assert _with(api, key).delete(f"/api/v1/auth/tokens/{older}/").status_code == 204
    assert _with(api, old).get("/api/v1/me/").status_code == 401
    assert ApiToken.objects.filter(user=other).exists()


def test_an_admin_cannot_deactivate_themselves_or_drop_their_own_admin_role(api):
    """The slip that would lock them (or the last admin) out is a 400 on the field; others may do it."""
    admin = UserFactory(roles=["admin"])
    api.force_authenticate(admin)
    off = api.patch(f"/api/v1/users/{admin.pk}/", {"is_active": False}, format="json")
    assert (off.status_code, list(off.json())) == (400, ["is_active"])
    demoted = api.patch(f"/api/v1/users/{admin.pk}/", {"roles": ["recruiter"]}, format="json")
    assert (demoted.status_code, list(demoted.json())) == (400, ["roles"])
    admin.refresh_from_db()
    assert admin.is_active
    other = UserFactory(roles=["admin"])
    assert api.patch(f"/api/v1/users/{other.pk}/", {"is_active": False}, format="json").status_code == 200
