"""The messages the decisions app sends (PRODUCT.md §5): ready for committee, decision recorded, and
each recruiter's daily digest. Each builds `Draft`s for the outbox inside the caller's transaction."""

import datetime as dt
import logging
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from accounts.models import User
from decisions.models import Decision
from hiring.models import Requisition
from interviews.models import Interview, Loop
from interviews.scheduling import invites
from interviews.selectors import loops_owed_feedback_by, people_owing_feedback, scorecard_open_list
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

LOOP_READY_FOR_COMMITTEE = "loop_ready_for_committee"
COMMITTEE_DEBRIEF = "committee_debrief"
DEBRIEF_NO_SLOT = "committee_debrief_no_slot"
DECISION_RECORDED = "decision_recorded"
DAILY_DIGEST = "daily_digest"

DIGEST_LOOKAHEAD = dt.timedelta(hours=24)
DIGEST_LOOKBACK = dt.timedelta(hours=24)
DIGEST_OVERDUE_HORIZON = dt.timedelta(days=30)

STALE_LOOP_GONE = "The loop no longer exists."
STALE_LOOP_CANCELLED = "The loop was cancelled."


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
    key = f"loop_ready:{loop.pk}:{stamp(when) if when else 'once'}"
    owing = people_owing_feedback(loop=loop)
    body = render_body(
        "decisions/email/loop_ready_for_committee.txt",
        {
            "candidate": candidate.name,
            "requisition": str(requisition),
            "committee": requisition.committee.name,
            "link": site_link("decisions:packet", loop.pk),
        },
    )
    drafts = [
        Draft(
            kind=LOOP_READY_FOR_COMMITTEE,
            dedupe_key=f"{key}:user{member.pk}",
            **addressed_to(member),
            subject=f"Ready for committee: {candidate.name} — {requisition}",
            body=body,
            about={"loop": loop.pk, "candidate": candidate.pk},
        )
        for member in reachable_people(requisition.committee.members.all())
        if member.pk not in owing  # sealed feedback: nothing derived from it before their own is in
    ]
    return notifications_enqueue(drafts=drafts)


def debrief_ics(*, debrief, members) -> str:
    """The debrief as an iCalendar invite to every member (METHOD:REQUEST)."""
    loop = debrief.loop
    calendar = Calendar()
    calendar.add("prodid", invites.PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"debrief-{debrief.ical_uid}@{invites.UID_DOMAIN}")
    event.add("sequence", 0)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", debrief.start.astimezone(dt.UTC))
    event.add("dtend", debrief.end.astimezone(dt.UTC))
    event.add("summary", f"Committee debrief: {loop.application.candidate.name} — {loop.application.requisition}")
    event.add("description", f"Review the packet before the meeting: {site_link('decisions:packet', loop.pk)}")
    chair = loop.application.requisition.committee.chair
    organizer = vCalAddress(f"mailto:{chair.email}")
    organizer.params["cn"] = vText(str(chair))
    event["organizer"] = organizer
    for member in members:
        address = vCalAddress(f"mailto:{member.email}")
        address.params["cn"] = vText(str(member))
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["rsvp"] = vText("TRUE")
        event.add("attendee", address, encode=0)
    calendar.add_component(event)
    return calendar.to_ical().decode()


