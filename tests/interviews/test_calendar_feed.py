"""The interviewer's private calendar feed (issue #15): a secret URL that lists their interviews as an
iCalendar subscription — read by two iCalendar libraries —, shown only to them, revoked by a new link."""

import datetime as dt

import icalendar
import pytest
import vobject
from django.urls import reverse

from interviews.models import Interview, InterviewerProfile
from interviews.scheduling import services
from tests.factories import UserFactory
from tests.interviews.scheduling.scheduled import scheduled_loop

pytestmark = pytest.mark.django_db


def test_the_feed_lists_the_persons_interviews_and_two_libraries_read_it(client, api):
    """Omar's feed: his ML coding round (with its video link), then cancelled as STATUS:CANCELLED; Lena's
    overview is not in it. icalendar parses it, and vobject (a second, independent parser) reads the same event."""
    s, loop = scheduled_loop()
    omar = s.people["omar"]
    api.force_authenticate(omar)
    profile = InterviewerProfile.objects.get(user=omar)
    feed_url = api.get(f"/api/v1/interviewers/{profile.pk}/").json()["feed_url"]
    assert feed_url.startswith("http://testserver/calendar/")
    client.logout()
    response = client.get(feed_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    coding = loop.interviews.get(round_type__code="ml_coding")
    assert [str(e["summary"]) for e in events] == [
        f"Interview: ML coding from scratch — {loop.application.candidate.name}"
    ]
    assert str(events[0]["uid"]).startswith(str(coding.ical_uid))
    assert "method" not in calendar  # a published calendar, not an invite
    # A second, independent parser (vobject) reads the same feed the same way.
    other = vobject.readOne(response.content.decode())
    (event,) = other.vevent_list
    assert event.uid.value == str(events[0]["uid"])
    assert event.dtstart.value == coding.start.astimezone(dt.UTC)
    assert event.url.value == coding.meeting_url
    services.interview_cancel(interview=coding, actor=s.recruiter)
    again = icalendar.Calendar.from_ical(client.get(feed_url).content).walk("VEVENT")
    assert str(again[0]["status"]) == "CANCELLED"
    assert int(again[0]["sequence"]) == Interview.objects.get(pk=coding.pk).ical_sequence


def test_only_the_person_sees_their_feed_url_and_a_new_one_revokes_the_old(client, api):
    """Recruiters see null; reset-feed makes a new URL and the old one is a 404; nobody else may reset it."""
    s, loop = scheduled_loop()
    profile = InterviewerProfile.objects.get(user=s.people["omar"])
    api.force_authenticate(s.recruiter)
    assert api.get(f"/api/v1/interviewers/{profile.pk}/").json()["feed_url"] is None
    assert api.post(f"/api/v1/interviewers/{profile.pk}/reset-feed/").status_code == 403
    api.force_authenticate(s.people["omar"])
    old = api.get(f"/api/v1/interviewers/{profile.pk}/").json()["feed_url"]
    new = api.post(f"/api/v1/interviewers/{profile.pk}/reset-feed/").json()["feed_url"]
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get("/calendar/short/interviews.ics").status_code == 404
    client.force_login(s.people["omar"])
    page = client.get(reverse("interviews:interviewer", args=[profile.pk])).content.decode()
    assert new in page
    client.force_login(UserFactory(roles=["admin"]))
    assert new not in client.get(reverse("interviews:interviewer", args=[profile.pk])).content.decode()
