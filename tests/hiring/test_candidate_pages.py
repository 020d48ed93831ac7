"""Candidate pages: list, detail with applications, add, add to a requisition, move a stage."""

from html import escape

import pytest
from django.urls import reverse

from hiring.models import Application, Candidate, Requisition
from hiring.stages import HIRE_NEEDS_OFFER, OFFER_NEEDS_DECISION, REASON_NEEDED
from tests.factories import ApplicationFactory, CandidateFactory, RequisitionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_in(client):
    def sign_in_as(*roles: str, **fields):
        user = UserFactory(roles=list(roles), **fields)
        client.force_login(user)
        return user

    return sign_in_as


def _html(response) -> str:
    return response.content.decode()


def _my_open_requisition(user, **fields) -> Requisition:
    requisition = RequisitionFactory(status=Requisition.Status.OPEN, **fields)
    requisition.recruiters.add(user)
    return requisition


def test_the_list_hides_contact_details_off_the_requisition(client, sign_in):
    """A recruiter sees the email of their own candidates only."""
    recruiter = sign_in("recruiter")
    mine = ApplicationFactory(requisition=_my_open_requisition(recruiter)).candidate
    other = ApplicationFactory().candidate
    html = _html(client.get(reverse("hiring:candidates")))
    assert mine.email in html
    assert other.name in html
    assert other.email not in html


def test_the_detail_page_shows_applications_and_contact_details(client, sign_in):
    """Name, time zone, links, contact and each application with its stage."""
    recruiter = sign_in("recruiter")
    application = ApplicationFactory(requisition=_my_open_requisition(recruiter, title="AS — Fraud"), stage="screen")
    candidate = application.candidate
    candidate.links = ["https://arxiv.org/abs/1"]
    candidate.save()
    response = client.get(reverse("hiring:candidate", args=[candidate.pk]))
    assert response.status_code == 200
    html = _html(response)
    assert candidate.email in html
    assert "https://arxiv.org/abs/1" in html
    assert "AS — Fraud" in html
    assert "Screen" in html
    assert 'action="{}"'.format(reverse("hiring:application-move", args=[application.pk])) in html


def test_a_visitor_off_the_requisition_sees_no_contact_details_on_the_page(client, sign_in):
    """Another hiring manager sees the name but not the email or phone."""
    sign_in("hiring_manager")
    candidate = ApplicationFactory().candidate
    candidate.phone = "+44 20 7946 0999"
    candidate.save()
    html = _html(client.get(reverse("hiring:candidate", args=[candidate.pk])))
    assert candidate.name in html
    assert candidate.email not in html
    assert "+44 20 7946 0999" not in html


def test_adding_a_candidate_from_the_page(client, sign_in):
    """The form creates the candidate and lands on their page."""
    recruiter = sign_in("recruiter")
    response = client.post(
        reverse("hiring:candidate-create"),
        {"name": "Mia Chen", "email": "mia@example.org", "timezone": "Asia/Tokyo", "links": "https://a.org\n\n"},
    )
    candidate = Candidate.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("hiring:candidate", args=[candidate.pk])
    assert candidate.created_by == recruiter
    assert candidate.links == ["https://a.org"]


def test_the_add_form_shows_errors_beside_the_fields(client, sign_in):
    """An unknown time zone and a broken link are named where they are typed."""
    sign_in("recruiter")
    response = client.post(
        reverse("hiring:candidate-create"), {"name": "X", "timezone": "Mars/Base", "links": "not a link"}
    )
    assert response.status_code == 200
    html = _html(response)
    assert 'id="id_timezone_error1"' in html
    assert 'id="id_links_error1"' in html
    assert not Candidate.objects.exists()


