"""The outbox in the admin: filters, search, and a retry action that never re-sends a sent row."""

import pytest

from notifications.models import Notification
from tests.factories import UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

URL = "/admin/notifications/notification/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=["admin"], is_superuser=True))
    return client


def test_the_outbox_lists_filters_and_searches(admin_client):
    """Status and kind filters, search on address; the title counts rows per status."""
    NotificationFactory(to_email="ada@example.org", status="failed", last_error="550")
    NotificationFactory(to_email="bruno@example.org", kind="daily_digest")
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert "Outbox (waiting to be sent: 1, could not be delivered: 1)" in response.content.decode()
    assert "ada@example.org" in admin_client.get(URL + "?status__exact=failed").content.decode()
    assert "bruno@example.org" not in admin_client.get(URL + "?status__exact=failed").content.decode()
    assert "bruno@example.org" in admin_client.get(URL + "?kind__exact=daily_digest").content.decode()
    assert "ada@example.org" not in admin_client.get(URL + "?q=bruno").content.decode()


def test_a_row_opens_read_only(admin_client):
    """The change page shows the row; there is no add."""
    row = NotificationFactory(ics="BEGIN:VCALENDAR", ics_method="REQUEST")
    assert admin_client.get(f"{URL}{row.pk}/change/").status_code == 200
    assert admin_client.get(f"{URL}add/").status_code == 403


def test_retry_sends_a_failed_row_again_and_leaves_sent_ones_alone(
    admin_client, django_capture_on_commit_callbacks, mailoutbox
):
    """Failed → pending → sent (one email); a sent row is not re-sent."""
    failed = NotificationFactory(status="failed", attempts=8, last_error="SMTPServerDisconnected")
    sent = NotificationFactory(status="sent", sent_at="2026-03-02T12:00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(URL, {"action": "retry", "_selected_action": [failed.pk, sent.pk]}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 notification(s) queued to be sent again." in html
    assert "1 left alone" in html
    failed.refresh_from_db()
    assert failed.status == "sent"
    assert failed.attempts == 1
    assert Notification.objects.get(pk=sent.pk).status == "sent"
    assert [m.subject for m in mailoutbox] == [failed.subject]
