"""Input an API fuzzer found: each is a 400 naming the field and why, nothing is written, on SQLite and PostgreSQL."""

import pytest
from django.urls import reverse

from hiring import limits
from hiring.api.filters import NUL_IN_TEXT
from hiring.models import Candidate
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
