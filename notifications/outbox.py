"""How a notification travels: written to the outbox, queued after commit, claimed, sent, swept.

Domain apps call `notifications.services.notifications_enqueue` inside their own transaction; the
rows (written here) commit or roll back with the change that caused them. After commit each new
row's primary key is queued for `notification_deliver_task` (notifications.tasks). If the broker is
down, queuing fails fast and is only logged: the row waits, and the periodic sweep queues it again
once the broker answers. Delivery claims a row with one conditional UPDATE (pending → sending, with
a fresh claim token) and goes on only if that UPDATE changed exactly one row, so two workers (or a
task that runs twice) never send it twice. Before sending, the row's kind may say it went stale
(notifications.kinds): then it is skipped with the reason.

One window remains, as with any mail system: a worker that dies after the SMTP server accepted the
message but before the row is marked sent leaves it in `sending`; after SENDING_TIMEOUT the sweep
puts it back to pending and it is sent again. That takes a crashed worker, never a retry or a race.
"""

import datetime as dt
import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from email.mime.text import MIMEText
from email.utils import formataddr

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from notifications import kinds
from notifications.messages import Draft
from notifications.models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RETRY_FIRST_AFTER = dt.timedelta(minutes=1)
RETRY_AT_MOST_AFTER = dt.timedelta(hours=1)
# Longer than the delivery task's hard time limit: a row still `sending` after this lost its worker.
SENDING_TIMEOUT = dt.timedelta(minutes=10)
# Rows younger than this are normally still on their way from on_commit; the sweep leaves them be.
SWEEP_GRACE = dt.timedelta(seconds=getattr(settings, "NOTIFICATIONS_SWEEP_GRACE_SECONDS", 30))
SWEEP_BATCH = 500
# A row the sweep queued is not queued again for this long, so a backlog does not fill the queue with copies.
SWEEP_REQUEUE_AFTER = dt.timedelta(minutes=5)
NOTIFICATION_HEADER = "X-Loopwise-Notification"

# Queues delivery of rows by id; returns how many were handed over (a prefix of the ids).
Publish = Callable[[Sequence[int]], int]


@dataclass(frozen=True)
class SweepResult:
    unstuck: int
    queued: int
    left: int


class DeliveryDeferred(Exception):
    """A transient failure (SMTP or network): the row is pending again and due in `retry_in` seconds."""

    def __init__(self, *, retry_in: int, reason: str):
        self.retry_in = retry_in
        self.reason = reason
        super().__init__(f"Delivery deferred by {retry_in}s: {reason}")


def notifications_write(*, drafts: Iterable[Draft], now: dt.datetime | None = None) -> list[Notification]:
    """Insert the drafts whose dedupe key is new; the new rows. Call it inside a transaction
    (notifications.services.notifications_enqueue is the way in)."""
    now = now or timezone.now()
    new: dict[str, Draft] = {}
    for draft in drafts:
        new.setdefault(draft.dedupe_key, draft)
    if not new:
        return []
    for key in Notification.objects.filter(dedupe_key__in=list(new)).values_list("dedupe_key", flat=True):
        del new[key]
    rows = [_row(draft, now=now) for draft in new.values()]
    try:
        # A savepoint: a concurrent writer of one of these keys must not break the caller's transaction.
        with transaction.atomic():
            return Notification.objects.bulk_create(rows)
    except IntegrityError:
        return [row for row in rows if _insert_unless_written(row)]


def _row(draft: Draft, *, now: dt.datetime) -> Notification:
    return Notification(
        kind=draft.kind,
        dedupe_key=draft.dedupe_key,
        recipient=draft.recipient,
        to_email=draft.to_email,
        to_name=draft.to_name,
        subject=draft.subject[:255],
        body=draft.body,
        ics=draft.ics,
        ics_method=draft.ics_method,
        attachments=draft.attachments,
        about=dict(draft.about),
        created_at=now,
        available_at=now,
    )


def _insert_unless_written(row: Notification) -> bool:
    """Insert one row; False if another transaction wrote its dedupe key first."""
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        row.pk = None
        if Notification.objects.filter(dedupe_key=row.dedupe_key).exists():
            return False
        raise
    return True


def notification_claim(*, notification_id: int, now: dt.datetime | None = None) -> uuid.UUID | None:
    """Take a pending row for delivery: one conditional UPDATE; the token proves the claim is ours."""
    token = uuid.uuid4()
    claimed = Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING).update(
        status=Notification.Status.SENDING,
        claim_token=token,
        claimed_at=now or timezone.now(),
        attempts=F("attempts") + 1,
    )
    return token if claimed == 1 else None


