"""Everyone chooses the time zone pages use: on the account page or with PATCH me/."""

import pytest

from accounts.models import User
from core.errors import shown
from core.fields import UNKNOWN_TIMEZONE
from interviews.models import InterviewerProfile
from tests.factories import InterviewerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_patch_me_sets_name_and_zone(api, as_user):
    """Patch me sets name and zone."""
    me = as_user("committee")
    response = api.patch("/api/v1/me/", {"timezone": "America/Chicago", "name": "Cole C"})
    assert response.status_code == 200
    assert response.json()["timezone"] == "America/Chicago"
    me.refresh_from_db()
    assert (me.timezone, me.name) == ("America/Chicago", "Cole C")


def test_patch_me_refuses_an_unknown_zone(api, as_user):
    """Patch me refuses an unknown zone."""
    me = as_user("committee")
    response = api.patch("/api/v1/me/", {"timezone": "Mars/Base"})
    assert response.status_code == 400
    assert response.json() == {"timezone": [UNKNOWN_TIMEZONE.format(value=shown("Mars/Base"))]}
    assert User.objects.get(pk=me.pk).timezone == "UTC"


def test_pages_show_times_in_the_account_zone(client):
    """Pages show times in the account zone."""
    user = UserFactory(roles=["committee"], timezone="Asia/Tokyo")
    client.force_login(user)
    assert "Times are shown in Asia/Tokyo" in client.get("/").content.decode()


def test_the_account_page_moves_an_interviewers_profile_zone_too(client):
    """The account page moves an interviewers profile zone too."""
    profile = InterviewerProfileFactory(timezone="Europe/London")
    client.force_login(profile.user)
    response = client.post("/account/", {"name": "Ivy", "timezone": "America/New_York"})
    assert response.status_code == 302
    assert InterviewerProfile.objects.get(pk=profile.pk).timezone == "America/New_York"
    assert User.objects.get(pk=profile.user_id).timezone == "America/New_York"
    assert "Times are shown in America/New_York" in client.get("/").content.decode()


def test_the_account_page_refuses_an_unknown_zone(client):
    """The account page refuses an unknown zone."""
    user = UserFactory()
    client.force_login(user)
    response = client.post("/account/", {"name": "x", "timezone": "America"})
    assert response.status_code == 200
    assert User.objects.get(pk=user.pk).timezone == "UTC"
