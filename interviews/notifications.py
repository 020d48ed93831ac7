"""The messages the interviews app sends (PRODUCT.md §3, §5): invites, scorecard reminders, escalations.

Each function builds `Draft`s and hands them to the outbox (`notifications_enqueue`) inside the
caller's transaction. The invite functions are called by the scheduling services right after the
change; the reminder functions are run by beat (interviews/tasks.py) and compute what is due from
the stored feedback times (interviews.feedback_timing), so a reschedule moves a reminder, a cancel
drops it, and running one twice adds nothing (each row has a dedupe key). `register_kinds` tells the
outbox how to label these kinds and when a waiting row has gone stale.
"""

import datetime as dt
import logging
import re
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from interviews import feedback_timing
from interviews.models import Interview, InterviewAssignment, Loop, Scorecard
from notifications.kinds import kind_register
from notifications.messages import (
    Draft,
    addressed_to,
    local_time,
    reachable,
    reachable_people,
    render_body,
    site_link,
    stamp,
)
from notifications.models import Notification
from notifications.services import notifications_enqueue

logger = logging.getLogger(__name__)

INTERVIEW_INVITE = "interview_invite"
INTERVIEW_RESCHEDULED = "interview_rescheduled"
INTERVIEW_CANCELLED = "interview_cancelled"
SCORECARD_DUE = "scorecard_due"
SCORECARD_OVERDUE = "scorecard_overdue"
INVITE_KINDS = (INTERVIEW_INVITE, INTERVIEW_RESCHEDULED, INTERVIEW_CANCELLED)

UNKNOWN_ICS_METHOD = "method must be 'REQUEST' or 'CANCEL', not {method!r}."
# A due reminder not sent within this long after it fell due (beat was down) is left to the escalations.
DUE_REMINDER_WINDOW = dt.timedelta(days=2)
# Five working days of escalation fit in this many days even for someone who works one day a week.
ESCALATION_HORIZON = dt.timedelta(days=40)

# Why a row was skipped at delivery time (shown in the admin and on the recipient's page).
STALE_INTERVIEW_GONE = "The interview no longer exists."
STALE_SUPERSEDED = "A newer version of this invite (a higher iCalendar sequence) replaces it."
STALE_INTERVIEW_CANCELLED = "The interview was cancelled."
STALE_SCORECARD_GONE = "The scorecard no longer exists."
STALE_SCORECARD_SUBMITTED = "The scorecard was submitted."
STALE_NOT_DUE = "The interview was moved; the reminder will come an hour after it ends."

_SEQUENCE_LINE = re.compile(r"^SEQUENCE:(\d+)\s*$", re.MULTILINE)


def invite_recipients(interview: Interview) -> tuple[bool, list[InterviewAssignment]]:
    """Who an interview's invites (and its cancellation) reach: the candidate when they can be
    e-mailed, and each interviewer on it who can. The cancel page names exactly these people."""
    candidate = interview.loop.application.candidate
    to_candidate = bool(candidate.email) and candidate.anonymized_at is None
    assignments = [a for a in interview.assignments.all() if reachable(a.interviewer)]
    return to_candidate, sorted(assignments, key=lambda a: a.pk)


# --- Called by the scheduling services, inside their transaction ----------------------------------


