import pytest

from hiring.models import Candidate, Requisition
from hiring.services.candidates import CANDIDATE_EMAIL_TAKEN, ONLY_PLANNERS_ADD_CANDIDATES
from interviews.models import InterviewAssignment
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    CommitteeFactory,
    InterviewFactory,
    LoopFactory,
    RequisitionFactory,
    ScorecardFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PII = {"email", "phone", "source"}


def _candidate_on(requisition: Requisition, **fields) -> Candidate:
    candidate = CandidateFactory(phone="+44 20 7946 0000", source="Referral", links=["https://x.org/p"], **fields)
    ApplicationFactory(candidate=candidate, requisition=requisition)
    return candidate


# --- who sees the contact details --------------------------------------------------------------


@pytest.mark.parametrize("relation", ["recruiter", "hiring_manager", "committee"])
def test_people_on_the_requisition_see_the_contact_details(api, as_user, relation):
    """Its recruiters, hiring manager and committee members see email, phone and source."""
    user = as_user(relation)
    requisition = RequisitionFactory()
    if relation == "recruiter":
        requisition.recruiters.add(user)
    elif relation == "hiring_manager":
        requisition.hiring_manager = user
        requisition.save()
    else:
        requisition.committee = CommitteeFactory(members=[user])
        requisition.save()
    candidate = _candidate_on(requisition)
    body = api.get(f"/api/v1/candidates/{candidate.id}/").json()
    assert body["contact_visible"] is True
    assert body["email"] == candidate.email
    assert body["phone"] == "+44 20 7946 0000"
    assert body["source"] == "Referral"


@pytest.mark.parametrize("role", ["recruiter", "hiring_manager"])
def test_recruiters_and_managers_off_the_requisition_see_only_name_timezone_and_links(api, as_user, role):
    """They can find the candidate, but not their contact details."""
    as_user(role)
    candidate = _candidate_on(RequisitionFactory())
    body = api.get(f"/api/v1/candidates/{candidate.id}/").json()
    assert body["name"] == candidate.name
    assert body["timezone"] == "Europe/London"
    assert body["links"] == ["https://x.org/p"]
    assert body["contact_visible"] is False
    assert {field: body[field] for field in PII} == dict.fromkeys(PII)


def test_an_interviewer_sees_their_candidates_without_contact_details(api, as_user):
    """Only candidates of loops they interview on, and never the contact details."""
    interviewer = as_user("interviewer")
    scorecard = ScorecardFactory(interviewer=interviewer)
    InterviewAssignment.objects.create(interview=scorecard.interview, interviewer=interviewer)
    mine = scorecard.interview.loop.application.candidate
    other = _candidate_on(RequisitionFactory())
    response = api.get("/api/v1/candidates/")
    assert [c["id"] for c in response.json()["results"]] == [mine.id]
    assert response.json()["results"][0]["email"] is None
    assert api.get(f"/api/v1/candidates/{other.id}/").status_code == 404


def test_committee_members_see_only_their_committees_candidates(api, as_user):
    """Other candidates are 404."""
    member = as_user("committee")
    mine = _candidate_on(RequisitionFactory(committee=CommitteeFactory(members=[member])))
    other = _candidate_on(RequisitionFactory())
    assert [c["id"] for c in api.get("/api/v1/candidates/").json()["results"]] == [mine.id]
    assert api.get(f"/api/v1/candidates/{other.id}/").status_code == 404


def test_admins_see_everything(api, as_user):
    """Admins see every candidate with contact details."""
    as_user("admin")
    candidate = _candidate_on(RequisitionFactory())
    assert api.get(f"/api/v1/candidates/{candidate.id}/").json()["email"] == candidate.email


# --- adding and editing ------------------------------------------------------------------------


def test_a_recruiter_adds_a_candidate_and_sees_their_contact_details(api, as_user):
    """Whoever adds a candidate sees what they typed, before any application exists."""
    recruiter = as_user("recruiter")
    response = api.post(
        "/api/v1/candidates/",
        {
            "name": "Mia Chen",
            "email": "mia@example.org",
            "phone": "+1 555 0100",
            "timezone": "America/Toronto",
            "links": ["https://arxiv.org/abs/1"],
            "source": "Conference",
        },
    )
    assert response.status_code == 201, response.json()
    candidate = Candidate.objects.get()
    assert candidate.created_by == recruiter
    assert candidate.timezone == "America/Toronto"
    assert response.json()["email"] == "mia@example.org"
    assert response.json()["applications"] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("timezone", "Mars/Olympus"), ("email", "not-an-email"), ("links", ["ftp:/broken"]), ("name", "")],
)
def test_bad_candidate_input_is_a_400_naming_the_field(api, as_user, field, value):
    """Nothing is saved."""
    as_user("recruiter")
    response = api.post("/api/v1/candidates/", {"name": "A", **{field: value}})
    assert response.status_code == 400
    assert field in response.json()
    assert not Candidate.objects.exists()


