"""Sealed feedback at the edges: a shadow (who never scores) and someone whose round was cancelled before
they submitted both owe feedback until the loop is decided; so neither reads the others' before then."""

import pytest

from decisions.services import decision_record
from interviews.models import Interview, InterviewAssignment, Loop
from interviews.selectors import loop_feedback_list, people_owing_feedback
from tests.decisions import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loop():
    made = f.loop(status=Loop.Status.READY_FOR_REVIEW)
    f.complete(made, overview={"jerk": True})
    return made


def _packet(api, user, loop):
    api.force_authenticate(user)
    return api.get(f"/api/v1/loops/{loop.pk}/packet/").status_code


def test_a_shadow_reads_no_feedback_until_the_decision(api, loop):
    """404 on the packet and no one else's scorecards while undecided; readable once decided."""
    shadow = UserFactory(roles=["interviewer"])
    InterviewAssignment.objects.create(
        interview=loop.interviews.first(), interviewer=shadow, role=InterviewAssignment.Role.SHADOW
    )
    assert _packet(api, shadow, loop) == 404
    assert api.get("/api/v1/scorecards/").json()["count"] == 0
    assert shadow.pk in people_owing_feedback(loop=loop)
    f.quorum(loop, "no_hire")
    decision_record(loop=loop, actor=loop.application.requisition.committee.chair, outcome="no_hire")
    assert _packet(api, shadow, loop) == 200


def test_someone_whose_round_was_cancelled_stays_sealed(api, loop):
    """On a cancelled round with nothing submitted on the loop: not a reader of the others' feedback."""
    person = UserFactory(roles=["interviewer"])
    interview = loop.interviews.last()
    InterviewAssignment.objects.create(interview=interview, interviewer=person)
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.CANCELLED)
    assert _packet(api, person, loop) == 404
    assert not loop_feedback_list(viewer=person).filter(pk=loop.pk).exists()


def test_an_interviewer_who_submitted_reads_the_others(api, loop):
    """The ordinary case still opens: a lead interviewer with their scorecard in reads the packet."""
    lead = loop.interviews.first().assignments.get().interviewer
    assert _packet(api, lead, loop) == 200