@transaction.atomic
def notify_interview_invite(*, interview: Interview, method: str, ics: str) -> list[Notification]:
    """Send the candidate and every interviewer on `interview` the iCalendar `ics`.

    `method` is "REQUEST" for a new or rescheduled interview and "CANCEL" for a cancellation. Call it
    after raising `interview.ical_sequence` for a reschedule; one row per recipient is written for
    each UID + SEQUENCE + method, so calling it again for the same version adds nothing.
    """
    if method not in Notification.IcsMethod.values:
        raise ValueError(UNKNOWN_ICS_METHOD.format(method=method))
    sequence = _ics_sequence(ics, default=interview.ical_sequence)
    if method == Notification.IcsMethod.CANCEL:
        kind = INTERVIEW_CANCELLED
    elif sequence == 0:
        kind = INTERVIEW_INVITE
    else:
        kind = INTERVIEW_RESCHEDULED
    candidate = interview.loop.application.candidate
    key = f"interview:{interview.ical_uid}:seq{sequence}:{method}"
    about = {"interview": interview.pk, "sequence": sequence, "candidate": candidate.pk}
    context = {
        "kind": kind,
        "round": interview.round_type.name,
        "candidate": candidate.name,
        "minutes": interview.minutes,
        "location": interview.location,
    }
    subject_prefix = {
        INTERVIEW_INVITE: "Interview",
        INTERVIEW_RESCHEDULED: "Interview moved",
        INTERVIEW_CANCELLED: "Interview cancelled",
    }[kind]
    kit_link = "" if method == Notification.IcsMethod.CANCEL else site_link("interviews:kit", interview.pk)
    to_candidate, assignments = invite_recipients(interview)
    drafts = []
    if to_candidate:
        when = local_time(interview.start, candidate.timezone)
        drafts.append(
            Draft(
                kind=kind,
                dedupe_key=f"{key}:candidate{candidate.pk}",
                to_email=candidate.email,
                to_name=candidate.name,
                subject=f"{subject_prefix}: {interview.round_type.name} — {when}",
                body=render_body(
                    "interviews/email/interview_invite.txt", {**context, "when": when, "for_candidate": True}
                ),
                ics=ics,
                ics_method=method,
                about=about,
            )
        )
    for assignment in assignments:
        person = assignment.interviewer
        when = local_time(interview.start, person.timezone)
        drafts.append(
            Draft(
                kind=kind,
                dedupe_key=f"{key}:user{person.pk}",
                **addressed_to(person),
                subject=f"{subject_prefix}: {interview.round_type.name} with {candidate.name} — {when}",
                body=render_body(
                    "interviews/email/interview_invite.txt",
                    {
                        **context,
                        "when": when,
                        "for_candidate": False,
                        "shadow": assignment.role == InterviewAssignment.Role.SHADOW,
                        # The kit is where they prepare and then write the scorecard; a cancel needs none.
                        "link": kit_link,
                    },
                ),
                ics=ics,
                ics_method=method,
                about=about,
            )
        )
    return notifications_enqueue(drafts=drafts)


@transaction.atomic
def notify_interview_removed(*, interview: Interview, people: Iterable[User], ics: str) -> list[Notification]:
    """Tell interviewers taken off an interview that it leaves their calendar: a CANCEL to them only.

    Call it with the CANCEL rendering of the interview at its new SEQUENCE; the people still on the
    interview get the REQUEST from `notify_interview_invite`.
    """
    sequence = _ics_sequence(ics, default=interview.ical_sequence)
    candidate = interview.loop.application.candidate
    drafts = []
    for person in reachable_people(people):
        when = local_time(interview.start, person.timezone)
        drafts.append(
            Draft(
                kind=INTERVIEW_CANCELLED,
                dedupe_key=f"interview:{interview.ical_uid}:seq{sequence}:CANCEL:user{person.pk}",
                **addressed_to(person),
                subject=f"No longer on: {interview.round_type.name} with {candidate.name} — {when}",
                body=render_body(
                    "interviews/email/interview_invite.txt",
                    {
                        "kind": INTERVIEW_CANCELLED,
                        "round": interview.round_type.name,
                        "candidate": candidate.name,
                        "minutes": interview.minutes,
                        "location": interview.location,
                        "when": when,
                        "for_candidate": False,
                        "removed": True,
                    },
                ),
                ics=ics,
                ics_method=Notification.IcsMethod.CANCEL,
                about={"interview": interview.pk, "sequence": sequence, "candidate": candidate.pk, "removed": 1},
            )
        )
    return notifications_enqueue(drafts=drafts)


# --- Run by beat: reminders computed from the stored feedback times ----------------------------


