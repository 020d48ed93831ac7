"""Inputs an API fuzzer found that once caused 500s: each is now a 400 naming the field, and nothing is written."""

import pytest
from django.db import DataError

from core.errors import shown
from core.exceptions import VALUE_OUT_OF_RANGE, api_exception_handler
from core.fields import FIRST_YEAR, LAST_YEAR, UNKNOWN_TIMEZONE, YEAR_OUT_OF_RANGE
from interviews.models import BusyBlock, CandidateWindow, LoopTemplate
from interviews.scheduling import invites
from tests.factories import InterviewerProfileFactory, ScorecardFactory
from tests.interviews.scheduling.scheduled import scheduled_loop
from tests.interviews.scheduling.setup import loop_for, make_setup

pytestmark = pytest.mark.django_db
OUT_OF_RANGE = YEAR_OUT_OF_RANGE.format(first=FIRST_YEAR, last=LAST_YEAR)


def test_a_folder_of_zones_is_not_a_time_zone(api, as_user):
    """A folder of zones is not a time zone."""
    me = as_user("interviewer")
    profile = InterviewerProfileFactory(user=me)
    response = api.patch(f"/api/v1/interviewers/{profile.id}/", {"timezone": "America"})
    assert response.status_code == 400
    assert response.json() == {"timezone": [UNKNOWN_TIMEZONE.format(value=shown("America"))]}


def test_windows_in_the_year_9999_are_refused(api):
    """Windows in the year 9999 are refused."""
    s = make_setup()
    loop = loop_for(s)
    api.force_authenticate(s.recruiter)
    response = api.post(
        f"/api/v1/loops/{loop.pk}/availability/",
        {"windows": [{"start": "9999-12-30T00:00:00Z", "end": "9999-12-31T23:00:00Z"}]},
        format="json",
    )
    assert response.status_code == 400
    assert OUT_OF_RANGE in str(response.json())
    assert not CandidateWindow.objects.filter(loop=loop).exists()


def test_a_reschedule_to_the_end_of_time_is_refused(api):
    """A reschedule to the end of time is refused."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    api.force_authenticate(s.recruiter)
    for start in ("9999-12-31T23:30:00Z", "0001-01-01T00:00:00Z"):
        response = api.post(f"/api/v1/interviews/{coding.pk}/reschedule/", {"start": start}, format="json")
        assert response.status_code == 400, start
        assert "start" in response.json()
    coding.refresh_from_db()
    assert coding.start.year < LAST_YEAR


def test_an_if_match_of_superscript_digits_is_a_400(api):
    """An if match of superscript digits is a 400."""
    card = ScorecardFactory()
    api.force_authenticate(card.interviewer)
    response = api.patch(f"/api/v1/scorecards/{card.pk}/", {"summary": "x"}, HTTP_IF_MATCH="²")
    assert response.status_code == 400
    assert "version" in response.json()


def test_a_template_round_position_must_be_small(api, as_user):
    """A template round position must be small."""
    as_user("admin")
    payload = {
        "name": "T",
        "role_family": "applied_scientist",
        "level": "MLS1",
        "rounds": [{"round_type": "overview", "order": 40000}],
    }
    response = api.post("/api/v1/loop-templates/", payload, format="json")
    assert response.status_code == 400
    assert "rounds" in response.json()
    assert not LoopTemplate.objects.exists()


def test_an_email_longer_than_the_column_is_refused(api, as_user):
    """An email longer than the column is refused."""
    as_user("admin")
    email = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".org"
    response = api.post("/api/v1/users/", {"username": "long", "email": email, "password": "a-long-enough-passphrase"})
    assert response.status_code == 400
    assert "email" in response.json()


def _ics(*lines: str) -> bytes:
    body = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR", ""])
    return body.encode()


def _upload(api, profile, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return api.post(
        f"/api/v1/interviewers/{profile.pk}/busy-ics/",
        {"file": SimpleUploadedFile("cal.ics", content, content_type="text/calendar")},
        format="multipart",
    )


def test_a_runaway_repeating_event_is_refused_not_imported(api, as_user):
    """A runaway repeating event is refused not imported."""
    as_user("recruiter")
    profile = InterviewerProfileFactory()
    response = _upload(
        api, profile, _ics("UID:spam", "DTSTART:20260101T000000Z", "DTEND:20260101T000100Z", "RRULE:FREQ=MINUTELY")
    )
    assert response.status_code == 400
    assert invites.ICS_TOO_MANY.format(limit=invites.ICS_MAX_BLOCKS) in str(response.json())
    assert not BusyBlock.objects.exists()


def test_an_all_day_event_at_the_end_of_time_is_unreadable_not_a_crash(api, as_user):
    """An all day event at the end of time is unreadable not a crash."""
    as_user("recruiter")
    profile = InterviewerProfileFactory()
    response = _upload(api, profile, _ics("UID:a", "DTSTART;VALUE=DATE:99991231"))
    assert response.status_code == 400
    assert not BusyBlock.objects.exists()


def test_nul_characters_in_an_imported_event_are_dropped(api, as_user):
    """Nul characters in an imported event are dropped."""
    import datetime as dt

    from django.utils import timezone

    as_user("recruiter")
    profile = InterviewerProfileFactory()
    start = (timezone.now() + dt.timedelta(days=2)).strftime("%Y%m%dT100000Z")
    end = (timezone.now() + dt.timedelta(days=2)).strftime("%Y%m%dT110000Z")
    response = _upload(api, profile, _ics("UID:nul\x00id", f"DTSTART:{start}", f"DTEND:{end}", "SUMMARY:busy\x00x"))
    assert response.status_code == 200, response.json()
    block = BusyBlock.objects.get()
    assert "\x00" not in block.summary
    assert "\x00" not in block.ics_uid


@pytest.mark.parametrize("error", [OverflowError("date value out of range"), DataError()])
def test_unstorable_values_that_slip_past_validation_are_still_a_400(error):
    """Unstorable values that slip past validation are still a 400."""
    response = api_exception_handler(error, {})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": [VALUE_OUT_OF_RANGE]}


def test_the_revision_history_is_a_plain_list(api):
    """The revision history is a plain list."""
    card = ScorecardFactory()
    api.force_authenticate(card.interviewer)
    assert api.get(f"/api/v1/scorecards/{card.pk}/revisions/").json() == []
