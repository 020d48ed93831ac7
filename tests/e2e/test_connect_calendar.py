"""Connecting a calendar in a browser (issue #15): an interviewer opens their profile, connects a CalDAV
calendar (a live Radicale) with an app password, syncs, and sees their meeting as busy time and their
interview written into the calendar — at laptop and phone widths, scanned by axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import BusyBlock, Interview, InterviewerProfile
from interviews.scheduling import invites
from tests.e2e.conftest import LAPTOP, PHONE, assert_clean, sign_in
from tests.interviews.calendar.radicale_server import PASSWORD, USER

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MEETING = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//test//EN
BEGIN:VEVENT
UID:e2e-meeting
DTSTART:{start}
DTEND:{end}
SUMMARY:Planning
END:VEVENT
END:VCALENDAR
"""


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_an_interviewer_connects_their_calendar_and_syncs(demo, open_page, radicale, viewport):
    """Profile → Connected calendar → Connect → Sync now → busy time read, interviews written."""
    profile = InterviewerProfile.objects.get(user__username="interviewer")
    calendar = radicale.new_calendar()
    upcoming = Interview.objects.filter(
        assignments__interviewer=profile.user, status="scheduled", end__isnull=False
    ).order_by("start")
    first = upcoming.last()
    calendar.add_event(MEETING.format(start=f"{first.start:%Y%m%dT%H%M%SZ}", end=f"{first.end:%Y%m%dT%H%M%SZ}"))
    page, shot = open_page(viewport)
    sign_in(page, demo, "interviewer")
    page.goto(f"{demo}/interviewers/{profile.pk}/")
    expect(page.get_by_role("heading", name="Connected calendar (CalDAV)")).to_be_visible()
    page.get_by_label("Calendar URL").fill(str(calendar.url))
    page.get_by_label("User name", exact=True).fill(USER)
    page.get_by_label("App password").fill(PASSWORD)
    shot("connect")
    page.get_by_role("button", name="Connect").click()
    expect(page.get_by_text("Connected to")).to_be_visible()
    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_role("status").first).to_contain_text("Synced:")
    shot("synced")
    assert BusyBlock.objects.filter(profile=profile, source="caldav").count() == 1
    in_calendar = {str(item.icalendar_component["uid"]) for item in calendar.events()}
    ahead = {invites.interview_uid(i) for i in upcoming.filter(end__gt=timezone.now())}
    assert ahead
    assert in_calendar == ahead | {"e2e-meeting"}
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    assert_clean(page)