def open_scorecards():
    """Draft scorecards of interviews that are not cancelled, in loops that are not cancelled."""
    return (
        Scorecard.objects.filter(status=Scorecard.Status.DRAFT)
        .exclude(interview__status=Interview.Status.CANCELLED)
        .exclude(interview__loop__status=Loop.Status.CANCELLED)
        .select_related(
            "interviewer__interviewer_profile",
            "interview__round_type",
            "interview__loop__application__candidate",
            "interview__loop__application__requisition__team",
        )
    )


@transaction.atomic
def scorecard_reminders_send(*, now: dt.datetime | None = None) -> list[Notification]:
    """Remind each interviewer whose scorecard fell due (feedback_timing: an hour after the end), once."""
    now = now or timezone.now()
    scorecards = open_scorecards().filter(
        interview__scorecard_due_at__lte=now, interview__scorecard_due_at__gt=now - DUE_REMINDER_WINDOW
    )
    drafts = []
    for scorecard in scorecards.order_by("interview__scorecard_due_at", "id"):
        person = scorecard.interviewer
        if not reachable(person):
            continue
        interview = scorecard.interview
        candidate = interview.loop.application.candidate
        drafts.append(
            Draft(
                kind=SCORECARD_DUE,
                # The interview's end is in the key: a rescheduled interview gets its own reminder.
                dedupe_key=f"scorecard_due:{scorecard.pk}:{stamp(interview.end)}:user{person.pk}",
                **addressed_to(person),
                subject=f"Scorecard due: {interview.round_type.name} with {candidate.name}",
                body=render_body(
                    "interviews/email/scorecard_due.txt",
                    {
                        "round": interview.round_type.name,
                        "candidate": candidate.name,
                        "ended": local_time(interview.end, person.timezone),
                        "link": site_link("interviews:my-interviews"),
                    },
                ),
                about={"scorecard": scorecard.pk, "interview": interview.pk, "candidate": candidate.pk},
            )
        )
    return notifications_enqueue(drafts=drafts, now=now)


def working_week(person: User) -> feedback_timing.WorkingWeek:
    """When a person works, for the escalation schedule (a person without a profile: Mon–Fri, 9–17)."""
    profile = getattr(person, "interviewer_profile", None)
    if profile is None:
        return feedback_timing.WorkingWeek(zone=person.timezone or "UTC")
    return feedback_timing.WorkingWeek(
        zone=person.timezone or "UTC",
        start=profile.work_start,
        end=profile.work_end,
        weekdays=tuple(profile.weekdays or feedback_timing.DEFAULT_WEEKDAYS),
    )


@transaction.atomic
def scorecard_escalations_send(*, now: dt.datetime | None = None) -> list[Notification]:
    """Chase overdue scorecards once a working day of the interviewer's for five of their working days;
    copy the requisition's recruiters from the second (feedback_timing's escalation rule)."""
    now = now or timezone.now()
    scorecards = (
        open_scorecards()
        .filter(interview__scorecard_overdue_at__lte=now, interview__scorecard_overdue_at__gt=now - ESCALATION_HORIZON)
        .prefetch_related("interview__loop__application__requisition__recruiters")
        .order_by("interview__scorecard_overdue_at", "id")
    )
    drafts = []
    for scorecard in scorecards:
        interview = scorecard.interview
        interviewer = scorecard.interviewer
        day = feedback_timing.escalation_day(
            overdue_at=interview.scorecard_overdue_at, week=working_week(interviewer), now=now
        )
        if day is None:
            continue
        people = [interviewer]
        if feedback_timing.copies_recruiters(day):
            people += list(interview.loop.application.requisition.recruiters.all())
        drafts += [_escalation(scorecard, day, person) for person in reachable_people(people)]
    return notifications_enqueue(drafts=drafts, now=now)


