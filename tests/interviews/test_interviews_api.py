"""Interviews API: list (mine), cancel and reschedule single interviews."""

import datetime as dt

import pytest

from interviews.models import Interview, Loop, Scorecard
from interviews.scheduling import services, solver
from notifications.models import Notification
from tests.factories import UserFactory
from tests.interviews.scheduling.scheduled import scheduled_loop
from tests.interviews.scheduling.setup import loop_for, make_setup

pytestmark = pytest.mark.django_db


def test_an_interviewer_lists_their_own_interviews_with_the_contract_fields(api):
    """?mine=1 returns only the caller's interviews, with the API.md fields."""
    s, loop = scheduled_loop()
    api.force_authenticate(s.people["omar"])
    body = api.get("/api/v1/interviews/?mine=1").json()
    assert body["count"] == 1
    row = body["results"][0]
    for name in ("loop", "round_type", "start", "end", "interviewers", "location", "status", "scorecard_due_at"):
        assert name in row
    assert row["round_type"] == "ml_coding"
    assert row["interviewers"] == [s.people["omar"].pk]
    assert row["start"] == s.at("10:00").isoformat().replace("+00:00", "Z")
    assert row["scorecard_due_at"] == s.at("12:00").isoformat().replace("+00:00", "Z")
    # Without ?mine the interviewer sees the loop's other interviews too (they are on the loop).
    assert api.get("/api/v1/interviews/").json()["count"] == 2


def test_people_off_the_loop_see_no_interviews(api):
    """Visibility comes from interviews.selectors.interview_list."""
    _, loop = scheduled_loop()
    api.force_authenticate(UserFactory(roles=["interviewer"]))
    assert api.get("/api/v1/interviews/").json()["count"] == 0
    assert api.get(f"/api/v1/interviews/{loop.interviews.first().pk}/").status_code == 404


def test_a_recruiter_cancels_an_interview(api):
    """Cancel marks it cancelled, raises SEQUENCE and removes unfilled draft scorecards."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    api.force_authenticate(s.recruiter)
    response = api.post(f"/api/v1/interviews/{coding.pk}/cancel/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "cancelled"
    coding.refresh_from_db()
    assert coding.status == Interview.Status.CANCELLED
    assert coding.ical_sequence == 1
    assert not Scorecard.objects.filter(interview=coding).exists()
    again = api.post(f"/api/v1/interviews/{coding.pk}/cancel/")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": [services.ALREADY_CANCELLED]}


def test_an_interviewer_cannot_cancel_or_reschedule(api):
    """Only the requisition's recruiters and admins change the schedule."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    api.force_authenticate(s.people["omar"])
    assert api.post(f"/api/v1/interviews/{coding.pk}/cancel/").status_code == 403
    response = api.post(
        f"/api/v1/interviews/{coding.pk}/reschedule/", {"start": s.at("13:00").isoformat()}, format="json"
    )
    assert response.status_code == 403
    coding.refresh_from_db()
    assert (coding.status, coding.start) == (Interview.Status.SCHEDULED, s.at("10:00"))


