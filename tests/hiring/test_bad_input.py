"""Input an API fuzzer found: each is a 400 naming the field and why, nothing is written, on SQLite and PostgreSQL."""

import pytest
from django.urls import reverse

from core.errors import ValidationFailed
from hiring import limits
from hiring.api.filters import NOT_AN_ID, NUL_IN_TEXT, TEXT_TOO_LONG
from hiring.codes import RoleFamily
from hiring.models import Application, Candidate, Committee, ExistingHeadcount, HiringSettings, Requisition, UseCase
from hiring.services.plan import COUNT_TOO_HIGH, hiring_settings_update
from hiring.views.candidates import CHOOSE_CANDIDATE_AND_REQUISITION
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    CommitteeFactory,
    RequisitionFactory,
    TeamFactory,
    UseCaseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_in(client):
    def sign_in_as(*roles: str, **fields):
        user = UserFactory(roles=list(roles), **fields)
        client.force_login(user)
        return user

    return sign_in_as


# --- NUL characters in searches ----------------------------------------------------------------


def test_it_rejects_a_nul_character_in_the_candidate_search(api, as_user):
    """`?q=a%00b` is a 400 on `q` (PostgreSQL cannot compare text holding NUL)."""
    as_user("recruiter")
    CandidateFactory(name="Ada Okafor")
    response = api.get("/api/v1/candidates/?q=a%00b")
    assert response.status_code == 400
    assert response.json() == {"q": [NUL_IN_TEXT.format(field="q")]}
    assert Candidate.objects.count() == 1


def test_it_rejects_a_candidate_search_longer_than_a_name(api, as_user):
    """`q` of 100,000 characters is a 400 (SQLite refused such a LIKE pattern with a 500)."""
    as_user("recruiter")
    CandidateFactory(name="Ada Okafor")
    response = api.get("/api/v1/candidates/", {"q": "a" * 100_000})
    assert response.status_code == 400
    assert response.json() == {"q": [TEXT_TOO_LONG.format(field="q", max_length=limits.SEARCH_MAX_LENGTH)]}
    assert api.get("/api/v1/candidates/", {"q": "a" * limits.SEARCH_MAX_LENGTH}).status_code == 200


def test_the_candidates_page_says_why_a_nul_search_finds_nothing(client, sign_in):
    """The page answers 400 with the reason beside the search box, and lists nobody."""
    sign_in("recruiter")
    CandidateFactory(name="Ada Okafor")
    response = client.get(reverse("hiring:candidates"), {"q": "Ada\x00"})
    html = response.content.decode()
    assert response.status_code == 400
    assert NUL_IN_TEXT.format(field="The name") in html
    assert 'aria-describedby="id_q_error"' in html
    assert 'value="Ada"' in html
    assert "Ada Okafor" not in html
    assert Candidate.objects.count() == 1


def test_the_candidates_page_says_why_a_very_long_search_finds_nothing(client, sign_in):
    """Longer than any name: the page answers 400 with the reason beside the search box."""
    sign_in("recruiter")
    response = client.get(reverse("hiring:candidates"), {"q": "a" * 100_000})
    assert response.status_code == 400
    assert TEXT_TOO_LONG.format(field="The name", max_length=limits.SEARCH_MAX_LENGTH) in response.content.decode()


# --- Emails longer than the column -------------------------------------------------------------

# A valid address of 260 characters: Django's validator allows up to 320, the column holds 254.
LONG_EMAIL = "a" * 64 + "@" + ("b" * 63 + ".") * 3 + "com"


def test_it_rejects_a_candidate_email_longer_than_254_characters(api, as_user):
    """Creating one is a 400 on `email` (PostgreSQL's varchar(254) would refuse it later); nobody is added."""
    as_user("recruiter")
    response = api.post("/api/v1/candidates/", {"name": "Long", "email": LONG_EMAIL}, format="json")
    assert response.status_code == 400
    assert response.json() == {"email": [limits.EMAIL_TOO_LONG]}
    assert not Candidate.objects.exists()


