"""The outbox as a service the domain apps call: write rows in your transaction, delivered after commit.

The domain apps build their own messages (`interviews/notifications.py`, `decisions/notifications.py`)
as `notifications.messages.Draft`s and call `notifications_enqueue` inside the transaction of the
change that causes them: the rows commit or roll back with it, and each new row is queued for delivery
after commit. This app knows nothing of what the messages are about; each kind registers its own
delivery-time check (notifications.kinds).
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction

from notifications import outbox
from notifications.messages import Draft
from notifications.models import Notification
from notifications.tasks import notifications_publish


def notifications_enqueue(*, drafts: Iterable[Draft], now: dt.datetime | None = None) -> list[Notification]:
    """Write the drafts whose dedupe key is new, in the caller's transaction; queue them after commit.

    It never talks to the broker or the mail server before commit, so it never fails because Redis is down.
    """
    with transaction.atomic():
        created = outbox.notifications_write(drafts=drafts, now=now)
        if created:
            ids = [row.pk for row in created]
            transaction.on_commit(lambda: notifications_publish(ids), robust=True)
    return created


def notifications_retry(*, notification_ids: Sequence[int], now: dt.datetime | None = None) -> int:
    """Send failed (or waiting) rows again now. Sent rows are never re-sent; a row being sent is left alone."""
    ids = list(notification_ids)
    with transaction.atomic():
        count = outbox.notifications_reset_for_retry(notification_ids=ids, now=now)
        # Queuing a row that is not pending is harmless: its claim finds nothing to do.
        transaction.on_commit(lambda: notifications_publish(ids), robust=True)
    return count
