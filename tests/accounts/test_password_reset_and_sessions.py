"""Password reset by e-mail through the outbox, and idle sessions signed out (OWASP ASVS 2.5, 3.3)."""

import re
import time

import pytest

from accounts.middleware import IDLE_SIGNED_OUT, SEEN_KEY
from accounts.models import ApiToken
from accounts.tokens import token_issue
from notifications.models import Notification
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "A-fresh-long-passphrase-42"


def test_a_reset_link_goes_through_the_outbox_and_works_once(client, django_capture_on_commit_callbacks, mailoutbox):
    """The known address gets one message (written to the outbox, delivered); the link sets a new password,
    signs the person out of the API, and does not work twice."""
    user = UserFactory(email="pat@example.org")
    token_issue(user=user)
    assert "Forgot your password?" in client.get("/login/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/password-reset/", {"email": "PAT@example.org"})
    assert response.status_code == 302
    row = Notification.objects.get(kind="password_reset")
    assert (row.recipient, row.status) == (user, "sent")
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/password-reset/\S+/\S+/", mailoutbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    form = client.get(path, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not ApiToken.objects.filter(user=user).exists()
    again = client.get(path, follow=True).content.decode()
    assert "This link no longer works" in again


def test_an_unknown_address_looks_the_same_and_sends_nothing(client):
    """No account enumeration: same redirect, no message."""
    response = client.post("/password-reset/", {"email": "nobody@example.org"})
    assert (response.status_code, response["Location"]) == (302, "/password-reset/sent/")
    assert not Notification.objects.filter(kind="password_reset").exists()


def test_an_idle_session_is_signed_out(client, settings):
    """Past the idle limit the next request is anonymous (pages send to sign-in with a message)."""
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(UserFactory(roles=["recruiter"], password=PASSWORD))
    assert client.get("/candidates/").status_code == 200
    session = client.session
    session[SEEN_KEY] = time.time() - 31 * 60
    session.save()
    response = client.get("/candidates/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert IDLE_SIGNED_OUT.format(minutes=30) in response.content.decode()


def test_an_active_session_stays(client, settings):
    """Within the limit nothing happens."""
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(UserFactory(roles=["recruiter"]))
    session = client.session
    session[SEEN_KEY] = time.time() - 29 * 60
    session.save()
    assert client.get("/candidates/").status_code == 200
