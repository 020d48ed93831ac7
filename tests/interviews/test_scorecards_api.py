"""Scorecards API: drafts, stale writes, submit, immutability, amendments, visibility."""

import datetime as dt

import pytest
from django.utils import timezone

from decisions.models import Decision
from interviews import scorecard_rules as rules
from interviews import services
from interviews.api.scorecards import VERSION_MISSING
from interviews.models import Loop, Rating, Scorecard, ScorecardRevision
from tests.factories import CommitteeFactory, UserFactory
from tests.interviews.scorecard_setup import complete_content, make_loop

pytestmark = pytest.mark.django_db


def _url(card, suffix=""):
    return f"/api/v1/scorecards/{card.id}/{suffix}"


def test_an_interviewer_saves_a_draft_and_the_version_rises(api):
    """An interviewer saves a draft and the version rises."""
    s = make_loop()
    api.force_authenticate(s.alice)
    competency = s.required[0]
    response = api.patch(
        _url(s.alice_card),
        {
            "version": 1,
            "ratings": [{"competency": competency.id, "score": 2, "evidence": "Shape bug."}],
            "summary": "Half way.",
        },
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert response.json()["ratings"] == [{"competency": competency.id, "score": 2, "evidence": "Shape bug."}]
    s.alice_card.refresh_from_db()
    assert s.alice_card.summary == "Half way."
    assert s.alice_card.status == "draft"


def test_a_stale_version_is_409_and_nothing_is_written(api):
    """Two tabs: the second save based on version 1 is refused and keeps the first tab's text."""
    s = make_loop()
    api.force_authenticate(s.alice)
    assert api.patch(_url(s.alice_card), {"version": 1, "summary": "From tab one."}).status_code == 200
    response = api.patch(_url(s.alice_card), {"version": 1, "summary": "From tab two."})
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert "detail" in response.json()
    s.alice_card.refresh_from_db()
    assert s.alice_card.summary == "From tab one."
    assert s.alice_card.version == 2


def test_if_match_carries_the_version(api):
    """If match carries the version."""
    s = make_loop()
    api.force_authenticate(s.alice)
    ok = api.patch(_url(s.alice_card), {"summary": "x"}, HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200
    stale = api.patch(_url(s.alice_card), {"summary": "y"}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409


def test_a_patch_without_a_version_is_refused(api):
    """A patch without a version is refused."""
    s = make_loop()
    api.force_authenticate(s.alice)
    response = api.patch(_url(s.alice_card), {"summary": "x"})
    assert response.status_code == 400
    assert response.json() == {"version": [VERSION_MISSING]}


@pytest.mark.parametrize(
    ("rating", "field"),
    [
        ({"score": 5, "evidence": "x"}, "ratings"),
        ({"score": 0, "evidence": "x"}, "ratings"),
        ({"score": "three", "evidence": "x"}, "ratings"),
    ],
)
def test_it_rejects_scores_off_the_scale(api, rating, field):
    """It rejects scores off the scale."""
    s = make_loop()
    api.force_authenticate(s.alice)
    response = api.patch(_url(s.alice_card), {"version": 1, "ratings": [dict(rating, competency=s.required[0].id)]})
    assert response.status_code == 400
    assert field in response.json()
    assert not Rating.objects.exists()


def test_it_rejects_a_competency_from_another_rubric(api):
    """It rejects a competency from another rubric."""
    s = make_loop()
    api.force_authenticate(s.alice)
    foreign = s.bob_card.rubric.competencies.first()
    response = api.patch(_url(s.alice_card), {"version": 1, "ratings": [{"competency": foreign.id, "score": 3}]})
    assert response.status_code == 400
    assert response.json() == {"ratings": [rules.UNKNOWN_COMPETENCY.format(competency=foreign.id)]}


def test_submit_reports_every_problem_at_once(api):
    """Submit reports every problem at once."""
    s = make_loop()
    api.force_authenticate(s.alice)
    response = api.post(_url(s.alice_card, "submit/"), {"brilliant_jerk": True})
    assert response.status_code == 400
    assert response.json() == {
        "ratings": [rules.RATING_MISSING.format(name=c.name) for c in s.required],
        "overall": [rules.OVERALL_MISSING],
        "jerk_evidence": [rules.JERK_EVIDENCE_MISSING],
    }
    s.alice_card.refresh_from_db()
    assert s.alice_card.status == "draft"
    assert not s.alice_card.brilliant_jerk


def test_submit_locks_the_scorecard_and_keeps_revision_one(api):
    """Submit locks the scorecard and keeps revision one."""
    s = make_loop()
    api.force_authenticate(s.alice)
    response = api.post(_url(s.alice_card, "submit/"), complete_content(s.alice_card))
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    s.alice_card.refresh_from_db()
    assert s.alice_card.submitted_at is not None
    revision = ScorecardRevision.objects.get(scorecard=s.alice_card)
    assert revision.number == 1
    assert revision.content["overall"] == "yes"
    assert len(revision.content["ratings"]) == 2


def test_a_submitted_scorecard_is_immutable(api):
    """A submitted scorecard is immutable."""
    s = make_loop()
    api.force_authenticate(s.alice)
    api.post(_url(s.alice_card, "submit/"), complete_content(s.alice_card))
    version = Scorecard.objects.get(pk=s.alice_card.pk).version
    response = api.patch(_url(s.alice_card), {"version": version, "summary": "rewritten"})
    assert response.status_code == 400
    assert response.json() == {"status": [services.SCORECARD_LOCKED]}
    assert api.post(_url(s.alice_card, "submit/"), complete_content(s.alice_card)).status_code == 400
    assert Scorecard.objects.get(pk=s.alice_card.pk).summary == "Solid."


def test_it_refuses_to_submit_before_the_interview_starts(api):
    """It refuses to submit before the interview starts."""
    s = make_loop(ended_hours_ago=-5)
    api.force_authenticate(s.alice)
    response = api.post(_url(s.alice_card, "submit/"), complete_content(s.alice_card))
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert Scorecard.objects.get(pk=s.alice_card.pk).status == "draft"


def test_an_amendment_needs_a_reason_and_keeps_history(api):
    """An amendment needs a reason and keeps history."""
    s = make_loop()
    api.force_authenticate(s.alice)
    api.post(_url(s.alice_card, "submit/"), complete_content(s.alice_card))
    no_reason = api.post(_url(s.alice_card, "amend/"), {"reason": "  ", "overall": "strong_yes"})
    assert no_reason.status_code == 400
    assert no_reason.json() == {"reason": [services.AMEND_REASON_MISSING]}

    response = api.post(_url(s.alice_card, "amend/"), {"reason": "Mixed up two candidates' notes.", "overall": "no"})
    assert response.status_code == 200, response.json()
    assert response.json()["overall"] == "no"
    history = api.get(_url(s.alice_card, "revisions/")).json()
    assert [(r["number"], r["reason"], r["content"]["overall"]) for r in history] == [
        (1, "", "yes"),
        (2, "Mixed up two candidates' notes.", "no"),
    ]
    assert history[1]["after_decision"] is False


def test_an_amendment_must_still_be_complete(api):
    """An amendment must still be complete."""
    s = make_loop()
    api.force_authenticate(s.alice)
    api.post(_url(s.alice_card, "submit/"), complete_content(s.alice_card))
    response = api.post(_url(s.alice_card, "amend/"), {"reason": "oops", "overall": ""})
    assert response.status_code == 400
    assert response.json() == {"overall": [rules.OVERALL_MISSING]}
    assert ScorecardRevision.objects.filter(scorecard=s.alice_card).count() == 1


def test_an_amendment_after_the_decision_is_flagged(api):
    """An amendment after the decision is flagged."""
    s = make_loop()
    api.force_authenticate(s.alice)
    api.post(_url(s.alice_card, "submit/"), complete_content(s.alice_card))
    Decision.objects.create(loop=s.loop, outcome="hire", decided_by=UserFactory())
    Loop.objects.filter(pk=s.loop.pk).update(status=Loop.Status.DECIDED)  # as decision_record leaves it
    api.post(_url(s.alice_card, "amend/"), {"reason": "Late thought.", "summary": "Changed."})
    assert ScorecardRevision.objects.get(scorecard=s.alice_card, number=2).after_decision is True


def test_only_the_owner_changes_a_scorecard(api):
    """Only the owner changes a scorecard."""
    s = make_loop()
    services.scorecard_submit(scorecard=s.bob_card, actor=s.bob, changes=complete_content(s.bob_card))
    api.force_authenticate(s.alice)
    services.scorecard_submit(scorecard=s.alice_card, actor=s.alice, changes=complete_content(s.alice_card))
    # Alice may now read Bob's card, but not change it.
    assert api.get(_url(s.bob_card)).status_code == 200
    response = api.post(_url(s.bob_card, "amend/"), {"reason": "x", "summary": "hijack"})
    assert response.status_code == 403
    assert Scorecard.objects.get(pk=s.bob_card.pk).summary == "Solid."


# --- Independent review: who sees which scorecard ------------------------------------------


def _ids(api) -> set[int]:
    return {row["id"] for row in api.get("/api/v1/scorecards/").json()["results"]}


def test_an_interviewer_sees_others_only_after_submitting_their_own(api):
    """An interviewer sees others only after submitting their own."""
    s = make_loop()
    services.scorecard_submit(scorecard=s.bob_card, actor=s.bob, changes=complete_content(s.bob_card))
    api.force_authenticate(s.alice)
    assert _ids(api) == {s.alice_card.id}
    assert api.get(_url(s.bob_card)).status_code == 404
    services.scorecard_submit(scorecard=s.alice_card, actor=s.alice, changes=complete_content(s.alice_card))
    assert _ids(api) == {s.alice_card.id, s.bob_card.id}


def test_others_drafts_are_never_visible(api):
    """Others drafts are never visible."""
    s = make_loop()
    services.scorecard_submit(scorecard=s.alice_card, actor=s.alice, changes=complete_content(s.alice_card))
    api.force_authenticate(s.alice)
    assert _ids(api) == {s.alice_card.id}
    assert api.get(_url(s.bob_card)).status_code == 404


def test_an_interviewer_not_on_the_loop_sees_nothing(api):
    """An interviewer not on the loop sees nothing."""
    s = make_loop()
    for card, person in ((s.alice_card, s.alice), (s.bob_card, s.bob)):
        services.scorecard_submit(scorecard=card, actor=person, changes=complete_content(card))
    api.force_authenticate(UserFactory(roles=["interviewer"]))
    assert _ids(api) == set()
    assert api.get(_url(s.alice_card)).status_code == 404


def test_the_requisition_team_sees_submitted_scorecards_only(api):
    """The requisition team sees submitted scorecards only."""
    s = make_loop()
    services.scorecard_submit(scorecard=s.alice_card, actor=s.alice, changes=complete_content(s.alice_card))
    requisition = s.loop.application.requisition
    recruiter = UserFactory(roles=["recruiter"])
    requisition.recruiters.add(recruiter)
    member = UserFactory(roles=["committee"])
    requisition.committee = CommitteeFactory(members=[member])
    requisition.save()
    for person in (recruiter, member, requisition.hiring_manager):
        api.force_authenticate(person)
        assert _ids(api) == {s.alice_card.id}, person
    api.force_authenticate(UserFactory(roles=["recruiter"]))  # not on this requisition
    assert _ids(api) == set()


def test_a_manager_who_interviews_must_submit_first_too(api):
    """Independence beats rank: other roles don't unlock feedback before your own is in."""
    s = make_loop()
    services.scorecard_submit(scorecard=s.bob_card, actor=s.bob, changes=complete_content(s.bob_card))
    manager = s.loop.application.requisition.hiring_manager
    manager.groups.add(*s.alice.groups.all())
    s.alice_card.interviewer = manager
    s.alice_card.save()
    api.force_authenticate(manager)
    assert _ids(api) == {s.alice_card.id}


@pytest.mark.parametrize("loops", [1, 6])
def test_the_list_query_count_does_not_grow(api, django_assert_num_queries, loops):
    """The list query count does not grow."""
    admin = UserFactory(roles=["admin"])
    for _ in range(loops):
        s = make_loop()
        for card, person in ((s.alice_card, s.alice), (s.bob_card, s.bob)):
            services.scorecard_submit(scorecard=card, actor=person, changes=complete_content(card))
    api.force_authenticate(admin)
    with django_assert_num_queries(6):
        assert api.get("/api/v1/scorecards/").json()["count"] == 2 * loops


def test_submitting_moves_a_finished_loop_to_awaiting_feedback():
    """Submitting moves a finished loop to awaiting feedback."""
    s = make_loop()
    s.loop.status = "scheduled"
    s.loop.save()
    services.scorecard_submit(scorecard=s.alice_card, actor=s.alice, changes=complete_content(s.alice_card))
    s.loop.refresh_from_db()
    assert s.loop.status == "awaiting_feedback"


def test_a_late_submission_time_is_recorded_as_given():
    """A late submission time is recorded as given."""
    s = make_loop(ended_hours_ago=60)
    now = timezone.now()
    card = services.scorecard_submit(
        scorecard=s.alice_card, actor=s.alice, changes=complete_content(s.alice_card), now=now
    )
    assert card.submitted_at == now
    assert card.submitted_at - s.coding.end > dt.timedelta(hours=48)
