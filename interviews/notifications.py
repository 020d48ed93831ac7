"""The messages the interviews app sends (PRODUCT.md §3, §5): invites, scorecard reminders, escalations.

Each function builds `Draft`s and hands them to the outbox (`notifications_enqueue`) inside the
caller's transaction. The invite functions are called by the scheduling services right after the
change; the reminder functions are run by beat (interviews/tasks.py) and compute what is due from
the stored feedback times (interviews.feedback_timing), so a reschedule moves a reminder, a cancel
drops it, and running one twice adds nothing (each row has a dedupe key). `register_kinds` tells the
outbox how to label these kinds and when a waiting row has gone stale.
"""

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from interviews import feedback_timing
from interviews.models import Interview, InterviewAssignment, InterviewDecline, Loop, RescheduleRequest, Scorecard
from interviews.scheduling import invites, links
from interviews.selectors import scorecard_open_list
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
SCORECARD_NUDGE = "scorecard_nudge"
INTERVIEW_DECLINED = "interview_declined"
RESCHEDULE_REQUESTED = "reschedule_requested"
CANDIDATE_BOOKED = "candidate_booked"
INVITE_KINDS = (INTERVIEW_INVITE, INTERVIEW_RESCHEDULED, INTERVIEW_CANCELLED)
CANDIDATE_ITINERARY = "candidate_itinerary"
CANDIDATE_ITINERARY_UPDATED = "candidate_itinerary_updated"
ITINERARY_KINDS = (CANDIDATE_ITINERARY, CANDIDATE_ITINERARY_UPDATED)

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
STALE_ITINERARY_SUPERSEDED = "A newer itinerary for this loop replaces it."
STALE_CANDIDATE_ANONYMIZED = "The candidate was anonymized."
STALE_DECLINE_RESOLVED = "Someone already took over the interview."
STALE_RESCHEDULE_ANSWERED = "The recruiter already moved the interviews."
STALE_NOT_DUE = "The interview was moved; the reminder will come an hour after it ends."

_SEQUENCE_LINE = re.compile(r"^SEQUENCE:(\d+)\s*$", re.MULTILINE)


def invite_recipients(interview: Interview) -> tuple[bool, list[InterviewAssignment]]:
    """Who an interview's invites (and its cancellation) reach: the candidate when they can be
    e-mailed (through their loop's itinerary), and each interviewer on it who can. The cancel page
    names exactly these people."""
    assignments = [a for a in interview.assignments.all() if reachable(a.interviewer)]
    return candidate_reachable(interview.loop.application.candidate), sorted(assignments, key=lambda a: a.pk)


def candidate_reachable(candidate) -> bool:
    return bool(candidate.email) and candidate.anonymized_at is None


# --- Called by the scheduling services, inside their transaction ----------------------------------


