"""Writes for the committee: the recommendation's audit trail, votes and the chair's decision."""

import dataclasses
import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import Action, audit_record
from core.errors import PermissionDenied, ValidationFailed
from core.redaction import Redactor
from core.services import model_update
from decisions import debrief, engine, selectors
from decisions.codes import Trigger
from decisions.models import Decision, LoopDebrief, RecommendationRecord, Vote
from decisions.notifications import (
    notify_committee_debrief,
    notify_debrief_without_slot,
    notify_decision_recorded,
    notify_loop_ready_for_committee,
)
from hiring.quorum import quorum_state
from hiring.services.applications import application_decided, application_decision_problem, application_loop_completed
from interviews.codes import FEEDBACK_STATES
from interviews.models import Interview, InterviewAssignment, Loop, Scorecard
from interviews.notifications import working_week
from interviews.selectors import people_owing_feedback
from notifications.messages import reachable_people

ONLY_MEMBERS_VOTE = "Only members of this requisition's hiring committee vote on its loops."
ONLY_CHAIR_DECIDES = "Only the chair of this requisition's hiring committee records the decision."
NO_COMMITTEE = "This requisition has no hiring committee; ask an admin to assign one before deciding."
LOOP_DECIDED = "This loop is decided and locked."
LOOP_CANCELLED = "This loop was cancelled; there is nothing to decide."
LOOP_NOT_COMPLETE = "The loop is not complete yet: {missing} Decide once every required round has its feedback."
VOTES_NOT_OPEN = "Voting opens once every required round has its feedback: {missing}"
UNKNOWN_VOTE = "Choose hire, no hire or abstain."
UNKNOWN_OUTCOME = "Choose hire or no hire."
OVERRIDE_NEEDS_RATIONALE = (
    "The recommendation is {recommended}; deciding {outcome} overrides it. Write the rationale for the record."
)
OUTCOME_LABELS = {
    engine.HIRE: "hire",
    engine.NO_HIRE: "no hire",
    engine.NEEDS_DISCUSSION: "needs discussion",
    engine.INCOMPLETE: "incomplete",
}


@transaction.atomic
def loop_recommendation_refresh(
    *, loop: Loop, trigger: str, params: dict[str, int] | None = None
) -> RecommendationRecord:
    """Recompute the loop's recommendation and keep it (audit trail); a complete loop becomes ready.

    Called whenever feedback changes (scorecard submitted or amended) and before a decision, with what
    caused it as a structured event (`Trigger` and the ids it concerns). A loop still awaiting
    feedback (or scheduled) whose required rounds are all in moves to ready for review, and its
    application to the committee stage.
    """
    record, _ = _refresh(loop=loop, trigger=trigger, params=params or {})
    return record


def loop_feedback_changed(*, loop: Loop, scorecard: Scorecard, revision: int) -> RecommendationRecord:
    """The `interviews.hooks.feedback_changed` receiver: a submission (revision 1) or an amendment."""
    trigger = Trigger.SCORECARD_SUBMITTED if revision == 1 else Trigger.SCORECARD_AMENDED
    if loop.status == Loop.Status.DECIDED:
        selectors.em_reference_invalidate()  # a past hire's ratings may have changed
    return loop_recommendation_refresh(
        loop=loop, trigger=trigger, params={"scorecard": scorecard.pk, "revision": revision}
    )


def _refresh(*, loop: Loop, trigger: str, params: dict[str, int]) -> tuple[RecommendationRecord, engine.Recommendation]:
    # Lock the loop first: two last scorecards submitted at once must not both see "incomplete".
    locked = Loop.objects.select_for_update(of=("self",)).select_related("template", "application").get(pk=loop.pk)
    recommendation = selectors.loop_recommendation(loop=locked)
    record = RecommendationRecord.objects.create(
        loop=locked,
        outcome=recommendation.outcome,
        reasons=[dataclasses.asdict(reason) for reason in recommendation.reasons],
        em_check=dataclasses.asdict(recommendation.em_check) if recommendation.em_check else None,
        coverage=[dataclasses.asdict(gap) for gap in recommendation.coverage],
        late_scorecards=[dataclasses.asdict(item) for item in recommendation.late_scorecards],
        trigger=Trigger(trigger),
        trigger_params=params,
    )
    # The loop keeps the latest outcome and reasons: what GET loops/ shows without reading the trail.
    changes = {
        "latest_recommendation": {
            "outcome": record.outcome,
            "reasons": record.reasons,
            "computed_at": record.computed_at.isoformat(),
        }
    }
    became_ready = recommendation.complete and locked.status in {Loop.Status.SCHEDULED, Loop.Status.AWAITING_FEEDBACK}
    if became_ready:
        changes.update(status=Loop.Status.READY_FOR_REVIEW, ready_for_review_at=timezone.now())
    elif locked.status == Loop.Status.READY_FOR_REVIEW and locked.ready_for_review_at is None:
        # Ready without a timestamp (loaded data): it became ready when its last feedback came in.
        changes["ready_for_review_at"] = selectors.loop_submitted_last_at(loop=locked) or timezone.now()
    model_update(instance=locked, fields=["latest_recommendation", "status", "ready_for_review_at"], data=changes)
    if became_ready:
        application_loop_completed(application=locked.application)
        notify_loop_ready_for_committee(loop=locked)
        loop_debrief_propose(loop=locked)
    loop.status, loop.ready_for_review_at = locked.status, locked.ready_for_review_at
    loop.latest_recommendation = locked.latest_recommendation
    return record, recommendation


