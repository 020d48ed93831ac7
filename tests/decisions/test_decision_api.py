"""POST loops/{id}/decision/: the chair decides complete loops; overrides need a rationale."""

import pytest

from decisions.models import Decision, Vote
from decisions.services import (
    LOOP_DECIDED,
    LOOP_NOT_COMPLETE,
    ONLY_CHAIR_DECIDES,
    OVERRIDE_NEEDS_RATIONALE,
)
from hiring.models import Application
from hiring.quorum import NEEDS_A_MEMBER_BESIDES_THE_CHAIR, NO_MEMBER_BESIDES_THE_CHAIR, VOTES_SHORT
from interviews.models import Loop
from tests.decisions import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ready_loop(*, voted: bool = True, **cards):
    """A complete loop ready for review; with the quorum's votes unless `voted=False` (deciding needs the quorum)."""
    loop = f.loop(status=Loop.Status.READY_FOR_REVIEW)
    f.complete(loop, **cards)
    if voted:
        f.quorum(loop)
    return loop


def _chair(loop):
    return loop.application.requisition.committee.chair


def test_the_chair_follows_the_recommendation(api):
    """Hire as recommended: no rationale needed, application to offer, loop decided."""
    loop = _ready_loop()
    api.force_authenticate(_chair(loop))
    response = api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "hire"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["outcome"] == "hire"
    assert body["is_override"] is False
    assert body["recommended_outcome"] == "hire"
    assert body["application_stage"] == "offer"
    decision = Decision.objects.get(loop=loop)
    assert decision.recommendation.outcome == "hire"
    assert decision.recommendation.trigger == "decision"
    assert decision.recommendation.trigger_params == {"user": _chair(loop).pk}
    loop.refresh_from_db()
    assert loop.status == Loop.Status.DECIDED
    assert loop.application.stage == Application.Stage.OFFER


def test_no_hire_moves_the_application_to_rejected(api):
    """No hire moves the application to rejected."""
    loop = _ready_loop(overview={"jerk": True})
    api.force_authenticate(_chair(loop))
    response = api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "no_hire"})
    assert response.status_code == 201
    loop.refresh_from_db()
    assert loop.application.stage == Application.Stage.REJECTED
    assert loop.status == Loop.Status.DECIDED


def test_an_override_without_a_rationale_is_refused(api):
    """Hiring over a jerk veto needs a written rationale; nothing is written without one."""
    loop = _ready_loop(overview={"jerk": True})
    api.force_authenticate(_chair(loop))
    response = api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "hire", "rationale": "   "})
    assert response.status_code == 400
    assert response.json() == {"rationale": [OVERRIDE_NEEDS_RATIONALE.format(recommended="no hire", outcome="hire")]}
    assert not Decision.objects.exists()
    loop.refresh_from_db()
    assert loop.status == Loop.Status.READY_FOR_REVIEW
    assert loop.application.stage == Application.Stage.LOOP
    assert not loop.recommendations.exists()


def test_an_override_with_a_rationale_is_recorded_as_such(api):
    """An override with a rationale is recorded as such."""
    loop = _ready_loop(overview={"jerk": True})
    api.force_authenticate(_chair(loop))
    rationale = "The flag came from a misunderstanding; the interviewer withdrew it in the debrief."
    response = api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "hire", "rationale": rationale})
    assert response.status_code == 201
    decision = Decision.objects.get(loop=loop)
    assert decision.is_override is True
    assert decision.rationale == rationale
    assert decision.recommendation.outcome == "no_hire"


def test_needs_discussion_means_any_decision_is_an_override(api):
    """A strong no leaves the outcome open: either decision needs its rationale."""
    loop = _ready_loop(breadth={"overall": "strong_no"})
    api.force_authenticate(_chair(loop))
    response = api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "no_hire"})
    assert response.status_code == 400
    assert response.json() == {
        "rationale": [OVERRIDE_NEEDS_RATIONALE.format(recommended="needs discussion", outcome="no hire")]
    }
    assert not Decision.objects.exists()


def test_an_incomplete_loop_cannot_be_decided(api):
    """400 naming what is missing; the loop stays as it was."""
    loop = f.loop()
    f.submit(f.interview(loop, "overview"))
    f.submit(f.interview(loop, "ml_coding"))
    f.submit(f.interview(loop, "breadth"))
    f.draft(f.interview(loop, "depth"), interviewer=UserFactory(name="Kenji W"))
    api.force_authenticate(_chair(loop))
    response = api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "hire"})
    assert response.status_code == 400
    missing = "Depth: still waiting for the scorecard of Kenji W."
    assert response.json() == {"non_field_errors": [LOOP_NOT_COMPLETE.format(missing=missing)]}
    assert not Decision.objects.exists()
    loop.refresh_from_db()
    assert loop.status == Loop.Status.AWAITING_FEEDBACK


