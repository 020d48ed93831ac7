"""The candidate's availability page: their chosen zone sticks, and a dead link says why."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders

from interviews.scheduling import services
from tests.interviews.scheduling.setup import loop_for, make_setup

pytestmark = pytest.mark.django_db


def _form(zone: str, day: dt.date, start: str = "09:00", end: str = "12:00") -> dict:
    return {
        "timezone": zone,
        "w-TOTAL_FORMS": "1",
        "w-INITIAL_FORMS": "0",
        "w-MIN_NUM_FORMS": "0",
        "w-MAX_NUM_FORMS": "20",
        "w-0-day": day.isoformat(),
        "w-0-start": start,
        "w-0-end": end,
    }


def test_the_zone_the_candidate_chooses_is_saved_on_them_and_used_on_the_page(client):
    """Windows sent in another zone are read in it, the candidate's zone changes, and the page shows that zone."""
    s = make_setup(candidate_zone="Asia/Kolkata")
    loop = loop_for(s)
    url = f"/availability/{services.loop_availability_link(loop=loop, actor=s.recruiter).token}/"
    response = client.post(url, _form("Europe/Berlin", s.day))
    assert response.status_code == 302
    s.application.candidate.refresh_from_db()
    assert s.application.candidate.timezone == "Europe/Berlin"
    window = loop.windows.get()
    assert window.start == dt.datetime.combine(s.day, dt.time(9), tzinfo=ZoneInfo("Europe/Berlin"))
    html = client.get(url).content.decode()
    assert "(Europe/Berlin time)" in html
    assert '09:00–12:00 <span class="muted">Europe/Berlin</span>' in html
    assert '<option value="Europe/Berlin" selected>' in html
    # The recruiter's loop page now works in the candidate's new zone.
    client.force_login(s.recruiter)
    assert "<strong>Europe/Berlin</strong>" in client.get(f"/loops/{loop.pk}/").content.decode()


def test_refused_windows_leave_the_candidates_zone_alone(client):
    """Windows in the past are refused; the zone they picked is not saved either."""
    s = make_setup(candidate_zone="Asia/Kolkata")
    loop = loop_for(s)
    url = f"/availability/{services.loop_availability_link(loop=loop, actor=s.recruiter).token}/"
    response = client.post(url, _form("Europe/Berlin", dt.date.today() - dt.timedelta(days=3)))
    assert response.status_code == 200
    assert services.WINDOW_IN_PAST.format(index=1) in response.content.decode()
    s.application.candidate.refresh_from_db()
    assert s.application.candidate.timezone == "Asia/Kolkata"
    assert not loop.windows.exists()


def test_the_window_and_round_tables_label_each_cell_for_narrow_screens(client):
    """On a phone the tables stack; every cell carries its column name, and the stylesheet has the rule."""
    s = make_setup()
    loop = loop_for(s)
    url = f"/availability/{services.loop_availability_link(loop=loop, actor=s.recruiter).token}/"
    html = client.get(url).content.decode()
    assert '<td data-label="To">' in html
    client.force_login(s.recruiter)
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    assert '<table class="stack">' in html
    assert '<td data-label="When">' in html
    with open(finders.find("css/loopwise.css")) as stylesheet:
        css = stylesheet.read()
    assert "table.stack td[data-label]::before" in css