def _missing(recommendation: engine.Recommendation) -> str:
    return " ".join(r.message for r in recommendation.reasons if r.code == engine.MISSING_ROUND)


def _check_open(loop: Loop) -> None:
    """A decided loop is locked; a cancelled one has nothing to decide; nor has one whose application
    is withdrawn, rejected or hired (a decision never overwrites a stage)."""
    if loop.status == Loop.Status.DECIDED or Decision.objects.filter(loop=loop).exists():
        raise ValidationFailed(LOOP_DECIDED)
    if loop.status == Loop.Status.CANCELLED:
        raise ValidationFailed(LOOP_CANCELLED)
    closed = application_decision_problem(application=loop.application)
    if closed:
        raise ValidationFailed(closed)


NOTHING_HELD = "no interview has taken place."


def vote_require_voter(*, loop: Loop, voter: User) -> None:
    """Only the members of the loop's committee vote (403, before anything they sent is read)."""
    if not selectors.committee_is_member(committee=selectors.loop_committee(loop=loop), user=voter):
        raise PermissionDenied(ONLY_MEMBERS_VOTE)


def decision_require_chair(*, loop: Loop, actor: User):
    """Only the chair of the loop's committee decides (403, before anything they sent is read); the committee."""
    committee = selectors.loop_committee(loop=loop)
    if committee is None:
        raise PermissionDenied(NO_COMMITTEE)
    if committee.chair_id != actor.pk:
        raise PermissionDenied(ONLY_CHAIR_DECIDES)
    return committee


@transaction.atomic
def vote_cast(*, loop: Loop, voter: User, vote: str, comment: str = "") -> tuple[Vote, bool]:
    """A committee member's vote on a complete loop; voting again replaces their vote. → (vote, created)"""
    loop = (
        Loop.objects.select_for_update(of=("self",))
        .select_related("application__requisition__committee")
        .get(pk=loop.pk)
    )
    vote_require_voter(loop=loop, voter=voter)
    if vote not in Vote.Choice.values:
        raise ValidationFailed({"vote": [UNKNOWN_VOTE]})
    _check_open(loop)
    if loop.status != Loop.Status.READY_FOR_REVIEW:
        if loop.status not in FEEDBACK_STATES:
            raise ValidationFailed(VOTES_NOT_OPEN.format(missing=NOTHING_HELD))
        # Feedback may have completed without a refresh (e.g. data loaded by hand): check now.
        _, recommendation = _refresh(loop=loop, trigger=Trigger.VOTE, params={"user": voter.pk})
        if not recommendation.complete:
            raise ValidationFailed(VOTES_NOT_OPEN.format(missing=_missing(recommendation)))
    # The first vote is kept: casting one unseals the others', so a change afterwards is shown as such.
    return Vote.objects.update_or_create(
        loop=loop,
        voter=voter,
        defaults={"vote": vote, "comment": comment.strip()},
        create_defaults={"vote": vote, "comment": comment.strip(), "first_vote": vote},
    )


