"""The beat sweep: delivers what a broker outage left waiting, retries when due, and un-sticks dead workers' rows."""

import datetime as dt
import uuid

import pytest

from notifications.models import Notification
from notifications.outbox import SENDING_TIMEOUT, SWEEP_GRACE, notification_sweep
from notifications.tasks import notifications_publish
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def waiting(age: dt.timedelta, **fields) -> Notification:
    return NotificationFactory(created_at=NOW - age, available_at=NOW - age, **fields)


def test_rows_a_broker_outage_left_behind_are_delivered(mailoutbox):
    """Written ten minutes ago and never queued: the sweep sends them, once."""
    rows = [waiting(dt.timedelta(minutes=10)) for _ in range(3)]
    result = notification_sweep(publish=notifications_publish, now=NOW)
    assert result.queued == 3
    assert len(mailoutbox) == 3
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    notification_sweep(publish=notifications_publish, now=NOW + dt.timedelta(minutes=1))
    assert len(mailoutbox) == len(rows)


def test_rows_just_written_are_left_to_their_own_delivery(mailoutbox):
    """Younger than the grace period: their on_commit delivery is on its way."""
    waiting(SWEEP_GRACE - dt.timedelta(seconds=1))
    result = notification_sweep(publish=notifications_publish, now=NOW)
    assert result.queued == 0
    assert mailoutbox == []
    assert Notification.objects.get().status == "pending"


def test_a_retry_not_yet_due_waits(mailoutbox):
    """available_at in the future (backing off): not swept yet."""
    NotificationFactory(created_at=NOW - dt.timedelta(minutes=5), available_at=NOW + dt.timedelta(minutes=1))
    assert notification_sweep(publish=notifications_publish, now=NOW).queued == 0
    assert mailoutbox == []


def test_a_row_stuck_sending_past_the_timeout_is_sent_again(mailoutbox):
    """A worker died mid-delivery: after the timeout the row is pending again and sent on the next sweep."""
    stuck = waiting(
        dt.timedelta(minutes=30),
        status="sending",
        claim_token=uuid.uuid4(),
        claimed_at=NOW - SENDING_TIMEOUT - dt.timedelta(seconds=1),
        attempts=1,
    )
    result = notification_sweep(publish=notifications_publish, now=NOW)
    assert result.unstuck == 1
    stuck.refresh_from_db()
    assert stuck.status == "sent"
    assert stuck.attempts == 2
    assert len(mailoutbox) == 1


def test_a_row_being_sent_right_now_is_left_alone(mailoutbox):
    """Claimed a minute ago: its worker is still on it."""
    token = uuid.uuid4()
    busy = waiting(
        dt.timedelta(minutes=2), status="sending", claim_token=token, claimed_at=NOW - dt.timedelta(minutes=1)
    )
    result = notification_sweep(publish=notifications_publish, now=NOW)
    assert result.unstuck == 0
    busy.refresh_from_db()
    assert busy.status == "sending"
    assert busy.claim_token == token
    assert mailoutbox == []


def test_sent_failed_and_skipped_rows_are_not_swept(mailoutbox):
    """Only pending rows are queued."""
    waiting(dt.timedelta(hours=1), status="sent", sent_at=NOW)
    waiting(dt.timedelta(hours=1), status="failed")
    waiting(dt.timedelta(hours=1), status="skipped")
    assert notification_sweep(publish=notifications_publish, now=NOW).queued == 0
    assert mailoutbox == []
