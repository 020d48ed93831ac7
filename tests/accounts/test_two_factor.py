"""Two-factor sign-in with an authenticator app (OWASP ASVS 2.8): asked of anyone who set one up, required
of admins when TWO_FACTOR_REQUIRED_FOR_ADMINS is on (production), on the pages and on POST auth/token/."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now (or a step later: a code is never accepted twice)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead):06d}"


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _sign_in(client, user):
    return client.post("/login/", {"username": user.username, "password": PASSWORD})


def test_a_person_with_an_authenticator_gives_its_code_after_the_password(client):
    """The password alone reaches only the code page; pages and the API are closed until the code is right;
    a wrong code is refused with the reason; the right one opens everything and goes to `next`."""
    user = UserFactory(roles=["interviewer"])
    device = _device(user)
    response = client.post(
        "/login/?next=/account/", {"username": user.username, "password": PASSWORD, "next": "/account/"}
    )
    assert response.status_code == 302
    page = client.get("/account/")
    assert page.status_code == 302
    assert page["Location"].startswith("/login/two-factor/?next=")
    assert client.get("/api/v1/me/").status_code == 403
    wrong = client.post("/login/two-factor/", {"code": "000000", "next": "/account/"})
    assert two_factor.CODE_WRONG in wrong.content.decode()
    assert client.get("/api/v1/me/").status_code == 403
    # The device slows down after a failure; let its one-second wait pass.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    right = client.post("/login/two-factor/", {"code": _code(device), "next": "/account/"})
    assert (right.status_code, right["Location"]) == (302, "/account/")
    assert client.get("/account/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200


def test_a_code_is_not_accepted_twice_and_failures_slow_the_device(client):
    """A used code is refused (replay), and after a failure even the right code waits."""
    user = UserFactory()
    device = _device(user)
    code = _code(device)
    assert two_factor.code_is_valid(device, code)
    assert not two_factor.code_is_valid(device, code), "a replayed code"
    assert not two_factor.code_is_valid(device, "123")
    assert not two_factor.code_is_valid(device, _code(device, 1)), "throttled after a failure, even if right"
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_an_admin_without_an_authenticator_must_set_one_up_when_required(client, settings):
    """Required: after the password every page leads to set-up; the new app's code opens them; no turning off."""
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    admin = UserFactory(roles=["admin"])
    _sign_in(client, admin)
    page = client.get("/")
    assert page["Location"].startswith("/account/two-factor/?next=")
    setup = client.get("/account/two-factor/")
    body = setup.content.decode()
    assert "<svg" in body
    assert "Administrators sign in with a password and a code" in body
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert client.get("/api/v1/me/").status_code == 403
    confirmed = client.post("/account/two-factor/?next=/", {"code": _code(device), "next": "/"})
    assert (confirmed.status_code, confirmed["Location"]) == (302, "/")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    account = client.get("/account/").content.decode()
    assert "Replace the authenticator" in account
    assert "Turn off" not in account
    assert client.get("/account/two-factor/remove/")["Location"] == "/account/"


def test_not_required_an_admin_signs_in_with_the_password_alone(client, settings):
    """With the setting off (the embedded default), an admin without an app signs in with the password."""
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = False
    admin = UserFactory(roles=["admin"])
    _sign_in(client, admin)
    assert client.get("/").status_code == 200


def test_anyone_may_turn_it_on_and_off_with_a_code(client):
    """Any person may set up an app on the account page and turn it off again with a current code."""
    user = UserFactory(roles=["recruiter"])
    client.force_login(user)
    assert "Off: your password alone signs you in." in client.get("/account/").content.decode()
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=user)
    assert client.post("/account/two-factor/", {"code": "999999"}).status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    assert client.post("/account/two-factor/", {"code": _code(device)})["Location"] == "/account/"
    assert "On: you sign in with your password and a code" in client.get("/account/").content.decode()
    off = client.post("/account/two-factor/remove/", {"code": _code(device, 1)})
    assert off["Location"] == "/account/"
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_the_token_endpoint_asks_for_otp_of_an_account_with_an_authenticator(api, settings):
    """POST auth/token/ needs otp for an account with an app; an admin without one when required gets none."""
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    admin = UserFactory(roles=["admin"])
    url = "/api/v1/auth/token/"
    refused = api.post(url, {"username": admin.username, "password": PASSWORD})
    assert (refused.status_code, refused.json()) == (400, {"otp": [two_factor.SETUP_FIRST]})
    device = _device(admin)
    missing = api.post(url, {"username": admin.username, "password": PASSWORD})
    assert (missing.status_code, missing.json()) == (400, {"otp": [two_factor.CODE_MISSING]})
    wrong = api.post(url, {"username": admin.username, "password": PASSWORD, "otp": "000000"})
    assert (wrong.status_code, wrong.json()) == (400, {"otp": [two_factor.CODE_WRONG]})
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    ok = api.post(url, {"username": admin.username, "password": PASSWORD, "otp": _code(device)})
    assert ok.status_code == 200
    assert ok.json()["token"]
    assert api.post(url, {"username": admin.username, "password": PASSWORD, "otp": "x" * 50}).status_code == 400
    interviewer = UserFactory(roles=["interviewer"])
    assert api.post(url, {"username": interviewer.username, "password": PASSWORD}).status_code == 200


def test_a_wrong_password_says_nothing_about_the_second_factor(api):
    """A wrong password is refused as before, without revealing the account has an authenticator."""
    user = UserFactory()
    _device(user)
    response = api.post("/api/v1/auth/token/", {"username": user.username, "password": "wrong", "otp": "123456"})
    assert response.status_code == 400
    assert "otp" not in response.json()


def test_the_setup_page_offers_the_key_and_an_inline_qr_code(client):
    """The set-up page shows the typed key and a QR code drawn inline, with no script."""
    user = UserFactory()
    client.force_login(user)
    body = client.get("/account/two-factor/").content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert two_factor.secret_of(device) in body
    assert "<script" not in body.split("<main", 1)[-1]
    assert device.config_url.startswith("otpauth://totp/Loopwise%3A")


def test_the_admin_lists_authenticators_without_their_keys_and_may_remove_one(client):
    """The admin shows authenticators without their keys and may remove a lost one."""
    admin = UserFactory(roles=["admin"], is_superuser=True)
    device = _device(UserFactory())
    client.force_login(admin)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_password_alone_cannot_replace_an_existing_authenticator(client):
    """A session past the password only is sent from the set-up page to the code page; nothing is replaced."""
    user = UserFactory(roles=["admin"])
    device = _device(user)
    _sign_in(client, user)
    page = client.get("/account/two-factor/")
    assert page["Location"].startswith("/login/two-factor/")
    attempt = client.post("/account/two-factor/", {"code": "123456"})
    assert attempt["Location"].startswith("/login/two-factor/")
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [device.pk]
    assert client.get("/api/v1/me/").status_code == 403
