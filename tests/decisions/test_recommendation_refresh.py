"""loop_recommendation_refresh: every recomputation is kept, and a complete loop becomes ready."""

import pytest
from django.utils import timezone

from decisions import selectors
from decisions.codes import Trigger
from decisions.models import Decision, RecommendationRecord
from decisions.services import loop_recommendation_refresh
from hiring.models import Application
from interviews.models import Loop
from tests.decisions import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_keeps_a_record_of_every_recomputation():
    """Two refreshes, two audit rows, each with what triggered it."""
    loop = f.loop()
    f.complete(loop)
    loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED, params={"scorecard": 1})
    loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_AMENDED, params={"scorecard": 1, "revision": 2})
    records = list(RecommendationRecord.objects.filter(loop=loop).order_by("id"))
    assert [(r.trigger, r.trigger_params) for r in records] == [
        ("scorecard_submitted", {"scorecard": 1}),
        ("scorecard_amended", {"scorecard": 1, "revision": 2}),
    ]
    assert {r.outcome for r in records} == {"hire"}


def test_it_moves_a_complete_loop_awaiting_feedback_to_ready_for_review():
    """The last required scorecard makes the loop ready and the application goes to committee."""
    loop = f.loop()
    f.complete(loop)
    before = timezone.now()
    record = loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED)
    loop.refresh_from_db()
    assert record.outcome == "hire"
    assert loop.status == Loop.Status.READY_FOR_REVIEW
    assert loop.ready_for_review_at >= before
    assert loop.application.stage == Application.Stage.COMMITTEE


def test_it_moves_a_complete_scheduled_loop_too():
    """A loop still marked scheduled becomes ready once complete."""
    loop = f.loop(status=Loop.Status.SCHEDULED)
    f.complete(loop)
    loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED)
    loop.refresh_from_db()
    assert loop.status == Loop.Status.READY_FOR_REVIEW


def test_it_leaves_an_incomplete_loop_awaiting_feedback():
    """A required round still owed keeps the loop waiting; the incomplete result is still kept."""
    loop = f.loop()
    f.submit(f.interview(loop, "overview"))
    f.draft(f.interview(loop, "depth"))
    record = loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED)
    loop.refresh_from_db()
    assert record.outcome == "incomplete"
    assert loop.status == Loop.Status.AWAITING_FEEDBACK
    assert loop.ready_for_review_at is None
    assert [r["code"] for r in record.reasons] == ["missing_round"] * 3


def test_a_missing_optional_round_does_not_hold_the_loop_back():
    """The optional ML-systems round never happened: the loop is still ready."""
    loop = f.loop(rounds=["overview", "ml_coding", "breadth", "depth"])
    f.complete(loop)
    loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED)
    loop.refresh_from_db()
    assert loop.status == Loop.Status.READY_FOR_REVIEW


def test_it_never_reopens_a_decided_loop():
    """An amendment after the decision is recorded but the loop stays decided."""
    chair = UserFactory(roles=["committee"])
    loop = f.loop(committee_=f.committee(chair=chair), status=Loop.Status.DECIDED)
    f.complete(loop)
    Decision.objects.create(loop=loop, outcome="hire", decided_by=chair)
    loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_AMENDED)
    loop.refresh_from_db()
    assert loop.status == Loop.Status.DECIDED
    assert loop.recommendations.count() == 1


def test_it_stores_reasons_em_check_coverage_and_late_scorecards():
    """The audit row holds everything the recommendation said."""
    loop = f.loop(template_=f.template(rounds=f.EM, role_family="engineering_manager", level="EM1"))
    f.complete(loop, ml_coding={"score": 2, "overall": "no", "late_hours": 60})
    record = loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED)
    assert record.outcome == "no_hire"
    codes = [r["code"] for r in record.reasons]
    assert "em_below_mls_bar" in codes
    assert "below_bar" in codes
    assert record.em_check["status"] == "below"
    assert {c["code"] for c in record.em_check["competencies"] if not c["meets_bar"]} == {
        "ml_implementation",
        "code_quality",
    }
    assert record.late_scorecards[0]["hours_after_interview"] == 60.0
    assert record.coverage == []


def test_the_em_check_uses_mls_templates_and_past_hires():
    """Five hired MLS loops give a percentile; their templates' bars apply to the technical rounds."""
    chair = UserFactory(roles=["committee"])
    mls1 = f.template(level="MLS1", name="AS MLS1")
    mls2 = f.template(level="MLS2", name="AS MLS2", bars={"code_quality": 3.5})
    f.template(role_family="ml_engineer", level="MLS2", name="MLE MLS2", bars={"statistics": 4})  # not a scientist
    for score in (2, 3, 3, 4, 4):
        f.hired_mls_loop(score=score, mls_template=mls1 if score < 4 else mls2, chair=chair)
    loop = f.loop(template_=f.template(rounds=f.EM, role_family="engineering_manager", level="EM1"))
    f.complete(loop, ml_coding={"score": 3, "scores": {"code_quality": 4}})
    check = selectors.loop_recommendation(loop=loop).em_check
    assert check.bar_source == ("AS MLS1", "AS MLS2")
    bars = {c.code: c.bar for c in check.competencies}
    assert bars["code_quality"] == 3.5
    assert bars["statistics"] == 3.0
    assert check.reference_hires == 5
    assert check.status == "meets"
    assert check.percentile is not None


def test_the_loop_keeps_the_latest_outcome_and_reasons_for_the_loops_api(api):
    """Each refresh writes Loop.latest_recommendation; GET loops/{id}/ shows it without reading the trail."""
    loop = f.loop()
    f.complete(loop)
    f.submit(f.interview(loop, "overview"), overall="strong_no")
    record = loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_AMENDED)
    record.refresh_from_db()
    loop.refresh_from_db()
    assert loop.latest_recommendation["outcome"] == record.outcome
    assert loop.latest_recommendation["reasons"] == record.reasons
    api.force_authenticate(UserFactory(roles=["admin"]))
    shown = api.get(f"/api/v1/loops/{loop.pk}/").json()["recommendation"]
    assert shown["outcome"] == record.outcome
    assert [reason["code"] for reason in shown["reasons"]] == [reason["code"] for reason in record.reasons]
    assert shown["computed_at"].startswith(f"{record.computed_at:%Y-%m-%dT%H:%M}")
