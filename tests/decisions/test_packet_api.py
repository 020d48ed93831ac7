"""GET loops/{id}/packet/: everything the committee reviews, in a constant number of queries."""

import pytest

from decisions.codes import Trigger
from decisions.models import Decision
from decisions.services import loop_recommendation_refresh
from interviews.models import Loop
from tests.decisions import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signed_in_member(loop, api, **fields):
    member = UserFactory(roles=["committee"], **fields)
    loop.application.requisition.committee.members.add(member)
    api.force_authenticate(member)
    return member


def test_the_packet_holds_matrix_flags_recommendation_and_history(api):
    """Matrix cells carry every rating with its evidence; flags and the recommendation are there."""
    loop = f.loop()
    cards = f.complete(
        loop,
        overview={"jerk": True, "overall": "no"},
        ml_coding={"scores": {"code_quality": 2}},
        depth={"force_fit": True},
    )
    loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED)
    _signed_in_member(loop, api)
    response = api.get(f"/api/v1/loops/{loop.pk}/packet/")
    assert response.status_code == 200, response.json()
    body = response.json()
    columns = body["matrix"]["columns"]
    assert [c["scorecard"] for c in columns] == [
        cards[code].pk for code in ("overview", "ml_coding", "breadth", "depth", "ml_systems")
    ]
    rows = {row["competency"]["code"]: row for row in body["matrix"]["rows"]}
    code_quality = rows["code_quality"]
    assert code_quality["competency"]["meets_bar"] is False
    cell = code_quality["cells"][1]
    assert cell == {"scorecard": cards["ml_coding"].pk, "score": 2, "evidence": "Saw code_quality."}
    assert code_quality["cells"][0] is None
    assert [flag["kind"] for flag in body["flags"]] == ["brilliant_jerk", "force_fit"]
    assert body["flags"][0]["evidence"] == "Mocked a junior colleague's question."
    assert body["recommendation"]["outcome"] == "no_hire"
    assert [r["trigger"] for r in body["recommendation_history"]] == ["scorecard_submitted"]
    assert body["loop"]["status"] == "ready_for_review"
    assert body["can_vote"] is True
    assert body["can_decide"] is False
    assert body["decision"] is None
    assert len(body["scorecards"]) == 5
    assert body["scorecards"][0]["ratings"][0]["evidence"] == "Saw conduct."


def test_the_packet_marks_late_and_amended_scorecards(api):
    """Late scorecards carry their delay; amendments after the decision are flagged as such."""
    chair = UserFactory(roles=["committee"])
    loop = f.loop(committee_=f.committee(chair=chair), status=Loop.Status.DECIDED)
    cards = f.complete(loop, breadth={"late_hours": 72})
    Decision.objects.create(loop=loop, outcome="hire", decided_by=chair)
    f.amend(cards["depth"], reason="Typo in the evidence.")
    f.amend(cards["depth"], reason="Remembered the follow-up question.", after_decision=True)
    api.force_authenticate(chair)
    body = api.get(f"/api/v1/loops/{loop.pk}/packet/").json()
    late = {c["id"]: c["late"] for c in body["scorecards"]}
    assert late[cards["breadth"].pk]["hours_after_interview"] == 72.0
    assert late[cards["depth"].pk] is None
    assert [(a["number"], a["after_decision"]) for a in body["amendments"]] == [(2, False), (3, True)]
    assert body["decision"]["outcome"] == "hire"
    assert body["voting_open"] is False
    assert body["can_decide"] is False


def test_contact_details_are_for_the_committee_not_for_interviewers(api):
    """An interviewer who submitted reads the packet without the candidate's email or phone."""
    loop = f.loop()
    interviewer = UserFactory(roles=["interviewer"])
    f.complete(loop, depth={"interviewer": interviewer})
    api.force_authenticate(interviewer)
    candidate = api.get(f"/api/v1/loops/{loop.pk}/packet/").json()["candidate"]
    assert candidate["email"] is None
    assert candidate["name"] == loop.application.candidate.name
    _signed_in_member(loop, api)
    assert api.get(f"/api/v1/loops/{loop.pk}/packet/").json()["candidate"]["email"] == loop.application.candidate.email