def test_adding_a_candidate_to_a_requisition_from_the_candidate_page(client, sign_in):
    """The requisition menu lists the viewer's open requisitions; posting adds the application."""
    recruiter = sign_in("recruiter")
    requisition = _my_open_requisition(recruiter, title="AS — Pricing")
    candidate = CandidateFactory()
    assert "AS — Pricing" in _html(client.get(reverse("hiring:candidate", args=[candidate.pk])))
    response = client.post(
        reverse("hiring:application-create"),
        {"candidate": candidate.pk, "requisition": requisition.pk, "back": "candidate"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Application added." in _html(response)
    assert Application.objects.filter(candidate=candidate, requisition=requisition, stage="applied").exists()


def test_adding_twice_from_the_requisition_page_says_so(client, sign_in):
    """The duplicate is explained on the page; still one application."""
    recruiter = sign_in("recruiter")
    existing = ApplicationFactory(requisition=_my_open_requisition(recruiter))
    response = client.post(
        reverse("hiring:application-create"),
        {"candidate": existing.candidate_id, "requisition": existing.requisition_id, "back": "requisition"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("hiring:requisition", args=[existing.requisition_id])
    assert "already has an application for" in _html(response)
    assert Application.objects.count() == 1


def test_the_requisition_page_lists_its_candidates_and_offers_to_add_one(client, sign_in):
    """Candidates on it with their stage, and a menu of others to add."""
    recruiter = sign_in("recruiter")
    requisition = _my_open_requisition(recruiter)
    on_it = ApplicationFactory(requisition=requisition).candidate
    other = CandidateFactory(name="Zoe Other")
    html = _html(client.get(reverse("hiring:requisition", args=[requisition.pk])))
    assert on_it.name in html
    assert f'<option value="{other.pk}">Zoe Other</option>' in html


def test_moving_a_stage_from_the_page(client, sign_in):
    """The move form changes the stage; impossible moves are explained."""
    recruiter = sign_in("recruiter")
    application = ApplicationFactory(requisition=_my_open_requisition(recruiter), stage="loop")
    url = reverse("hiring:application-move", args=[application.pk])
    response = client.post(url, {f"a{application.pk}-stage": "committee"}, follow=True)
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.stage == "committee"
    response = client.post(url, {f"a{application.pk}-stage": "hired"}, follow=True)
    assert HIRE_NEEDS_OFFER.format(stage="committee") in _html(response)
    application.refresh_from_db()
    assert application.stage == "committee"


def test_anonymizing_from_the_page(client, sign_in):
    """Confirming erases the name and contact details."""
    sign_in("admin")
    candidate = ApplicationFactory().candidate
    response = client.post(reverse("hiring:candidate-anonymize", args=[candidate.pk]), {"confirm": "on"}, follow=True)
    assert response.status_code == 200
    candidate.refresh_from_db()
    assert candidate.name == f"Anonymized candidate #{candidate.pk}"
    assert "Anonymize" not in _html(response).split("</h1>", 1)[1]


def test_interviewers_cannot_add_or_move(client, sign_in):
    """No adding candidates, and applications they cannot see are 404."""
    sign_in("interviewer")
    application = ApplicationFactory()
    assert client.get(reverse("hiring:candidate-create")).status_code == 403
    url = reverse("hiring:application-move", args=[application.pk])
    assert client.post(url, {f"a{application.pk}-stage": "offer"}).status_code == 404
    assert client.get(reverse("hiring:candidate", args=[application.candidate_id])).status_code == 404
    application.refresh_from_db()
    assert application.stage == "loop"


def test_the_page_follows_the_stage_machine(client, sign_in):
    """The menu offers only allowed moves; offer is refused with the reason; a rejection needs and keeps a
    reason, which the page then shows; a recruiter of another requisition is refused."""
    recruiter = sign_in("recruiter")
    application = ApplicationFactory(requisition=_my_open_requisition(recruiter), stage="committee")
    page = _html(client.get(reverse("hiring:candidate", args=[application.candidate_id])))
    menu = page.split(f'name="a{application.pk}-stage"', 1)[1].split("</select>", 1)[0]
    assert 'value="offer"' not in menu
    assert 'value="hired"' not in menu
    assert 'value="rejected"' in menu
    assert menu.split("<option", 2)[1].startswith(' value="" selected>Choose')  # nothing chosen by default
    url = reverse("hiring:application-move", args=[application.pk])
    refused = _html(client.post(url, {f"a{application.pk}-stage": "offer"}, follow=True))
    assert escape(OFFER_NEEDS_DECISION) in refused
    no_reason = _html(client.post(url, {f"a{application.pk}-stage": "rejected"}, follow=True))
    assert escape(REASON_NEEDED.format(stage="rejected")) in no_reason
    application.refresh_from_db()
    assert application.stage == "committee"
    done = client.post(
        url, {f"a{application.pk}-stage": "rejected", f"a{application.pk}-reason": "Took another offer."}, follow=True
    )
    assert "Took another offer." in _html(done)
    assert f"{application.candidate.name} moved to rejected." in _html(done)
    application.refresh_from_db()
    assert application.stage == "rejected"
    other = ApplicationFactory(stage="loop")
    sign_in("recruiter")
    response = client.post(reverse("hiring:application-move", args=[other.pk]), {f"a{other.pk}-stage": "screen"})
    assert response.status_code in (403, 404)
    other.refresh_from_db()
    assert other.stage == "loop"