def notification_deliver(*, notification_id: int, now: dt.datetime | None = None) -> str | None:
    """Claim, re-check, send by email, record. Returns the row's new status, or None if it was not ours.

    Raises DeliveryDeferred on a transient failure (the row is pending again, due later).
    """
    now = now or timezone.now()
    token = notification_claim(notification_id=notification_id, now=now)
    if token is None:
        return None
    notification = Notification.objects.get(pk=notification_id)
    try:
        stale = kinds.stale_reason(notification, now=now)
        if stale:
            return _finish(notification, token, Notification.Status.SKIPPED, error=stale)
        _email_message(notification).send()
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if not _is_transient(exc) or notification.attempts >= MAX_ATTEMPTS:
            logger.error("Notification #%s could not be delivered: %s", notification.pk, error)
            return _finish(notification, token, Notification.Status.FAILED, error=error)
        retry_in = min(RETRY_FIRST_AFTER * 2 ** (notification.attempts - 1), RETRY_AT_MOST_AFTER)
        Notification.objects.filter(pk=notification.pk, claim_token=token).update(
            status=Notification.Status.PENDING,
            claim_token=None,
            claimed_at=None,
            available_at=now + retry_in,
            last_error=error,
        )
        raise DeliveryDeferred(retry_in=int(retry_in.total_seconds()), reason=error) from exc
    return _finish(notification, token, Notification.Status.SENT)


def _finish(notification: Notification, token: uuid.UUID, status: str, *, error: str = "") -> str:
    changes = {"status": status, "last_error": error}
    if status == Notification.Status.SENT:
        changes["sent_at"] = timezone.now()
    if not Notification.objects.filter(pk=notification.pk, claim_token=token).update(**changes):
        logger.warning("Notification #%s changed hands while being sent (sweep timeout too short?)", notification.pk)
    return status


def _is_transient(exc: Exception) -> bool:
    """Network and 4xx SMTP trouble passes, and so does running out of time; a refused address or a bug does not."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    return isinstance(exc, OSError)  # SMTPServerDisconnected, refused or reset connections, timeouts


def _email_message(notification: Notification) -> EmailMessage:
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        to=[formataddr((notification.to_name, notification.to_email))],
        headers={NOTIFICATION_HEADER: notification.dedupe_key},
    )
    files = [{"filename": "invite.ics", "method": notification.ics_method, "content": notification.ics}]
    for attachment in [*files, *notification.attachments]:
        if not attachment.get("content"):
            continue
        calendar = MIMEText(attachment["content"], "calendar", "utf-8")
        calendar.set_param("method", attachment["method"], requote=False)
        calendar.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
        message.attach(calendar)
    return message


def notification_sweep(*, publish: Publish, now: dt.datetime | None = None) -> SweepResult:
    """Queue again what waits: rows a broker outage left behind, retries now due, rows a dead worker held.

    `publish` queues delivery of rows by id and returns how many it handed over (notifications.tasks).
    """
    now = now or timezone.now()
    unstuck = Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=now - SENDING_TIMEOUT
    ).update(status=Notification.Status.PENDING, claim_token=None, claimed_at=None, available_at=now - SWEEP_GRACE)
    waiting = Notification.objects.filter(
        status=Notification.Status.PENDING, available_at__lte=now - SWEEP_GRACE
    ).order_by("available_at", "id")
    ids = list(waiting.values_list("pk", flat=True)[:SWEEP_BATCH])
    # Before queuing: a delivery that fails transiently sets its own (earlier) retry time afterwards.
    Notification.objects.filter(pk__in=ids, status=Notification.Status.PENDING).update(
        available_at=now + SWEEP_REQUEUE_AFTER
    )
    queued = publish(ids)
    if queued < len(ids):  # the broker went away mid-way: the rest are due again at once
        Notification.objects.filter(pk__in=ids[queued:], status=Notification.Status.PENDING).update(
            available_at=now - SWEEP_GRACE
        )
    if unstuck or ids:
        logger.info("Outbox sweep: %d un-stuck, %d queued of %d waiting", unstuck, queued, len(ids))
    return SweepResult(unstuck=unstuck, queued=queued, left=len(ids) - queued)


def notifications_reset_for_retry(*, notification_ids: Sequence[int], now: dt.datetime | None = None) -> int:
    """Make failed (or waiting) rows pending and due now. Sent rows are never re-sent; a row being sent
    is left alone. Returns how many rows changed; the caller queues them."""
    now = now or timezone.now()
    # One conditional UPDATE: a row claimed meanwhile is no longer pending/failed and is not touched.
    return Notification.objects.filter(
        pk__in=list(notification_ids), status__in=[Notification.Status.FAILED, Notification.Status.PENDING]
    ).update(
        status=Notification.Status.PENDING,
        attempts=0,
        available_at=now,
        claim_token=None,
        claimed_at=None,
        last_error="",
    )
