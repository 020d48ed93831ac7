"""Calendar invites (RFC 5545) re-parsed with icalendar, and busy time imported from .ics uploads."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from icalendar import Calendar

from interviews.models import BusyBlock, Interview, InterviewAssignment
from interviews.scheduling import invites, services
from tests.factories import UserFactory
from tests.interviews.scheduling.scheduled import scheduled_loop
from tests.interviews.scheduling.setup import Setup, make_setup

pytestmark = pytest.mark.django_db


def _event(body: bytes | str):
    calendar = Calendar.from_ical(body)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _attendees(event) -> set[str]:
    values = event.get("attendee")
    values = values if isinstance(values, list) else [values]
    return {str(v).removeprefix("mailto:") for v in values if v is not None}


def test_the_ics_endpoint_returns_a_request_with_uid_sequence_and_utc_times(api):
    """GET interviews/{id}/ics/ → text/calendar; METHOD:REQUEST, stable UID, SEQUENCE, times in UTC."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    api.force_authenticate(s.recruiter)
    response = api.get(f"/api/v1/interviews/{coding.pk}/ics/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar, event = _event(response.content)
    assert str(calendar["method"]) == "REQUEST"
    assert str(calendar["version"]) == "2.0"
    assert str(event["uid"]) == f"{coding.ical_uid}@loopwise"
    assert event["sequence"] == 0
    assert event.decoded("dtstart") == s.at("10:00")
    assert event.decoded("dtstart").utcoffset() == dt.timedelta(0)
    assert event.decoded("dtend") == s.at("11:00")
    assert str(event["organizer"]) == "mailto:rita@example.org"
    assert _attendees(event) == {s.people["omar"].email, s.application.candidate.email}
    assert "Ada Okafor" in str(event["summary"])


def test_an_interviewer_gets_the_invite_without_the_candidates_email(api):
    """Contact PII stays with recruiters, managers and committee: no candidate attendee for interviewers."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    api.force_authenticate(s.people["omar"])
    _, event = _event(api.get(f"/api/v1/interviews/{coding.pk}/ics/").content)
    assert _attendees(event) == {s.people["omar"].email}
    assert s.application.candidate.email not in api.get(f"/api/v1/interviews/{coding.pk}/ics/").content.decode()


def test_a_reschedule_raises_sequence_and_keeps_the_uid(api):
    """The same UID with a higher SEQUENCE replaces the earlier invite in calendars."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    api.force_authenticate(s.recruiter)
    before = _event(api.get(f"/api/v1/interviews/{coding.pk}/ics/").content)[1]
    api.post(f"/api/v1/interviews/{coding.pk}/reschedule/", {"start": s.at("14:00").isoformat()}, format="json")
    after = _event(api.get(f"/api/v1/interviews/{coding.pk}/ics/").content)[1]
    assert str(after["uid"]) == str(before["uid"])
    assert after["sequence"] == before["sequence"] + 1
    assert after.decoded("dtstart") == s.at("14:00")


def test_a_cancel_produces_method_cancel_with_a_higher_sequence(api):
    """After cancelling, the calendar file is METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE raised."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    api.force_authenticate(s.recruiter)
    api.post(f"/api/v1/interviews/{coding.pk}/cancel/")
    calendar, event = _event(api.get(f"/api/v1/interviews/{coding.pk}/ics/").content)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == 1
    assert str(event["uid"]) == f"{coding.ical_uid}@loopwise"


def test_invites_are_right_on_the_day_clocks_change_in_the_candidates_zone():
    """A 09:00 London interview on 29 March 2026 (clocks forward) is 08:00 UTC in the invite."""
    s = make_setup()
    s.day = dt.date(2026, 3, 29)
    s, loop = scheduled_loop_on_day(s)
    overview = loop.interviews.get(round_type__code="overview")
    _, event = _event(invites.interview_invite_ics(interview=overview, method=invites.REQUEST))
    assert event.decoded("dtstart") == dt.datetime(2026, 3, 29, 8, 0, tzinfo=dt.UTC)
    assert event.decoded("dtend") == dt.datetime(2026, 3, 29, 8, 45, tzinfo=dt.UTC)


def scheduled_loop_on_day(s: Setup):
    """Book directly (the day is in the past, so not through the services' availability check)."""
    from interviews.models import Loop

    loop = Loop.objects.create(application=s.application, template=s.template, created_by=s.recruiter)
    rubric = s.rubrics["overview"]
    interview = Interview.objects.create(
        loop=loop,
        round_type=rubric.round_type,
        rubric=rubric,
        order=1,
        minutes=45,
        start=s.at("09:00"),
        end=s.at("09:45"),
        status=Interview.Status.SCHEDULED,
    )
    InterviewAssignment.objects.create(interview=interview, interviewer=s.people["lena"])
    return s, loop


def test_the_invite_function_refuses_unknown_methods():
    """Only REQUEST and CANCEL are produced."""
    _, loop = scheduled_loop()
    with pytest.raises(ValueError, match="method"):
        invites.interview_invite_ics(interview=loop.interviews.first(), method="PUBLISH")


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:one@example.org
DTSTART;TZID=Europe/London:{day}T100000
DTEND;TZID=Europe/London:{day}T113000
SUMMARY:Team sync
END:VEVENT
BEGIN:VEVENT
UID:weekly@example.org
DTSTART:{day}T150000Z
DURATION:PT1H
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:1:1
END:VEVENT
BEGIN:VEVENT
UID:free@example.org
DTSTART:{day}T070000Z
DTEND:{day}T080000Z
TRANSP:TRANSPARENT
SUMMARY:Focus (free)
END:VEVENT
BEGIN:VEVENT
UID:gone@example.org
DTSTART:{day}T120000Z
DTEND:{day}T130000Z
STATUS:CANCELLED
END:VEVENT
END:VCALENDAR
"""


def _upload(s: Setup, profile_user, api, content: str):
    profile = profile_user.interviewer_profile
    return api.post(
        f"/api/v1/interviewers/{profile.pk}/busy-ics/",
        {"file": SimpleUploadedFile("cal.ics", content.encode(), content_type="text/calendar")},
        format="multipart",
    )


def test_a_recruiter_imports_busy_time_from_an_ics_file(api):
    """Opaque, not-cancelled events become busy blocks (source "ics"); weekly ones are expanded."""
    s = make_setup()
    api.force_authenticate(s.recruiter)
    day = s.day.strftime("%Y%m%d")
    response = _upload(s, s.people["omar"], api, ICS.format(day=day))
    assert response.status_code == 200, response.json()
    assert response.json() == {"imported": 4}
    blocks = list(BusyBlock.objects.filter(profile__user=s.people["omar"]).order_by("start"))
    assert {b.source for b in blocks} == {"ics"}
    assert (blocks[0].start, blocks[0].end) == (s.at("10:00"), s.at("11:30"))
    assert blocks[0].summary == "Team sync"
    weekly = [b for b in blocks if b.ics_uid == "weekly@example.org"]
    assert [b.start.date() for b in weekly] == [s.day + dt.timedelta(weeks=w) for w in range(3)]
    # Importing again replaces, it does not duplicate.
    _upload(s, s.people["omar"], api, ICS.format(day=day))
    assert BusyBlock.objects.filter(profile__user=s.people["omar"]).count() == 4


def test_imported_busy_time_keeps_the_scheduler_away(api):
    """After import, the proposal avoids the busy block."""
    s = make_setup()
    api.force_authenticate(s.recruiter)
    from tests.interviews.scheduling.setup import loop_for, with_windows

    loop = with_windows(s, loop_for(s), ("10:00", "12:00"))
    day = s.day.strftime("%Y%m%d")
    _upload(s, s.people["lena"], api, ICS.format(day=day))
    body = api.post(f"/api/v1/loops/{loop.pk}/propose-schedule/", {}, format="json").json()
    assert body["feasible"] is False
    assert body["reasons"][0]["code"] == "no_interviewer_free"


@pytest.mark.parametrize(
    "content",
    [
        "hello, not a calendar",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20301207T10:00:00\nEND:VEVENT\nEND:VCALENDAR\n",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20301207T100000Z\nDURATION:PT1H\nRRULE:FREQ=SOMETIMES\nEND:VEVENT\nEND:VCALENDAR\n",
    ],
)
def test_an_unreadable_file_is_a_400_and_changes_nothing(api, content):
    """A file that is not iCalendar, or has a malformed date or rule, is refused with a readable message."""
    s = make_setup()
    api.force_authenticate(s.recruiter)
    response = _upload(s, s.people["omar"], api, content)
    assert response.status_code == 400
    assert response.json() == {"file": [invites.ICS_UNREADABLE]}
    assert not BusyBlock.objects.exists()


def test_an_interviewer_imports_their_own_calendar_but_not_someone_elses(api):
    """Own profile: allowed. Another's: not even visible (404)."""
    s = make_setup()
    day = s.day.strftime("%Y%m%d")
    api.force_authenticate(s.people["omar"])
    assert _upload(s, s.people["omar"], api, ICS.format(day=day)).status_code == 200
    assert _upload(s, s.people["lena"], api, ICS.format(day=day)).status_code == 404
    assert not BusyBlock.objects.filter(profile__user=s.people["lena"]).exists()
    api.force_authenticate(UserFactory(roles=["committee"]))
    assert _upload(s, s.people["omar"], api, ICS.format(day=day)).status_code == 404
    assert services.BUSY_ICS_ONLY_MANAGERS