@transaction.atomic
def notify_interview_invite(*, interview: Interview, method: str, ics: str) -> list[Notification]:
    """Send every interviewer on `interview` the panel's iCalendar `ics` (no candidate contact in it).

    `method` is "REQUEST" for a new or rescheduled interview and "CANCEL" for a cancellation. Call it
    after raising `interview.ical_sequence` for a reschedule; one row per recipient is written for
    each UID + SEQUENCE + method, so calling it again for the same version adds nothing. The candidate
    hears through their loop's itinerary (`notify_candidate_itinerary`), built for them.
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
        "location": interview.where,
    }
    subject_prefix = {
        INTERVIEW_INVITE: "Interview",
        INTERVIEW_RESCHEDULED: "Interview moved",
        INTERVIEW_CANCELLED: "Interview cancelled",
    }[kind]
    kit_link = "" if method == Notification.IcsMethod.CANCEL else site_link("interviews:kit", interview.pk)
    _, assignments = invite_recipients(interview)
    drafts = []
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


@dataclass(frozen=True)
class ItineraryRound:
    interview: Interview
    when: str  # in the candidate's zone
    cancelled: bool
    changed: bool  # part of the change this message announces


@transaction.atomic
def notify_candidate_itinerary(*, loop: Loop, changed: Iterable[Interview], method: str) -> list[Notification]:
    """The candidate's one message about their loop: every round booked (in their zone, with its length,
    where, and what to expect), the recruiter to contact, and one `.ics` per round.

    Sent when rounds are booked, moved or cancelled (`changed`, with `method` REQUEST or CANCEL); a later
    one is an update ("Updated: …") that lists the whole loop again, marks what changed, and attaches
    every booked round's invite at its current SEQUENCE (calendars replace the earlier versions) and a
    CANCEL for each round cancelled now. The same state of the loop is never sent twice.
    """
    if method not in Notification.IcsMethod.values:
        raise ValueError(UNKNOWN_ICS_METHOD.format(method=method))
    candidate = loop.application.candidate
    if not candidate_reachable(candidate):
        return []
    changed_ids = {i.pk for i in changed}
    cancelled_now = method == Notification.IcsMethod.CANCEL
    rounds = [
        ItineraryRound(
            interview=i,
            when=local_time(i.start, candidate.zone.key),
            cancelled=i.status == Interview.Status.CANCELLED,
            changed=i.pk in changed_ids,
        )
        for i in loop.interviews.select_related("round_type").order_by("start", "order")
        if i.start is not None and (i.status == Interview.Status.SCHEDULED or (i.pk in changed_ids and cancelled_now))
    ]
    if not rounds:
        return []
    state = ";".join(f"{r.interview.ical_uid}:{r.interview.ical_sequence}:{r.cancelled}" for r in rounds)
    update = Notification.objects.filter(kind__in=ITINERARY_KINDS, about__loop=loop.pk).exists()
    kind = CANDIDATE_ITINERARY_UPDATED if update else CANDIDATE_ITINERARY
    company = invites.company_name()
    everything_cancelled = all(r.cancelled for r in rounds)
    if everything_cancelled:
        subject = f"Cancelled: your interviews with {company}"
    elif update:
        subject = f"Updated: your interviews with {company}"
    else:
        subject = f"Your interviews with {company}: {rounds[0].when}"
    attachments = [
        {
            "filename": f"{n}-{slugify(r.interview.round_type.name) or 'interview'}.ics",
            "method": invites.CANCEL if r.cancelled else invites.REQUEST,
            "content": invites.interview_invite_ics(
                interview=r.interview, method=invites.CANCEL if r.cancelled else invites.REQUEST, for_candidate=True
            ),
        }
        for n, r in enumerate(rounds, start=1)
    ]
    recruiter = invites.loop_recruiter(loop)
    draft = Draft(
        kind=kind,
        dedupe_key=f"itinerary:loop{loop.pk}:{hashlib.sha256(state.encode()).hexdigest()[:20]}",
        to_email=candidate.email,
        to_name=candidate.name,
        subject=subject,
        body=render_body(
            "interviews/email/candidate_itinerary.txt",
            {
                "candidate": candidate.name,
                "company": company,
                "rounds": rounds,
                "update": update,
                "everything_cancelled": everything_cancelled,
                "zone": candidate.zone.key,
                "recruiter": recruiter,
                "where_unknown": invites.WHERE_TO_BE_CONFIRMED,
                # Their own page: the booked times, and the reschedule request within the recruiter's limits.
                "link": site_link(
                    "interviews:candidate-availability", links.availability_token(loop=loop, now=timezone.now())[0]
                )
                if not everything_cancelled
                else "",
            },
        ),
        attachments=attachments,
        about={"loop": loop.pk, "candidate": candidate.pk},
    )
    return notifications_enqueue(drafts=[draft])


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
                        "location": interview.where,
                        "when": when,
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


@transaction.atomic
def scorecard_reminders_send(*, now: dt.datetime | None = None) -> list[Notification]:
    """Remind each interviewer whose scorecard fell due (feedback_timing: an hour after the end), once."""
    now = now or timezone.now()
    scorecards = scorecard_open_list().filter(
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


def notify_scorecard_nudge(*, nudge, row, now: dt.datetime) -> list[Notification]:
    """The e-mail of a recruiter's nudge (one per ScorecardNudge row, so never twice for one nudge); `row`
    is the board's `OwedScorecard` (its age and late mark)."""
    scorecard = nudge.scorecard
    interview = scorecard.interview
    person = scorecard.interviewer
    candidate = interview.loop.application.candidate
    draft = Draft(
        kind=SCORECARD_NUDGE,
        dedupe_key=f"scorecard_nudge:{scorecard.pk}:nudge{nudge.pk}",
        **addressed_to(person),
        subject=f"Reminder from {nudge.sent_by}: your scorecard for {interview.round_type.name} with {candidate.name}",
        body=render_body(
            "interviews/email/scorecard_nudge.txt",
            {
                "sender": str(nudge.sent_by),
                "round": interview.round_type.name,
                "candidate": candidate.name,
                "ended": local_time(interview.end, person.timezone),
                "hours": row.hours_since_end,
                "late": row.will_be_late,
                "blocks_review": interview.required and interview.loop.status == Loop.Status.AWAITING_FEEDBACK,
                "link": site_link("interviews:kit", interview.pk),
            },
        ),
        about={"scorecard": scorecard.pk, "interview": interview.pk, "candidate": candidate.pk, "nudge": nudge.pk},
    )
    return notifications_enqueue(drafts=[draft], now=now)


