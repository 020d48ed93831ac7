"""Rules the database itself enforces, whatever code writes to it."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from decisions.models import Decision
from hiring.models import Application
from interviews.models import BusyBlock, Competency, Rating, Scorecard
from tests.factories import (
    ApplicationFactory,
    CompetencyFactory,
    InterviewerProfileFactory,
    LoopFactory,
    ScorecardFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _violates(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_it_rejects_a_rating_of_5():
    """A score outside the 1–4 scale never reaches the table."""
    scorecard = ScorecardFactory()
    competency = CompetencyFactory(rubric=scorecard.rubric)
    assert _violates(lambda: Rating.objects.create(scorecard=scorecard, competency=competency, score=5))
    assert _violates(lambda: Rating.objects.create(scorecard=scorecard, competency=competency, score=0))
    assert not Rating.objects.exists()


def test_it_accepts_ratings_on_the_scale_and_not_assessed():
    """1–4 and null (not assessed) are valid."""
    scorecard = ScorecardFactory()
    for score in (1, 4, None):
        competency = CompetencyFactory(rubric=scorecard.rubric)
        Rating.objects.create(scorecard=scorecard, competency=competency, score=score)
    assert sorted(Rating.objects.values_list("score", flat=True), key=lambda s: s or 0) == [None, 1, 4]


def test_it_rejects_two_scorecards_for_one_interviewer_on_one_interview():
    """One scorecard per (interview, interviewer)."""
    scorecard = ScorecardFactory()
    duplicate = lambda: Scorecard.objects.create(  # noqa: E731
        interview=scorecard.interview, interviewer=scorecard.interviewer, rubric=scorecard.rubric
    )
    assert _violates(duplicate)
    assert Scorecard.objects.count() == 1


def test_it_allows_two_interviewers_on_one_interview():
    """The uniqueness is per interviewer, not per interview."""
    scorecard = ScorecardFactory()
    ScorecardFactory(interview=scorecard.interview)
    assert Scorecard.objects.filter(interview=scorecard.interview).count() == 2


def test_it_rejects_a_second_application_for_the_same_requisition():
    """One application per candidate × requisition."""
    application = ApplicationFactory()
    assert _violates(
        lambda: Application.objects.create(candidate=application.candidate, requisition=application.requisition)
    )


def test_it_rejects_a_submitted_scorecard_without_an_overall():
    """A submitted scorecard is complete at least in its overall recommendation."""
    scorecard = ScorecardFactory()
    scorecard.status = Scorecard.Status.SUBMITTED
    scorecard.submitted_at = timezone.now()
    assert _violates(scorecard.save)


def test_it_rejects_a_submitted_jerk_flag_without_evidence():
    """The brilliant-jerk flag needs the observed behaviour written down."""
    scorecard = ScorecardFactory(overall="no", brilliant_jerk=True)
    scorecard.status = Scorecard.Status.SUBMITTED
    scorecard.submitted_at = timezone.now()
    assert _violates(scorecard.save)


def test_it_rejects_a_competency_with_an_unwritten_anchor():
    """Every point of the 1–4 scale has a written descriptor."""
    rubric = CompetencyFactory().rubric
    assert _violates(
        lambda: Competency.objects.create(
            rubric=rubric, code="x", name="X", anchor_1="a", anchor_2="", anchor_3="c", anchor_4="d"
        )
    )


def test_it_rejects_a_busy_block_that_ends_before_it_starts():
    """It rejects a busy block that ends before it starts."""
    profile = InterviewerProfileFactory()
    now = timezone.now()
    assert _violates(lambda: BusyBlock.objects.create(profile=profile, start=now, end=now - dt.timedelta(hours=1)))


def test_it_rejects_an_override_without_rationale():
    """A decision that overrides the recommendation carries a written rationale."""
    loop = LoopFactory()
    chair = UserFactory()
    assert _violates(
        lambda: Decision.objects.create(loop=loop, outcome="hire", is_override=True, rationale="", decided_by=chair)
    )
