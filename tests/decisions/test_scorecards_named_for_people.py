"""Reasons, flags and the audit trail name scorecards by interviewer and round, never by id; the API keeps ids."""

import re

import pytest
from django.urls import reverse

from decisions.codes import Trigger
from decisions.selectors import ScorecardRef, describe_trigger
from decisions.services import loop_recommendation_refresh
from interviews.models import Loop
from tests.decisions import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SCORECARD_ID = re.compile(r"[Ss]corecard \d+")


def _flagged_loop():
    """Every kind of reason that rests on scorecards: a jerk flag, a strong no, a force-fit concern, the lean."""
    loop = f.loop(status=Loop.Status.READY_FOR_REVIEW)
    lena = UserFactory(name="Lena Lindqvist", roles=["interviewer"])
    cards = f.complete(
        loop,
        overview={"jerk": True, "interviewer": lena, "score": 2},
        breadth={"overall": "strong_no"},
        depth={"force_fit": True},
    )
    return loop, cards["overview"]


def test_the_packet_page_names_the_interviewer_and_round_a_reason_rests_on(client):
    """Rests on "Lena Lindqvist (Overview)", linked to her card; no "scorecard 20" anywhere on the page."""
    loop, card = _flagged_loop()
    loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED, params={"scorecard": card.pk})
    client.force_login(loop.application.requisition.committee.chair)
    response = client.get(reverse("decisions:packet", args=[loop.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="#scorecard-{card.pk}">Lena Lindqvist (Overview)</a>' in html
    assert f'id="scorecard-{card.pk}"' in html
    assert "read their scorecard" in html
    assert "Scorecard of Lena Lindqvist (Overview) submitted" in html
    assert not SCORECARD_ID.search(html), SCORECARD_ID.search(html)


def test_the_api_keeps_scorecard_ids_and_its_messages_name_people(api):
    """`scorecards: [ids]` stays; no reason message cites a scorecard by id; the history has a description."""
    loop, card = _flagged_loop()
    loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED, params={"scorecard": card.pk})
    chair = loop.application.requisition.committee.chair
    api.force_authenticate(chair)
    body = api.get(f"/api/v1/loops/{loop.pk}/packet/").json()
    reasons = body["recommendation"]["reasons"]
    jerk = next(r for r in reasons if r["code"] == "brilliant_jerk")
    assert jerk["scorecards"] == [card.pk]
    assert "Lena Lindqvist raised the brilliant-jerk flag in Overview" in jerk["message"]
    assert {"brilliant_jerk", "strong_no", "force_fit"} <= {r["code"] for r in reasons}
    assert not [r["message"] for r in reasons if SCORECARD_ID.search(r["message"])]
    history = body["recommendation_history"][0]
    assert history["trigger"] == "scorecard_submitted"
    assert history["description"] == "scorecard of Lena Lindqvist (Overview) submitted"
    recommendation = api.get(f"/api/v1/loops/{loop.pk}/recommendation/").json()
    assert not [r["message"] for r in recommendation["reasons"] if SCORECARD_ID.search(r["message"])]


def test_a_reason_resting_on_a_scorecard_still_owed_names_it_without_a_link(client):
    """A missing round's owed draft is named (whose, which round) but has no card to link to."""
    loop = f.loop()
    for code in ("overview", "ml_coding", "breadth"):
        f.submit(f.interview(loop, code))
    owed = f.draft(f.interview(loop, "depth"), interviewer=UserFactory(name="Kenji Watanabe"))
    client.force_login(loop.application.requisition.committee.chair)
    html = client.get(reverse("decisions:packet", args=[loop.pk])).content.decode()
    assert "Rests on Kenji Watanabe (Depth)." in html
    assert f'href="#scorecard-{owed.pk}"' not in html


def test_describing_a_trigger_uses_names_and_leaves_unknown_ids_alone():
    """Audit events are rendered at display: scorecards by interviewer and round, people by name."""
    refs = {20: ScorecardRef(20, "Lena Lindqvist (Overview)", True)}
    names = {7: "Carmen Chair"}
    amended = describe_trigger(Trigger.SCORECARD_AMENDED, {"scorecard": 20, "revision": 2}, refs=refs, names=names)
    assert amended == "scorecard of Lena Lindqvist (Overview) amended (revision 2)"
    assert describe_trigger(Trigger.VOTE, {"user": 7}, refs=refs, names=names) == "vote by Carmen Chair"
    assert describe_trigger(Trigger.DECISION, {"user": 7}, refs=refs, names=names) == "decision by Carmen Chair"
    assert describe_trigger(Trigger.DECISION, {"user": 8}, refs=refs, names=names) == (
        "decision by a former committee member"
    )
    submitted = describe_trigger(Trigger.SCORECARD_SUBMITTED, {"scorecard": 99}, refs=refs, names=names)
    assert submitted == "scorecard 99 submitted"
    assert describe_trigger(Trigger.DEMO_SEED, {}, refs=refs, names=names) == "demo data loaded"
