"""POST loops/{id}/votes/: members of the requisition's committee vote on complete loops."""

import pytest

from decisions.models import Decision, Vote
from decisions.services import LOOP_DECIDED, ONLY_MEMBERS_VOTE, VOTES_NOT_OPEN
from interviews.models import Loop
from tests.decisions import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ready_loop():
    loop = f.loop(status=Loop.Status.READY_FOR_REVIEW)
    f.complete(loop)
    return loop


def _member(loop):
    member = UserFactory(roles=["committee"])
    loop.application.requisition.committee.members.add(member)
    return member


def test_a_member_votes_and_can_change_their_vote(api):
    """First vote 201, a second replaces it (200); one row per member."""
    loop = _ready_loop()
    member = _member(loop)
    api.force_authenticate(member)
    response = api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "hire", "comment": "Strong depth."})
    assert response.status_code == 201, response.json()
    assert response.json()["vote"] == "hire"
    assert response.json()["voter"]["id"] == member.pk
    response = api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "no_hire", "comment": "Reread the coding."})
    assert response.status_code == 200
    vote = Vote.objects.get(loop=loop)
    assert (vote.voter, vote.vote, vote.comment) == (member, "no_hire", "Reread the coding.")


def test_the_chair_votes_too(api):
    """The chair is a member of the committee."""
    loop = _ready_loop()
    api.force_authenticate(loop.application.requisition.committee.chair)
    assert api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "abstain"}).status_code == 201
    assert Vote.objects.filter(loop=loop, vote="abstain").count() == 1


def test_someone_who_sees_the_loop_but_is_not_on_the_committee_gets_403(api):
    """The hiring manager follows the loop but does not vote."""
    loop = _ready_loop()
    manager = loop.application.requisition.hiring_manager
    api.force_authenticate(manager)
    response = api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "hire"})
    assert response.status_code == 403
    assert response.json() == {"detail": ONLY_MEMBERS_VOTE}
    assert not Vote.objects.exists()


def test_a_member_of_another_committee_gets_404(api, as_user):
    """A member of another committee gets 404."""
    loop = _ready_loop()
    as_user("committee")
    assert api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "hire"}).status_code == 404
    assert not Vote.objects.exists()


def test_it_refuses_an_unknown_vote(api):
    """It refuses an unknown vote."""
    loop = _ready_loop()
    api.force_authenticate(_member(loop))
    response = api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "maybe"})
    assert response.status_code == 400
    assert "vote" in response.json()
    assert not Vote.objects.exists()


def test_votes_wait_until_the_loop_is_complete(api):
    """An incomplete loop refuses votes and says what is missing."""
    loop = f.loop()
    f.submit(f.interview(loop, "overview"))
    f.submit(f.interview(loop, "ml_coding"))
    f.submit(f.interview(loop, "breadth"))
    api.force_authenticate(_member(loop))
    response = api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "hire"})
    assert response.status_code == 400
    missing = "Depth is required and has no submitted scorecard yet."
    assert response.json() == {"non_field_errors": [VOTES_NOT_OPEN.format(missing=missing)]}
    assert not Vote.objects.exists()
    loop.refresh_from_db()
    assert loop.status == Loop.Status.AWAITING_FEEDBACK
    assert not loop.recommendations.exists()


def test_a_complete_loop_not_yet_marked_ready_opens_on_the_first_vote(api):
    """Feedback completed without a refresh: voting checks, readies the loop and records the vote."""
    loop = f.loop()
    f.complete(loop)
    api.force_authenticate(_member(loop))
    assert api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "hire"}).status_code == 201
    loop.refresh_from_db()
    assert loop.status == Loop.Status.READY_FOR_REVIEW
    assert loop.recommendations.get().trigger == "vote"


def test_a_decided_loop_takes_no_more_votes(api):
    """A decided loop takes no more votes."""
    loop = _ready_loop()
    member = _member(loop)
    Decision.objects.create(loop=loop, outcome="hire", decided_by=loop.application.requisition.committee.chair)
    Loop.objects.filter(pk=loop.pk).update(status=Loop.Status.DECIDED)
    api.force_authenticate(member)
    response = api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "no_hire"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [LOOP_DECIDED]}
    assert not Vote.objects.exists()