@transaction.atomic
def decision_record(*, loop: Loop, actor: User, outcome: str, rationale: str = "") -> Decision:
    """The chair's final decision on a complete loop that the committee has voted on.

    The committee's quorum must have voted first (`hiring.quorum`: abstentions count, and at least one
    member besides the chair): the committee decides, not the chair alone. Differing from the
    recommendation is an override and needs a rationale. Deciding moves the application to offer
    (hire) or rejected (no hire) and locks the loop (status decided).
    """
    loop = (
        Loop.objects.select_for_update(of=("self",))
        .select_related("application__requisition__committee", "template")
        .get(pk=loop.pk)
    )
    committee = decision_require_chair(loop=loop, actor=actor)
    if outcome not in Decision.Choice.values:
        raise ValidationFailed({"outcome": [UNKNOWN_OUTCOME]})
    _check_open(loop)
    if loop.status not in FEEDBACK_STATES:
        raise ValidationFailed(LOOP_NOT_COMPLETE.format(missing=NOTHING_HELD))
    # Recomputed now, so the decision is compared with (and linked to) exactly what the chair saw.
    record, recommendation = _refresh(loop=loop, trigger=Trigger.DECISION, params={"user": actor.pk})
    if not recommendation.complete:
        raise ValidationFailed(LOOP_NOT_COMPLETE.format(missing=_missing(recommendation)))
    rationale = rationale.strip()
    is_override = outcome != recommendation.outcome
    errors: dict[str, list[str]] = {}
    quorum = quorum_state(
        quorum=committee.quorum,
        member_ids=committee.members.values_list("pk", flat=True),
        chair_id=committee.chair_id,
        voter_ids=Vote.objects.filter(loop=loop).values_list("voter_id", flat=True),
    )
    if quorum.problem:
        errors["non_field_errors"] = [quorum.problem]
    if is_override and not rationale:
        message = OVERRIDE_NEEDS_RATIONALE.format(
            recommended=OUTCOME_LABELS[recommendation.outcome], outcome=OUTCOME_LABELS[outcome]
        )
        errors["rationale"] = [message]
    if errors:
        raise ValidationFailed(errors)
    recorded = Decision.objects.create(
        loop=loop,
        outcome=outcome,
        rationale=rationale,
        recommendation=record,
        is_override=is_override,
        decided_by=actor,
    )
    model_update(instance=loop, fields=["status"], data={"status": Loop.Status.DECIDED})
    loop.application = application_decided(
        application=loop.application, hire=outcome == Decision.Choice.HIRE, actor=actor
    )
    notify_decision_recorded(decision=recorded)
    audit_record(
        Action.DECISION_RECORDED,
        actor=actor,
        target=recorded,
        detail={"loop": loop.pk, "outcome": outcome, "override": is_override},
    )
    return recorded


def candidate_anonymized(*, candidate, redact: Redactor) -> None:
    """hiring.hooks.candidate_anonymized: erase the candidate from the committee's free text on their loops
    (vote comments, decision rationales, the recommendation audit trail's reasons)."""
    loops = Loop.objects.filter(application__candidate=candidate)
    for vote in Vote.objects.filter(loop__in=loops).exclude(comment=""):
        if redact.mentions(vote.comment):
            Vote.objects.filter(pk=vote.pk).update(comment=redact(vote.comment))
    for decision in Decision.objects.filter(loop__in=loops).exclude(rationale=""):
        if redact.mentions(decision.rationale):
            Decision.objects.filter(pk=decision.pk).update(rationale=redact(decision.rationale))
    for record in RecommendationRecord.objects.filter(loop__in=loops):
        reasons, em_check = redact.json(record.reasons), redact.json(record.em_check)
        if (reasons, em_check) != (record.reasons, record.em_check):
            RecommendationRecord.objects.filter(pk=record.pk).update(reasons=reasons, em_check=em_check)


def loop_debrief_propose(*, loop: Loop, now: dt.datetime | None = None) -> LoopDebrief | None:
    """When the committee wants debriefs (`Committee.debrief_minutes`): the first time every member told
    of the loop has free (decisions.debrief), kept as the loop's debrief and sent as an invite; the chair
    hears when there is none. Once per loop."""
    committee = loop.application.requisition.committee
    if committee is None or not committee.debrief_minutes or LoopDebrief.objects.filter(loop=loop).exists():
        return None
    now = now or timezone.now()
    owing = people_owing_feedback(loop=loop)
    people = [m for m in reachable_people(committee.members.select_related("interviewer_profile")) if m.pk not in owing]
    horizon = (now, now + dt.timedelta(days=debrief.HORIZON_DAYS + 1))
    slot = debrief.debrief_slot(
        members=[_debrief_member(m, horizon) for m in people], after=now, minutes=committee.debrief_minutes
    )
    if slot is None:
        notify_debrief_without_slot(loop=loop, chair=committee.chair)
        return None
    meeting = LoopDebrief.objects.create(loop=loop, start=slot[0], end=slot[1])
    notify_committee_debrief(debrief=meeting, members=people)
    return meeting


def _debrief_member(person, horizon: tuple[dt.datetime, dt.datetime]) -> debrief.Member:
    """A member's working week and the time they are taken in the horizon: interviews, busy blocks, and the
    debriefs of other loops whose committee they sit on."""
    lo, hi = horizon
    busy = list(
        InterviewAssignment.objects.filter(
            interviewer=person,
            interview__status=Interview.Status.SCHEDULED,
            interview__start__lt=hi,
            interview__end__gt=lo,
        ).values_list("interview__start", "interview__end")
    )
    busy += list(
        LoopDebrief.objects.filter(
            loop__application__requisition__committee__members=person, start__lt=hi, end__gt=lo
        ).values_list("start", "end")
    )
    profile = getattr(person, "interviewer_profile", None)
    if profile is not None:
        busy += list(profile.busy_blocks.filter(start__lt=hi, end__gt=lo).values_list("start", "end"))
    return debrief.Member(week=working_week(person), busy=busy)
