"""Anonymizing asks for confirmation first, on a page of its own that works without JavaScript."""

import pytest
from django.urls import reverse

from hiring.forms import ANONYMIZE_NOT_CONFIRMED
from hiring.models import Candidate
from hiring.services.candidates import ANONYMIZED_NAME
from hiring.views.candidates import ANONYMIZED
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db


def _admin(client):
    admin = UserFactory(roles=["admin"])
    client.force_login(admin)
    return admin


def test_the_candidate_page_links_to_the_confirmation_instead_of_erasing(client):
    """The candidate page has no erasing form, only a link to the confirmation page."""
    _admin(client)
    candidate = ApplicationFactory().candidate
    html = client.get(reverse("hiring:candidate", args=[candidate.pk])).content.decode()
    url = reverse("hiring:candidate-anonymize", args=[candidate.pk])
    assert f'href="{url}"' in html
    assert f'action="{url}"' not in html


def test_the_confirmation_page_says_what_goes_and_erases_nothing(client):
    """GET shows what is erased and what is kept; the candidate is untouched."""
    _admin(client)
    candidate = CandidateFactory(name="Nora Quist", email="nora@example.org")
    response = client.get(reverse("hiring:candidate-anonymize", args=[candidate.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This cannot be undone." in html
    assert f"Anonymized candidate #{candidate.pk}" in html
    assert 'name="confirm"' in html
    candidate.refresh_from_db()
    assert (candidate.name, candidate.email, candidate.anonymized_at) == ("Nora Quist", "nora@example.org", None)


def test_posting_without_ticking_the_box_erases_nothing(client):
    """The old one-click post (no confirmation) is a 400 with the reason beside the box."""
    _admin(client)
    candidate = CandidateFactory(name="Nora Quist")
    response = client.post(reverse("hiring:candidate-anonymize", args=[candidate.pk]))
    assert response.status_code == 400
    assert ANONYMIZE_NOT_CONFIRMED in response.content.decode()
    candidate.refresh_from_db()
    assert (candidate.name, candidate.anonymized_at) == ("Nora Quist", None)


def test_confirming_erases_and_returns_to_the_candidate(client):
    """Confirming erases and returns to the candidate."""
    _admin(client)
    candidate = CandidateFactory(name="Nora Quist", email="nora@example.org", links=["https://nora.dev"])
    url = reverse("hiring:candidate-anonymize", args=[candidate.pk])
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert response.url == reverse("hiring:candidate", args=[candidate.pk])
    candidate.refresh_from_db()
    assert candidate.name == ANONYMIZED_NAME.format(id=candidate.pk)
    assert (candidate.email, candidate.links) == ("", [])
    assert candidate.anonymized_at is not None
    assert ANONYMIZED in client.get(response.url).content.decode()


def test_someone_who_may_not_change_the_candidate_gets_403_on_the_confirmation(client):
    """A recruiter off the candidate's requisitions sees the candidate but may not erase them."""
    candidate = CandidateFactory()
    client.force_login(UserFactory(roles=["recruiter"]))
    assert client.get(reverse("hiring:candidate-anonymize", args=[candidate.pk])).status_code == 403
    assert client.post(reverse("hiring:candidate-anonymize", args=[candidate.pk]), {"confirm": "on"}).status_code == 403
    assert Candidate.objects.get(pk=candidate.pk).anonymized_at is None


def test_an_anonymized_candidate_goes_back_to_their_page(client):
    """Nothing left to erase: back to the candidate with a note."""
    _admin(client)
    candidate = CandidateFactory()
    client.post(reverse("hiring:candidate-anonymize", args=[candidate.pk]), {"confirm": "on"})
    response = client.get(reverse("hiring:candidate-anonymize", args=[candidate.pk]))
    assert response.status_code == 302
    assert response.url == reverse("hiring:candidate", args=[candidate.pk])