EXTRA_ROUNDS = ["panel_a", "panel_b"]


@pytest.mark.parametrize(
    ("family", "interviews"),
    [("applied_scientist", 1), ("applied_scientist", 8), ("engineering_manager", 1), ("engineering_manager", 8)],
)
def test_the_packet_query_count_does_not_grow_with_the_loop(api, django_assert_num_queries, family, interviews):
    """1 or 8 interviews (each amended, with votes): the same number of queries."""
    codes = ["overview", "ml_coding", "breadth", "depth", "ml_systems", "leadership", *EXTRA_ROUNDS][:interviews]
    rounds = [(code, True) for code in codes]
    level = "EM1" if family == "engineering_manager" else "MLS2"
    loop = f.loop(template_=f.template(rounds=rounds, role_family=family, level=level))
    for card in f.complete(loop).values():
        f.amend(card)
    member = _signed_in_member(loop, api)
    for voter in [member, *UserFactory.create_batch(2, roles=["committee"])][:interviews]:
        loop.application.requisition.committee.members.add(voter)
        f.vote(loop, voter)
    loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED)
    # One query writes the read to the audit log. The engineering-manager packet's reference data (the MLS
    # templates' bars and past hires' ratings) comes from the cache, filled by the refresh above.
    with django_assert_num_queries(18):
        response = api.get(f"/api/v1/loops/{loop.pk}/packet/")
    assert response.status_code == 200
    assert len(response.json()["scorecards"]) == interviews


def test_the_engineering_manager_reference_is_cached_until_a_decision_changes_it(
    api, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A cold cache costs the packet two queries (bars, past hires); a new MLS hire is in the next read."""
    from django.core.cache import cache

    from decisions.selectors import em_reference_cached

    em_loop = f.loop(template_=f.template(role_family="engineering_manager", level="EM1"))
    f.complete(em_loop)
    loop_recommendation_refresh(loop=em_loop, trigger=Trigger.SCORECARD_SUBMITTED)
    _signed_in_member(em_loop, api)
    assert em_reference_cached().past_hires == ()
    cache.clear()
    with django_assert_num_queries(20):
        assert api.get(f"/api/v1/loops/{em_loop.pk}/packet/").status_code == 200
    mls = f.template(role_family="applied_scientist", level="MLS2")
    with django_capture_on_commit_callbacks(execute=True):
        past = f.hired_mls_loop(score=4, mls_template=mls, chair=em_loop.application.requisition.committee.chair)
    assert [hire.loop_id for hire in em_reference_cached().past_hires] == [past.pk]


def test_the_packet_answers_a_conditional_get_with_304_until_a_vote_changes_it(api):
    """The ETag is the viewer's: the same tag is 304 with no body (and the read is still audited); a vote
    changes the packet and so the tag, as does a new committee member; another member's tag differs."""
    from audit.models import AuditEvent

    loop = f.loop()
    f.complete(loop)
    loop_recommendation_refresh(loop=loop, trigger=Trigger.SCORECARD_SUBMITTED)
    member = _signed_in_member(loop, api)
    url = f"/api/v1/loops/{loop.pk}/packet/"
    first = api.get(url)
    tag = first["ETag"]
    assert tag.startswith('"')
    assert first["Cache-Control"] == "no-store"
    reads = AuditEvent.objects.count()
    again = api.get(url, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == tag
    assert AuditEvent.objects.count() == reads + 1
    assert api.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    assert api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "hire", "comment": "Strong."}).status_code == 201
    changed = api.get(url, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200
    assert changed["ETag"] != tag
    other = UserFactory(roles=["committee"])
    loop.application.requisition.committee.members.add(other)
    api.force_authenticate(other)
    assert api.get(url)["ETag"] != changed["ETag"]
    api.force_authenticate(member)
    assert api.get(url, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200  # a new member is listed
