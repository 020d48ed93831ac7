"""A small loop with two finished interviews and draft scorecards, for scorecard tests."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from interviews.models import Competency, Interview, InterviewAssignment, Loop, RoundType, Scorecard
from tests.factories import (
    CompetencyFactory,
    InterviewFactory,
    LoopFactory,
    RoundTypeFactory,
    RubricVersionFactory,
    UserFactory,
)


@dataclass
class LoopSetup:
    loop: Loop
    coding: Interview
    breadth: Interview
    alice: object  # interviewer on coding
    bob: object  # interviewer on breadth
    alice_card: Scorecard
    bob_card: Scorecard
    required: list[Competency]
    optional: Competency


def _rubric(code: str):
    rubric = RubricVersionFactory(round_type=RoundTypeFactory(code=code))
    required = [
        CompetencyFactory(rubric=rubric, code=f"{code}_a", name=f"{code} A", order=1),
        CompetencyFactory(rubric=rubric, code=f"{code}_b", name=f"{code} B", order=2),
    ]
    optional = CompetencyFactory(rubric=rubric, code=f"{code}_opt", name=f"{code} optional", required=False, order=3)
    return rubric, required, optional


def make_loop(*, ended_hours_ago: float = 2, coding_round: str = RoundType.Code.ML_CODING) -> LoopSetup:
    loop = LoopFactory(status=Loop.Status.AWAITING_FEEDBACK)
    start = timezone.now() - dt.timedelta(hours=ended_hours_ago + 1)
    coding_rubric, required, optional = _rubric(coding_round)
    breadth_rubric, _, _ = _rubric(RoundType.Code.BREADTH)
    coding = InterviewFactory(loop=loop, rubric=coding_rubric, start=start, order=1)
    breadth = InterviewFactory(loop=loop, rubric=breadth_rubric, start=start, order=2)
    alice = UserFactory(roles=["interviewer"], name="Alice A")
    bob = UserFactory(roles=["interviewer"], name="Bob B")
    cards = []
    for interview, person in ((coding, alice), (breadth, bob)):
        InterviewAssignment.objects.create(interview=interview, interviewer=person)
        cards.append(Scorecard.objects.create(interview=interview, interviewer=person, rubric=interview.rubric))
    return LoopSetup(loop, coding, breadth, alice, bob, cards[0], cards[1], required, optional)


def complete_content(scorecard: Scorecard, *, score: int = 3, overall: str = "yes") -> dict:
    """A payload that passes every submit rule for this scorecard's rubric."""
    return {
        "ratings": [
            {"competency": c.id, "score": score, "evidence": f"Evidence for {c.name}."}
            for c in scorecard.rubric.competencies.filter(required=True)
        ],
        "overall": overall,
        "summary": "Solid.",
    }
