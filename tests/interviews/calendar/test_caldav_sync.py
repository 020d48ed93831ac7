"""Calendar sync over CalDAV (issue #15) against a live Radicale server: busy time read (recurring events
expanded), interviews written, moved and cancelled, the app password stored encrypted, failures explained."""

import datetime as dt
import http.server
import threading

import caldav
import pytest
from django.utils.html import escape
from icalendar import Calendar

from core.encryption import decrypt, encrypt
from interviews import calendar_sync
from interviews.models import BusyBlock, CalendarCopy, InterviewerProfile
from interviews.scheduling import invites, selectors, services
from tests.interviews.calendar.radicale_server import PASSWORD, USER
from tests.interviews.scheduling.scheduled import scheduled_loop
from tests.interviews.scheduling.setup import make_setup

pytestmark = pytest.mark.django_db


def _connect(api, person, calendar, password=PASSWORD):
    profile = person.interviewer_profile
    api.force_authenticate(person)
    response = api.patch(
        f"/api/v1/interviewers/{profile.pk}/",
        {"calendar": {"caldav_url": str(calendar.url), "username": USER, "password": password}},
        format="json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def _events(calendar) -> dict[str, object]:
    """The calendar's events by UID, read back from the server."""
    found = {}
    for item in calendar.events():
        event = Calendar.from_ical(item.data).walk("VEVENT")[0]
        found[str(event["uid"])] = event
    return found


WEEKLY = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//test//EN
BEGIN:VEVENT
UID:standup-weekly
DTSTART;TZID=Europe/London:{day}T140000
DTEND;TZID=Europe/London:{day}T150000
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:Team sync
END:VEVENT
BEGIN:VEVENT
UID:standup-weekly
RECURRENCE-ID;TZID=Europe/London:{second}T140000
DTSTART;TZID=Europe/London:{second}T160000
DTEND;TZID=Europe/London:{second}T163000
SUMMARY:Team sync (moved)
END:VEVENT
END:VCALENDAR
"""
FREE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//test//EN
BEGIN:VEVENT
UID:focus-free
DTSTART:{day}T100000Z
DTEND:{day}T110000Z
TRANSP:TRANSPARENT
SUMMARY:Focus (free)
END:VEVENT
END:VCALENDAR
"""


def test_connecting_stores_the_password_encrypted_and_never_shows_it(api, radicale):
    """The API answers with the calendar but no password; the database holds ciphertext that decrypts to it;
    others (even a recruiter) see `calendar` as null and may not connect it for the person."""
    s = make_setup()
    lena = s.people["lena"]
    body = _connect(api, lena, radicale.new_calendar())
    assert body["calendar"]["connected"] is True
    assert body["calendar"]["username"] == USER
    assert "password" not in body["calendar"]
    assert PASSWORD not in str(body)
    profile = InterviewerProfile.objects.get(user=lena)
    assert PASSWORD not in profile.caldav_password
    assert decrypt(profile.caldav_password) == PASSWORD
    api.force_authenticate(s.recruiter)
    assert api.get(f"/api/v1/interviewers/{profile.pk}/").json()["calendar"] is None
    refused = api.patch(
        f"/api/v1/interviewers/{profile.pk}/", {"calendar": {"caldav_url": "https://x.example/"}}, format="json"
    )
    assert refused.status_code == 403


def test_bad_calendar_settings_are_400_naming_the_field(api, radicale, settings):
    """http is refused where only https is allowed; a user name and (first time) a password are required."""
    s = make_setup()
    lena = s.people["lena"]
    profile = lena.interviewer_profile
    api.force_authenticate(lena)
    url = f"/api/v1/interviewers/{profile.pk}/"
    settings.CALDAV_ALLOW_HTTP = False
    response = api.patch(url, {"calendar": {"caldav_url": "http://cal.example/x/", "username": "a"}}, format="json")
    assert response.json() == {"calendar": {"caldav_url": [calendar_sync.URL_SCHEME]}}
    for odd in ("https://[::1", "https://u:p@cal.example/", "https://cal.example/x?y=1", "https://cal.example:99999/"):
        response = api.patch(url, {"calendar": {"caldav_url": odd, "username": "a", "password": "b"}}, format="json")
        assert response.json() == {"calendar": {"caldav_url": [calendar_sync.URL_SCHEME]}}, odd
    settings.CALDAV_ALLOW_PRIVATE = True  # past the address check, to the other fields
    response = api.patch(url, {"calendar": {"caldav_url": "https://cal.example/x/"}}, format="json")
    assert response.json() == {
        "calendar": {"username": [calendar_sync.USERNAME_REQUIRED], "password": [calendar_sync.PASSWORD_REQUIRED]}
    }
    assert api.post(f"{url}sync-calendar/").json() == {"calendar": [calendar_sync.NOT_CONNECTED]}


def test_busy_time_is_read_with_recurring_events_expanded(api, radicale):
    """A weekly event (one occurrence moved) becomes one busy block per occurrence, at the moved time for the
    exception; a transparent event is not busy; the scheduler then sees the person busy."""
    s = make_setup()
    lena = s.people["lena"]
    calendar = radicale.new_calendar()
    first = s.day
    second = s.day + dt.timedelta(days=7)
    calendar.add_event(WEEKLY.format(day=f"{first:%Y%m%d}", second=f"{second:%Y%m%d}"))
    calendar.add_event(FREE.format(day=f"{first:%Y%m%d}"))
    _connect(api, lena, calendar)
    response = api.post(f"/api/v1/interviewers/{lena.interviewer_profile.pk}/sync-calendar/")
    assert response.status_code == 200, response.content
    assert response.json()["busy"] == 3
    blocks = list(BusyBlock.objects.filter(profile__user=lena, source="caldav").order_by("start"))
    assert [(b.start, b.end) for b in blocks] == [
        (s.at("14:00", first), s.at("15:00", first)),
        (s.at("16:00", second), s.at("16:30", second)),
        (s.at("14:00", first + dt.timedelta(days=14)), s.at("15:00", first + dt.timedelta(days=14))),
    ]
    assert {b.summary for b in blocks} == {calendar_sync.BUSY_SUMMARY}  # what the events say stays private
    assert {b.ics_uid for b in blocks} == {"standup-weekly"}
    profile = InterviewerProfile.objects.get(user=lena)
    assert profile.caldav_last_synced_at is not None
    assert profile.caldav_error == ""
    loop = s.application.loops.first() or services.loop_create(
        application_id=s.application.pk, template_id=s.template.pk, actor=s.recruiter, skip_rounds=("ml_systems",)
    )
    problem = selectors.loop_scheduling_problem(
        loop=loop, options=services.solver.Options(), also_around=[s.at("00:00"), s.at("23:00", second)]
    )
    (person,) = [p for p in problem.interviewers if p.id == lena.pk]
    assert any(b.start == s.at("14:00", first) for b in person.busy)


def test_interviews_are_written_moved_and_cancelled_in_the_calendar(api, radicale, django_capture_on_commit_callbacks):
    """Scheduling writes the interview (our UID, the video link); a reschedule rewrites it with the new time and
    SEQUENCE; cancelling deletes it — each through the task queued after the commit, no manual sync."""
    s = make_setup()
    lena = s.people["lena"]
    calendar = radicale.new_calendar()
    _connect(api, lena, calendar)
    with django_capture_on_commit_callbacks(execute=True):
        s, loop = scheduled_loop(s)
    overview = loop.interviews.get(round_type__code="overview")
    uid = invites.interview_uid(overview)
    events = _events(calendar)
    assert list(events) == [uid]
    assert events[uid].decoded("dtstart") == s.at("09:00")
    assert str(events[uid]["url"]) == overview.meeting_url
    assert int(events[uid]["sequence"]) == overview.ical_sequence == 0
    assert CalendarCopy.objects.filter(profile__user=lena, interview=overview).count() == 1
    coding = loop.interviews.get(round_type__code="ml_coding")
    services.interview_reschedule(interview=coding, actor=s.recruiter, start=s.at("14:00"))  # room after overview
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_reschedule(interview=overview, actor=s.recruiter, start=s.at("11:30"))
    moved = _events(calendar)[uid]
    assert moved.decoded("dtstart") == s.at("11:30")
    overview.refresh_from_db()
    assert int(moved["sequence"]) == overview.ical_sequence > 0
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_cancel(interview=overview, actor=s.recruiter)
    assert _events(calendar) == {}
    assert not CalendarCopy.objects.filter(profile__user=lena).exists()
    # Our own interviews read back are never busy time.
    assert not BusyBlock.objects.filter(profile__user=lena, source="caldav", ics_uid=uid).exists()


def test_someone_taken_off_an_interview_loses_it_from_their_calendar(api, radicale, django_capture_on_commit_callbacks):
    """Replacing Lena on the overview deletes it from her calendar."""
    from tests.interviews.scheduling.setup import interviewer

    s = make_setup()
    lena = s.people["lena"]
    calendar = radicale.new_calendar()
    _connect(api, lena, calendar)
    with django_capture_on_commit_callbacks(execute=True):
        s, loop = scheduled_loop(s)
    assert len(_events(calendar)) == 1
    other = interviewer("vera", {"overview": "qualified"}, senior=True)
    overview = loop.interviews.get(round_type__code="overview")
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_reschedule(
            interview=overview, actor=s.recruiter, start=overview.start, interviewers=[other.pk]
        )
    assert _events(calendar) == {}


def test_a_refused_password_is_a_502_with_the_reason_kept_on_the_profile(api, radicale):
    """The server's 401 becomes words on the profile and in the answer; nothing is changed."""
    s = make_setup()
    lena = s.people["lena"]
    _connect(api, lena, radicale.new_calendar(), password="wrong")
    response = api.post(f"/api/v1/interviewers/{lena.interviewer_profile.pk}/sync-calendar/")
    assert response.status_code == 502
    assert response.json() == {"detail": calendar_sync.FAILED_SIGN_IN}
    profile = InterviewerProfile.objects.get(user=lena)
    assert profile.caldav_error == calendar_sync.FAILED_SIGN_IN
    assert api.get(f"/api/v1/interviewers/{profile.pk}/").json()["calendar"]["error"] == calendar_sync.FAILED_SIGN_IN


def test_beat_syncs_every_connected_calendar(api, radicale):
    """The beat task queues one sync per connected calendar (run eagerly here) and reads their busy time."""
    s = make_setup()
    lena = s.people["lena"]
    calendar = radicale.new_calendar()
    calendar.add_event(FREE.replace("TRANSP:TRANSPARENT\n", "").format(day=f"{s.day:%Y%m%d}"))
    _connect(api, lena, calendar)
    assert calendar_sync.calendars_sync_all() == 1
    assert BusyBlock.objects.filter(profile__user=lena, source="caldav").count() == 1


def test_disconnecting_forgets_the_calendar_and_its_busy_time(api, radicale):
    """An empty URL disconnects: settings, password and the calendar's busy blocks go."""
    s = make_setup()
    lena = s.people["lena"]
    calendar = radicale.new_calendar()
    calendar.add_event(FREE.replace("TRANSP:TRANSPARENT\n", "").format(day=f"{s.day:%Y%m%d}"))
    _connect(api, lena, calendar)
    calendar_sync.interviewer_calendar_sync(profile_id=lena.interviewer_profile.pk)
    response = api.patch(
        f"/api/v1/interviewers/{lena.interviewer_profile.pk}/", {"calendar": {"caldav_url": ""}}, format="json"
    )
    assert response.json()["calendar"]["connected"] is False
    profile = InterviewerProfile.objects.get(user=lena)
    assert (profile.caldav_url, profile.caldav_password) == ("", "")
    assert not BusyBlock.objects.filter(profile=profile, source="caldav").exists()


def test_the_interviewer_connects_and_syncs_on_their_profile_page(client, radicale):
    """The page's form connects (a bad URL says why), *Sync now* reports what it did; a recruiter viewing the
    profile sees no calendar section and may not post to it."""
    s = make_setup()
    lena = s.people["lena"]
    profile = lena.interviewer_profile
    calendar = radicale.new_calendar()
    calendar.add_event(FREE.replace("TRANSP:TRANSPARENT\n", "").format(day=f"{s.day:%Y%m%d}"))
    client.force_login(lena)
    page = client.get(f"/interviewers/{profile.pk}/").content.decode()
    assert "Connected calendar (CalDAV)" in page
    bad = client.post(
        f"/interviewers/{profile.pk}/calendar/", {"caldav_url": "ftp://x", "username": "a", "password": "b"}
    )
    assert bad.status_code == 400
    assert escape(calendar_sync.URL_SCHEME) in bad.content.decode()
    done = client.post(
        f"/interviewers/{profile.pk}/calendar/",
        {"caldav_url": str(calendar.url), "username": USER, "password": PASSWORD},
        follow=True,
    ).content.decode()
    assert "Connected to" in done
    assert PASSWORD not in done
    synced = client.post(f"/interviewers/{profile.pk}/calendar/sync/", follow=True).content.decode()
    assert "Synced: 1 busy block read" in synced
    client.force_login(s.recruiter)
    assert "Connected calendar (CalDAV)" not in client.get(f"/interviewers/{profile.pk}/").content.decode()
    assert client.post(f"/interviewers/{profile.pk}/calendar/sync/").status_code == 403


def test_a_server_that_is_not_caldav_is_a_failed_sync_not_an_error_page(api, live_server):
    """Pointing the calendar at an ordinary web page (this app's own login page) fails the sync with words on
    the profile (502 from the API), and the PATCH that queued it still answers 200."""
    s = make_setup()
    lena = s.people["lena"]
    api.force_authenticate(lena)
    profile = lena.interviewer_profile
    url = f"/api/v1/interviewers/{profile.pk}/"
    calendar = {"caldav_url": f"{live_server.url}/login/", "username": "x", "password": "y"}
    assert api.patch(url, {"calendar": calendar}, format="json").status_code == 200
    response = api.post(f"{url}sync-calendar/")
    assert response.status_code == 502
    assert response.json()["detail"]
    assert InterviewerProfile.objects.get(pk=profile.pk).caldav_error == response.json()["detail"]


def test_the_admin_never_shows_the_stored_password(api, client, radicale):
    """The interviewer profile's admin page holds neither the app password nor its ciphertext."""
    from tests.factories import UserFactory

    s = make_setup()
    lena = s.people["lena"]
    _connect(api, lena, radicale.new_calendar())
    profile = InterviewerProfile.objects.get(user=lena)
    client.force_login(UserFactory(roles=["admin"], is_staff=True, is_superuser=True))
    html = client.get(f"/admin/interviews/interviewerprofile/{profile.pk}/change/").content.decode()
    assert "caldav_url" in html or "Caldav url" in html
    assert PASSWORD not in html
    assert profile.caldav_password not in html


def test_a_calendar_url_on_a_private_address_is_refused(api, settings):
    """No reaching the machine itself, the private network or a cloud's metadata service (SSRF): loopback,
    private and link-local addresses are refused, at connect time and before every sync."""
    settings.CALDAV_ALLOW_PRIVATE = False
    s = make_setup()
    lena = s.people["lena"]
    api.force_authenticate(lena)
    url = f"/api/v1/interviewers/{lena.interviewer_profile.pk}/"
    for address in (
        "http://127.0.0.1:6379/",
        "http://169.254.169.254/latest/",
        "http://10.0.0.5/cal/",
        "http://localhost/",
    ):
        response = api.patch(
            url, {"calendar": {"caldav_url": address, "username": "a", "password": "b"}}, format="json"
        )
        assert response.json() == {"calendar": {"caldav_url": [calendar_sync.HOST_PRIVATE]}}, address
    InterviewerProfile.objects.filter(user=lena).update(
        caldav_url="http://127.0.0.1:6379/", caldav_username="a", caldav_password=encrypt("b")
    )
    response = api.post(f"{url}sync-calendar/")
    assert response.status_code == 502
    assert response.json() == {"detail": calendar_sync.HOST_PRIVATE}


def _serve(handler) -> str:
    """A throwaway HTTP server on a free port in a thread; its base URL."""
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_a_redirect_is_not_followed_and_the_servers_text_is_never_shown(api):
    """A calendar server answering with a redirect to an inside address: the inside server is never called,
    and the sync fails with a fixed sentence (no server text on the profile)."""
    inside_hits = []

    class Inside(http.server.BaseHTTPRequestHandler):
        def handle_one_request(self):
            inside_hits.append(1)
            super().handle_one_request()

        def log_message(self, *args):
            pass

    inside = _serve(Inside)

    class Front(http.server.BaseHTTPRequestHandler):
        def _redirect(self):
            self.send_response(307)
            self.send_header("Location", f"{inside}/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_PROPFIND = do_REPORT = do_PUT = do_OPTIONS = _redirect

        def log_message(self, *args):
            pass

    s = make_setup()
    lena = s.people["lena"]
    _connect(api, lena, type("Calendar", (), {"url": f"{_serve(Front)}/cal/"})())
    response = api.post(f"/api/v1/interviewers/{lena.interviewer_profile.pk}/sync-calendar/")
    assert response.status_code == 502
    assert response.json() == {"detail": calendar_sync.FAILED_REDIRECT}
    assert inside_hits == []


def test_an_invite_the_mail_app_filed_in_the_calendar_is_adopted_not_duplicated(api, radicale):
    """The person's mail app put the e-mailed invite (same UID) into the calendar first: the sync takes that
    event over instead of failing on the UID, and the calendar holds one event for the interview."""
    s = make_setup()
    lena = s.people["lena"]
    calendar = radicale.new_calendar()
    s, loop = scheduled_loop(s)
    overview = loop.interviews.get(round_type__code="overview")
    filed = invites.interview_invite_ics(interview=overview, method="REQUEST").replace("METHOD:REQUEST\r\n", "")
    # At the mail app's own address for it, not the one our client would choose for the UID.
    caldav.Event(client=calendar.client, url=f"{calendar.url}mail-app-1234.ics", data=filed, parent=calendar).save(
        increase_seqno=False
    )
    _connect(api, lena, calendar)
    response = api.post(f"/api/v1/interviewers/{lena.interviewer_profile.pk}/sync-calendar/")
    assert response.status_code == 200, response.content
    assert response.json()["written"] == 1
    assert list(_events(calendar)) == [invites.interview_uid(overview)]
    assert InterviewerProfile.objects.get(user=lena).caldav_error == ""


def test_a_copy_follows_a_change_that_keeps_the_sequence_and_past_ones_stay(api, radicale):
    """A new video link with the same SEQUENCE rewrites the copy (its content changed); once the interview is
    over and marked completed, the sync leaves its copy in the calendar."""
    from interviews.models import Interview

    s = make_setup()
    lena = s.people["lena"]
    calendar = radicale.new_calendar()
    _connect(api, lena, calendar)
    s, loop = scheduled_loop(s)
    overview = loop.interviews.get(round_type__code="overview")
    profile_id = lena.interviewer_profile.pk
    calendar_sync.interviewer_calendar_sync(profile_id=profile_id)
    Interview.objects.filter(pk=overview.pk).update(meeting_url="https://meet.example/new-room")
    assert calendar_sync.interviewer_calendar_sync(profile_id=profile_id).updated == 1
    uid = invites.interview_uid(overview)
    assert str(_events(calendar)[uid]["url"]) == "https://meet.example/new-room"
    assert "ATTENDEE" not in str(_events(calendar)[uid].to_ical())  # a copy, not an invitation
    Interview.objects.filter(pk=overview.pk).update(status=Interview.Status.COMPLETED)
    later = overview.end + dt.timedelta(hours=2)
    assert calendar_sync.interviewer_calendar_sync(profile_id=profile_id, now=later).removed == 0
    assert uid in _events(calendar)


def test_a_refused_sign_in_is_not_retried_by_beat_until_the_settings_change(api, radicale):
    """After the server refused the password, beat leaves that calendar alone; saving new settings clears it."""
    s = make_setup()
    lena = s.people["lena"]
    calendar = radicale.new_calendar()
    _connect(api, lena, calendar, password="wrong")
    assert api.post(f"/api/v1/interviewers/{lena.interviewer_profile.pk}/sync-calendar/").status_code == 502
    assert calendar_sync.calendars_sync_all() == 0
    _connect(api, lena, calendar)
    assert calendar_sync.calendars_sync_all() == 1


def test_the_accounts_address_finds_its_calendar(api, radicale):
    """Given the account's (principal's) address instead of a calendar's, the sync uses the account's calendar,
    as calendar apps do."""
    from tests.interviews.calendar.radicale_server import SOLO

    solo = caldav.DAVClient(
        url=f"{radicale.base}/{SOLO}/", username=SOLO, password=PASSWORD, require_tls=False, enable_rfc6764=False
    )
    calendar = solo.principal().make_calendar(name="Work", cal_id="only")
    s = make_setup()
    lena = s.people["lena"]
    api.force_authenticate(lena)
    url = f"/api/v1/interviewers/{lena.interviewer_profile.pk}/"
    account = {"caldav_url": f"{radicale.base}/{SOLO}/", "username": SOLO, "password": PASSWORD}
    assert api.patch(url, {"calendar": account}, format="json").status_code == 200
    s, loop = scheduled_loop(s)
    response = api.post(f"{url}sync-calendar/")
    assert response.status_code == 200, response.content
    assert response.json()["written"] == 1
    overview = loop.interviews.get(round_type__code="overview")
    assert list(_events(calendar)) == [invites.interview_uid(overview)]
