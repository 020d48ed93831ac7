"""Delivery: claimed once with a conditional update, sent once, transient failures retried, the rest recorded."""

import datetime as dt

import pytest

from notifications.models import Notification
from notifications.outbox import (
    MAX_ATTEMPTS,
    NOTIFICATION_HEADER,
    DeliveryDeferred,
    notification_claim,
    notification_deliver,
)
from notifications.tasks import notification_deliver_task
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
BACKENDS = "tests.notifications.backends."


def test_a_pending_row_is_sent_and_marked_sent(mailoutbox):
    """One email with the row's subject, body and dedupe header; the row records when."""
    row = NotificationFactory(to_name="Ada Okafor")
    assert notification_deliver(notification_id=row.pk, now=NOW) == "sent"
    (message,) = mailoutbox
    assert message.subject == row.subject
    assert message.to == [f"Ada Okafor <{row.to_email}>"]
    assert message.extra_headers[NOTIFICATION_HEADER] == row.dedupe_key
    row.refresh_from_db()
    assert row.status == "sent"
    assert row.sent_at is not None
    assert row.attempts == 1
    assert row.claim_token is not None


def test_a_second_claim_of_the_same_row_gets_nothing():
    """The conditional UPDATE changes the row once; the second claimer sees zero rows."""
    row = NotificationFactory()
    first = notification_claim(notification_id=row.pk, now=NOW)
    second = notification_claim(notification_id=row.pk, now=NOW)
    assert first is not None
    assert second is None
    row.refresh_from_db()
    assert row.status == "sending"
    assert row.claim_token == first
    assert row.attempts == 1


def test_the_delivery_task_running_twice_sends_once(mailoutbox):
    """A redelivered message (acks_late) or a duplicate from the sweep: one email."""
    row = NotificationFactory()
    notification_deliver_task.apply(args=[row.pk])
    notification_deliver_task.apply(args=[row.pk])
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.status == "sent"
    assert row.attempts == 1


def test_the_delivery_task_returns_quietly_when_the_row_is_gone(mailoutbox):
    """A primary key that no longer exists: nothing happens, nothing raised."""
    result = notification_deliver_task.apply(args=[987654])
    assert result.successful()
    assert mailoutbox == []


def test_a_disconnect_puts_the_row_back_for_a_later_retry(settings, mailoutbox):
    """Transient: pending again, due in a minute, error recorded; the task does not fail."""
    settings.EMAIL_BACKEND = BACKENDS + "DisconnectingBackend"
    row = NotificationFactory()
    with pytest.raises(DeliveryDeferred) as deferred:
        notification_deliver(notification_id=row.pk, now=NOW)
    assert deferred.value.retry_in == 60
    row.refresh_from_db()
    assert row.status == "pending"
    assert row.available_at == NOW + dt.timedelta(minutes=1)
    assert row.claim_token is None
    assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert mailoutbox == []


def test_retries_back_off_and_succeed_once_the_server_is_back(settings, mailoutbox):
    """Second failure waits two minutes; then the server answers and the row is sent once."""
    settings.EMAIL_BACKEND = BACKENDS + "DisconnectingBackend"
    row = NotificationFactory()
    for _ in range(2):
        with pytest.raises(DeliveryDeferred):
            notification_deliver(notification_id=row.pk, now=NOW)
    row.refresh_from_db()
    assert row.available_at == NOW + dt.timedelta(minutes=2)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notification_deliver(notification_id=row.pk, now=NOW) == "sent"
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.attempts == 3
    assert row.last_error == ""


def test_a_greylisting_server_is_a_transient_failure(settings):
    """451 from the server: retried later."""
    settings.EMAIL_BACKEND = BACKENDS + "GreylistingBackend"
    row = NotificationFactory()
    with pytest.raises(DeliveryDeferred):
        notification_deliver(notification_id=row.pk, now=NOW)
    row.refresh_from_db()
    assert row.status == "pending"


def test_a_refused_address_fails_for_good_without_retrying(settings):
    """550: failed, with the reason; no exception for the task to retry on."""
    settings.EMAIL_BACKEND = BACKENDS + "RefusingBackend"
    row = NotificationFactory()
    assert notification_deliver(notification_id=row.pk, now=NOW) == "failed"
    row.refresh_from_db()
    assert row.status == "failed"
    assert "No such user" in row.last_error


def test_it_gives_up_after_the_last_attempt(settings):
    """A row that failed MAX_ATTEMPTS times is failed, not retried forever."""
    settings.EMAIL_BACKEND = BACKENDS + "DisconnectingBackend"
    row = NotificationFactory(attempts=MAX_ATTEMPTS - 1)
    assert notification_deliver(notification_id=row.pk, now=NOW) == "failed"
    row.refresh_from_db()
    assert row.status == "failed"
    assert row.attempts == MAX_ATTEMPTS


def test_the_task_inline_leaves_a_transient_failure_to_the_sweep(settings, mailoutbox):
    """Eager (no broker): no immediate retry loop; the row waits, pending."""
    settings.EMAIL_BACKEND = BACKENDS + "DisconnectingBackend"
    row = NotificationFactory()
    result = notification_deliver_task.apply(args=[row.pk])
    assert result.successful()
    row.refresh_from_db()
    assert row.status == "pending"
    assert row.attempts == 1


def test_sent_failed_and_skipped_rows_are_never_claimed():
    """Only pending rows can be claimed."""
    for status in ["sent", "failed", "skipped"]:
        row = NotificationFactory(status=status, sent_at=NOW if status == "sent" else None)
        assert notification_claim(notification_id=row.pk, now=NOW) is None
        assert Notification.objects.get(pk=row.pk).status == status
