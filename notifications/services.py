"""What is sent to whom, and when (PRODUCT.md §5). Every function writes outbox rows only.

The `notify_*` functions are called by other apps' services inside their own transactions, right
after the change that causes the notification: the rows commit or roll back with that change and
are delivered after commit (see notifications.outbox). The reminder functions are run by beat; they
compute what is due from the current state, so a reschedule moves a reminder, a cancel drops it, and
running one twice adds nothing (each row has a dedupe key).
"""

import datetime as dt
import logging
import re
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import User
from decisions.models import Decision
from hiring.models import Requisition
from interviews.models import Interview, Loop, Scorecard
from notifications.models import Notification
from notifications.outbox import Draft, notifications_enqueue
from notifications.timing import SCORECARD_DUE_AFTER, copies_recruiters, overdue_day, scorecard_due_at

logger = logging.getLogger(__name__)

UNKNOWN_ICS_METHOD = "method must be 'REQUEST' or 'CANCEL', not {method!r}."
# A due reminder not sent within this long after it fell due (beat was down) is left to the escalations.
DUE_REMINDER_WINDOW = dt.timedelta(days=2)
# Five working days of escalation fit in this many calendar days, weekends included.
ESCALATION_HORIZON = dt.timedelta(days=10)
DIGEST_LOOKAHEAD = dt.timedelta(hours=24)
DIGEST_LOOKBACK = dt.timedelta(hours=24)
DIGEST_OVERDUE_HORIZON = dt.timedelta(days=30)

_SEQUENCE_LINE = re.compile(r"^SEQUENCE:(\d+)\s*$", re.MULTILINE)


