"""Sign-in throttling and lockout (OWASP ASVS 2.2): five wrong passwords lock that username from that address
on the sign-in page and the token endpoint; the right password is then refused with 429 and Retry-After;
failures are logged with user and address but no password; an admin unlocks in the Django admin."""

import logging

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

from accounts.lockout import LOCKED_OUT
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes_on")]


@pytest.fixture
def axes_on():
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5):
        yield


def _token(api, username, password, address="203.0.113.7"):
    return api.post("/api/v1/auth/token/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_token_endpoint_locks_out_after_five_failures_even_with_the_right_password(api, caplog):
    """Failures 1–4 are 400s; the fifth locks; the right password is then 429 with Retry-After."""
    user = UserFactory()
    with caplog.at_level(logging.INFO, logger="axes"):
        for _ in range(4):
            assert _token(api, user.username, "wrong-guess").status_code == 400
        locked = _token(api, user.username, "wrong-guess")
    assert locked.status_code == 429
    right = _token(api, user.username, PASSWORD)
    assert right.status_code == 429
    assert int(right["Retry-After"]) == 15 * 60
    assert right.json() == {"detail": LOCKED_OUT.format(minutes=15)}
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert user.username in logged
    assert "203.0.113.7" in logged
    assert "wrong-guess" not in logged


def test_another_address_or_another_account_is_not_locked(api):
    """The lock is on the username and address together: a colleague and the user elsewhere still sign in."""
    user, colleague = UserFactory(), UserFactory()
    for _ in range(5):
        _token(api, user.username, "wrong-guess")
    assert _token(api, colleague.username, PASSWORD).status_code == 200
    assert _token(api, user.username, PASSWORD, address="198.51.100.9").status_code == 200


def test_the_sign_in_page_locks_out_too(client):
    """Five wrong passwords on /login/: the sixth attempt, right or wrong, gets the lockout page (429)."""
    user = UserFactory()
    for _ in range(5):
        client.post("/login/", {"username": user.username, "password": "wrong-guess"}, REMOTE_ADDR="203.0.113.8")
    response = client.post("/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.8")
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert response["Retry-After"] == str(15 * 60)


def test_an_admin_unlocks_in_the_admin(api, client):
    """Deleting the access attempt in the Django admin lets the person sign in again."""
    user = UserFactory()
    for _ in range(5):
        _token(api, user.username, "wrong-guess")
    assert _token(api, user.username, PASSWORD).status_code == 429
    admin = UserFactory(roles=["admin"], is_staff=True, is_superuser=True)
    client.force_login(admin)
    attempt = AccessAttempt.objects.get(username=user.username)
    assert client.get("/admin/axes/accessattempt/").status_code == 200
    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _token(api, user.username, PASSWORD).status_code == 200


def test_the_token_endpoint_is_rate_limited_per_address(api, monkeypatch):
    """Past the rate (here 3 a minute), 429 with Retry-After, whoever signs in."""
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"sign-in": "3/minute"})
    people = [UserFactory() for _ in range(4)]
    responses = [_token(api, person.username, PASSWORD) for person in people]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert int(responses[-1]["Retry-After"]) > 0
