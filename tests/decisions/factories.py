"""Loops with feedback already in, for the committee's tests.

Submitted scorecards are written directly (the scorecard services are tested on their own), the
way a loop looks once its interviewers are done.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from decisions.models import Decision, Vote
from hiring.models import Committee
from hiring.quorum import quorum_needed
from interviews.models import (
    Competency,
    Interview,
    InterviewAssignment,
    Loop,
    LoopTemplate,
    Rating,
    RoundType,
    RubricVersion,
    Scorecard,
    ScorecardRevision,
    TemplateRound,
)
from interviews.services import interview_feedback_times, scorecard_content
from tests.factories import (
    ApplicationFactory,
    CommitteeFactory,
    LoopFactory,
    LoopTemplateFactory,
    RequisitionFactory,
    UserFactory,
)

# round code → [(competency code, weight, required)]
COMPETENCIES = {
    "overview": [("conduct", "2.0", True), ("collaboration", "1.5", True)],
    "ml_coding": [("ml_implementation", "2.0", True), ("code_quality", "1.0", True)],
    "breadth": [("ml_fundamentals", "1.5", True), ("statistics", "1.5", True), ("reasoning_clarity", "1.0", False)],
    "depth": [("technical_depth", "2.0", True), ("baseline_thinking", "1.5", True)],
    "ml_systems": [("system_design", "2.0", True), ("tradeoffs", "1.5", True)],
    "leadership": [("people_leadership", "2.0", True), ("hiring_bar", "1.0", False)],
}
SCIENTIST = [("overview", True), ("ml_coding", True), ("breadth", True), ("depth", True), ("ml_systems", False)]
EM = [("overview", True), ("ml_coding", True), ("breadth", True), ("leadership", True)]
ANCHORS = {f"anchor_{point}": f"Behaviour observed at point {point} of the scale." for point in range(1, 5)}


def rubric(code: str) -> RubricVersion:
    """Version 1 of a round type's rubric, shared by every loop of a test."""
    round_type, _ = RoundType.objects.get_or_create(
        code=code,
        defaults={
            "name": code.replace("_", " ").capitalize(),
            "purpose": f"The {code} round.",
            "default_minutes": 60,
            "order": list(COMPETENCIES).index(code) if code in COMPETENCIES else 99,
        },
    )
    version, created = RubricVersion.objects.get_or_create(round_type=round_type, version=1)
    if created:
        specs = COMPETENCIES.get(code, [(f"{code}_skill", "1.0", True)])
        for order, (competency, weight, required) in enumerate(specs, start=1):
            Competency.objects.create(
                rubric=version,
                code=competency,
                name=competency.replace("_", " ").capitalize(),
                weight=Decimal(weight),
                required=required,
                order=order,
                **ANCHORS,
            )
    return version


def template(
    *,
    rounds=SCIENTIST,
    role_family: str = "applied_scientist",
    level: str = "MLS2",
    bar: str = "3.00",
    bars: dict | None = None,
    name: str | None = None,
) -> LoopTemplate:
    made = LoopTemplateFactory(
        role_family=role_family,
        level=level,
        competency_bar=Decimal(bar),
        competency_bars=bars or {},
        **({"name": name} if name else {}),
    )
    for order, (code, required) in enumerate(rounds, start=1):
        TemplateRound.objects.create(
            template=made,
            round_type=rubric(code).round_type,
            rubric=rubric(code),
            required=required,
            minutes=60,
            order=order,
        )
    return made


def committee(*, chair: User | None = None, members=None, quorum: int | None = None) -> Committee:
    """Carmen Chair and, unless `members` says otherwise, one more member (a decision needs a voter
    besides the chair). With two members the default quorum is one vote."""
    chair = chair or UserFactory(roles=["committee"], name="Carmen Chair")
    if members is None:
        members = [UserFactory(roles=["committee"], name="Mo Member")]
    return CommitteeFactory(chair=chair, members=list(members), quorum=quorum)