def test_it_rejects_changing_a_candidate_email_to_one_longer_than_254_characters(api, as_user):
    """A PATCH is refused the same way and the stored email stays."""
    recruiter = as_user("recruiter")
    candidate = CandidateFactory(email="short@example.org", created_by=recruiter)
    response = api.patch(f"/api/v1/candidates/{candidate.id}/", {"email": LONG_EMAIL}, format="json")
    assert response.status_code == 400
    assert response.json() == {"email": [limits.EMAIL_TOO_LONG]}
    candidate.refresh_from_db()
    assert candidate.email == "short@example.org"


def test_the_add_candidate_page_refuses_an_email_longer_than_254_characters(client, sign_in):
    """The form shows the reason beside the email field; nobody is added."""
    sign_in("recruiter")
    response = client.post(reverse("hiring:candidate-create"), {"name": "Long", "email": LONG_EMAIL, "timezone": "UTC"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"email": [limits.EMAIL_TOO_LONG]}
    assert 'id="id_email_error1"' in response.content.decode()
    assert not Candidate.objects.exists()


# --- Existing team counts beyond the integer column --------------------------------------------


@pytest.mark.parametrize("count", [3_000_000_000, limits.MAX_TEAM_COUNT + 1, -1])
def test_it_rejects_an_existing_team_count_out_of_range(api, as_user, count):
    """`existing_team.data_engineer` must be 0..100,000 (3e9 was out of range on PostgreSQL); nothing is saved."""
    as_user("admin")
    response = api.patch("/api/v1/hiring-settings/", {"existing_team": {"data_engineer": count}}, format="json")
    assert response.status_code == 400
    assert response.json() == {"existing_team": {"data_engineer": [limits.TEAM_COUNT_RANGE]}}
    assert not HiringSettings.objects.exists()
    assert not ExistingHeadcount.objects.exists()


def test_the_largest_existing_team_count_is_accepted(api, as_user):
    """100,000 is still a count."""
    as_user("admin")
    response = api.patch(
        "/api/v1/hiring-settings/", {"existing_team": {"data_engineer": limits.MAX_TEAM_COUNT}}, format="json"
    )
    assert response.status_code == 200
    assert ExistingHeadcount.objects.get(role_family="data_engineer").count == limits.MAX_TEAM_COUNT


def test_the_settings_service_refuses_a_count_over_the_limit():
    """Callers other than the API (admin, scripts) meet the same bound."""
    admin = UserFactory(roles=["admin"])
    with pytest.raises(ValidationFailed) as refused:
        hiring_settings_update(actor=admin, data={"existing_team": {"data_engineer": 3_000_000_000}})
    assert refused.value.errors == {"existing_team": [COUNT_TOO_HIGH.format(family="data_engineer")]}
    assert not ExistingHeadcount.objects.exists()


def test_the_settings_page_refuses_an_existing_team_count_out_of_range(client, sign_in):
    """The reason is shown beside the family's count; nothing is saved."""
    sign_in("admin")
    data = {"company_stage": "series_c", "cap_multiplier": "2.5"}
    data.update({f"existing_{family.value}": 0 for family in RoleFamily})
    data["existing_data_engineer"] = 3_000_000_000
    response = client.post(reverse("hiring:hiring-settings"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"existing_data_engineer": [limits.TEAM_COUNT_RANGE]}
    assert 'id="id_existing_data_engineer_error1"' in response.content.decode()
    assert not HiringSettings.objects.exists()
    assert not ExistingHeadcount.objects.exists()


# --- Ids beyond what an id column holds (SQLite: OverflowError) --------------------------------

TOO_BIG = 2**64


@pytest.mark.parametrize("name", ["candidate", "requisition"])
@pytest.mark.parametrize("value", [str(TOO_BIG), "0", "9" * 5000, "²"])
def test_it_rejects_an_id_filter_no_id_column_holds(api, as_user, name, value):
    """`?candidate=18446744073709551616` is a 400 on the parameter on every database, not an overflow."""
    as_user("recruiter")
    ApplicationFactory()
    response = api.get("/api/v1/applications/", {name: value})
    assert response.status_code == 400
    assert response.json() == {name: [NOT_AN_ID.format(field=name, value=value)]}


def test_the_largest_id_is_still_a_filter(api, as_user):
    """2**63 - 1 is an id (of nothing here): an empty list."""
    as_user("recruiter")
    ApplicationFactory()
    response = api.get("/api/v1/applications/", {"candidate": limits.MAX_ID})
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"members": [TOO_BIG]}, {"members": {"0": [limits.NOT_AN_ID]}}),
        ({"chair": TOO_BIG}, {"chair": [limits.NOT_AN_ID]}),
        ({"members": [0]}, {"members": {"0": [limits.NOT_AN_ID]}}),
        ({"members": list(range(1, limits.MAX_IDS + 2))}, {"members": [limits.TOO_MANY_IDS.format(max_length=100)]}),
    ],
)
def test_it_rejects_committee_people_by_ids_no_id_column_holds(api, as_user, payload, errors):
    """Members and chair are ids (1..2**63-1, at most 100 members); no committee is created."""
    as_user("admin")
    chair = UserFactory(roles=["committee"])
    response = api.post("/api/v1/committees/", {"name": "Big", "members": [], "chair": chair.pk, **payload})
    assert response.status_code == 400
    assert response.json() == errors
    assert not Committee.objects.exists()


