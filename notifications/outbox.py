"""How a notification travels: written to the outbox, queued after commit, claimed, sent, swept.

Writers call `notifications_enqueue` inside their own transaction; the rows commit or roll back
with the change that caused them. After commit each new row's primary key is queued for
`notification_deliver_task`. If the broker is down, queuing fails fast and is only logged: the row
waits, and the periodic sweep queues it again once the broker answers. Delivery claims a row with
one conditional UPDATE (pending → sending, with a fresh claim token) and goes on only if that
UPDATE changed exactly one row, so two workers (or a task that runs twice) never send it twice.

One window remains, as with any mail system: a worker that dies after the SMTP server accepted the
message but before the row is marked sent leaves it in `sending`; after SENDING_TIMEOUT the sweep
puts it back to pending and it is sent again. That takes a crashed worker, never a retry or a race.
"""

import datetime as dt
import logging
import smtplib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.mime.text import MIMEText
from email.utils import formataddr

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from accounts.models import User
from interviews.models import Interview, Loop, Scorecard
from notifications.models import Notification
from notifications.timing import scorecard_due_at

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

INVITE_KINDS = {
    Notification.Kind.INTERVIEW_INVITE,
    Notification.Kind.INTERVIEW_RESCHEDULED,
    Notification.Kind.INTERVIEW_CANCELLED,
}
SCORECARD_KINDS = {Notification.Kind.SCORECARD_DUE, Notification.Kind.SCORECARD_OVERDUE}

# Why a row was skipped at delivery time (shown in the admin and on the recipient's page).
STALE_INTERVIEW_GONE = "The interview no longer exists."
STALE_SUPERSEDED = "A newer version of this invite (a higher iCalendar sequence) replaces it."
STALE_INTERVIEW_CANCELLED = "The interview was cancelled."
STALE_SCORECARD_GONE = "The scorecard no longer exists."
STALE_SCORECARD_SUBMITTED = "The scorecard was submitted."
STALE_NOT_DUE = "The interview was moved; the reminder will come an hour after it ends."
STALE_LOOP_GONE = "The loop no longer exists."
STALE_LOOP_CANCELLED = "The loop was cancelled."


@dataclass(frozen=True)
class Draft:
    """A notification to write: to whom, what it says, and what it is about."""

    kind: str
    dedupe_key: str
    to_email: str
    subject: str
    body: str
    to_name: str = ""
    recipient: User | None = None
    ics: str = ""
    ics_method: str = ""
    interview: Interview | None = None
    ical_sequence: int | None = None
    scorecard: Scorecard | None = None
    loop: Loop | None = None


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


def notifications_enqueue(*, drafts: Iterable[Draft], now: dt.datetime | None = None) -> list[Notification]:
    """Write the drafts whose dedupe key is new, in the caller's transaction; queue them after commit."""
    now = now or timezone.now()
    new: dict[str, Draft] = {}
    for draft in drafts:
        new.setdefault(draft.dedupe_key, draft)
    if not new:
        return []
    with transaction.atomic():
        for key in Notification.objects.filter(dedupe_key__in=list(new)).values_list("dedupe_key", flat=True):
            del new[key]
        rows = [_row(draft, now=now) for draft in new.values()]
        try:
            # A savepoint: a concurrent writer of one of these keys must not break the caller's transaction.
            with transaction.atomic():
                created = Notification.objects.bulk_create(rows)
        except IntegrityError:
            created = [row for row in rows if _insert_unless_written(row)]
        if created:
            ids = [row.pk for row in created]
            transaction.on_commit(lambda: notifications_publish(notification_ids=ids), robust=True)
    return created


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
        interview=draft.interview,
        ical_sequence=draft.ical_sequence,
        scorecard=draft.scorecard,
        loop=draft.loop,
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


def notifications_publish(*, notification_ids: Sequence[int]) -> int:
    """Queue delivery of each row. Never raises and never hangs the caller: what is not queued waits for the sweep.

    Returns how many were handed over (a prefix of `notification_ids`). The broker connection
    timeouts in settings bound a failed attempt to a couple of seconds; after the first broker
    failure the rest are left to the sweep at once.
    """
    from notifications.tasks import notification_deliver_task

    queued = 0
    for position, notification_id in enumerate(notification_ids):
        try:
            notification_deliver_task.apply_async(args=[notification_id])
        except (BrokerUnavailable, OSError):
            logger.warning(
                "Broker unavailable: %d notification(s) from #%s on stay pending for the sweep",
                len(notification_ids) - position,
                notification_id,
                exc_info=True,
            )
            break
        except Exception:
            # Only when tasks run inline (no broker): a delivery bug must not fail the user's request.
            logger.exception("Delivering notification #%s failed; it stays in the outbox", notification_id)
        queued += 1
    return queued


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
    notification = Notification.objects.select_related("interview", "scorecard__interview__loop", "loop").get(
        pk=notification_id
    )
    try:
        stale = _stale_reason(notification, now=now)
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