def test_a_known_email_points_to_the_existing_candidate(api, as_user):
    """Duplicates are refused with the id to use instead."""
    as_user("recruiter")
    existing = CandidateFactory(email="dup@example.org")
    response = api.post("/api/v1/candidates/", {"name": "Dup", "email": "DUP@example.org"})
    assert response.status_code == 400
    assert response.json() == {"email": [CANDIDATE_EMAIL_TAKEN.format(id=existing.id)]}
    assert Candidate.objects.count() == 1


def test_interviewers_and_committee_members_do_not_add_candidates(api, as_user):
    """403, nothing saved."""
    for role in ("interviewer", "committee"):
        as_user(role)
        response = api.post("/api/v1/candidates/", {"name": "X"})
        assert response.status_code == 403
        assert response.json()["detail"] == ONLY_PLANNERS_ADD_CANDIDATES
    assert not Candidate.objects.exists()


def test_people_on_the_requisition_edit_the_candidate(api, as_user):
    """A recruiter on a requisition the candidate applied to corrects the phone number."""
    recruiter = as_user("recruiter")
    requisition = RequisitionFactory()
    requisition.recruiters.add(recruiter)
    candidate = _candidate_on(requisition)
    response = api.patch(f"/api/v1/candidates/{candidate.id}/", {"phone": "+44 1"})
    assert response.status_code == 200, response.json()
    candidate.refresh_from_db()
    assert candidate.phone == "+44 1"


def test_others_cannot_edit_a_candidate(api, as_user):
    """A recruiter who does not see the contact details does not change them."""
    as_user("recruiter")
    candidate = _candidate_on(RequisitionFactory())
    response = api.patch(f"/api/v1/candidates/{candidate.id}/", {"email": "hijack@example.org"})
    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.email != "hijack@example.org"


# --- anonymize ---------------------------------------------------------------------------------


def test_anonymize_erases_pii_and_keeps_applications_and_scorecards(api, as_user):
    """Name becomes "Anonymized candidate #id"; email, phone and links are cleared; the rest stays."""
    as_user("admin")
    scorecard = ScorecardFactory(interview=InterviewFactory(loop=LoopFactory()))
    candidate = scorecard.interview.loop.application.candidate
    candidate.phone, candidate.links = "+44 1", ["https://x.org"]
    candidate.save()
    response = api.post(f"/api/v1/candidates/{candidate.id}/anonymize/")
    assert response.status_code == 200, response.json()
    candidate.refresh_from_db()
    assert candidate.name == f"Anonymized candidate #{candidate.id}"
    assert (candidate.email, candidate.phone, candidate.links) == ("", "", [])
    assert candidate.anonymized_at is not None
    assert candidate.applications.count() == 1
    scorecard.refresh_from_db()
    assert scorecard.interview.loop.application.candidate_id == candidate.id
    body = response.json()
    assert body["name"] == f"Anonymized candidate #{candidate.id}"
    assert body["anonymized_at"] is not None


def test_anonymizing_twice_and_editing_afterwards_are_refused(api, as_user):
    """An anonymized candidate stays anonymized."""
    as_user("admin")
    candidate = _candidate_on(RequisitionFactory())
    api.post(f"/api/v1/candidates/{candidate.id}/anonymize/")
    response = api.post(f"/api/v1/candidates/{candidate.id}/anonymize/")
    assert response.status_code == 400
    assert response.json()["non_field_errors"][0].startswith("This candidate was already anonymized on ")
    response = api.patch(f"/api/v1/candidates/{candidate.id}/", {"email": "back@example.org"})
    assert response.status_code == 400
    candidate.refresh_from_db()
    assert candidate.email == ""


def test_only_people_working_with_the_candidate_anonymize_them(api, as_user):
    """A committee member on the requisition sees the details but does not erase them; 403."""
    member = as_user("committee")
    candidate = _candidate_on(RequisitionFactory(committee=CommitteeFactory(members=[member])))
    response = api.post(f"/api/v1/candidates/{candidate.id}/anonymize/")
    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.anonymized_at is None


def test_search_by_name(api, as_user):
    """`?q=` matches part of the name."""
    as_user("recruiter")
    ada = CandidateFactory(name="Ada Okafor")
    CandidateFactory(name="Bruno Silva")
    assert [c["id"] for c in api.get("/api/v1/candidates/?q=okaf").json()["results"]] == [ada.id]


@pytest.mark.parametrize("rows", [1, 8])
def test_the_list_query_count_does_not_grow(api, as_user, django_assert_num_queries, rows):
    """Contact visibility and applications come with the list, not per row."""
    recruiter = as_user("recruiter")
    requisition = RequisitionFactory()
    requisition.recruiters.add(recruiter)
    for _ in range(rows):
        _candidate_on(requisition)
        _candidate_on(RequisitionFactory(hiring_manager=UserFactory(roles=["hiring_manager"])))
    with django_assert_num_queries(7):
        assert api.get("/api/v1/candidates/").json()["count"] == 2 * rows