def test_a_recruiter_reschedules_an_interview_and_the_sequence_rises(api):
    """Rescheduling moves it, keeps its UID, raises SEQUENCE and moves the feedback due time."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    uid = coding.ical_uid
    api.force_authenticate(s.recruiter)
    response = api.post(
        f"/api/v1/interviews/{coding.pk}/reschedule/", {"start": s.at("13:00").isoformat()}, format="json"
    )
    assert response.status_code == 200, response.json()
    coding.refresh_from_db()
    assert (coding.start, coding.end) == (s.at("13:00"), s.at("14:00"))
    assert coding.scorecard_due_at == s.at("15:00")
    assert coding.ical_sequence == 1
    assert coding.ical_uid == uid


def test_rescheduling_into_a_conflict_is_refused(api):
    """Moving ML coding to 08:00 breaks several rules, each named; nothing changes."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    api.force_authenticate(s.recruiter)
    response = api.post(
        f"/api/v1/interviews/{coding.pk}/reschedule/", {"start": s.at("08:00").isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "interviews": [
            solver.C_OUTSIDE_WINDOWS.format(label="ML coding from scratch"),
            solver.C_HOURS.format(label="ML coding from scratch", name="Omar", zone="Europe/London"),
            solver.C_BUFFER.format(label="Overview / culture", other="ML coding from scratch", buffer=15),
            solver.C_OVERVIEW_FIRST.format(label="ML coding from scratch"),
        ]
    }
    coding.refresh_from_db()
    assert (coding.start, coding.ical_sequence) == (s.at("10:00"), 0)


def test_rescheduling_can_hand_the_interview_to_someone_else(api):
    """A new interviewer gets a draft scorecard; the previous one's untouched draft goes."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    from tests.interviews.scheduling.setup import interviewer

    sam = interviewer("sam", {"ml_coding": "qualified"})
    api.force_authenticate(s.recruiter)
    response = api.post(
        f"/api/v1/interviews/{coding.pk}/reschedule/",
        {"start": s.at("10:00").isoformat(), "interviewers": [sam.pk]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["interviewers"] == [sam.pk]
    assert list(Scorecard.objects.filter(interview=coding).values_list("interviewer", flat=True)) == [sam.pk]
    coding.refresh_from_db()
    assert coding.ical_sequence == 1


@pytest.mark.parametrize("loops", [1, 3])
def test_listing_interviews_takes_a_fixed_number_of_queries(api, django_assert_num_queries, loops):
    """The interviews list does not grow in queries with rows."""
    recruiter = UserFactory(roles=["recruiter"])
    for index in range(loops):
        scheduled_loop(make_setup(recruiter=recruiter, suffix=str(index)))
    api.force_authenticate(recruiter)
    with django_assert_num_queries(5):
        response = api.get("/api/v1/interviews/")
    assert response.status_code == 200
    assert response.json()["count"] == 2 * loops


def test_interviews_without_a_start_sort_and_serialize(api):
    """An unscheduled interview lists with null times."""
    s = make_setup()
    from tests.interviews.scheduling.setup import loop_for

    loop = loop_for(s)
    api.force_authenticate(s.recruiter)
    rows = api.get("/api/v1/interviews/").json()["results"]
    assert {r["start"] for r in rows} == {None}
    assert {r["loop"] for r in rows} == {loop.pk}
    assert dt.datetime.now(dt.UTC)  # times are aware throughout


def test_rescheduling_a_cancelled_interview_rebooks_it(api):
    """A cancelled round gets a new time, is scheduled again with a higher SEQUENCE, a REQUEST and a draft scorecard."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    api.force_authenticate(s.recruiter)
    assert api.post(f"/api/v1/interviews/{coding.pk}/cancel/").status_code == 200
    response = api.post(
        f"/api/v1/interviews/{coding.pk}/reschedule/", {"start": s.at("13:00").isoformat()}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "scheduled"
    coding.refresh_from_db()
    assert (coding.status, coding.start, coding.end) == (Interview.Status.SCHEDULED, s.at("13:00"), s.at("14:00"))
    assert coding.ical_sequence == 2  # 0 invited, 1 cancelled, 2 rebooked
    assert coding.scorecard_due_at == s.at("15:00")
    card = Scorecard.objects.get(interview=coding)
    assert (card.interviewer, card.status) == (s.people["omar"], Scorecard.Status.DRAFT)
    assert Notification.objects.filter(
        about__interview=coding.pk, recipient=s.people["omar"], ics_method="REQUEST", about__sequence=2
    ).exists()


def test_rebooking_a_cancelled_interview_is_still_checked_against_the_loop(api):
    """Rebooking into a conflict is refused, and the round stays cancelled."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    services.interview_cancel(interview=coding, actor=s.recruiter)
    api.force_authenticate(s.recruiter)
    response = api.post(
        f"/api/v1/interviews/{coding.pk}/reschedule/", {"start": s.at("09:00").isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert (
        solver.C_OVERLAP.format(label="ML coding from scratch", other="Overview / culture")
        in (response.json()["interviews"])
    )
    coding.refresh_from_db()
    assert (coding.status, coding.ical_sequence) == (Interview.Status.CANCELLED, 1)
    assert not Scorecard.objects.filter(interview=coding).exists()


def test_rebooking_a_round_that_never_had_an_interviewer_asks_for_one(api):
    """A round cancelled before it was booked needs an interviewer to be rebooked (400 naming the round)."""
    s = make_setup()
    loop = loop_for(s)
    coding = loop.interviews.get(round_type__code="ml_coding")
    services.interview_cancel(interview=coding, actor=s.recruiter)
    api.force_authenticate(s.recruiter)
    response = api.post(
        f"/api/v1/interviews/{coding.pk}/reschedule/", {"start": s.at("10:00").isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"interviewers": [services.CHOOSE_INTERVIEWER.format(label="ML coding from scratch")]}
    coding.refresh_from_db()
    assert coding.status == Interview.Status.CANCELLED


def test_interviews_of_a_decided_loop_cannot_be_moved(api):
    """Once the committee decided, the schedule is history (400)."""
    s, loop = scheduled_loop()
    Loop.objects.filter(pk=loop.pk).update(status=Loop.Status.DECIDED)
    coding = loop.interviews.get(round_type__code="ml_coding")
    api.force_authenticate(s.recruiter)
    response = api.post(
        f"/api/v1/interviews/{coding.pk}/reschedule/", {"start": s.at("13:00").isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [services.LOOP_CLOSED.format(status="decided")]}
    coding.refresh_from_db()
    assert coding.start == s.at("10:00")


def test_a_cancelled_round_in_a_saved_plan_is_rebooked_and_one_left_out_stays_cancelled(api):
    """schedule/ takes a cancelled round back when the plan includes it."""
    s, loop = scheduled_loop()
    interviews = {i.round_type.code: i for i in loop.interviews.select_related("round_type")}
    services.interview_cancel(interview=interviews["ml_coding"], actor=s.recruiter)
    api.force_authenticate(s.recruiter)
    plan = [
        {
            "id": interviews["overview"].pk,
            "start": s.at("09:00").isoformat(),
            "end": s.at("09:45").isoformat(),
            "interviewers": [s.people["lena"].pk],
        }
    ]
    assert api.post(f"/api/v1/loops/{loop.pk}/schedule/", {"interviews": plan}, format="json").status_code == 200
    assert Interview.objects.get(pk=interviews["ml_coding"].pk).status == Interview.Status.CANCELLED
    plan.append(
        {
            "id": interviews["ml_coding"].pk,
            "start": s.at("11:00").isoformat(),
            "end": s.at("12:00").isoformat(),
            "interviewers": [s.people["omar"].pk],
        }
    )
    response = api.post(f"/api/v1/loops/{loop.pk}/schedule/", {"interviews": plan}, format="json")
    assert response.status_code == 200, response.json()
    coding = Interview.objects.get(pk=interviews["ml_coding"].pk)
    assert (coding.status, coding.start, coding.ical_sequence) == (Interview.Status.SCHEDULED, s.at("11:00"), 2)
    assert Scorecard.objects.filter(interview=coding, interviewer=s.people["omar"]).exists()