def test_a_member_who_is_not_the_chair_gets_403(api):
    """A member who is not the chair gets 403."""
    loop = _ready_loop()
    member = UserFactory(roles=["committee"])
    loop.application.requisition.committee.members.add(member)
    api.force_authenticate(member)
    response = api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "hire"})
    assert response.status_code == 403
    assert response.json() == {"detail": ONLY_CHAIR_DECIDES}
    assert not Decision.objects.exists()


def test_an_admin_who_is_not_the_chair_gets_403(api, as_user):
    """An admin who is not the chair gets 403."""
    loop = _ready_loop()
    as_user("admin")
    assert api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "hire"}).status_code == 403
    assert not Decision.objects.exists()


def test_someone_who_cannot_see_the_loop_gets_404(api, as_user):
    """Someone who cannot see the loop gets 404."""
    loop = _ready_loop()
    as_user("committee")
    assert api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "hire"}).status_code == 404


def test_a_decided_loop_is_locked(api):
    """A second decision is refused and the first one stands."""
    loop = _ready_loop()
    api.force_authenticate(_chair(loop))
    assert api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "hire"}).status_code == 201
    response = api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "no_hire", "rationale": "Changed my mind."})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [LOOP_DECIDED]}
    assert Decision.objects.get(loop=loop).outcome == "hire"


def test_it_refuses_an_unknown_outcome(api):
    """It refuses an unknown outcome."""
    loop = _ready_loop()
    api.force_authenticate(_chair(loop))
    response = api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "needs_discussion"})
    assert response.status_code == 400
    assert "outcome" in response.json()
    assert not Decision.objects.exists()


def test_an_em_below_the_mls_bar_is_no_hire_and_hiring_anyway_is_an_override(api):
    """The EM who aces leadership but misses the coding bar: no hire unless the chair writes why."""
    loop = f.loop(
        template_=f.template(rounds=f.EM, role_family="engineering_manager", level="EM1"),
        status=Loop.Status.READY_FOR_REVIEW,
    )
    f.complete(loop, ml_coding={"score": 2, "overall": "no"}, leadership={"score": 4, "overall": "strong_yes"})
    f.quorum(loop, Vote.Choice.NO_HIRE)
    api.force_authenticate(_chair(loop))
    response = api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "hire"})
    assert response.status_code == 400
    assert "rationale" in response.json()
    response = api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": "no_hire"})
    assert response.status_code == 201
    assert Decision.objects.get(loop=loop).is_override is False


# --- The committee's quorum before the decision ---------------------------------------------------


def _decide(api, loop, outcome="hire"):
    api.force_authenticate(_chair(loop))
    return api.post(f"/api/v1/loops/{loop.pk}/decision/", {"outcome": outcome})


def test_it_refuses_a_decision_before_anyone_has_voted(api):
    """400 saying how many more votes are needed; nothing decided, the loop and application unchanged."""
    loop = _ready_loop(voted=False)
    response = _decide(api, loop)
    assert response.status_code == 400
    message = VOTES_SHORT.format(more=1, s="", cast=0, needed=1, verb="have")
    assert response.json() == {
        "non_field_errors": [message + " At least one must come from a member besides the chair."]
    }
    assert message.startswith("1 more vote needed before the chair decides")
    assert not Decision.objects.exists()
    loop.refresh_from_db()
    assert loop.status == Loop.Status.READY_FOR_REVIEW
    assert loop.application.stage == Application.Stage.LOOP
    assert not loop.recommendations.exists()


def test_no_votes_and_a_missing_rationale_are_reported_together(api):
    """Every problem at once: the quorum and the override's rationale."""
    loop = _ready_loop(voted=False, overview={"jerk": True})
    body = _decide(api, loop).json()
    assert body["non_field_errors"][0].startswith("1 more vote needed")
    assert body["rationale"] == [OVERRIDE_NEEDS_RATIONALE.format(recommended="no hire", outcome="hire")]
    assert not Decision.objects.exists()


