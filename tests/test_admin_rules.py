"""The Django admin obeys the same rules as the API: records are read there, changed only through the services,
and nothing kept (submitted feedback, decided loops) is deleted, directly, in bulk or through an inline."""

from html import escape

import pytest

from decisions.services import decision_record
from hiring.models import Application, Candidate, Committee, UseCase
from hiring.quorum import QUORUM_ABOVE_MEMBERS
from interviews.models import Interview, InterviewerProfile, Loop, Scorecard
from tests.decisions import factories as f
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewerProfileFactory,
    InterviewFactory,
    LoopFactory,
    UseCaseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=["admin"], is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def fed_loop():
    """A loop with every scorecard submitted."""
    loop = f.loop(status=Loop.Status.READY_FOR_REVIEW)
    f.complete(loop)
    return loop


def test_an_interview_with_submitted_feedback_is_not_deleted_through_the_loops_inline(admin_client, fed_loop):
    """The loop page is read-only: a post deleting an inline interview is refused and the scorecard stays."""
    interview = fed_loop.interviews.order_by("order").first()
    page = admin_client.get(f"/admin/interviews/loop/{fed_loop.pk}/change/")
    assert page.status_code == 200
    assert 'name="interviews-0-DELETE"' not in page.content.decode()
    response = admin_client.post(
        f"/admin/interviews/loop/{fed_loop.pk}/change/",
        {
            "interviews-TOTAL_FORMS": "1",
            "interviews-INITIAL_FORMS": "1",
            "interviews-0-id": str(interview.pk),
            "interviews-0-loop": str(fed_loop.pk),
            "interviews-0-DELETE": "on",
        },
    )
    assert response.status_code == 403
    assert Interview.objects.filter(pk=interview.pk).exists()
    assert Scorecard.objects.filter(interview=interview, status="submitted").exists()


def test_an_interview_with_submitted_feedback_cannot_be_deleted(admin_client, fed_loop):
    """Its delete page is refused; so is the loop's."""
    interview = fed_loop.interviews.first()
    assert admin_client.post(f"/admin/interviews/interview/{interview.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.post(f"/admin/interviews/loop/{fed_loop.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Interview.objects.filter(pk=interview.pk).exists()


def test_a_decided_loop_cannot_be_deleted_in_bulk_with_an_undecided_one(admin_client, fed_loop):
    """The bulk action asks per loop: one kept loop refuses the whole deletion."""
    f.quorum(fed_loop)
    decision_record(loop=fed_loop, actor=fed_loop.application.requisition.committee.chair, outcome="hire")
    empty = LoopFactory()
    response = admin_client.post(
        "/admin/interviews/loop/",
        {"action": "delete_selected", "_selected_action": [fed_loop.pk, empty.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert Loop.objects.filter(pk__in=[fed_loop.pk, empty.pk]).count() == 2


def test_only_a_loop_never_booked_may_be_deleted(admin_client):
    """A mistaken loop whose rounds were never booked goes; a booked one stays (invites went out: cancel it)."""
    booked = InterviewFactory().loop
    assert admin_client.post(f"/admin/interviews/loop/{booked.pk}/delete/", {"post": "yes"}).status_code == 403
    loop = InterviewFactory(start=None, end=None).loop
    response = admin_client.post(f"/admin/interviews/loop/{loop.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Loop.objects.filter(pk=loop.pk).exists()
    assert Loop.objects.filter(pk=booked.pk).exists()


def test_interviewer_profiles_are_read_here_and_changed_on_their_page(admin_client):
    """Training stages and hours go through the interviewer page's service: the admin form refuses a post."""
    profile = InterviewerProfileFactory(weekly_cap=4)
    url = f"/admin/interviews/interviewerprofile/{profile.pk}/change/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"weekly_cap": "40"}).status_code == 403
    profile.refresh_from_db()
    assert profile.weekly_cap == 4


def test_roles_set_in_the_admin_go_through_the_service(admin_client):
    """Giving someone the interviewer role in the admin creates their interviewer profile, as the API does."""
    person = UserFactory(roles=[])
    response = admin_client.post(
        f"/admin/accounts/user/{person.pk}/change/",
        {
            "username": person.username,
            "name": "Pat Person",
            "email": "pat@example.org",
            "timezone": "Europe/London",
            "is_active": "on",
            "roles": ["interviewer", "recruiter"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert sorted(person.groups.values_list("name", flat=True)) == ["interviewer", "recruiter"]
    assert InterviewerProfile.objects.filter(user=person).exists()


def test_the_admin_does_not_move_applications_or_rewrite_records(admin_client, fed_loop):
    """Application stage, use case status and candidates change through the services, not here."""
    application = fed_loop.application
    use_case = UseCaseFactory(status=UseCase.Status.PROPOSED)
    candidate = CandidateFactory(name="Pat Person")
    for url, data in (
        (f"/admin/hiring/application/{application.pk}/change/", {"stage": "hired"}),
        (f"/admin/hiring/usecase/{use_case.pk}/change/", {"status": "accepted"}),
        (f"/admin/hiring/candidate/{candidate.pk}/change/", {"name": "Someone Else"}),
    ):
        assert admin_client.get(url).status_code == 200, url  # read
        assert admin_client.post(url, data).status_code == 403, url
    assert admin_client.get("/admin/hiring/application/add/").status_code == 403
    application.refresh_from_db()
    use_case.refresh_from_db()
    assert (application.stage, use_case.status) == (Application.Stage.LOOP, UseCase.Status.PROPOSED)
    assert Candidate.objects.get(pk=candidate.pk).name == "Pat Person"


def test_an_application_with_a_loop_or_any_candidate_is_not_deleted(admin_client, fed_loop):
    """Deleting the application (its loops are kept) or the candidate (anonymize instead) is refused."""
    application = fed_loop.application
    admin_client.post(f"/admin/hiring/application/{application.pk}/delete/", {"post": "yes"})
    assert Application.objects.filter(pk=application.pk).exists()
    loose = ApplicationFactory()
    assert admin_client.post(f"/admin/hiring/application/{loose.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Application.objects.filter(pk=loose.pk).exists()
    candidate = application.candidate
    assert admin_client.post(f"/admin/hiring/candidate/{candidate.pk}/delete/", {"post": "yes"}).status_code == 403


def test_the_committee_admin_checks_the_quorum_and_keeps_the_chair_a_member(admin_client):
    """Through the service: a quorum above the member count is refused beside the field; a good one saves."""
    chair, member = UserFactory(roles=["committee"]), UserFactory(roles=["committee"])
    data = {"name": "Science", "chair": chair.pk, "members": [member.pk], "quorum": "3"}
    response = admin_client.post("/admin/hiring/committee/add/", data)
    assert response.status_code == 200
    assert escape(QUORUM_ABOVE_MEMBERS.format(quorum=3, members=2, s="s")) in response.content.decode()
    assert not Committee.objects.exists()
    response = admin_client.post("/admin/hiring/committee/add/", {**data, "quorum": "2"})
    assert response.status_code == 302, response.content.decode()[:3000]
    committee = Committee.objects.get()
    assert (committee.quorum, set(committee.members.all())) == (2, {chair, member})
    response = admin_client.post(
        f"/admin/hiring/committee/{committee.pk}/change/",
        {"name": "Science", "chair": chair.pk, "members": [member.pk]},
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert (committee.quorum, set(committee.members.all())) == (None, {chair, member})
