"""The outbox as a service the domain apps call: write rows in your transaction, delivered after commit.

The domain apps build their own messages (`interviews/notifications.py`, `decisions/notifications.py`)
as `notifications.messages.Draft`s and call `notifications_enqueue` inside the transaction of the
change that causes them: the rows commit or roll back with it, and each new row is queued for delivery
after commit. This app knows nothing of what the messages are about; each kind registers its own
delivery-time check (notifications.kinds).
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction
from django.db.models import Q

from core.redaction import Redactor
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


def notifications_redact(
    *, redact: Redactor, about: Mapping[str, int], to_email: str, cancel_reason: str
) -> tuple[int, int]:
    """Erase a person from the outbox, in the caller's transaction. → (rows scrubbed, deliveries cancelled)

    Rows are found by the ids they concern (`about`, e.g. {"candidate": 9}), by their address and by any
    mention of the person in their text. Subject, body, calendars (unfolded first) and name are redacted;
    rows addressed to them — by address, or by `about` for rows to someone without an account (an earlier
    address too) — lose the address, and those not yet sent (waiting or failed) are not sent at all
    (skipped, with `cancel_reason`). A row a worker is sending at this very moment may still go out once.
    """
    found, theirs = Q(), Q()
    for key, value in about.items():
        found |= Q(**{f"about__{key}": value})
        theirs |= Q(**{f"about__{key}": value}, recipient__isnull=True)  # people without an account: them
    if to_email:
        found |= Q(to_email__iexact=to_email)
    for needle in (*redact.names, *redact.secrets):
        found |= Q(subject__icontains=needle) | Q(body__icontains=needle) | Q(to_name__icontains=needle)
    scrubbed = cancelled = 0
    to_them_ids = set(Notification.objects.filter(theirs).values_list("pk", flat=True)) if theirs else set()
    for row in Notification.objects.select_for_update().filter(found):
        to_them = row.pk in to_them_ids or (bool(to_email) and row.to_email.lower() == to_email.lower())
        row.subject, row.body, row.ics, row.to_name = (
            redact(row.subject),
            redact(row.body),
            redact.ics(row.ics),
            redact(row.to_name),
        )
        row.attachments = [{**a, "content": redact.ics(a.get("content", ""))} for a in row.attachments]
        fields = ["subject", "body", "ics", "to_name", "attachments"]
        if to_them:
            row.to_email = ""
            fields.append("to_email")
            if row.status in (Notification.Status.PENDING, Notification.Status.FAILED):
                row.status, row.last_error = Notification.Status.SKIPPED, cancel_reason
                fields += ["status", "last_error"]
                cancelled += 1
        row.save(update_fields=fields)
        scrubbed += 1
    return scrubbed, cancelled