def _stale_reason(notification: Notification, *, now: dt.datetime) -> str:
    """Why this row should no longer be sent ('' if it should): state may have moved on while it waited."""
    kind = notification.kind
    if kind in INVITE_KINDS:
        interview = notification.interview
        if interview is None:
            return STALE_INTERVIEW_GONE
        if interview.ical_sequence > (notification.ical_sequence or 0) and not _cancel_for_someone_taken_off(
            notification, interview
        ):
            return STALE_SUPERSEDED
        if notification.ics_method == Notification.IcsMethod.REQUEST and interview.status == Interview.Status.CANCELLED:
            return STALE_INTERVIEW_CANCELLED
    elif kind in SCORECARD_KINDS:
        scorecard = notification.scorecard
        if scorecard is None:
            return STALE_SCORECARD_GONE
        if scorecard.status != Scorecard.Status.DRAFT:
            return STALE_SCORECARD_SUBMITTED
        interview = scorecard.interview
        if interview.status == Interview.Status.CANCELLED or interview.loop.status == Loop.Status.CANCELLED:
            return STALE_INTERVIEW_CANCELLED
        if interview.end is None or scorecard_due_at(interview.end) > now:
            return STALE_NOT_DUE
    elif kind == Notification.Kind.LOOP_READY_FOR_COMMITTEE:
        if notification.loop is None:
            return STALE_LOOP_GONE
        if notification.loop.status == Loop.Status.CANCELLED:
            return STALE_LOOP_CANCELLED
    return ""


def _cancel_for_someone_taken_off(notification: Notification, interview: Interview) -> bool:
    """A CANCEL to a person no longer on the interview is never superseded: no later invite reaches them."""
    if notification.ics_method != Notification.IcsMethod.CANCEL or notification.recipient_id is None:
        return False
    return not interview.assignments.filter(interviewer_id=notification.recipient_id).exists()


def _email_message(notification: Notification) -> EmailMessage:
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        to=[formataddr((notification.to_name, notification.to_email))],
        headers={NOTIFICATION_HEADER: notification.dedupe_key},
    )
    if notification.ics:
        calendar = MIMEText(notification.ics, "calendar", "utf-8")
        calendar.set_param("method", notification.ics_method, requote=False)
        calendar.add_header("Content-Disposition", "attachment", filename="invite.ics")
        message.attach(calendar)
    return message


def notification_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """Queue again what waits: rows a broker outage left behind, retries now due, rows a dead worker held."""
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
    queued = notifications_publish(notification_ids=ids)
    if queued < len(ids):  # the broker went away mid-way: the rest are due again at once
        Notification.objects.filter(pk__in=ids[queued:], status=Notification.Status.PENDING).update(
            available_at=now - SWEEP_GRACE
        )
    if unstuck or ids:
        logger.info("Outbox sweep: %d un-stuck, %d queued of %d waiting", unstuck, queued, len(ids))
    return SweepResult(unstuck=unstuck, queued=queued, left=len(ids) - queued)


def notifications_retry(*, notification_ids: Sequence[int], now: dt.datetime | None = None) -> int:
    """Send failed (or waiting) rows again now. Sent rows are never re-sent; a row being sent is left alone."""
    now = now or timezone.now()
    with transaction.atomic():
        # One conditional UPDATE: a row claimed meanwhile is no longer pending/failed and is not touched.
        count = Notification.objects.filter(
            pk__in=list(notification_ids), status__in=[Notification.Status.FAILED, Notification.Status.PENDING]
        ).update(
            status=Notification.Status.PENDING,
            attempts=0,
            available_at=now,
            claim_token=None,
            claimed_at=None,
            last_error="",
        )
        ids = list(notification_ids)
        # Queuing a row that is not pending is harmless: its claim finds nothing to do.
        transaction.on_commit(lambda: notifications_publish(notification_ids=ids), robust=True)
    return count
