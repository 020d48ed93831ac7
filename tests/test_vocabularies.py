"""Outcomes, stages and states are defined once: the pure modules, the models and the API use the same
values, and those are the strings API.md fixes."""

from analytics import stats
from decisions import engine
from decisions.codes import DecisionOutcome, Outcome, VoteChoice
from decisions.models import Decision, RecommendationRecord, Vote
from hiring.codes import Level, RoleFamily
from hiring.models import Application
from interviews import feedback_timing
from interviews.codes import FeedbackState, LoopStatus, Overall, QualificationStage, RoundCode
from interviews.models import Interview, Loop, Qualification, RoundType, Scorecard
from interviews.scheduling import solver


def test_the_codes_are_the_ones_the_api_contract_fixes():
    """API.md "Codes": clients rely on these strings."""
    assert RoleFamily.values == [
        "applied_scientist",
        "research_scientist",
        "ml_engineer",
        "data_scientist",
        "data_engineer",
        "analytics_engineer",
        "engineering_manager",
    ]
    assert Level.values == ["MLS1", "MLS2", "senior", "staff", "EM1", "EM2"]
    assert RoundCode.values == ["overview", "ml_coding", "breadth", "depth", "ml_systems", "leadership"]
    assert Application.Stage.values == [
        "applied",
        "screen",
        "loop",
        "committee",
        "offer",
        "hired",
        "rejected",
        "withdrawn",
    ]
    assert LoopStatus.values == [
        "draft",
        "scheduling",
        "scheduled",
        "awaiting_feedback",
        "ready_for_review",
        "decided",
        "cancelled",
    ]
    assert Outcome.values == ["hire", "no_hire", "needs_discussion", "incomplete"]
    assert VoteChoice.values == ["hire", "no_hire", "abstain"]
    assert Overall.values == ["strong_no", "no", "yes", "strong_yes"]
    assert QualificationStage.values == ["shadow", "reverse_shadow", "qualified"]


def test_the_models_use_the_one_definition():
    """Model choices are the codes modules' classes, not copies."""
    assert Loop.Status is LoopStatus
    assert RoundType.Code is RoundCode
    assert Qualification.Stage is QualificationStage
    assert Scorecard.Overall is Overall
    assert Vote.Choice is VoteChoice
    assert Decision.Choice is DecisionOutcome
    assert dict(RecommendationRecord._meta.get_field("outcome").choices) == dict(Outcome.choices)
    assert set(Interview.Status.values) >= {"scheduled", "cancelled"}


def test_the_decision_engine_speaks_the_same_outcomes_and_recommendations():
    """Its outcomes are the model's, and it weighs every overall recommendation there is."""
    assert {engine.HIRE, engine.NO_HIRE, engine.NEEDS_DISCUSSION, engine.INCOMPLETE} == set(Outcome.values)
    assert set(DecisionOutcome.values) == {engine.HIRE, engine.NO_HIRE}
    assert set(VoteChoice.values) - {"abstain"} == set(DecisionOutcome.values)
    assert list(engine.OVERALL_WEIGHT) == Overall.values
    assert set(engine.OVERALL_LABEL) == set(Overall.values)
    assert engine.ENGINEERING_MANAGER in RoleFamily.values
    assert set(engine.EM_TECHNICAL_ROUNDS) <= set(RoundCode.values)


def test_the_scheduler_and_analytics_speak_the_same_codes():
    """The solver's training stages and overview round, the analytics' overall scale."""
    assert solver.OVERVIEW in RoundCode.values
    assert solver.QUALIFIED == QualificationStage.QUALIFIED
    assert set(solver.TRAINEE_STAGES) == set(QualificationStage.values) - {QualificationStage.QUALIFIED}
    assert list(stats.OVERALL_SCORE) == Overall.values
    assert list(stats.OVERALL_SCORE.values()) == [1, 2, 3, 4]


def test_feedback_states_are_the_ones_pages_sort_by():
    """The feedback timing module returns only its own vocabulary."""
    import datetime as dt

    end = dt.datetime(2026, 3, 2, 15, tzinfo=dt.UTC)
    overdue = feedback_timing.feedback_times(end).overdue_at
    states = {
        feedback_timing.feedback_state(
            now=end + dt.timedelta(hours=h), end=end, overdue_at=overdue, submitted=s, cancelled=c
        )
        for h in (-1, 1, 30)
        for s in (False, True)
        for c in (False, True)
    }
    assert states == set(FeedbackState.values)