def loop(
    *,
    template_: LoopTemplate | None = None,
    committee_: Committee | None = None,
    status: str = Loop.Status.AWAITING_FEEDBACK,
    rounds=None,
    ended_hours_ago: float = 5,
) -> Loop:
    """A loop whose interviews (every round of its template, or `rounds` codes) ended a while ago."""
    template_ = template_ or template()
    requisition = RequisitionFactory(
        role_family=template_.role_family, level=template_.level, committee=committee_ or committee()
    )
    made = LoopFactory(application=ApplicationFactory(requisition=requisition), template=template_, status=status)
    start = timezone.now() - dt.timedelta(hours=ended_hours_ago + 1)
    template_rounds = {r.round_type.code: r for r in template_.rounds.select_related("round_type", "rubric")}
    codes = rounds or [r.round_type.code for r in template_.rounds.order_by("order")]
    for order, code in enumerate(codes, start=1):
        template_round = template_rounds.get(code)
        Interview.objects.create(
            loop=made,
            round_type=rubric(code).round_type,
            rubric=rubric(code),
            order=template_round.order if template_round else order,
            required=template_round.required if template_round else True,
            minutes=60,
            start=start,
            end=start + dt.timedelta(hours=1),
            status=Interview.Status.COMPLETED,
            **interview_feedback_times(end=start + dt.timedelta(hours=1)),
        )
    return made


def interview(loop_: Loop, code: str) -> Interview:
    return loop_.interviews.get(round_type__code=code)


def draft(interview_: Interview, *, interviewer: User | None = None) -> Scorecard:
    interviewer = interviewer or UserFactory(roles=["interviewer"])
    InterviewAssignment.objects.get_or_create(interview=interview_, interviewer=interviewer)
    return Scorecard.objects.create(interview=interview_, interviewer=interviewer, rubric=interview_.rubric)


def submit(
    interview_: Interview,
    *,
    interviewer: User | None = None,
    score: int = 3,
    overall: str = "yes",
    scores: dict | None = None,
    jerk: bool = False,
    force_fit: bool = False,
    late_hours: float = 3,
) -> Scorecard:
    """A submitted scorecard rating every competency `score` (or `scores[code]`), with its first revision."""
    card = draft(interview_, interviewer=interviewer)
    scores = scores or {}
    for competency in interview_.rubric.competencies.all():
        value = scores.get(competency.code, score)
        Rating.objects.create(scorecard=card, competency=competency, score=value, evidence=f"Saw {competency.code}.")
    card.overall = overall
    card.summary = f"{overall.replace('_', ' ').capitalize()} on {interview_.round_type.code}."
    if jerk:
        card.brilliant_jerk, card.jerk_evidence = True, "Mocked a junior colleague's question."
    if force_fit:
        card.force_fit_concern, card.force_fit_evidence = True, "Only ever tuned models someone else deployed."
    card.status = Scorecard.Status.SUBMITTED
    card.submitted_at = interview_.end + dt.timedelta(hours=late_hours)
    card.save()
    ScorecardRevision.objects.create(
        scorecard=card, number=1, content=scorecard_content(scorecard=card), author=card.interviewer
    )
    return card


def amend(card: Scorecard, *, reason: str = "Mixed up two candidates.", after_decision: bool = False):
    number = card.revisions.count() + 1
    card.amended_at = timezone.now()
    card.save()
    return ScorecardRevision.objects.create(
        scorecard=card,
        number=number,
        reason=reason,
        content=scorecard_content(scorecard=card),
        author=card.interviewer,
        after_decision=after_decision,
    )


def complete(loop_: Loop, **cards) -> dict[str, Scorecard]:
    """Submit a scorecard on every interview; `cards[code]` overrides `submit`'s arguments."""
    return {
        i.round_type.code: submit(i, **cards.get(i.round_type.code, {}))
        for i in loop_.interviews.select_related("round_type", "rubric")
    }


def hired_mls_loop(*, score: int, mls_template: LoopTemplate, chair: User) -> Loop:
    """A past MLS hire whose technical rounds were all rated `score`."""
    past = loop(template_=mls_template, status=Loop.Status.DECIDED)
    complete(past, ml_coding={"score": score}, breadth={"score": score})
    Decision.objects.create(loop=past, outcome=Decision.Choice.HIRE, decided_by=chair)
    return past


def vote(loop_: Loop, voter: User, choice: str = Vote.Choice.HIRE) -> Vote:
    return Vote.objects.create(loop=loop_, voter=voter, vote=choice, first_vote=choice, comment="Agree.")


def quorum(loop_: Loop, choice: str = Vote.Choice.HIRE) -> list[Vote]:
    """Votes by the members besides the chair until the committee's quorum is reached."""
    committee_ = loop_.application.requisition.committee
    members = committee_.members.exclude(pk=committee_.chair_id).order_by("pk")
    needed = quorum_needed(quorum=committee_.quorum, members=committee_.members.count())
    return [vote(loop_, member, choice) for member in members[:needed]]