def test_it_rejects_changing_a_committee_to_an_id_no_column_holds(api, as_user):
    """A PATCH of members is refused the same way; the committee keeps its people."""
    as_user("admin")
    committee = CommitteeFactory()
    before = set(committee.members.values_list("pk", flat=True))
    response = api.patch(f"/api/v1/committees/{committee.pk}/", {"members": [TOO_BIG]})
    assert response.status_code == 400
    assert response.json() == {"members": {"0": [limits.NOT_AN_ID]}}
    assert set(committee.members.values_list("pk", flat=True)) == before


@pytest.mark.parametrize(
    ("field", "value", "errors"),
    [
        ("use_cases", [TOO_BIG], {"use_cases": {"0": [limits.NOT_AN_ID]}}),
        ("recruiters", [TOO_BIG], {"recruiters": {"0": [limits.NOT_AN_ID]}}),
        ("team", TOO_BIG, {"team": [limits.NOT_AN_ID]}),
        ("hiring_manager", TOO_BIG, {"hiring_manager": [limits.NOT_AN_ID]}),
        ("committee", TOO_BIG, {"committee": [limits.NOT_AN_ID]}),
        ("use_cases", list(range(1, 102)), {"use_cases": [limits.TOO_MANY_IDS.format(max_length=100)]}),
    ],
)
def test_it_rejects_a_requisition_naming_ids_no_column_holds(api, as_user, field, value, errors):
    """Each id field of a requisition is bounded; no requisition is created."""
    manager = as_user("hiring_manager")
    payload = {"role_family": "data_engineer", "level": "MLS1", "team": TeamFactory().pk, "hiring_manager": manager.pk}
    response = api.post("/api/v1/requisitions/", {**payload, field: value})
    assert response.status_code == 400
    assert response.json() == errors
    assert not Requisition.objects.exists()


def test_it_rejects_a_use_case_team_id_no_column_holds(api, as_user):
    """`team` is an id; no use case is proposed."""
    as_user("recruiter")
    response = api.post("/api/v1/use-cases/", {"title": "T", "problem": "P", "category": "other", "team": TOO_BIG})
    assert response.status_code == 400
    assert response.json() == {"team": [limits.NOT_AN_ID]}
    assert not UseCase.objects.exists()