def test_the_chairs_own_vote_is_never_enough(api):
    """Chair + one member, quorum 1: the chair's vote reaches the number but not a voter besides the chair."""
    loop = _ready_loop(voted=False)
    api.force_authenticate(_chair(loop))
    assert api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "hire"}).status_code == 201
    response = _decide(api, loop)
    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": [NEEDS_A_MEMBER_BESIDES_THE_CHAIR]},
    )
    assert not Decision.objects.exists()


def test_the_issue_case_one_of_three_is_not_a_quorum(api):
    """Three members, default quorum two: the chair's vote alone is refused, with one more needed."""
    committee = f.committee(members=[UserFactory(roles=["committee"]), UserFactory(roles=["committee"])])
    loop = f.loop(committee_=committee, status=Loop.Status.READY_FOR_REVIEW)
    f.complete(loop)
    f.vote(loop, committee.chair)
    response = _decide(api, loop)
    assert response.json()["non_field_errors"] == [
        VOTES_SHORT.format(more=1, s="", cast=1, needed=2, verb="has")
        + " At least one must come from a member besides the chair."
    ]
    f.vote(loop, committee.members.exclude(pk=committee.chair_id).first(), Vote.Choice.NO_HIRE)
    assert _decide(api, loop).status_code == 201


def test_an_abstention_counts_towards_the_quorum(api):
    """Five members, default quorum three: the chair, a hire and an abstention are enough."""
    others = [UserFactory(roles=["committee"]) for _ in range(4)]
    committee = f.committee(members=others)
    loop = f.loop(committee_=committee, status=Loop.Status.READY_FOR_REVIEW)
    f.complete(loop)
    f.vote(loop, committee.chair)
    f.vote(loop, others[0])
    assert _decide(api, loop).json()["non_field_errors"] == [
        VOTES_SHORT.format(more=1, s="", cast=2, needed=3, verb="have")
    ]
    f.vote(loop, others[1], Vote.Choice.ABSTAIN)
    assert _decide(api, loop).status_code == 201


def test_a_committees_own_quorum_replaces_the_default(api):
    """Quorum 3 of 3: two votes are two short of nothing but one short of the number."""
    member, other = UserFactory(roles=["committee"]), UserFactory(roles=["committee"])
    committee = f.committee(members=[member, other], quorum=3)
    loop = f.loop(committee_=committee, status=Loop.Status.READY_FOR_REVIEW)
    f.complete(loop)
    f.vote(loop, member)
    f.vote(loop, other)
    assert _decide(api, loop).json()["non_field_errors"] == [
        VOTES_SHORT.format(more=1, s="", cast=2, needed=3, verb="have")
    ]
    f.vote(loop, committee.chair)
    assert _decide(api, loop).status_code == 201


def test_a_former_members_vote_does_not_count(api):
    """A member who voted and then left the committee is not part of the quorum."""
    loop = _ready_loop(voted=False)
    committee = loop.application.requisition.committee
    leaver = committee.members.exclude(pk=committee.chair_id).get()
    f.vote(loop, leaver)
    committee.members.remove(leaver)
    committee.members.add(UserFactory(roles=["committee"]))
    assert _decide(api, loop).json()["non_field_errors"][0].startswith("1 more vote needed")


def test_a_committee_of_the_chair_alone_cannot_decide(api):
    """Nobody besides the chair can vote, and the message says what to do."""
    loop = f.loop(committee_=f.committee(members=[]), status=Loop.Status.READY_FOR_REVIEW)
    f.complete(loop)
    f.vote(loop, _chair(loop))
    assert _decide(api, loop).json() == {"non_field_errors": [NO_MEMBER_BESIDES_THE_CHAIR]}


def test_the_packet_carries_the_vote_tally(api):
    """Counts per vote and how many members voted."""
    loop = _ready_loop(voted=False)
    committee = loop.application.requisition.committee
    member = committee.members.exclude(pk=committee.chair_id).get()
    committee.members.add(UserFactory(roles=["committee"]))
    api.force_authenticate(_chair(loop))
    assert api.get(f"/api/v1/loops/{loop.pk}/packet/").json()["vote_tally"] == {
        "hire": 0,
        "no_hire": 0,
        "abstain": 0,
        "total": 0,
        "members": 3,
    }
    f.vote(loop, _chair(loop))
    f.vote(loop, member, Vote.Choice.NO_HIRE)
    assert api.get(f"/api/v1/loops/{loop.pk}/packet/").json()["vote_tally"] == {
        "hire": 1,
        "no_hire": 1,
        "abstain": 0,
        "total": 2,
        "members": 3,
    }