@transaction.atomic
def notify_committee_debrief(*, debrief, members) -> list[Notification]:
    """The debrief invite, one e-mail per member with the .ics (through the outbox)."""
    loop = debrief.loop
    candidate = loop.application.candidate
    ics = debrief_ics(debrief=debrief, members=members)
    drafts = [
        Draft(
            kind=COMMITTEE_DEBRIEF,
            dedupe_key=f"debrief:{debrief.ical_uid}:user{member.pk}",
            **addressed_to(member),
            subject=f"Committee debrief: {candidate.name} — {local_time(debrief.start, member.timezone)}",
            body=render_body(
                "decisions/email/committee_debrief.txt",
                {
                    "candidate": candidate.name,
                    "when": local_time(debrief.start, member.timezone),
                    "minutes": int((debrief.end - debrief.start).total_seconds() // 60),
                    "link": site_link("decisions:packet", loop.pk),
                },
            ),
            ics=ics,
            ics_method="REQUEST",
            about={"loop": loop.pk},
        )
        for member in members
    ]
    return notifications_enqueue(drafts=drafts)


@transaction.atomic
def notify_debrief_without_slot(*, loop: Loop, chair: User) -> list[Notification]:
    """No common free time in the coming week: the chair is told to arrange the debrief by hand."""
    if not reachable(chair):
        return []
    candidate = loop.application.candidate
    draft = Draft(
        kind=DEBRIEF_NO_SLOT,
        dedupe_key=f"debrief_no_slot:loop{loop.pk}",
        **addressed_to(chair),
        subject=f"No common time for the debrief of {candidate.name}",
        body=(
            f"The committee members have no common free time for the debrief of {candidate.name} in the coming "
            f"week (working hours, interviews, busy time). Please arrange it by hand.\n\n"
            f"{site_link('decisions:packet', loop.pk)}\n"
        ),
        about={"loop": loop.pk},
    )
    return notifications_enqueue(drafts=[draft])


@transaction.atomic
def notify_decision_recorded(*, decision: Decision) -> list[Notification]:
    """Tell the requisition's recruiters and hiring manager what the committee decided."""
    loop = decision.loop
    requisition = loop.application.requisition
    candidate = loop.application.candidate
    drafts = []
    owing = people_owing_feedback(loop=loop)
    for person in reachable_people([requisition.hiring_manager, *requisition.recruiters.all()]):
        if person.pk in owing:
            continue  # sealed feedback: the outcome is derived from the others' scorecards
        body = render_body(
            "decisions/email/decision_recorded.txt",
            {
                "candidate": candidate.name,
                "requisition": str(requisition),
                "outcome": decision.get_outcome_display(),
                "is_override": decision.is_override,
                "rationale": decision.rationale,
                "decided_by": str(decision.decided_by),
                "decided_at": local_time(decision.decided_at, person.timezone),
                "link": site_link("decisions:packet", loop.pk),
            },
        )
        drafts.append(
            Draft(
                kind=DECISION_RECORDED,
                dedupe_key=f"decision:{decision.pk}:user{person.pk}",
                **addressed_to(person),
                subject=f"Decision recorded: {decision.get_outcome_display()} for {candidate.name}",
                body=body,
                about={"loop": loop.pk, "decision": decision.pk, "candidate": candidate.pk},
            )
        )
    return notifications_enqueue(drafts=drafts)


class _Digest:
    """What each recruiter's digest holds, filled section by section."""

    def __init__(self, recruiters_by_requisition: dict[int, list[User]]):
        self.recruiters_by_requisition = recruiters_by_requisition
        recruiters = {person.pk for people in recruiters_by_requisition.values() for person in people}
        self.sealed = loops_owed_feedback_by(people=recruiters)
        self.items: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))

    def add(self, requisition_id: int, section: str, item: dict, *, loop_id: int) -> None:
        for recruiter in self.recruiters_by_requisition.get(requisition_id, []):
            if loop_id in self.sealed.get(recruiter.pk, ()):
                continue  # sealed feedback: nothing about a loop on which they still owe a scorecard
            self.items[recruiter.pk][section].append(item)


@transaction.atomic
def recruiter_digests_send(*, now: dt.datetime | None = None) -> list[Notification]:
    """One digest a day per recruiter of what needs them on their requisitions; nothing if nothing does."""
    now = now or timezone.now()
    recruiters_by_requisition: dict[int, list[User]] = {
        requisition.pk: reachable_people(requisition.recruiters.all())
        for requisition in Requisition.objects.filter(recruiters__isnull=False)
        .distinct()
        .prefetch_related("recruiters")
    }
    requisition_ids = list(recruiters_by_requisition)
    if not requisition_ids:
        return []
    digest = _Digest(recruiters_by_requisition)
    _digest_overdue(digest, requisition_ids, now)
    _digest_ready(digest, requisition_ids)
    _digest_upcoming(digest, requisition_ids, now)
    _digest_decided(digest, requisition_ids, now)

    people = {person.pk: person for group in recruiters_by_requisition.values() for person in group}
    today = now.astimezone(dt.UTC).date()
    drafts = [
        Draft(
            kind=DAILY_DIGEST,
            dedupe_key=f"daily_digest:{today.isoformat()}:user{person_pk}",
            **addressed_to(people[person_pk]),
            subject=f"Loopwise daily digest — {today:%a} {today.day} {today:%b %Y}",
            body=render_body(
                "decisions/email/daily_digest.txt",
                {
                    "name": str(people[person_pk]),
                    **{section: sections[section] for section in ("overdue", "ready", "upcoming", "decided")},
                    "zone": people[person_pk].timezone or "UTC",
                    "link": site_link("interviews:pipeline"),
                },
            ),
        )
        for person_pk, sections in sorted(digest.items.items())
    ]
    return notifications_enqueue(drafts=drafts, now=now)


