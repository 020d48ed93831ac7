"""Votes are sealed (PRODUCT.md §4): a member sees the others' votes once they have cast their own; the chair
and admins see all; the hiring manager and recruiters see who voted and how once the decision is recorded."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from decisions.codes import Trigger
from decisions.models import Vote
from decisions.selectors import QUORUM_SEALED
from decisions.services import decision_record, loop_recommendation_refresh
from interviews.models import Loop
from tests.decisions import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loop():
    """Chair, Ann and Ben on the committee (quorum two); a recruiter on the requisition; Ann voted no hire."""
    ann, ben = UserFactory(roles=["committee"], name="Ann Member"), UserFactory(roles=["committee"], name="Ben Member")
    made = f.loop(committee_=f.committee(members=[ann, ben]), status=Loop.Status.READY_FOR_REVIEW)
    f.complete(made)
    made.application.requisition.recruiters.add(UserFactory(roles=["recruiter"], name="Rita Recruiter"))
    Vote.objects.create(loop=made, voter=ann, vote=Vote.Choice.NO_HIRE, comment="Ann's secret doubt.")
    return made


def _people(loop):
    requisition = loop.application.requisition
    committee = requisition.committee
    return {
        "chair": committee.chair,
        "ann": committee.members.get(name="Ann Member"),
        "ben": committee.members.get(name="Ben Member"),
        "manager": requisition.hiring_manager,
        "recruiter": requisition.recruiters.get(),
        "admin": UserFactory(roles=["admin"]),
        "interviewer": loop.interviews.first().assignments.first().interviewer,
    }


def _voters(api, loop, user):
    api.force_authenticate(user)
    response = api.get(f"/api/v1/loops/{loop.pk}/votes/")
    assert response.status_code == 200, response.content
    return sorted(v["voter"]["name"] for v in response.json()["results"])


def _decide(loop, people):
    f.vote(loop, people["chair"], Vote.Choice.NO_HIRE)
    decision_record(loop=loop, actor=people["chair"], outcome="no_hire", rationale="Ann's doubt convinced us.")
    loop.refresh_from_db()


def test_before_the_decision_only_the_chair_admins_and_members_who_voted_see_votes(api, loop):
    """Ann (voted), the chair and admins see Ann's vote; Ben (not voted), the HM, recruiter, interviewer none."""
    people = _people(loop)
    seen = {name: _voters(api, loop, user) for name, user in people.items()}
    assert seen == {
        "chair": ["Ann Member"],
        "ann": ["Ann Member"],
        "ben": [],
        "manager": [],
        "recruiter": [],
        "admin": ["Ann Member"],
        "interviewer": [],
    }


def test_casting_a_vote_unseals_the_others(api, loop):
    """Ben votes, then sees Ann's vote beside his own."""
    ben = _people(loop)["ben"]
    api.force_authenticate(ben)
    assert api.post(f"/api/v1/loops/{loop.pk}/votes/", {"vote": "hire"}).status_code == 201
    assert _voters(api, loop, ben) == ["Ann Member", "Ben Member"]


def test_after_the_decision_the_hiring_manager_and_recruiters_see_every_vote(api, loop):
    """Decided: the HM and recruiter see all; an interviewer still sees none."""
    people = _people(loop)
    _decide(loop, people)
    for name in ("manager", "recruiter", "ben"):
        assert _voters(api, loop, people[name]) == ["Ann Member", "Carmen Chair"], name
    assert _voters(api, loop, people["interviewer"]) == []


def test_the_packet_seals_votes_their_tally_and_the_audit_trail(api, loop):
    """Ben's packet: no votes, no split, the count and quorum only; the audit trail names no voter."""
    people = _people(loop)
    f.vote(loop, people["chair"], Vote.Choice.HIRE)  # recomputation not needed: votes are read live

    loop_recommendation_refresh(loop=loop, trigger=Trigger.VOTE, params={"user": people["ann"].pk})
    api.force_authenticate(people["ben"])
    body = api.get(f"/api/v1/loops/{loop.pk}/packet/").json()
    assert body["votes"] == []
    assert body["votes_sealed"] is True
    assert body["my_vote"] is None
    assert body["vote_tally"] == {"hire": None, "no_hire": None, "abstain": None, "total": 2, "members": 3}
    # Whether the chair is among the two voters is not said while sealed.
    assert body["quorum"] == {
        "needed": 2,
        "cast": 2,
        "more": None,
        "reached": None,
        "problem": QUORUM_SEALED.format(needed=2, s="s", verb="have", cast=2),
    }
    vote_events = [r for r in body["recommendation_history"] if r["trigger"] == "vote"]
    assert vote_events
    assert all(r["trigger_params"] == {} for r in vote_events)
    assert all(r["description"] == "a committee vote" for r in vote_events)
    assert "Ann" not in str(body["recommendation_history"])
    api.force_authenticate(people["chair"])
    body = api.get(f"/api/v1/loops/{loop.pk}/packet/").json()
    assert body["votes_sealed"] is False
    assert body["vote_tally"]["no_hire"] == 1
    assert [r["description"] for r in body["recommendation_history"] if r["trigger"] == "vote"] == [
        "vote by Ann Member"
    ]


