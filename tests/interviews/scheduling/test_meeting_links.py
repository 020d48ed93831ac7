"""Video links (issue #15): every booked interview gets a meeting URL from the configured provider — an
unguessable generated room kept when the interview moves, or the lead interviewer's own room — and the
invites, the candidate's itinerary, the pages and the API carry it beside the typed place."""

import pytest
from django.core import mail
from icalendar import Calendar

from interviews import meeting_links
from interviews.models import InterviewerProfile
from interviews.scheduling import invites, services
from tests.interviews.scheduling.scheduled import scheduled_loop

BASE = "https://meet.example.org"


def test_a_generated_room_is_unguessable_and_kept():
    """Generated rooms carry 144 random bits, differ every time and survive a re-run."""
    first = meeting_links.meeting_url(provider="generated", base_url=BASE, current="", lead_personal_url="")
    second = meeting_links.meeting_url(provider="generated", base_url=BASE + "/", current="", lead_personal_url="")
    assert first.startswith(f"{BASE}/loopwise-")
    assert len(first.removeprefix(f"{BASE}/loopwise-")) == 24  # 18 random bytes, URL-safe base64
    assert first != second
    assert meeting_links.meeting_url(provider="generated", base_url=BASE, current=first, lead_personal_url="x") == first


def test_personal_follows_the_lead_and_falls_back_to_a_room():
    """Personal links follow the lead interviewer; without one, a generated room; off means none."""
    own = "https://zoom.example.org/j/123"
    room = meeting_links.meeting_url(provider="personal", base_url=BASE, current="", lead_personal_url="")
    assert room.startswith(f"{BASE}/loopwise-")
    assert meeting_links.meeting_url(provider="personal", base_url=BASE, current=room, lead_personal_url=own) == own
    # The lead changes to someone without a room of their own: a generated one, not the last lead's.
    assert meeting_links.meeting_url(provider="personal", base_url=BASE, current=own, lead_personal_url="") != own
    assert meeting_links.meeting_url(provider="off", base_url=BASE, current="", lead_personal_url=own) == ""
    with pytest.raises(ValueError, match="LOOPWISE_MEETING_LINKS"):
        meeting_links.meeting_url(provider="teams", base_url=BASE, current="", lead_personal_url="")


@pytest.mark.django_db
def test_booking_fills_the_link_into_every_interview_invite_and_itinerary(settings, django_capture_on_commit_callbacks):
    """Booking gives each interview its own room, in the .ics, the panel's invites and the itinerary."""
    settings.MEETING_LINKS, settings.MEETING_BASE_URL = "generated", BASE
    with django_capture_on_commit_callbacks(execute=True):
        s, loop = scheduled_loop()
    overview, coding = loop.interviews.order_by("order")[:2]
    assert overview.meeting_url.startswith(f"{BASE}/loopwise-")
    assert coding.meeting_url.startswith(f"{BASE}/loopwise-")
    assert overview.meeting_url != coding.meeting_url
    assert overview.where == f"Room 1 · {overview.meeting_url}"  # the typed place is kept beside it
    event = Calendar.from_ical(invites.interview_invite_ics(interview=overview, method=invites.REQUEST)).walk("VEVENT")[
        0
    ]
    assert str(event["url"]) == overview.meeting_url
    assert overview.meeting_url in str(event["location"])
    assert str(event["conference"]) == overview.meeting_url
    bodies = "\n".join(m.body for m in mail.outbox)
    assert overview.meeting_url in bodies  # the panel's invite
    itinerary = next(m for m in mail.outbox if loop.application.candidate.email in m.to[0])
    assert coding.meeting_url in itinerary.body


@pytest.mark.django_db
def test_a_moved_interview_keeps_its_room_and_personal_links_follow_the_lead(settings):
    """A move keeps the generated room; with personal links the lead's own room replaces it."""
    settings.MEETING_LINKS, settings.MEETING_BASE_URL = "generated", BASE
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    room = coding.meeting_url
    services.interview_reschedule(interview=coding, actor=s.recruiter, start=s.at("11:15"))
    coding.refresh_from_db()
    assert coding.meeting_url == room

    settings.MEETING_LINKS = "personal"
    InterviewerProfile.objects.filter(user=s.people["omar"]).update(meeting_url="https://zoom.example.org/j/omar")
    services.interview_reschedule(interview=coding, actor=s.recruiter, start=s.at("13:00"))
    coding.refresh_from_db()
    assert coding.meeting_url == "https://zoom.example.org/j/omar"
    assert coding.ical_sequence == 2  # each change reaches the calendars as a new SEQUENCE


@pytest.mark.django_db
def test_the_api_shows_the_link_and_takes_an_interviewers_own_room(api, settings):
    """interviews/ shows meeting_url; interviewers/ takes a person's own room and refuses a non-URL."""
    settings.MEETING_LINKS, settings.MEETING_BASE_URL = "generated", BASE
    s, loop = scheduled_loop()
    api.force_authenticate(s.recruiter)
    rows = api.get(f"/api/v1/interviews/?loop={loop.pk}").json()["results"]
    assert all(row["meeting_url"].startswith(f"{BASE}/loopwise-") for row in rows)
    omar = InterviewerProfile.objects.get(user=s.people["omar"])
    api.force_authenticate(s.people["omar"])
    response = api.patch(f"/api/v1/interviewers/{omar.pk}/", {"meeting_url": "not a url"}, format="json")
    assert response.status_code == 400
    assert "meeting_url" in response.json()
    response = api.patch(f"/api/v1/interviewers/{omar.pk}/", {"meeting_url": "https://zoom.example.org/j/9"})
    assert response.status_code == 200
    assert response.json()["meeting_url"] == "https://zoom.example.org/j/9"