def test_it_rejects_an_application_for_ids_no_column_holds(api, as_user):
    """`candidate` and `requisition` are ids; no application is added."""
    as_user("recruiter")
    response = api.post("/api/v1/applications/", {"candidate": TOO_BIG, "requisition": TOO_BIG})
    assert response.status_code == 400
    assert response.json() == {"candidate": [limits.NOT_AN_ID], "requisition": [limits.NOT_AN_ID]}
    assert not Application.objects.exists()


@pytest.mark.parametrize("value", [str(TOO_BIG), str(-TOO_BIG)])
@pytest.mark.parametrize("field", ["use_cases", "recruiters"])
def test_the_requisition_page_refuses_a_choice_no_id_column_holds(client, sign_in, field, value):
    """A forged checkbox value of 2**64 is "not one of the available choices", not an overflow."""
    manager = sign_in("hiring_manager")
    data = {
        "role_family": "data_engineer",
        "level": "MLS1",
        "team": TeamFactory().pk,
        "headcount": 1,
        "hiring_manager": manager.pk,
        field: [value],
    }
    response = client.post(reverse("hiring:requisition-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        field: [f"Select a valid choice. {value} is not one of the available choices."]
    }
    assert not Requisition.objects.exists()


@pytest.mark.parametrize("candidate", [str(TOO_BIG), "²", ""])
def test_adding_an_application_from_a_page_with_a_bad_candidate_id_says_so(client, sign_in, candidate):
    """Superscript digits or ids beyond the column are "choose both", not a 500; nothing is added."""
    recruiter = sign_in("recruiter")
    requisition = RequisitionFactory(status=Requisition.Status.OPEN)
    requisition.recruiters.add(recruiter)
    response = client.post(
        reverse("hiring:application-create"),
        {"candidate": candidate, "requisition": requisition.pk, "back": "requisition"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("hiring:requisition", args=[requisition.pk])
    assert CHOOSE_CANDIDATE_AND_REQUISITION in response.content.decode()
    assert not Application.objects.exists()


# --- Long texts of a use case ------------------------------------------------------------------

TOO_LONG = "x" * (limits.LONG_TEXT_MAX_LENGTH + 1)


@pytest.mark.parametrize("field", ["problem", "baseline_tried", "why_baseline_insufficient"])
def test_it_rejects_a_use_case_text_over_20000_characters(api, as_user, field):
    """Each long text is at most 20,000 characters; no use case is proposed."""
    as_user("recruiter")
    payload = {"title": "T", "problem": "P", "category": "other", field: TOO_LONG}
    response = api.post("/api/v1/use-cases/", payload)
    assert response.status_code == 400
    assert response.json() == {field: [limits.LONG_TEXT_TOO_LONG]}
    assert not UseCase.objects.exists()


def test_it_rejects_editing_a_use_case_text_to_over_20000_characters(api, as_user):
    """A PATCH by one who may edit it (its proposer) is refused the same way; the stored text stays."""
    proposer = as_user("recruiter")
    use_case = UseCaseFactory(problem="Churn is 8 % a month.", proposed_by=proposer)
    response = api.patch(f"/api/v1/use-cases/{use_case.pk}/", {"problem": TOO_LONG})
    assert response.status_code == 400
    assert response.json() == {"problem": [limits.LONG_TEXT_TOO_LONG]}
    use_case.refresh_from_db()
    assert use_case.problem == "Churn is 8 % a month."


def test_the_use_case_page_refuses_a_text_over_20000_characters(client, sign_in):
    """The reason is beside the field; no use case is proposed."""
    sign_in("recruiter")
    data = {"title": "T", "problem": "P", "category": "other", "baseline_tried": TOO_LONG}
    response = client.post(reverse("hiring:use-case-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"baseline_tried": [limits.LONG_TEXT_TOO_LONG]}
    assert 'id="id_baseline_tried_error1"' in response.content.decode()
    assert not UseCase.objects.exists()
