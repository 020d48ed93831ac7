"""The messages the decisions app sends (PRODUCT.md §5): ready for committee, decision recorded, and
each recruiter's daily digest. Each builds `Draft`s for the outbox inside the caller's transaction."""

import datetime as dt
import logging
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from decisions.models import Decision
from hiring.models import Requisition
from interviews.models import Interview, Loop
from interviews.selectors import loops_owed_feedback_by, people_owing_feedback, scorecard_open_list
from notifications.kinds import kind_register
from notifications.messages import (
    Draft,
    addressed_to,
    local_time,
    reachable_people,
    render_body,
    site_link,
    stamp,
)
from notifications.models import Notification
from notifications.services import notifications_enqueue

logger = logging.getLogger(__name__)

LOOP_READY_FOR_COMMITTEE = "loop_ready_for_committee"
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
    kind_register(code=DAILY_DIGEST, label="Daily digest")