def _escalation(scorecard: Scorecard, day: int, person: User) -> Draft:
    interview = scorecard.interview
    interviewer = scorecard.interviewer
    requisition = interview.loop.application.requisition
    candidate = interview.loop.application.candidate
    for_interviewer = person == interviewer
    return Draft(
        kind=SCORECARD_OVERDUE,
        dedupe_key=f"scorecard_overdue:{scorecard.pk}:{stamp(interview.end)}:day{day}:user{person.pk}",
        **addressed_to(person),
        subject=(
            f"Scorecard overdue (day {day}): {interview.round_type.name} with {candidate.name}"
            + ("" if for_interviewer else f" — {interviewer}")
        ),
        body=render_body(
            "interviews/email/scorecard_overdue.txt",
            {
                "day": day,
                "days": feedback_timing.ESCALATION_WORKING_DAYS,
                "for_interviewer": for_interviewer,
                "interviewer": str(interviewer),
                "round": interview.round_type.name,
                "candidate": candidate.name,
                "requisition": str(requisition),
                "ended": local_time(interview.end, person.timezone),
                "link": site_link("interviews:my-interviews" if for_interviewer else "interviews:pipeline"),
            },
        ),
        about={"scorecard": scorecard.pk, "interview": interview.pk, "candidate": candidate.pk},
    )


# --- Delivery-time checks: a row may wait long (a broker outage) and go stale ----------------------


def invite_stale_reason(notification: Notification, now: dt.datetime) -> str:
    interview = Interview.objects.filter(pk=notification.about.get("interview")).first()
    if interview is None:
        return STALE_INTERVIEW_GONE
    sequence = notification.about.get("sequence") or 0
    if interview.ical_sequence > sequence and not _cancel_for_someone_taken_off(notification, interview):
        return STALE_SUPERSEDED
    if notification.ics_method == Notification.IcsMethod.REQUEST and interview.status == Interview.Status.CANCELLED:
        return STALE_INTERVIEW_CANCELLED
    return ""


def _cancel_for_someone_taken_off(notification: Notification, interview: Interview) -> bool:
    """A CANCEL to a person no longer on the interview is never superseded: no later invite reaches them."""
    if notification.ics_method != Notification.IcsMethod.CANCEL or notification.recipient_id is None:
        return False
    return not interview.assignments.filter(interviewer_id=notification.recipient_id).exists()


def reminder_stale_reason(notification: Notification, now: dt.datetime) -> str:
    scorecard = (
        Scorecard.objects.select_related("interview__loop").filter(pk=notification.about.get("scorecard")).first()
    )
    if scorecard is None:
        return STALE_SCORECARD_GONE
    if scorecard.status != Scorecard.Status.DRAFT:
        return STALE_SCORECARD_SUBMITTED
    interview = scorecard.interview
    if interview.status == Interview.Status.CANCELLED or interview.loop.status == Loop.Status.CANCELLED:
        return STALE_INTERVIEW_CANCELLED
    if interview.scorecard_due_at is None or interview.scorecard_due_at > now:
        return STALE_NOT_DUE
    return ""


def register_kinds() -> None:
    """Make this app's kinds known to the outbox (InterviewsConfig.ready)."""
    kind_register(code=INTERVIEW_INVITE, label="Interview invite", stale_reason=invite_stale_reason)
    kind_register(code=INTERVIEW_RESCHEDULED, label="Interview rescheduled", stale_reason=invite_stale_reason)
    kind_register(code=INTERVIEW_CANCELLED, label="Interview cancelled", stale_reason=invite_stale_reason)
    kind_register(code=SCORECARD_DUE, label="Scorecard due", stale_reason=reminder_stale_reason)
    kind_register(code=SCORECARD_OVERDUE, label="Scorecard overdue", stale_reason=reminder_stale_reason)


def _ics_sequence(ics: str, *, default: int) -> int:
    """The SEQUENCE the attendees' calendars will see: the one in the iCalendar itself if present."""
    match = _SEQUENCE_LINE.search(ics)
    if match is None:
        return default
    sequence = int(match.group(1))
    if sequence != default:
        logger.warning("iCalendar SEQUENCE %s is not the interview's %s; the iCalendar's wins", sequence, default)
    return sequence
