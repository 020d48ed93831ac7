"""Input an API fuzzer found: each is a 400 naming the field and why, nothing is written, on SQLite and PostgreSQL."""

import pytest
from django.urls import reverse

from core.errors import ValidationFailed
from hiring import limits, services
from hiring.api.filters import NUL_IN_TEXT
from hiring.codes import RoleFamily
from hiring.models import Candidate, ExistingHeadcount, HiringSettings
from tests.factories import CandidateFactory, UserFactory

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
        services.hiring_settings_update(actor=admin, existing_team={"data_engineer": 3_000_000_000})
    assert refused.value.errors == {"existing_team": [services.COUNT_TOO_HIGH.format(family="data_engineer")]}
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
