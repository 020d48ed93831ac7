"""Loops with submitted scorecards and final decisions, built straight in the database for analytics tests."""

import datetime as dt

from django.utils import timezone

from decisions.models import Decision
from interviews.models import InterviewAssignment, Loop, Rating, RubricVersion, Scorecard
from tests.factories import (
    ApplicationFactory,
    CompetencyFactory,
    InterviewFactory,
    LoopFactory,
    RoundTypeFactory,
    RubricVersionFactory,
    UserFactory,
)


def rubric_for(code: str):
    """The round type's rubric with two competencies, made on first use in a test."""
    rubric = RubricVersion.objects.filter(round_type__code=code).first()
    if rubric is None:
        rubric = RubricVersionFactory(round_type=RoundTypeFactory(code=code))
        for order in (1, 2):
            CompetencyFactory(rubric=rubric, order=order)
    return rubric, list(rubric.competencies.order_by("order"))


def scored_loop(
    *,
    panels: dict[str, list[tuple[object, str, list[int | None]]]],
    hired: bool | None = None,
    requisition=None,
    start: dt.datetime | None = None,
    submit_after_hours: float = 2,
) -> Loop:
    """A loop whose rounds were held and scored: {round code: [(interviewer, overall, [scores])]}."""
    application = ApplicationFactory(requisition=requisition) if requisition else ApplicationFactory()
    loop = LoopFactory(
        application=application, status=Loop.Status.DECIDED if hired is not None else Loop.Status.READY_FOR_REVIEW
    )
    start = start or timezone.now() - dt.timedelta(days=3)
    for order, (code, panel) in enumerate(panels.items(), start=1):
        rubric, competencies = rubric_for(code)
        begin = start + dt.timedelta(hours=order)
        interview = InterviewFactory(
            loop=loop, rubric=rubric, order=order, start=begin, end=begin + dt.timedelta(hours=1)
        )
        for person, overall, scores in panel:
            InterviewAssignment.objects.create(interview=interview, interviewer=person)
            card = Scorecard.objects.create(
                interview=interview,
                interviewer=person,
                rubric=rubric,
                status=Scorecard.Status.SUBMITTED,
                overall=overall,
                submitted_at=interview.end + dt.timedelta(hours=submit_after_hours),
            )
            for competency, score in zip(competencies, scores, strict=False):
                Rating.objects.create(scorecard=card, competency=competency, score=score, evidence="Seen.")
    if hired is not None:
        Decision.objects.create(
            loop=loop, outcome=Decision.Choice.HIRE if hired else Decision.Choice.NO_HIRE, decided_by=UserFactory()
        )
    return loop