def _tell_recruiters(*, loop: Loop, kind: str, key: str, subject: str, template: str, context, about: dict):
    """One e-mail per reachable recruiter of the loop's requisition, through the outbox; `context(person)` is
    the template's context on that person's clock; `key` plus the person is the dedupe key."""
    drafts = [
        Draft(
            kind=kind,
            dedupe_key=f"{key}:user{person.pk}",
            **addressed_to(person),
            subject=subject,
            body=render_body(template, context(person)),
            about=about,
        )
        for person in reachable_people(loop.application.requisition.recruiters.order_by("pk"))
    ]
    return notifications_enqueue(drafts=drafts)


def notify_interview_declined(*, decline, replacements) -> list[Notification]:
    """Tell the requisition's recruiters that someone declined, with the replacements free at that time."""
    interview = decline.interview
    loop = interview.loop
    candidate = loop.application.candidate
    return _tell_recruiters(
        loop=loop,
        kind=INTERVIEW_DECLINED,
        key=f"interview_declined:decline{decline.pk}",
        subject=f"{decline.interviewer} cannot do {interview.round_type.name} with {candidate.name}",
        template="interviews/email/interview_declined.txt",
        context=lambda person: {
            "interviewer": str(decline.interviewer),
            "round": interview.round_type.name,
            "candidate": candidate.name,
            "when": local_time(interview.start, person.timezone),
            "reason": decline.reason,
            "replacements": [{"name": str(r.user), "load": r.load} for r in replacements[:5]],
            "link": site_link("interviews:loop", loop.pk),
        },
        about={"interview": interview.pk, "decline": decline.pk, "candidate": candidate.pk},
    )


def notify_reschedule_requested(*, request) -> list[Notification]:
    """Tell the requisition's recruiters that the candidate asked, from their link, for other times."""
    loop = request.loop
    candidate = loop.application.candidate
    booked = list(
        loop.interviews.filter(status=Interview.Status.SCHEDULED, start__isnull=False)
        .select_related("round_type")
        .order_by("start")
    )
    return _tell_recruiters(
        loop=loop,
        kind=RESCHEDULE_REQUESTED,
        key=f"reschedule_requested:request{request.pk}",
        subject=f"{candidate.name} asks to reschedule their interviews",
        template="interviews/email/reschedule_requested.txt",
        context=lambda person: {
            "candidate": candidate.name,
            "reason": request.reason,
            "interviews": [{"round": i.round_type.name, "when": local_time(i.start, person.timezone)} for i in booked],
            "link": site_link("interviews:loop", loop.pk),
        },
        about={"loop": loop.pk, "reschedule_request": request.pk, "candidate": candidate.pk},
    )


