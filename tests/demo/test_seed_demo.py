import pytest
from django.core.management import call_command

from accounts.models import User
from decisions.models import Decision
from demo import history
from hiring.models import Application, Candidate, Requisition, UseCase
from interviews.models import Competency, Interview, Loop, LoopTemplate, Rating, RoundType, RubricVersion, Scorecard

pytestmark = pytest.mark.django_db

MODELS = [
    User,
    RoundType,
    RubricVersion,
    Competency,
    LoopTemplate,
    UseCase,
    Requisition,
    Candidate,
    Application,
    Loop,
    Interview,
    Scorecard,
    Rating,
    Decision,
]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_is_idempotent(capsys):
    """Running the seed twice creates nothing the second time."""
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert "nothing changed" in capsys.readouterr().out


def test_it_keeps_edits_made_between_runs():
    """A second run never overwrites what people changed."""
    call_command("seed_demo")
    loop = Loop.objects.get(application__candidate__name="Ada Okafor")
    loop.status = Loop.Status.CANCELLED
    loop.save()
    call_command("seed_demo")
    loop.refresh_from_db()
    assert loop.status == Loop.Status.CANCELLED


def test_it_creates_loops_in_every_state():
    """It creates loops in every state."""
    call_command("seed_demo")
    assert set(Loop.objects.values_list("status", flat=True)) == set(Loop.Status.values)


def test_it_writes_every_anchor_for_six_round_types():
    """It writes every anchor for six round types."""
    call_command("seed_demo")
    assert set(RoundType.objects.values_list("code", flat=True)) == set(RoundType.Code.values)
    for competency in Competency.objects.all():
        assert all(len(text) > 20 for text in competency.anchors.values()), competency.code


def test_it_seeds_the_templates_the_issue_names():
    """It seeds the templates the issue names."""
    call_command("seed_demo")
    pairs = set(LoopTemplate.objects.values_list("role_family", "level"))
    assert {
        ("applied_scientist", "MLS1"),
        ("applied_scientist", "MLS2"),
        ("applied_scientist", "senior"),
        ("ml_engineer", "MLS2"),
        ("research_scientist", "senior"),
        ("engineering_manager", "EM1"),
    } <= pairs
    em = LoopTemplate.objects.get(role_family="engineering_manager", level="EM1")
    assert {"ml_coding", "breadth"} <= set(em.rounds.values_list("round_type__code", flat=True))


def test_it_includes_a_brilliant_jerk_flag_and_an_em_below_the_bar():
    """It includes a brilliant jerk flag and an EM below the bar."""
    call_command("seed_demo")
    flagged = Scorecard.objects.get(brilliant_jerk=True)
    assert flagged.jerk_evidence
    assert flagged.status == Scorecard.Status.SUBMITTED
    em_coding = Rating.objects.filter(
        scorecard__interview__loop__template__role_family="engineering_manager",
        scorecard__interview__round_type__code__in=["ml_coding", "breadth"],
    )
    assert em_coding.exists()
    assert all(r.score < 3 for r in em_coding)


def test_demo_people_can_sign_in(client):
    """Demo people can sign in."""
    call_command("seed_demo")
    for username in ["admin", "recruiter", "manager", "chair", "committee", "interviewer"]:
        assert client.login(username=username, password="loopwise-demo"), username


def test_the_demo_decision_is_linked_to_its_recommendation_and_use_cases_have_four_eyes():
    """Every demo decision (Grace Liu's and the past loops') is linked to its recommendation, an override
    carries a rationale, and use cases have four eyes."""
    call_command("seed_demo")
    decisions = list(Decision.objects.select_related("recommendation"))
    assert len(decisions) == 1 + len(history.CANDIDATES)
    for decision in decisions:
        assert decision.recommendation is not None
        assert decision.is_override == (decision.recommendation.outcome != decision.outcome)
        assert decision.rationale or not decision.is_override
    for use_case in UseCase.objects.filter(status="accepted"):
        assert use_case.proposed_by != use_case.accepted_by


def test_the_past_loops_give_every_analytics_report_enough_to_show_a_pattern():
    """Two raters on most rounds, lenient and severe interviewers, varied submit times, four past hires:
    no report is left with only "few" rows."""
    from analytics import reports, selectors

    call_command("seed_demo")
    report = selectors.analytics_reports(
        names=reports.NAMES, viewer=User.objects.get(username="admin"), filters=selectors.AnalyticsFilters()
    )
    calibration = {row.interviewer: row for row in report["calibration"].rows}
    assert calibration["Lena Lindqvist"].offset > 0.25
    assert calibration["Kenji Watanabe"].offset < -0.25
    assert calibration["Kenji Watanabe"].ci_high < 0  # severe beyond doubt
    reliability = {row.round_type: row for row in report["reliability"].rows}
    assert all(not row.few for row in reliability.values())
    assert reliability["ml_coding"].alpha > reliability["overview"].alpha
    times = {row.round_type: row for row in report["time-to-submit"].rows}
    assert times["all"].p25_hours < 6 < times["all"].p90_hours
    assert times["all"].late_share > 0
    hires = next(row for row in report["funnel"].rows if row.stage == "decision")
    assert hires.passed == history.PAST_HIRES + 1  # and Grace Liu
    assert all(not row.few for row in report["round-validity"].rows)
    assert Requisition.objects.get(title=history.PAST_TITLE).status == Requisition.Status.FILLED
    decided_at = dict(Decision.objects.values_list("loop_id", "decided_at"))
    for loop_id, submitted_at in Scorecard.objects.filter(status="submitted").values_list(
        "interview__loop_id", "submitted_at"
    ):
        assert loop_id not in decided_at or submitted_at < decided_at[loop_id]  # feedback before the decision
