"""Cross-links: candidate and requisition pages link each loop (and its packet for reviewers); the packet links back."""

import pytest
from django.urls import reverse

from interviews.models import Loop
from tests.decisions import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ready_loop():
    loop = f.loop(status=Loop.Status.READY_FOR_REVIEW)
    f.complete(loop)
    return loop


def _recruiter_of(loop):
    recruiter = UserFactory(roles=["recruiter"])
    loop.application.requisition.recruiters.add(recruiter)
    return recruiter


def _links(loop) -> tuple[str, str]:
    return reverse("interviews:loop", args=[loop.pk]), reverse("decisions:packet", args=[loop.pk])


def test_the_candidate_page_links_a_recruiter_to_the_loop_and_its_packet(client):
    """The candidate page links a recruiter to the loop and its packet."""
    loop = _ready_loop()
    client.force_login(_recruiter_of(loop))
    response = client.get(reverse("hiring:candidate", args=[loop.application.candidate_id]))
    assert response.status_code == 200
    html = response.content.decode()
    loop_url, packet_url = _links(loop)
    assert f'href="{loop_url}"' in html
    assert f'href="{packet_url}"' in html
    assert "(ready for review)" in html


def test_a_committee_member_gets_the_packet_link_on_the_candidate_page(client):
    """A committee member gets the packet link on the candidate page."""
    loop = _ready_loop()
    client.force_login(loop.application.requisition.committee.chair)
    html = client.get(reverse("hiring:candidate", args=[loop.application.candidate_id])).content.decode()
    assert f'href="{_links(loop)[1]}"' in html


def test_an_interviewer_gets_the_loop_link_but_no_packet_link(client):
    """The packet link is for the people who review and decide."""
    loop = _ready_loop()
    card = loop.interviews.first().scorecards.first()
    client.force_login(card.interviewer)
    response = client.get(reverse("hiring:candidate", args=[loop.application.candidate_id]))
    assert response.status_code == 200
    html = response.content.decode()
    loop_url, packet_url = _links(loop)
    assert f'href="{loop_url}"' in html
    assert f'href="{packet_url}"' not in html


def test_a_loop_without_feedback_has_no_packet_link(client):
    """A draft loop: the loop page only (its packet would be empty)."""
    loop = f.loop(status=Loop.Status.DRAFT)
    client.force_login(_recruiter_of(loop))
    html = client.get(reverse("hiring:candidate", args=[loop.application.candidate_id])).content.decode()
    loop_url, packet_url = _links(loop)
    assert f'href="{loop_url}"' in html
    assert f'href="{packet_url}"' not in html


def test_a_loop_the_viewer_cannot_see_is_not_linked(client):
    """A recruiter of another requisition sees the candidate (planners see everyone) but not the loop."""
    loop = _ready_loop()
    client.force_login(UserFactory(roles=["recruiter"]))
    html = client.get(reverse("hiring:candidate", args=[loop.application.candidate_id])).content.decode()
    loop_url, packet_url = _links(loop)
    assert f'href="{loop_url}"' not in html
    assert f'href="{packet_url}"' not in html


def test_the_requisition_page_links_its_loops_packets(client):
    """The requisition page links its loops packets."""
    first = _ready_loop()
    second = f.loop(status=Loop.Status.DECIDED)
    second.application.requisition = first.application.requisition
    second.application.save()
    recruiter = _recruiter_of(first)
    client.force_login(recruiter)
    response = client.get(reverse("hiring:requisition", args=[first.application.requisition_id]))
    assert response.status_code == 200
    html = response.content.decode()
    for loop in (first, second):
        assert f'href="{_links(loop)[1]}"' in html


def test_the_packet_links_to_the_candidate_requisition_and_loop_pages(client):
    """The packet links to the candidate requisition and loop pages."""
    loop = _ready_loop()
    client.force_login(loop.application.requisition.committee.chair)
    html = client.get(reverse("decisions:packet", args=[loop.pk])).content.decode()
    assert f'href="{reverse("hiring:candidate", args=[loop.application.candidate_id])}">Candidate page</a>' in html
    assert f'href="{reverse("hiring:requisition", args=[loop.application.requisition_id])}">Requisition</a>' in html
    assert f'href="{_links(loop)[0]}">Loop and schedule</a>' in html


def test_the_packet_does_not_link_pages_the_viewer_may_not_open(client):
    """An interviewer who has submitted reads the packet and the candidate, but no requisition pages."""
    loop = _ready_loop()
    client.force_login(loop.interviews.first().scorecards.first().interviewer)
    response = client.get(reverse("decisions:packet", args=[loop.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert ">Candidate page</a>" in html
    assert reverse("hiring:requisition", args=[loop.application.requisition_id]) not in html


@pytest.mark.parametrize("loops", [1, 6])
def test_the_requisition_page_query_count_does_not_grow_with_loops(client, django_assert_num_queries, loops):
    """1 or 6 applications, each with a loop ready for review: the same queries for the loop links and for
    "Build loop"."""
    admin = UserFactory(roles=["admin"])
    first = _ready_loop()
    requisition = first.application.requisition
    for _ in range(loops - 1):
        loop = f.loop(status=Loop.Status.READY_FOR_REVIEW)
        loop.application.requisition = requisition
        loop.application.save()
    client.force_login(admin)
    with django_assert_num_queries(17):
        response = client.get(reverse("hiring:requisition", args=[requisition.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('">Packet<span class="visually-hidden">') == loops


def test_build_loop_is_offered_on_the_candidate_and_requisition_pages_while_no_loop_is_in_progress(client):
    """A recruiter of the requisition sees "Build loop" under an application without a loop in progress, on
    both pages; not while one is in progress, again once it is cancelled; the hiring manager, who does not
    build loops, never does."""
    loop = f.loop(status=Loop.Status.AWAITING_FEEDBACK)
    application = loop.application
    recruiter = _recruiter_of(loop)
    build = f'href="{reverse("interviews:loop-build", args=[application.pk])}"'
    pages = (
        reverse("hiring:candidate", args=[application.candidate_id]),
        reverse("hiring:requisition", args=[application.requisition_id]),
    )
    client.force_login(recruiter)
    assert all(build not in client.get(page).content.decode() for page in pages)
    Loop.objects.filter(pk=loop.pk).update(status=Loop.Status.CANCELLED)
    assert all(build in client.get(page).content.decode() for page in pages)
    assert build in client.get(reverse("interviews:pipeline")).content.decode()
    client.force_login(application.requisition.hiring_manager)
    assert all(build not in client.get(page).content.decode() for page in pages)
    assert build not in client.get(reverse("interviews:pipeline")).content.decode()