# --- Called by other apps' services, inside their transaction -----------------------------------


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
        kind = Notification.Kind.INTERVIEW_CANCELLED
    elif sequence == 0:
        kind = Notification.Kind.INTERVIEW_INVITE
    else:
        kind = Notification.Kind.INTERVIEW_RESCHEDULED
    candidate = interview.loop.application.candidate
    key = f"interview:{interview.ical_uid}:seq{sequence}:{method}"
    context = {
        "kind": kind,
        "round": interview.round_type.name,
        "candidate": candidate.name,
        "minutes": interview.minutes,
        "location": interview.location,
    }
    subject_prefix = {
        Notification.Kind.INTERVIEW_INVITE: "Interview",
        Notification.Kind.INTERVIEW_RESCHEDULED: "Interview moved",
        Notification.Kind.INTERVIEW_CANCELLED: "Interview cancelled",
    }[kind]
    kit_link = "" if method == Notification.IcsMethod.CANCEL else _link("interviews:kit", interview.pk)
    drafts = []
    if candidate.email and candidate.anonymized_at is None:
        when = _local_time(interview.start, candidate.timezone)
        drafts.append(
            Draft(
                kind=kind,
                dedupe_key=f"{key}:candidate{candidate.pk}",
                to_email=candidate.email,
                to_name=candidate.name,
                subject=f"{subject_prefix}: {interview.round_type.name} — {when}",
                body=_render("interview_invite", {**context, "when": when, "for_candidate": True}),
                ics=ics,
                ics_method=method,
                interview=interview,
                ical_sequence=sequence,
            )
        )
    for assignment in interview.assignments.select_related("interviewer__interviewer_profile").order_by("id"):
        person = assignment.interviewer
        if not _reachable(person):
            continue
        when = _local_time(interview.start, _zone_of(person))
        drafts.append(
            Draft(
                kind=kind,
                dedupe_key=f"{key}:user{person.pk}",
                **_addressed_to(person),
                subject=f"{subject_prefix}: {interview.round_type.name} with {candidate.name} — {when}",
                body=_render(
                    "interview_invite",
                    {
                        **context,
                        "when": when,
                        "for_candidate": False,
                        "shadow": assignment.role == "shadow",
                        # The kit is where they prepare and then write the scorecard; a cancel needs none.
                        "link": kit_link,
                    },
                ),
                ics=ics,
                ics_method=method,
                interview=interview,
                ical_sequence=sequence,
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
    for person in _reachable_people(people):
        when = _local_time(interview.start, _zone_of(person))
        drafts.append(
            Draft(
                kind=Notification.Kind.INTERVIEW_CANCELLED,
                dedupe_key=f"interview:{interview.ical_uid}:seq{sequence}:CANCEL:user{person.pk}",
                **_addressed_to(person),
                subject=f"No longer on: {interview.round_type.name} with {candidate.name} — {when}",
                body=_render(
                    "interview_invite",
                    {
                        "kind": Notification.Kind.INTERVIEW_CANCELLED,
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
                interview=interview,
                ical_sequence=sequence,
            )
        )
    return notifications_enqueue(drafts=drafts)


@transaction.atomic
def notify_loop_ready_for_committee(*, loop: Loop) -> list[Notification]:
    """Tell the members of the requisition's committee that the loop's packet is ready to review."""
    requisition = loop.application.requisition
    if requisition.committee_id is None:
        logger.info("Loop #%s is ready but its requisition has no committee: nobody to tell", loop.pk)
        return []
    candidate = loop.application.candidate
    # Once per time the loop becomes ready (ready_for_review_at); once per loop if that is not set.
    when = loop.ready_for_review_at
    key = f"loop_ready:{loop.pk}:{_stamp(when) if when else 'once'}"
    body = _render(
        "loop_ready_for_committee",
        {
            "candidate": candidate.name,
            "requisition": str(requisition),
            "committee": requisition.committee.name,
            "link": _link("decisions:packet", loop.pk),
        },
    )
    drafts = [
        Draft(
            kind=Notification.Kind.LOOP_READY_FOR_COMMITTEE,
            dedupe_key=f"{key}:user{member.pk}",
            recipient=member,
            to_email=member.email,
            to_name=str(member),
            subject=f"Ready for committee: {candidate.name} — {requisition}",
            body=body,
            loop=loop,
        )
        for member in _reachable_people(requisition.committee.members.all())
    ]
    return notifications_enqueue(drafts=drafts)


@transaction.atomic
def notify_decision_recorded(*, decision: Decision) -> list[Notification]:
    """Tell the requisition's recruiters and hiring manager what the committee decided."""
    loop = decision.loop
    requisition = loop.application.requisition
    candidate = loop.application.candidate
    body = _render(
        "decision_recorded",
        {
            "candidate": candidate.name,
            "requisition": str(requisition),
            "outcome": decision.get_outcome_display(),
            "is_override": decision.is_override,
            "rationale": decision.rationale,
            "decided_by": str(decision.decided_by),
            "decided_at": _local_time(decision.decided_at, "UTC"),
            "link": _link("decisions:packet", loop.pk),
        },
    )
    people = _reachable_people([requisition.hiring_manager, *requisition.recruiters.all()])
    drafts = [
        Draft(
            kind=Notification.Kind.DECISION_RECORDED,
            dedupe_key=f"decision:{decision.pk}:user{person.pk}",
            recipient=person,
            to_email=person.email,
            to_name=str(person),
            subject=f"Decision recorded: {decision.get_outcome_display()} for {candidate.name}",
            body=body,
            loop=loop,
        )
        for person in people
    ]
    return notifications_enqueue(drafts=drafts)


# --- Run by beat: reminders computed from the current state --------------------------------------


def _open_scorecards(*, ended_from: dt.datetime, ended_until: dt.datetime):
    """Draft scorecards of interviews (not cancelled, in loops not cancelled) that ended in the span."""
    return (
        Scorecard.objects.filter(
            status=Scorecard.Status.DRAFT,
            interview__end__gt=ended_from,
            interview__end__lte=ended_until,
        )
        .exclude(interview__status=Interview.Status.CANCELLED)
        .exclude(interview__loop__status=Loop.Status.CANCELLED)
        .select_related(
            "interviewer__interviewer_profile",
            "interview__round_type",
            "interview__loop__application__candidate",
            "interview__loop__application__requisition__team",
        )
        .order_by("interview__end", "id")
    )


@transaction.atomic
def scorecard_reminders_send(*, now: dt.datetime | None = None) -> list[Notification]:
    """Remind each interviewer whose scorecard fell due (one hour after the interview ended), once."""
    now = now or timezone.now()
    ended_until = now - SCORECARD_DUE_AFTER
    drafts = []
    for scorecard in _open_scorecards(ended_from=ended_until - DUE_REMINDER_WINDOW, ended_until=ended_until):
        person = scorecard.interviewer
        if not _reachable(person):
            continue
        interview = scorecard.interview
        candidate = interview.loop.application.candidate
        drafts.append(
            Draft(
                kind=Notification.Kind.SCORECARD_DUE,
                # The interview's end is in the key: a rescheduled interview gets its own reminder.
                dedupe_key=f"scorecard_due:{scorecard.pk}:{_stamp(interview.end)}:user{person.pk}",
                **_addressed_to(person),
                subject=f"Scorecard due: {interview.round_type.name} with {candidate.name}",
                body=_render(
                    "scorecard_due",
                    {
                        "round": interview.round_type.name,
                        "candidate": candidate.name,
                        "ended": _local_time(interview.end, _zone_of(person)),
                        "link": _link("interviews:my-interviews"),
                    },
                ),
                interview=interview,
                scorecard=scorecard,
            )
        )
    return notifications_enqueue(drafts=drafts, now=now)


@transaction.atomic
def scorecard_escalations_send(*, now: dt.datetime | None = None) -> list[Notification]:
    """Chase overdue scorecards once a working day for five working days; copy recruiters from day two."""
    now = now or timezone.now()
    ended_until = now - SCORECARD_DUE_AFTER
    scorecards = _open_scorecards(ended_from=now - ESCALATION_HORIZON, ended_until=ended_until).prefetch_related(
        "interview__loop__application__requisition__recruiters"
    )
    drafts = []
    for scorecard in scorecards:
        interview = scorecard.interview
        day = overdue_day(due_at=scorecard_due_at(interview.end), now=now)
        if day is None:
            continue
        interviewer = scorecard.interviewer
        requisition = interview.loop.application.requisition
        people = [interviewer]
        if copies_recruiters(day):
            people += list(requisition.recruiters.all())
        candidate = interview.loop.application.candidate
        for person in _reachable_people(people):
            drafts.append(
                Draft(
                    kind=Notification.Kind.SCORECARD_OVERDUE,
                    dedupe_key=f"scorecard_overdue:{scorecard.pk}:{_stamp(interview.end)}:day{day}:user{person.pk}",
                    recipient=person,
                    to_email=person.email,
                    to_name=str(person),
                    subject=(
                        f"Scorecard overdue (day {day}): {interview.round_type.name} with {candidate.name}"
                        + ("" if person == interviewer else f" — {interviewer}")
                    ),
                    body=_render(
                        "scorecard_overdue",
                        {
                            "day": day,
                            "for_interviewer": person == interviewer,
                            "interviewer": str(interviewer),
                            "round": interview.round_type.name,
                            "candidate": candidate.name,
                            "requisition": str(requisition),
                            "ended": _local_time(interview.end, _zone_of(person)),
                            "link": _link(
                                "interviews:my-interviews" if person == interviewer else "interviews:pipeline"
                            ),
                        },
                    ),
                    interview=interview,
                    scorecard=scorecard,
                )
            )
    return notifications_enqueue(drafts=drafts, now=now)


@transaction.atomic
def recruiter_digests_send(*, now: dt.datetime | None = None) -> list[Notification]:
    """One digest a day per recruiter of what needs them on their requisitions; nothing if nothing does."""
    now = now or timezone.now()
    recruiters_by_requisition: dict[int, list[User]] = defaultdict(list)
    for requisition in Requisition.objects.filter(recruiters__isnull=False).distinct().prefetch_related("recruiters"):
        recruiters_by_requisition[requisition.pk] = _reachable_people(requisition.recruiters.all())
    requisition_ids = list(recruiters_by_requisition)
    if not requisition_ids:
        return []
    items: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))

    def add(requisition_id: int, section: str, item: dict) -> None:
        for recruiter in recruiters_by_requisition.get(requisition_id, []):
            items[recruiter.pk][section].append(item)

    overdue = _open_scorecards(ended_from=now - DIGEST_OVERDUE_HORIZON, ended_until=now - SCORECARD_DUE_AFTER).filter(
        interview__loop__application__requisition__in=requisition_ids
    )
    for scorecard in overdue:
        interview = scorecard.interview
        add(
            interview.loop.application.requisition_id,
            "overdue",
            {
                "candidate": interview.loop.application.candidate.name,
                "round": interview.round_type.name,
                "interviewer": str(scorecard.interviewer),
                "hours": int((now - interview.end).total_seconds() // 3600),
            },
        )
    ready = Loop.objects.filter(
        status=Loop.Status.READY_FOR_REVIEW, application__requisition__in=requisition_ids
    ).select_related("application__candidate", "application__requisition__team")
    for loop in ready.order_by("ready_for_review_at", "id"):
        add(
            loop.application.requisition_id,
            "ready",
            {"candidate": loop.application.candidate.name, "requisition": str(loop.application.requisition)},
        )
    upcoming = (
        Interview.objects.filter(
            status=Interview.Status.SCHEDULED,
            start__gte=now,
            start__lt=now + DIGEST_LOOKAHEAD,
            loop__application__requisition__in=requisition_ids,
        )
        .exclude(loop__status=Loop.Status.CANCELLED)
        .select_related("round_type", "loop__application__candidate")
        .order_by("start", "id")
    )
    for interview in upcoming:
        add(
            interview.loop.application.requisition_id,
            "upcoming",
            {
                "candidate": interview.loop.application.candidate.name,
                "round": interview.round_type.name,
                "when": _local_time(interview.start, "UTC"),
            },
        )
    decided = Decision.objects.filter(
        decided_at__gte=now - DIGEST_LOOKBACK, decided_at__lte=now, loop__application__requisition__in=requisition_ids
    ).select_related("loop__application__candidate")
    for decision in decided.order_by("decided_at", "id"):
        add(
            decision.loop.application.requisition_id,
            "decided",
            {"candidate": decision.loop.application.candidate.name, "outcome": decision.get_outcome_display()},
        )

    people = {person.pk: person for group in recruiters_by_requisition.values() for person in group}
    today = now.astimezone(dt.UTC).date()
    drafts = []
    for person_pk, sections in sorted(items.items()):
        person = people[person_pk]
        drafts.append(
            Draft(
                kind=Notification.Kind.DAILY_DIGEST,
                dedupe_key=f"daily_digest:{today.isoformat()}:user{person.pk}",
                **_addressed_to(person),
                subject=f"Loopwise daily digest — {today:%a} {today.day} {today:%b %Y}",
                body=_render(
                    "daily_digest",
                    {
                        "name": str(person),
                        "overdue": sections["overdue"],
                        "ready": sections["ready"],
                        "upcoming": sections["upcoming"],
                        "decided": sections["decided"],
                        "link": _link("interviews:pipeline"),
                    },
                ),
            )
        )
    return notifications_enqueue(drafts=drafts, now=now)


# --- Helpers ---------------------------------------------------------------------------------------


def _reachable(person: User | None) -> bool:
    return person is not None and person.is_active and bool(person.email)


def _reachable_people(people: Iterable[User]) -> list[User]:
    """Active people with an email address, each once, in the given order."""
    seen: set[int] = set()
    reachable = []
    for person in people:
        if _reachable(person) and person.pk not in seen:
            seen.add(person.pk)
            reachable.append(person)
    return reachable


def _ics_sequence(ics: str, *, default: int) -> int:
    """The SEQUENCE the attendees' calendars will see: the one in the iCalendar itself if present."""
    match = _SEQUENCE_LINE.search(ics)
    if match is None:
        return default
    sequence = int(match.group(1))
    if sequence != default:
        logger.warning("iCalendar SEQUENCE %s is not the interview's %s; the iCalendar's wins", sequence, default)
    return sequence


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _addressed_to(person: User) -> dict:
    return {"recipient": person, "to_email": person.email, "to_name": str(person)}


def _zone_of(person: User) -> str:
    """The zone a person reads times in: their interviewer profile's, else their account's."""
    return person.timezone or "UTC"


def _local_time(moment: dt.datetime | None, tz_name: str) -> str:
    if moment is None:
        return "time to be confirmed"
    try:
        zone = zoneinfo.ZoneInfo(tz_name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        zone, tz_name = dt.UTC, "UTC"
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {tz_name or 'UTC'}"


def _link(url_name: str, *args: object) -> str:
    """An absolute link into the app; the home page if that page is not built yet."""
    try:
        path = reverse(url_name, args=args)
    except NoReverseMatch:
        path = reverse("home")
    return settings.NOTIFICATIONS_SITE_URL.rstrip("/") + path


def _render(template: str, context: dict) -> str:
    return render_to_string(f"notifications/email/{template}.txt", context).strip() + "\n"
