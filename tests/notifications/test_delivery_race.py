"""Two workers racing for one row on PostgreSQL (real concurrent connections): one email."""

import threading

import pytest
from django.core import mail
from django.db import connection, transaction

from notifications.models import Notification
from notifications.outbox import notification_claim, notification_deliver
from tests.notifications.factories import NotificationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


def _in_thread(target, results: list):
    def run():
        try:
            results.append(target())
        finally:
            connection.close()  # each thread has its own connection

    return threading.Thread(target=run)


def test_eight_workers_racing_for_one_row_send_it_once(mailoutbox):
    """All start together on their own connections; exactly one claims and sends."""
    row = NotificationFactory()
    start = threading.Barrier(8, timeout=10)
    results: list = []

    def deliver():
        start.wait()
        return notification_deliver(notification_id=row.pk)

    threads = [_in_thread(deliver, results) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results, key=str) == [None] * 7 + ["sent"]
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == "sent"
    assert row.attempts == 1


def test_a_claim_waits_for_a_concurrent_claim_and_then_gets_nothing():
    """The second UPDATE blocks on the row lock until the first commits, then matches zero rows."""
    row = NotificationFactory()
    claimed, release = threading.Event(), threading.Event()
    first: list = []
    second: list = []

    def hold_claim():
        with transaction.atomic():
            token = notification_claim(notification_id=row.pk)
            claimed.set()
            release.wait(10)
        return token

    def claim_after():
        claimed.wait(10)
        return notification_claim(notification_id=row.pk)

    holder, challenger = _in_thread(hold_claim, first), _in_thread(claim_after, second)
    holder.start()
    challenger.start()
    claimed.wait(10)
    challenger.join(timeout=0.5)
    assert challenger.is_alive(), "the second claim should be waiting for the first one's row lock"
    release.set()
    holder.join(timeout=10)
    challenger.join(timeout=10)
    assert first[0] is not None
    assert second == [None]
    assert Notification.objects.get(pk=row.pk).claim_token == first[0]