def notify_candidate_booked(*, loop: Loop, interviews: Iterable[Interview]) -> list[Notification]:
    """Tell the requisition's recruiters that the candidate booked their loop from the link (the panel and
    the candidate get their invites as for any saved plan)."""
    candidate = loop.application.candidate
    interviews = list(interviews)
    stamp = interviews[0].start.strftime("%Y%m%dT%H%M") if interviews else "none"
    return _tell_recruiters(
        loop=loop,
        kind=CANDIDATE_BOOKED,
        key=f"candidate_booked:loop{loop.pk}:{stamp}",
        subject=f"{candidate.name} booked their interviews",
        template="interviews/email/candidate_booked.txt",
        context=lambda person: {
            "candidate": candidate.name,
            "interviews": [
                {
                    "round": i.round_type.name,
                    "when": local_time(i.start, person.timezone),
                    "people": ", ".join(str(a.interviewer) for a in i.assignments.all()),
                }
                for i in interviews
            ],
            "link": site_link("interviews:loop", loop.pk),
        },
        about={"loop": loop.pk, "candidate": candidate.pk},
    )


def reschedule_stale_reason(notification: Notification, now: dt.datetime) -> str:
    """Nothing to ask once the recruiter moved the interviews (the request is resolved) or it is gone."""
    request = RescheduleRequest.objects.filter(pk=notification.about.get("reschedule_request")).first()
    if request is None:
        return STALE_INTERVIEW_GONE
    return STALE_RESCHEDULE_ANSWERED if request.resolved_at else ""


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
        scorecard_open_list()
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


def itinerary_stale_reason(notification: Notification, now: dt.datetime) -> str:
    """A newer itinerary for the same loop supersedes a waiting one (it lists everything again)."""
    loop_id = notification.about.get("loop")
    newer = Notification.objects.filter(kind__in=ITINERARY_KINDS, about__loop=loop_id, pk__gt=notification.pk)
    if newer.exists():
        return STALE_ITINERARY_SUPERSEDED
    loop = Loop.objects.select_related("application__candidate").filter(pk=loop_id).first()
    if loop is None or loop.application.candidate.anonymized_at is not None:
        return STALE_CANDIDATE_ANONYMIZED
    return ""


def decline_stale_reason(notification: Notification, now: dt.datetime) -> str:
    """Nothing to do once the decline is resolved (someone took over) or the interview is gone."""
    decline = InterviewDecline.objects.filter(pk=notification.about.get("decline")).first()
    if decline is None:
        return STALE_INTERVIEW_GONE
    return STALE_DECLINE_RESOLVED if decline.resolved_at else ""


def nudge_stale_reason(notification: Notification, now: dt.datetime) -> str:
    """A recruiter's nudge is sent whenever the scorecard is still owed (it may come before the automatic
    reminder, which waits an hour after the interview)."""
    reason = reminder_stale_reason(notification, now)
    return "" if reason == STALE_NOT_DUE else reason


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
    kind_register(code=CANDIDATE_ITINERARY, label="Candidate itinerary", stale_reason=itinerary_stale_reason)
    kind_register(
        code=CANDIDATE_ITINERARY_UPDATED, label="Candidate itinerary (update)", stale_reason=itinerary_stale_reason
    )
    kind_register(code=SCORECARD_DUE, label="Scorecard due", stale_reason=reminder_stale_reason)
    kind_register(code=SCORECARD_OVERDUE, label="Scorecard overdue", stale_reason=reminder_stale_reason)
    kind_register(code=SCORECARD_NUDGE, label="Scorecard nudge", stale_reason=nudge_stale_reason)
    kind_register(code=INTERVIEW_DECLINED, label="Interview declined", stale_reason=decline_stale_reason)
    kind_register(code=CANDIDATE_BOOKED, label="Candidate booked", stale_reason=lambda notification, now: "")
    kind_register(code=RESCHEDULE_REQUESTED, label="Reschedule requested", stale_reason=reschedule_stale_reason)


def _ics_sequence(ics: str, *, default: int) -> int:
    """The SEQUENCE the attendees' calendars will see: the one in the iCalendar itself if present."""
    match = _SEQUENCE_LINE.search(ics)
    if match is None:
        return default
    sequence = int(match.group(1))
    if sequence != default:
        logger.warning("iCalendar SEQUENCE %s is not the interview's %s; the iCalendar's wins", sequence, default)
    return sequence