def _digest_overdue(digest: _Digest, requisition_ids: list[int], now: dt.datetime) -> None:
    """Scorecards overdue by the one definition (the stored `scorecard_overdue_at`)."""
    overdue = scorecard_open_list().filter(
        interview__scorecard_overdue_at__lte=now,
        interview__scorecard_overdue_at__gt=now - DIGEST_OVERDUE_HORIZON,
        interview__loop__application__requisition__in=requisition_ids,
    )
    for scorecard in overdue.order_by("interview__scorecard_overdue_at", "id"):
        interview = scorecard.interview
        digest.add(
            interview.loop.application.requisition_id,
            "overdue",
            {
                "candidate": interview.loop.application.candidate.name,
                "round": interview.round_type.name,
                "interviewer": str(scorecard.interviewer),
                "hours": int((now - interview.end).total_seconds() // 3600),
            },
            loop_id=interview.loop_id,
        )


def _digest_ready(digest: _Digest, requisition_ids: list[int]) -> None:
    ready = Loop.objects.filter(
        status=Loop.Status.READY_FOR_REVIEW, application__requisition__in=requisition_ids
    ).select_related("application__candidate", "application__requisition__team")
    for loop in ready.order_by("ready_for_review_at", "id"):
        digest.add(
            loop.application.requisition_id,
            "ready",
            {"candidate": loop.application.candidate.name, "requisition": str(loop.application.requisition)},
            loop_id=loop.pk,
        )


def _digest_upcoming(digest: _Digest, requisition_ids: list[int], now: dt.datetime) -> None:
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
        digest.add(
            interview.loop.application.requisition_id,
            "upcoming",
            {
                "candidate": interview.loop.application.candidate.name,
                "round": interview.round_type.name,
                "start": interview.start,
            },
            loop_id=interview.loop_id,
        )


def _digest_decided(digest: _Digest, requisition_ids: list[int], now: dt.datetime) -> None:
    decided = Decision.objects.filter(
        decided_at__gte=now - DIGEST_LOOKBACK, decided_at__lte=now, loop__application__requisition__in=requisition_ids
    ).select_related("loop__application__candidate")
    for decision in decided.order_by("decided_at", "id"):
        digest.add(
            decision.loop.application.requisition_id,
            "decided",
            {"candidate": decision.loop.application.candidate.name, "outcome": decision.get_outcome_display()},
            loop_id=decision.loop_id,
        )


def loop_ready_stale_reason(notification: Notification, now: dt.datetime) -> str:
    loop = Loop.objects.filter(pk=notification.about.get("loop")).first()
    if loop is None:
        return STALE_LOOP_GONE
    if loop.status == Loop.Status.CANCELLED:
        return STALE_LOOP_CANCELLED
    return ""


def register_kinds() -> None:
    """Make this app's kinds known to the outbox (DecisionsConfig.ready)."""
    kind_register(code=LOOP_READY_FOR_COMMITTEE, label="Ready for committee", stale_reason=loop_ready_stale_reason)
    kind_register(code=DECISION_RECORDED, label="Decision recorded")
    kind_register(code=COMMITTEE_DEBRIEF, label="Committee debrief")
    kind_register(code=DEBRIEF_NO_SLOT, label="Committee debrief: no common time")
    kind_register(code=DAILY_DIGEST, label="Daily digest")
