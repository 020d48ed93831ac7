"""Input an API fuzzer found: each is a 400 naming the field and why, nothing is written, on SQLite and PostgreSQL."""

import pytest
from django.urls import reverse

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
