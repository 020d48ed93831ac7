"""Loops API: build from a template, availability (and the candidate's link), propose and schedule."""

import datetime as dt

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from core.errors import shown
from hiring.models import Application, Candidate
from interviews.models import CandidateWindow, Interview, InterviewAssignment, Loop, Scorecard
from interviews.scheduling import services, solver
from tests.factories import UserFactory
from tests.interviews.scheduling.setup import loop_for, make_setup, with_windows

pytestmark = pytest.mark.django_db


def test_a_recruiter_builds_a_loop_with_one_interview_per_round(api):
    """POST loops/ creates the loop and its interviews; an optional round can be left out."""
    s = make_setup()
    api.force_authenticate(s.recruiter)
    response = api.post(
        "/api/v1/loops/",
        {"application": s.application.pk, "template": s.template.pk, "skip_rounds": ["ml_systems"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert [i["round_type"] for i in body["interviews"]] == ["overview", "ml_coding"]
    loop = Loop.objects.get(pk=body["id"])
    assert loop.created_by == s.recruiter
    assert list(loop.interviews.values_list("round_type__code", "minutes", "status")) == [
        ("overview", 45, "unscheduled"),
        ("ml_coding", 60, "unscheduled"),
    ]


def test_it_keeps_optional_rounds_unless_skipped(api):
    """Without skip_rounds every round of the template is in the loop."""
    s = make_setup()
    api.force_authenticate(s.recruiter)
    response = api.post("/api/v1/loops/", {"application": s.application.pk, "template": s.template.pk}, format="json")
    assert response.status_code == 201
    assert Interview.objects.filter(loop_id=response.json()["id"]).count() == 3


def test_it_refuses_to_skip_a_required_round(api):
    """Required rounds cannot be toggled off; nothing is created."""
    s = make_setup()
    api.force_authenticate(s.recruiter)
    response = api.post(
        "/api/v1/loops/",
        {"application": s.application.pk, "template": s.template.pk, "skip_rounds": ["ml_coding"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"skip_rounds": [services.CANNOT_SKIP_REQUIRED.format(label="ML coding from scratch")]}
    assert not Loop.objects.exists()


def test_it_refuses_a_second_open_loop_for_an_application(api):
    """One open loop per application."""
    s = make_setup()
    first = loop_for(s)
    api.force_authenticate(s.recruiter)
    response = api.post("/api/v1/loops/", {"application": s.application.pk, "template": s.template.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"application": [services.LOOP_EXISTS.format(loop_id=first.pk)]}
    assert Loop.objects.count() == 1


@pytest.mark.parametrize(
    ("status", "allowed"),
    [("awaiting_feedback", False), ("ready_for_review", False), ("cancelled", True), ("decided", True)],
)
def test_a_new_loop_waits_until_the_last_is_cancelled_or_decided(api, client, status, allowed):
    """A loop in progress (feedback still coming, or before the committee) blocks another, on the API and on
    the loop builder page (its reason shown before the form, a refused post a 400)."""
    s = make_setup()
    first = loop_for(s)
    Loop.objects.filter(pk=first.pk).update(status=status)
    client.force_login(s.recruiter)
    page = client.get(reverse("interviews:loop-build", args=[s.application.pk])).content.decode()
    assert (services.LOOP_EXISTS.format(loop_id=first.pk) in page) is not allowed
    api.force_authenticate(s.recruiter)
    response = api.post("/api/v1/loops/", {"application": s.application.pk, "template": s.template.pk}, format="json")
    assert response.status_code == (201 if allowed else 400)
    if not allowed:
        posted = client.post(reverse("interviews:loop-build", args=[s.application.pk]), {"template": s.template.pk})
        assert posted.status_code == 400


def test_no_loop_is_built_for_an_anonymized_candidate(api):
    """Anonymized: refused with the reason."""
    s = make_setup()
    Candidate.objects.filter(pk=s.application.candidate_id).update(anonymized_at=timezone.now())
    api.force_authenticate(s.recruiter)
    response = api.post("/api/v1/loops/", {"application": s.application.pk, "template": s.template.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"application": [services.CANDIDATE_ANONYMIZED]}


@pytest.mark.parametrize("stage", ["withdrawn", "rejected", "hired"])
def test_it_refuses_a_loop_for_a_closed_application(api, stage):
    """A withdrawn, rejected or hired application gets no loop: 400 naming the stage, nothing created."""
    s = make_setup()
    Application.objects.filter(pk=s.application.pk).update(stage=stage)
    api.force_authenticate(s.recruiter)
    response = api.post("/api/v1/loops/", {"application": s.application.pk, "template": s.template.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"application": [services.APPLICATION_CLOSED.format(stage=stage)]}
    assert not Loop.objects.exists()


def test_a_recruiter_of_another_requisition_cannot_build_or_see_the_loop(api):
    """Someone else's application is unknown to them, and its loop is a 404."""
    s = make_setup()
    loop = loop_for(s)
    api.force_authenticate(UserFactory(roles=["recruiter"]))
    response = api.post("/api/v1/loops/", {"application": s.application.pk, "template": s.template.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"application": [services.UNKNOWN_APPLICATION]}
    assert api.get("/api/v1/loops/").json()["count"] == 0
    assert api.get(f"/api/v1/loops/{loop.pk}/").status_code == 404
    assert api.post(f"/api/v1/loops/{loop.pk}/propose-schedule/", {}, format="json").status_code == 404
    assert Loop.objects.count() == 1


def test_an_interviewer_on_the_loop_sees_it_but_cannot_schedule_it(api):
    """Visibility comes from interviews.selectors.loop_list; scheduling needs the recruiter."""
    s = make_setup()
    loop = with_windows(s, loop_for(s))
    interview = loop.interviews.first()
    InterviewAssignment.objects.create(interview=interview, interviewer=s.people["omar"])
    api.force_authenticate(s.people["omar"])
    assert api.get(f"/api/v1/loops/{loop.pk}/").status_code == 200
    response = api.post(f"/api/v1/loops/{loop.pk}/propose-schedule/", {}, format="json")
    assert response.status_code == 403
    response = api.post(
        f"/api/v1/loops/{loop.pk}/availability/",
        {"windows": [{"start": s.at("09:00").isoformat(), "end": s.at("12:00").isoformat()}]},
        format="json",
    )
    assert response.status_code == 403
    assert loop.windows.count() == 1


def test_a_recruiter_enters_the_candidates_windows(api):
    """Windows replace earlier ones and move a draft loop to scheduling."""
    s = make_setup()
    loop = loop_for(s)
    api.force_authenticate(s.recruiter)
    windows = [
        {"start": "2030-03-04T09:00:00+01:00", "end": "2030-03-04T13:00:00+01:00"},
        {"start": "2030-03-05T14:00:00+01:00", "end": "2030-03-05T18:00:00+01:00"},
    ]
    response = api.post(f"/api/v1/loops/{loop.pk}/availability/", {"windows": windows}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "scheduling"
    assert response.json()["windows"][0]["start"] == "2030-03-04T08:00:00Z"
    assert list(CandidateWindow.objects.filter(loop=loop).values_list("start", flat=True)) == [
        dt.datetime(2030, 3, 4, 8, tzinfo=dt.UTC),
        dt.datetime(2030, 3, 5, 13, tzinfo=dt.UTC),
    ]


def test_windows_can_carry_the_candidates_new_zone(api):
    """An optional timezone is saved on the candidate with the windows; an unknown one is a 400 changing nothing."""
    s = make_setup(candidate_zone="Europe/London")
    loop = loop_for(s)
    api.force_authenticate(s.recruiter)
    windows = [{"start": "2030-03-04T09:00:00-05:00", "end": "2030-03-04T13:00:00-05:00"}]
    response = api.post(
        f"/api/v1/loops/{loop.pk}/availability/", {"windows": windows, "timezone": "Mars/Olympus"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"timezone": [services.UNKNOWN_ZONE.format(name=shown("Mars/Olympus"))]}
    assert not loop.windows.exists()
    response = api.post(
        f"/api/v1/loops/{loop.pk}/availability/", {"windows": windows, "timezone": "America/New_York"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["candidate_timezone"] == "America/New_York"
    s.application.candidate.refresh_from_db()
    assert s.application.candidate.timezone == "America/New_York"
    assert loop.windows.count() == 1


def test_it_refuses_windows_without_an_offset_or_backwards(api):
    """Naive times and windows that end before they start are 400s, and nothing changes."""
    s = make_setup()
    loop = loop_for(s)
    api.force_authenticate(s.recruiter)
    response = api.post(
        f"/api/v1/loops/{loop.pk}/availability/",
        {"windows": [{"start": "2030-03-04T09:00:00", "end": "2030-03-04T13:00:00"}]},
        format="json",
    )
    assert response.status_code == 400
    response = api.post(
        f"/api/v1/loops/{loop.pk}/availability/",
        {"windows": [{"start": "2030-03-04T13:00:00Z", "end": "2030-03-04T09:00:00Z"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"windows": [services.WINDOW_ORDER.format(index=1)]}
    assert not loop.windows.exists()


def test_it_refuses_windows_spread_over_months(api):
    """Windows months apart would make the search space (and the loop) pointless."""
    s = make_setup()
    loop = loop_for(s)
    api.force_authenticate(s.recruiter)
    response = api.post(
        f"/api/v1/loops/{loop.pk}/availability/",
        {
            "windows": [
                {"start": "2030-03-04T09:00:00Z", "end": "2030-03-04T13:00:00Z"},
                {"start": "2031-03-04T09:00:00Z", "end": "2031-03-04T13:00:00Z"},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"windows": [services.WINDOWS_TOO_SPREAD.format(days=62)]}
    assert not loop.windows.exists()


def test_the_availability_link_lets_the_candidate_pick_windows_in_their_zone(api, client):
    """A signed link opens a public page; windows given in the candidate's zone are stored in UTC."""
    s = make_setup(candidate_zone="Asia/Kolkata")
    loop = loop_for(s)
    api.force_authenticate(s.recruiter)
    response = api.post(f"/api/v1/loops/{loop.pk}/availability-link/")
    assert response.status_code == 201
    body = response.json()
    assert body["url"].startswith("http://testserver/availability/")
    assert dt.datetime.fromisoformat(body["expires_at"]) > dt.datetime.now(dt.UTC) + dt.timedelta(days=6)
    page = client.get(body["url"])
    assert page.status_code == 200
    assert "Ada Okafor" in page.content.decode()
    assert "ada" not in page.content.decode().split("Ada Okafor")[0].lower().replace("loopwise", "")  # no PII shown
    day = s.day.isoformat()
    form = {
        "timezone": "Asia/Kolkata",
        "w-TOTAL_FORMS": "2",
        "w-INITIAL_FORMS": "0",
        "w-MIN_NUM_FORMS": "0",
        "w-MAX_NUM_FORMS": "20",
        "w-0-day": day,
        "w-0-start": "09:30",
        "w-0-end": "13:30",
        "w-1-day": "",
        "w-1-start": "",
        "w-1-end": "",
    }
    response = client.post(body["url"], form)
    assert response.status_code == 302
    window = loop.windows.get()
    assert window.start == s.at("09:30", zone="Asia/Kolkata")
    assert window.start.astimezone(dt.UTC).time() == dt.time(4, 0)
    loop.refresh_from_db()
    assert loop.status == "scheduling"


def test_a_tampered_or_expired_link_is_refused(client):
    """Forged and expired tokens show an explanation, not the form."""
    s = make_setup()
    loop = loop_for(s)
    link = services.loop_availability_link(loop=loop, actor=s.recruiter)
    assert client.get(f"/availability/{link.token}x/").status_code == 410
    expired = services.loop_availability_link(
        loop=loop, actor=s.recruiter, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=15)
    )
    response = client.get(f"/availability/{expired.token}/")
    assert response.status_code == 410
    assert services.LINK_EXPIRED in response.content.decode()
    forged = signing.dumps({"loop": loop.pk, "exp": 9999999999}, salt="another-salt")
    assert client.get(f"/availability/{forged}/").status_code == 410


def test_propose_schedule_returns_a_plan_and_saves_nothing(api):
    """A feasible proposal names each interview's time and interviewers; the database is unchanged."""
    s = make_setup()
    loop = with_windows(s, loop_for(s))
    api.force_authenticate(s.recruiter)
    response = api.post(f"/api/v1/loops/{loop.pk}/propose-schedule/", {"buffer_minutes": 15}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["feasible"] is True
    assert body["days"] == 1
    overview, coding = body["interviews"]
    assert overview["round_type"] == "overview"
    assert overview["interviewers"] == [s.people["lena"].pk]
    assert overview["start"] == s.at("09:00").isoformat().replace("+00:00", "Z")
    assert coding["interviewers"] == [s.people["omar"].pk]
    assert dt.datetime.fromisoformat(coding["start"]) >= dt.datetime.fromisoformat(overview["end"]) + dt.timedelta(
        minutes=15
    )
    assert not InterviewAssignment.objects.exists()
    assert not Interview.objects.filter(start__isnull=False).exists()


def test_propose_schedule_explains_why_no_plan_exists(api):
    """Without an ML-systems interviewer free in the windows, the reason says so."""
    s = make_setup()
    loop = with_windows(s, loop_for(s, skip=()), ("09:00", "17:00"))
    for username in ("omar", "kenji"):
        s.people[username].interviewer_profile.busy_blocks.create(start=s.at("08:00"), end=s.at("18:00"))
    api.force_authenticate(s.recruiter)
    response = api.post(f"/api/v1/loops/{loop.pk}/propose-schedule/", {}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["feasible"] is False
    assert body["interviews"] == []
    messages = [r["message"] for r in body["reasons"]]
    assert solver.NONE_FREE.format(label="ML systems", details="busy: Omar, Kenji") in messages


def _plan_payload(s, loop, starts: dict[str, str], people: dict[str, str]) -> dict:
    interviews = {i.round_type.code: i for i in loop.interviews.select_related("round_type")}
    return {
        "interviews": [
            {
                "id": interviews[code].pk,
                "start": s.at(clock).isoformat(),
                "end": (s.at(clock) + dt.timedelta(minutes=interviews[code].minutes)).isoformat(),
                "interviewers": [s.people[people[code]].pk],
            }
            for code, clock in starts.items()
        ]
    }


def test_schedule_saves_the_plan_with_draft_scorecards_and_due_times(api):
    """Saving books every interview, creates a draft scorecard per interviewer and sets the loop scheduled."""
    s = make_setup()
    loop = with_windows(s, loop_for(s))
    api.force_authenticate(s.recruiter)
    payload = _plan_payload(
        s, loop, {"overview": "09:00", "ml_coding": "10:00"}, {"overview": "lena", "ml_coding": "omar"}
    )
    response = api.post(f"/api/v1/loops/{loop.pk}/schedule/", payload, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "scheduled"
    loop.refresh_from_db()
    assert loop.status == Loop.Status.SCHEDULED
    coding = loop.interviews.get(round_type__code="ml_coding")
    assert coding.status == Interview.Status.SCHEDULED
    assert coding.start == s.at("10:00")
    assert coding.scorecard_due_at == s.at("12:00")
    assert coding.ical_sequence == 0
    card = Scorecard.objects.get(interview=coding)
    assert card.interviewer == s.people["omar"]
    assert card.rubric == coding.rubric
    assert card.status == Scorecard.Status.DRAFT
    assert Scorecard.objects.filter(interview__loop=loop).count() == 2


def test_schedule_names_each_conflict_and_saves_nothing(api):
    """An edited plan that breaks rules is refused with one message per conflict."""
    s = make_setup()
    loop = with_windows(s, loop_for(s), ("09:00", "12:00"))
    api.force_authenticate(s.recruiter)
    payload = _plan_payload(
        s, loop, {"overview": "10:00", "ml_coding": "09:10"}, {"overview": "lena", "ml_coding": "kenji"}
    )
    response = api.post(f"/api/v1/loops/{loop.pk}/schedule/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "interviews": [
            solver.C_GRID.format(label="ML coding from scratch", slot=15),
            solver.C_NOT_QUALIFIED.format(label="ML coding from scratch", name="Kenji"),
            solver.C_OVERLAP.format(label="Overview / culture", other="ML coding from scratch"),
            solver.C_OVERVIEW_FIRST.format(label="ML coding from scratch"),
        ]
    }
    assert not Interview.objects.filter(start__isnull=False).exists()
    assert not Scorecard.objects.exists()
    loop.refresh_from_db()
    assert loop.status == Loop.Status.SCHEDULING


def test_schedule_refuses_double_booking_against_another_loop(api):
    """An interviewer already interviewing elsewhere at that time is a conflict."""
    s = make_setup()
    loop = with_windows(s, loop_for(s))
    busy = Interview.objects.create(
        loop=Loop.objects.create(application=loop.application, template=loop.template, status="scheduled"),
        round_type=loop.interviews.get(round_type__code="ml_coding").round_type,
        rubric=loop.interviews.get(round_type__code="ml_coding").rubric,
        order=1,
        minutes=60,
        start=s.at("10:00"),
        end=s.at("11:00"),
        status=Interview.Status.SCHEDULED,
    )
    InterviewAssignment.objects.create(interview=busy, interviewer=s.people["omar"])
    api.force_authenticate(s.recruiter)
    payload = _plan_payload(
        s, loop, {"overview": "09:00", "ml_coding": "10:00"}, {"overview": "lena", "ml_coding": "omar"}
    )
    response = api.post(f"/api/v1/loops/{loop.pk}/schedule/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"interviews": [solver.C_BUSY.format(label="ML coding from scratch", name="Omar")]}


def test_the_proposed_plan_can_be_saved_as_is(api):
    """propose-schedule's output is accepted by schedule."""
    s = make_setup()
    loop = with_windows(s, loop_for(s))
    api.force_authenticate(s.recruiter)
    proposal = api.post(f"/api/v1/loops/{loop.pk}/propose-schedule/", {}, format="json").json()
    response = api.post(f"/api/v1/loops/{loop.pk}/schedule/", {"interviews": proposal["interviews"]}, format="json")
    assert response.status_code == 200, response.json()
    assert loop.interviews.filter(status="scheduled").count() == 2


@pytest.mark.parametrize("loops", [1, 4])
def test_listing_loops_takes_a_fixed_number_of_queries(api, django_assert_num_queries, loops):
    """The list does not grow in queries with the number of loops."""
    recruiter = UserFactory(roles=["recruiter"])
    for index in range(loops):
        s = make_setup(recruiter=recruiter, suffix=str(index))
        loop = with_windows(s, loop_for(s))
        proposal = services.loop_propose_schedule(loop=loop, actor=recruiter, options=solver.Options())
        services.loop_schedule(
            loop=loop,
            actor=recruiter,
            plan=[services.PlannedInterview(x.round_key, x.start, x.end, (x.interviewer_id,)) for x in proposal.slots],
            options=solver.Options(),
        )
    api.force_authenticate(recruiter)
    with django_assert_num_queries(8):
        response = api.get("/api/v1/loops/")
    assert response.status_code == 200
    assert response.json()["count"] == loops
    assert all(len(row["interviews"][0]["interviewers"]) == 1 for row in response.json()["results"])
