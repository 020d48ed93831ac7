"""The interviewer profile page: recruiters edit training, seniority, hours, zone, cap and busy time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from interviews.models import BusyBlock, InterviewerProfile
from interviews.services import WORKING_HOURS_ORDER
from interviews.views import profiles
from tests.factories import UserFactory
from tests.interviews.scheduling.setup import make_setup

pytestmark = pytest.mark.django_db


def _profile_form(**overrides) -> dict:
    form = {
        "timezone": "Europe/London",
        "work_start": "09:00",
        "work_end": "17:00",
        "weekdays": ["0", "1", "2", "3", "4"],
        "weekly_cap": "5",
        "stage_overview": "",
        "stage_ml_coding": "shadow",
        "stage_ml_systems": "qualified",
    }
    form.update(overrides)
    return form


def test_a_recruiter_moves_a_trainee_along_and_changes_hours_zone_and_cap(client):
    """Shadow → reverse shadow, a new qualification, senior leader, hours, days, zone and cap are saved."""
    s = make_setup()
    profile = s.people["kenji"].interviewer_profile
    client.force_login(s.recruiter)
    page = client.get(f"/interviewers/{profile.pk}/").content.decode()
    assert '<option value="shadow" selected>Shadow</option>' in page
    form = _profile_form(
        timezone="America/New_York",
        work_start="08:30",
        work_end="16:00",
        weekdays=["0", "2", "4"],
        weekly_cap="3",
        stage_ml_coding="reverse_shadow",
        stage_overview="qualified",
        senior_leader="on",
    )
    response = client.post(f"/interviewers/{profile.pk}/profile/", form, follow=True)
    assert response.redirect_chain == [(f"/interviewers/{profile.pk}/", 302)]
    assert profiles.PROFILE_SAVED in response.content.decode()
    profile = InterviewerProfile.objects.get(pk=profile.pk)
    assert dict(profile.qualifications.values_list("round_type__code", "stage")) == {
        "ml_coding": "reverse_shadow",
        "ml_systems": "qualified",
        "overview": "qualified",
    }
    assert (profile.timezone, profile.work_start, profile.work_end) == ("America/New_York", dt.time(8, 30), dt.time(16))
    assert (profile.weekdays, profile.weekly_cap, profile.senior_leader) == ([0, 2, 4], 3, True)


def test_a_working_day_that_ends_before_it_starts_is_refused_beside_the_field(client):
    """The service's reason is shown by the end time and nothing changes (400)."""
    s = make_setup()
    profile = s.people["kenji"].interviewer_profile
    client.force_login(s.recruiter)
    response = client.post(f"/interviewers/{profile.pk}/profile/", _profile_form(work_start="17:00", work_end="09:00"))
    assert response.status_code == 400
    assert WORKING_HOURS_ORDER in response.content.decode()
    profile.refresh_from_db()
    assert (profile.work_start, profile.work_end) == (dt.time(9), dt.time(17))


def test_busy_time_is_added_on_the_interviewers_clock_and_removed_again(client):
    """An entered block is stored in UTC and can be removed; an imported one stays and cannot be removed here."""
    s = make_setup()
    profile = s.people["omar"].interviewer_profile
    User.objects.filter(pk=profile.user_id).update(timezone="Asia/Kolkata")
    imported = BusyBlock.objects.create(
        profile=profile, start=s.at("13:00"), end=s.at("14:00"), source=BusyBlock.Source.ICS, summary="Sync"
    )
    client.force_login(s.recruiter)
    day = s.day.isoformat()
    form = {"busy-start": f"{day}T10:00", "busy-end": f"{day}T11:30"}
    response = client.post(f"/interviewers/{profile.pk}/busy/add/", form, follow=True)
    assert "Busy time added:" in response.content.decode()
    entered = BusyBlock.objects.get(profile=profile, source=BusyBlock.Source.MANUAL)
    assert entered.start == dt.datetime.combine(s.day, dt.time(10), tzinfo=ZoneInfo("Asia/Kolkata"))
    assert entered.end - entered.start == dt.timedelta(minutes=90)
    response = client.post(f"/interviewers/{profile.pk}/busy/{imported.pk}/remove/", follow=True)
    assert profiles.BUSY_NOT_FOUND in response.content.decode()
    response = client.post(f"/interviewers/{profile.pk}/busy/{entered.pk}/remove/", follow=True)
    assert "Busy time removed:" in response.content.decode()
    assert list(BusyBlock.objects.filter(profile=profile)) == [imported]


def test_busy_time_that_ends_before_it_starts_is_refused(client):
    """Nothing is stored and the form says why (400)."""
    s = make_setup()
    profile = s.people["omar"].interviewer_profile
    client.force_login(s.recruiter)
    day = s.day.isoformat()
    form = {"busy-start": f"{day}T11:00", "busy-end": f"{day}T10:00"}
    response = client.post(f"/interviewers/{profile.pk}/busy/add/", form)
    assert response.status_code == 400
    assert "The busy time must end after it starts." in response.content.decode()
    assert not BusyBlock.objects.exists()


def test_an_interviewer_edits_their_own_hours_but_not_their_training(client):
    """Their own page has no qualification menus; qualification fields they send are ignored."""
    s = make_setup()
    profile = s.people["kenji"].interviewer_profile
    client.force_login(s.people["kenji"])
    page = client.get(f"/interviewers/{profile.pk}/").content.decode()
    assert 'name="stage_ml_coding"' not in page
    assert 'href="/interviewers/"' not in page
    response = client.post(
        f"/interviewers/{profile.pk}/profile/",
        _profile_form(work_start="10:00", stage_ml_coding="qualified", senior_leader="on"),
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.work_start == dt.time(10)
    assert profile.senior_leader is False
    assert dict(profile.qualifications.values_list("round_type__code", "stage"))["ml_coding"] == "shadow"


def test_other_interviewers_profiles_are_not_found(client):
    """An interviewer cannot open or change someone else's profile."""
    s = make_setup()
    profile = s.people["kenji"].interviewer_profile
    client.force_login(s.people["omar"])
    assert client.get(f"/interviewers/{profile.pk}/").status_code == 404
    assert client.post(f"/interviewers/{profile.pk}/profile/", _profile_form(weekly_cap="1")).status_code == 404
    client.force_login(UserFactory(roles=["hiring_manager"]))
    assert client.get(f"/interviewers/{profile.pk}/").status_code == 404