def test_the_packet_page_seals_votes_until_you_vote(client, loop):
    """Ben's page says the votes are sealed and shows nobody's; after his vote it shows Ann's comment."""
    people = _people(loop)
    client.force_login(people["ben"])
    url = reverse("decisions:packet", args=[loop.pk])
    html = client.get(url).content.decode()
    assert "Votes are sealed: you see the others’ votes once you have cast your own." in html
    assert "secret doubt" not in html
    assert "1 of 3 members voted" in html
    assert client.post(reverse("decisions:vote", args=[loop.pk]), {"vote": "hire", "comment": ""}).status_code == 302
    html = client.get(url).content.decode()
    assert "secret doubt" in html
    assert "Votes are sealed" not in html


def test_the_packet_page_seals_votes_for_the_hiring_manager_until_decided(client, loop):
    """The HM reads the packet but not the votes until the chair decides; then who voted and how."""
    people = _people(loop)
    client.force_login(people["manager"])
    url = reverse("decisions:packet", args=[loop.pk])
    html = client.get(url).content.decode()
    assert "Votes are sealed until the decision is recorded." in html
    assert "secret doubt" not in html
    _decide(loop, people)
    html = client.get(url).content.decode()
    assert "secret doubt" in html
    assert "Ann Member" in html


def test_the_chair_sees_who_has_not_voted(client, loop):
    """The packet shows who has voted and who has not."""
    client.force_login(_people(loop)["chair"])
    html = client.get(reverse("decisions:packet", args=[loop.pk])).content.decode()
    assert "Not voted yet: Ben Member, Carmen Chair." in html
    assert "secret doubt" in html


def test_the_votes_list_is_404_for_whoever_may_not_read_the_packet(api, loop):
    """An interviewer who is not on the loop gets 404, as for the packet."""
    api.force_authenticate(UserFactory(roles=["interviewer"]))
    assert api.get(f"/api/v1/loops/{loop.pk}/votes/").status_code == 404


def test_the_quorum_does_not_tell_a_sealed_viewer_that_the_chair_voted(api):
    """Quorum 1, only the chair voted: the chair reads 'a member besides the chair must vote'; a member who
    has not voted and the hiring manager read only how many are needed and cast."""
    member = UserFactory(roles=["committee"])
    made = f.loop(committee_=f.committee(members=[member], quorum=1), status=Loop.Status.READY_FOR_REVIEW)
    f.complete(made)
    committee = made.application.requisition.committee
    f.vote(made, committee.chair)
    url = f"/api/v1/loops/{made.pk}/packet/"
    api.force_authenticate(committee.chair)
    assert api.get(url).json()["quorum"]["reached"] is False
    for viewer in (member, made.application.requisition.hiring_manager):
        api.force_authenticate(viewer)
        quorum = api.get(url).json()["quorum"]
        assert (quorum["more"], quorum["reached"]) == (None, None)
        assert "chair" not in quorum["problem"].split(";")[1]
        assert quorum["problem"] == QUORUM_SEALED.format(needed=1, s="", verb="has", cast=1)


def test_a_recruiter_of_another_requisition_never_sees_the_votes(api, loop):
    """After the decision only this requisition's recruiters and hiring manager see the votes: an interviewer
    on the loop who is a recruiter elsewhere reads the packet but not the votes."""
    people = _people(loop)
    _decide(loop, people)
    outsider = people["interviewer"]
    outsider.groups.add(Group.objects.get_or_create(name="recruiter")[0])
    assert _voters(api, loop, outsider) == []


def test_a_vote_changed_after_seeing_the_others_shows_its_first_value(api, client, loop):
    """Ben abstains (which unseals), then votes no hire: the packet keeps his first vote and says so."""
    ben = _people(loop)["ben"]
    api.force_authenticate(ben)
    url = f"/api/v1/loops/{loop.pk}/votes/"
    assert api.post(url, {"vote": "abstain"}).status_code == 201
    assert api.post(url, {"vote": "no_hire"}).status_code == 200
    mine = next(v for v in api.get(url).json()["results"] if v["voter"]["id"] == ben.pk)
    assert (mine["vote"], mine["first_vote"]) == ("no_hire", "abstain")
    client.force_login(_people(loop)["chair"])
    html = client.get(reverse("decisions:packet", args=[loop.pk])).content.decode()
    assert "changed from abstain after seeing the others" in html
