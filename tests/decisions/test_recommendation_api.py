"""GET loops/{id}/recommendation/: the outcome and its reasons, for those who may read the feedback."""

import pytest

from decisions.models import RecommendationRecord
from tests.decisions import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _member_of(loop, api):
    member = UserFactory(roles=["committee"])
    loop.application.requisition.committee.members.add(member)
    api.force_authenticate(member)
    return member


def test_it_explains_a_brilliant_jerk_veto(api):
    """A committee member sees no hire, the veto first, and the scorecard it rests on."""
    loop = f.loop()
    cards = f.complete(loop, overview={"score": 4, "overall": "strong_yes", "jerk": True})
    _member_of(loop, api)
    response = api.get(f"/api/v1/loops/{loop.pk}/recommendation/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["outcome"] == "no_hire"
    assert body["em_check"] is None
    first = body["reasons"][0]
    assert first["code"] == "brilliant_jerk"
    assert first["severity"] == "critical"
    assert first["decisive"] is True
    assert first["scorecards"] == [cards["overview"].pk]
    assert "Mocked a junior colleague's question." in first["message"]
    assert set(body) >= {"outcome", "reasons", "em_check", "competencies", "coverage", "late_scorecards"}
    assert not RecommendationRecord.objects.exists()  # reading computes, it does not write


def test_it_names_the_missing_rounds_of_an_incomplete_loop(api):
    """Incomplete, with each missing required round named."""
    loop = f.loop()
    f.submit(f.interview(loop, "overview"))
    _member_of(loop, api)
    body = api.get(f"/api/v1/loops/{loop.pk}/recommendation/").json()
    assert body["outcome"] == "incomplete"
    assert [r["rounds"] for r in body["reasons"] if r["code"] == "missing_round"] == [
        ["ml_coding"],
        ["breadth"],
        ["depth"],
    ]


def test_an_em_loop_carries_the_em_check(api):
    """EM loops report the technical rounds against the MLS bar with the gap per competency."""
    loop = f.loop(template_=f.template(rounds=f.EM, role_family="engineering_manager", level="EM1"))
    f.complete(loop, ml_coding={"score": 2, "overall": "no"}, leadership={"score": 4, "overall": "strong_yes"})
    _member_of(loop, api)
    body = api.get(f"/api/v1/loops/{loop.pk}/recommendation/").json()
    assert body["outcome"] == "no_hire"
    assert body["em_check"]["status"] == "below"
    gaps = {c["code"]: c["gap"] for c in body["em_check"]["competencies"]}
    assert gaps["ml_implementation"] == 1.0
    assert gaps["ml_fundamentals"] == 0.0
    assert body["em_check"]["percentile"] is None
    assert "em_below_mls_bar" in [r["code"] for r in body["reasons"]]


def test_it_is_404_for_someone_who_cannot_see_the_loop(api, as_user):
    """A committee member of another committee gets 404, not 403."""
    loop = f.loop()
    f.complete(loop)
    as_user("committee")
    assert api.get(f"/api/v1/loops/{loop.pk}/recommendation/").status_code == 404


def test_it_is_404_for_an_interviewer_who_still_owes_feedback(api):
    """Independent review: an interviewer who has not submitted sees nothing of the others."""
    loop = f.loop()
    f.submit(f.interview(loop, "overview"))
    owing = UserFactory(roles=["interviewer", "committee"])
    loop.application.requisition.committee.members.add(owing)
    f.draft(f.interview(loop, "depth"), interviewer=owing)
    api.force_authenticate(owing)
    assert api.get(f"/api/v1/loops/{loop.pk}/recommendation/").status_code == 404
    assert api.get(f"/api/v1/loops/{loop.pk}/packet/").status_code == 404


def test_an_interviewer_who_submitted_may_read_it(api):
    """Once their own scorecard is in, an interviewer on the loop may read the recommendation."""
    loop = f.loop()
    interviewer = UserFactory(roles=["interviewer"])
    f.complete(loop, depth={"interviewer": interviewer})
    api.force_authenticate(interviewer)
    assert api.get(f"/api/v1/loops/{loop.pk}/recommendation/").status_code == 200


def test_it_needs_authentication(api):
    """It needs authentication."""
    loop = f.loop()
    assert api.get(f"/api/v1/loops/{loop.pk}/recommendation/").status_code == 401


def test_an_unknown_loop_is_404(api, as_user):
    """An unknown loop is 404."""
    as_user("admin")
    assert api.get("/api/v1/loops/999999/recommendation/").status_code == 404
