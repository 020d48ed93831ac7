import datetime as dt

import pytest
from django.utils import timezone

from core.errors import shown
from core.fields import NAIVE_DATETIME, UNKNOWN_TIMEZONE
from interviews.models import BusyBlock, InterviewerProfile, Qualification
from interviews.services import ONLY_MANAGERS_CHANGE_TRAINING, PROFILE_EXISTS, WORKING_HOURS_ORDER
from tests.factories import InterviewerProfileFactory, QualificationFactory, RoundTypeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _future(hours: int) -> str:
    return (timezone.now() + dt.timedelta(hours=hours)).isoformat()


def test_a_recruiter_sees_every_profile_with_its_shape(api, as_user):
    """A recruiter sees every profile with its shape."""
    as_user("recruiter")
    qualification = QualificationFactory(stage="reverse_shadow")
    profile = qualification.profile
    BusyBlock.objects.create(
        profile=profile, start=timezone.now() + dt.timedelta(days=1), end=timezone.now() + dt.timedelta(days=1, hours=1)
    )
    BusyBlock.objects.create(  # past blocks are history, not shown
        profile=profile,
        start=timezone.now() - dt.timedelta(days=3),
        end=timezone.now() - dt.timedelta(days=3, hours=-1),
    )
    InterviewerProfileFactory()
    body = api.get("/api/v1/interviewers/").json()
    assert body["count"] == 2
    row = next(r for r in body["results"] if r["id"] == profile.id)
    assert row["user"] == profile.user_id
    assert row["qualifications"] == [{"round_type": "ml_coding", "stage": "reverse_shadow"}]
    assert row["working_hours"] == {"start": "09:00", "end": "17:00", "weekdays": [0, 1, 2, 3, 4]}
    assert len(row["busy"]) == 1
    assert row["busy"][0]["source"] == "manual"


def test_an_interviewer_sees_only_their_own_profile(api, as_user):
    """An interviewer sees only their own profile."""
    me = as_user("interviewer")
    mine = InterviewerProfileFactory(user=me)
    other = InterviewerProfileFactory()
    body = api.get("/api/v1/interviewers/").json()
    assert [r["id"] for r in body["results"]] == [mine.id]
    assert api.get(f"/api/v1/interviewers/{other.id}/").status_code == 404
    assert api.patch(f"/api/v1/interviewers/{other.id}/", {"weekly_cap": 9}).status_code == 404
    other.refresh_from_db()
    assert other.weekly_cap == 4


def test_an_interviewer_updates_their_hours_and_busy_blocks(api, as_user):
    """An interviewer updates their hours and busy blocks."""
    me = as_user("interviewer")
    profile = InterviewerProfileFactory(user=me)
    response = api.patch(
        f"/api/v1/interviewers/{profile.id}/",
        {
            "timezone": "America/New_York",
            "working_hours": {"start": "08:30", "end": "16:00", "weekdays": [0, 2, 4]},
            "weekly_cap": 2,
            "busy": [{"start": _future(24), "end": _future(26)}],
        },
    )
    assert response.status_code == 200, response.json()
    profile.refresh_from_db()
    assert profile.timezone == "America/New_York"
    assert (profile.work_start, profile.work_end) == (dt.time(8, 30), dt.time(16, 0))
    assert profile.weekdays == [0, 2, 4]
    assert profile.weekly_cap == 2
    assert profile.busy_blocks.count() == 1


def test_an_interviewer_may_not_qualify_themselves(api, as_user):
    """An interviewer may not qualify themselves."""
    me = as_user("interviewer")
    profile = InterviewerProfileFactory(user=me)
    RoundTypeFactory(code="depth")
    response = api.patch(
        f"/api/v1/interviewers/{profile.id}/", {"qualifications": [{"round_type": "depth", "stage": "qualified"}]}
    )
    assert response.status_code == 403
    assert response.json()["detail"] == ONLY_MANAGERS_CHANGE_TRAINING
    assert not Qualification.objects.exists()


def test_a_recruiter_replaces_qualifications(api, as_user):
    """A recruiter replaces qualifications."""
    as_user("recruiter")
    qualification = QualificationFactory()
    RoundTypeFactory(code="breadth")
    response = api.patch(
        f"/api/v1/interviewers/{qualification.profile_id}/",
        {"qualifications": [{"round_type": "breadth", "stage": "shadow"}], "senior_leader": True},
    )
    assert response.status_code == 200
    assert list(Qualification.objects.values_list("round_type__code", "stage")) == [("breadth", "shadow")]
    assert InterviewerProfile.objects.get().senior_leader


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone", UNKNOWN_TIMEZONE.format(value=shown("Mars/Olympus"))),
        ({"working_hours": {"start": "17:00", "end": "09:00"}}, "working_hours", WORKING_HOURS_ORDER),
        ({"busy": [{"start": "2026-12-01T09:00:00", "end": "2026-12-01T10:00:00"}]}, "busy", NAIVE_DATETIME),
        ({"weekly_cap": -1}, "weekly_cap", None),
        ({"working_hours": {"start": "09:00", "end": "17:00", "weekdays": [7]}}, "working_hours", None),
    ],
)
def test_it_rejects_bad_input_naming_the_field(api, as_user, payload, field, message):
    """It rejects bad input naming the field."""
    me = as_user("interviewer")
    profile = InterviewerProfileFactory(user=me)
    response = api.patch(f"/api/v1/interviewers/{profile.id}/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    if message:
        assert message in str(response.json()[field])
    profile.refresh_from_db()
    assert profile.timezone == "Europe/London"
    assert profile.weekly_cap == 4


def test_busy_blocks_must_end_after_they_start(api, as_user):
    """Busy blocks must end after they start."""
    me = as_user("interviewer")
    profile = InterviewerProfileFactory(user=me)
    response = api.patch(f"/api/v1/interviewers/{profile.id}/", {"busy": [{"start": _future(5), "end": _future(4)}]})
    assert response.status_code == 400
    assert response.json() == {"busy": ["Each busy block must end after it starts (block 1)."]}


def test_a_recruiter_creates_a_profile_once(api, as_user):
    """A recruiter creates a profile once."""
    as_user("recruiter")
    user = UserFactory()
    response = api.post("/api/v1/interviewers/", {"user": user.id, "senior_leader": True, "timezone": "Asia/Tokyo"})
    assert response.status_code == 201, response.json()
    assert InterviewerProfile.objects.get(user=user).timezone == "Asia/Tokyo"
    again = api.post("/api/v1/interviewers/", {"user": user.id})
    assert again.status_code == 400
    assert again.json() == {"user": [PROFILE_EXISTS]}


def test_an_interviewer_may_not_create_profiles(api, as_user):
    """An interviewer may not create profiles."""
    as_user("interviewer")
    assert api.post("/api/v1/interviewers/", {"user": UserFactory().id}).status_code == 403


@pytest.mark.parametrize("rows", [1, 10])
def test_the_list_query_count_does_not_grow(api, as_user, django_assert_num_queries, rows):
    """The list query count does not grow (the load per week is one prefetch for all of them)."""
    as_user("recruiter")
    for _ in range(rows):
        qualification = QualificationFactory()
        BusyBlock.objects.create(
            profile=qualification.profile,
            start=timezone.now() + dt.timedelta(hours=2),
            end=timezone.now() + dt.timedelta(hours=3),
        )
    with django_assert_num_queries(8):
        assert api.get("/api/v1/interviewers/").json()["count"] == rows
