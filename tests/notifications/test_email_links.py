"""Emails link where the reader acts: an interviewer's invite to their kit, the committee's notice to the packet."""

import pytest
from django.urls import reverse

from decisions.notifications import notify_loop_ready_for_committee
from interviews.notifications import notify_candidate_itinerary, notify_interview_invite
from notifications.models import Notification
from tests.notifications.factories import MONDAY_2PM, ics_for, interview_with_panel

pytestmark = pytest.mark.django_db

SITE = "https://loopwise.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.NOTIFICATIONS_SITE_URL = SITE + "/"


def test_an_interviewers_invite_links_to_their_kit(django_capture_on_commit_callbacks, mailoutbox):
    """Panel and shadow copies carry the kit's absolute link; the sent mail has it too."""
    interview = interview_with_panel(panel=1, shadows=1)
    kit = SITE + reverse("interviews:kit", args=[interview.pk])
    with django_capture_on_commit_callbacks(execute=True):
        notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
    to_people = Notification.objects.filter(recipient__isnull=False)
    assert to_people.count() == 2
    for row in to_people:
        assert "Your interview kit (the round's purpose, what to probe, the rubric" in row.body
        assert row.body.rstrip().endswith(kit)
    assert sum(kit in message.body for message in mailoutbox) == 2


def test_the_candidates_itinerary_has_no_kit_link():
    """The kit is for the panel; the candidate has no account: the one link is to their own page (their times,
    and a way to ask for others)."""
    interview = interview_with_panel(panel=1)
    notify_candidate_itinerary(loop=interview.loop, changed=[interview], method="REQUEST")
    to_candidate = Notification.objects.get(recipient__isnull=True)
    assert "/kit/" not in to_candidate.body
    links = [word for word in to_candidate.body.split() if word.startswith(SITE)]
    assert len(links) == 1
    assert links[0].startswith(f"{SITE}/availability/")


def test_a_rescheduled_invite_links_to_the_kit_and_a_cancel_does_not():
    """A rescheduled invite links to the kit and a cancel does not."""
    interview = interview_with_panel(panel=1)
    interview.ical_sequence = 1
    interview.save()
    notify_interview_invite(interview=interview, method="REQUEST", ics=ics_for(interview))
    moved = Notification.objects.get(recipient__isnull=False, kind="interview_rescheduled")
    assert SITE + reverse("interviews:kit", args=[interview.pk]) in moved.body
    interview.ical_sequence = 2
    interview.save()
    notify_interview_invite(interview=interview, method="CANCEL", ics=ics_for(interview, method="CANCEL"))
    cancelled = Notification.objects.get(recipient__isnull=False, kind="interview_cancelled")
    assert "/kit/" not in cancelled.body


def test_ready_for_committee_links_to_the_loops_packet(django_capture_on_commit_callbacks, mailoutbox):
    """Each member's email ends with the packet's absolute link, not the queue's."""
    loop = interview_with_panel(panel=1).loop
    loop.ready_for_review_at = MONDAY_2PM
    packet = SITE + reverse("decisions:packet", args=[loop.pk])
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify_loop_ready_for_committee(loop=loop)
    assert len(rows) == 2
    for row in rows:
        assert row.body.endswith(f"the chair records the decision:\n{packet}\n")
    assert all(packet in message.body for message in mailoutbox)
