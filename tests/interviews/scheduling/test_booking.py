"""Candidate self-booking (issue #15, API.md v1.1 "Candidate booking"): the link offers complete plans
computed live, the candidate books one atomically, a taken option gets fresh ones (409), and a booked
candidate may ask to reschedule within the recruiter's limits."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection, connections

from interviews.models import Interview, Loop, RescheduleRequest, Scorecard
from interviews.scheduling import booking, services, solver
from notifications.models import Notification
from tests.factories import ApplicationFactory, CandidateFactory, RequisitionFactory
from tests.interviews.scheduling.setup import loop_for, make_setup

pytestmark = pytest.mark.django_db


def _link(setup, loop) -> str:
    return services.loop_availability_link(loop=loop, actor=setup.recruiter).token


def _second_candidate(s):
    """Another candidate's loop on the same template, people and recruiter."""
    requisition = RequisitionFactory()
    requisition.recruiters.add(s.recruiter)
    application = ApplicationFactory(requisition=requisition, candidate=CandidateFactory(timezone="Europe/London"))
    loop = services.loop_create(
        application_id=application.pk, template_id=s.template.pk, actor=s.recruiter, skip_rounds=("ml_systems",)
    )
    return loop, _link(s, loop)


def _world(**kwargs):
    s = make_setup(**kwargs)
    loop = loop_for(s)
    return s, loop, _link(s, loop)


def test_the_link_offers_complete_plans_on_different_days_with_stable_ids(client):
    """With no windows typed, options come from the candidate's working week: each lists every open round
    on one day (fewest days first), in order, on days no other option uses; the ids do not change."""
    s, loop, token = _world()
    first = client.get(f"/api/v1/booking/{token}/").json()
    assert first["candidate_timezone"] == "Europe/London"
    assert first["booked"] is None
    options = first["options"]
    assert len(options) == 3
    days = []
    for option in options:
        rounds = [i["round_type"] for i in option["interviews"]]
        assert rounds == ["overview", "ml_coding"]
        starts = [dt.datetime.fromisoformat(i["start"]) for i in option["interviews"]]
        local = {m.astimezone(ZoneInfo("Europe/London")).date() for m in starts}
        assert len(local) == 1
        days.append(local.pop())
        assert all(m > dt.datetime.now(dt.UTC) + dt.timedelta(hours=23) for m in starts)
        assert all(9 <= m.astimezone(ZoneInfo("Europe/London")).hour < 17 for m in starts)
    assert days == sorted(set(days))
    again = client.get(f"/api/v1/booking/{token}/").json()
    assert [o["id"] for o in again["options"]] == [o["id"] for o in options]


def test_booking_an_option_schedules_the_loop_and_answers_with_the_booked_shape(
    client, django_capture_on_commit_callbacks
):
    """201 {"loop", "interviews": [{round_type, start, end, meeting_url}]}; the loop is scheduled with draft
    scorecards and invites in the outbox; GET then shows it booked with no options left."""
    s, loop, token = _world()
    option = client.get(f"/api/v1/booking/{token}/").json()["options"][1]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/booking/{token}/", {"option": option["id"]}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["loop"] == loop.pk
    assert [(i["round_type"], i["start"], i["end"]) for i in body["interviews"]] == [
        (i["round_type"], i["start"], i["end"]) for i in option["interviews"]
    ]
    assert all(i["meeting_url"].startswith("https://meet.jit.si/") for i in body["interviews"])
    loop.refresh_from_db()
    assert loop.status == Loop.Status.SCHEDULED
    assert Scorecard.objects.filter(interview__loop=loop).count() == 2
    itinerary = Notification.objects.get(kind="candidate_itinerary", about__loop=loop.pk)
    assert f"/availability/{token}/" in itinerary.body  # their page, to find the times and ask for others
    (told,) = [m for m in mail.outbox if m.subject == "Ada Okafor booked their interviews"]
    assert "rita@example.org" in told.to[0]
    assert "Lena" in told.body
    state = client.get(f"/api/v1/booking/{token}/").json()
    assert state["options"] == []
    assert state["booked"] == body


def test_an_option_taken_by_another_candidate_is_a_409_with_fresh_options(client):
    """Two candidates were offered the same interviewers at the same times; the second to book is refused
    with options that avoid what the first took; nothing of the second loop is booked."""
    s, loop_a, token_a = _world()
    loop_b, token_b = _second_candidate(s)
    offer_a = client.get(f"/api/v1/booking/{token_a}/").json()["options"][0]
    offer_b = client.get(f"/api/v1/booking/{token_b}/").json()["options"][0]
    assert [i["start"] for i in offer_a["interviews"]] == [i["start"] for i in offer_b["interviews"]]
    assert (
        client.post(
            f"/api/v1/booking/{token_a}/", {"option": offer_a["id"]}, content_type="application/json"
        ).status_code
        == 201
    )
    refused = client.post(f"/api/v1/booking/{token_b}/", {"option": offer_b["id"]}, content_type="application/json")
    assert refused.status_code == 409
    body = refused.json()
    assert body["detail"] == booking.OPTION_TAKEN
    assert body["booked"] is None
    assert body["options"]
    assert offer_b["id"] not in [o["id"] for o in body["options"]]
    taken = {(i["start"], i["end"]) for i in offer_a["interviews"]}
    assert all((i["start"], i["end"]) not in taken for o in body["options"] for i in o["interviews"])
    loop_b.refresh_from_db()
    assert loop_b.status == Loop.Status.DRAFT
    assert not Interview.objects.filter(loop=loop_b, start__isnull=False).exists()
    fresh = body["options"][0]["id"]
    assert (
        client.post(f"/api/v1/booking/{token_b}/", {"option": fresh}, content_type="application/json").status_code
        == 201
    )


def test_a_forged_token_is_410_and_an_option_never_offered_is_400(client):
    """410 for a forged link; 400 on `option` for an id that is not a signed option of this loop."""
    s, loop, token = _world()
    assert client.get("/api/v1/booking/forged/").status_code == 410
    assert client.post("/api/v1/booking/forged/", {"option": "x"}, content_type="application/json").status_code == 410
    response = client.post(f"/api/v1/booking/{token}/", {"option": "made-up"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"option": [booking.OPTION_INVALID]}
    _, foreign_token = _second_candidate(s)
    foreign = client.get(f"/api/v1/booking/{foreign_token}/").json()["options"][0]["id"]
    response = client.post(f"/api/v1/booking/{token}/", {"option": foreign}, content_type="application/json")
    assert response.status_code == 400


def test_an_expired_link_is_410(client, settings):
    """The link's expiry holds for booking too."""
    s, loop, _ = _world()
    old = services.loop_availability_link(
        loop=loop, actor=s.recruiter, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    )
    assert client.get(f"/api/v1/booking/{old.token}/").status_code == 410


def test_with_no_complete_plan_the_link_falls_back_to_windows(client):
    """Nobody can run ML coding: no options, and the page asks for windows as before."""
    s, loop, token = _world()
    Interview.objects.filter(loop=loop, round_type__code="ml_coding").update(minutes=60)
    s.people["omar"].interviewer_profile.qualifications.all().delete()
    assert client.get(f"/api/v1/booking/{token}/").json()["options"] == []
    page = client.get(f"/availability/{token}/")
    assert page.status_code == 200
    assert b"Send my availability" in page.content


def test_the_candidates_own_windows_bound_the_options(client):
    """Windows typed by the candidate (or recruiter) are where the options go; one afternoon still gives a
    choice: later options start at least an hour after the earlier ones."""
    s, loop, token = _world()
    day = s.day + dt.timedelta(days=2)
    services.loop_set_availability(
        loop=loop, windows=[{"start": s.at("13:00", day), "end": s.at("17:00", day)}], actor=s.recruiter
    )
    options = client.get(f"/api/v1/booking/{token}/").json()["options"]
    assert len(options) == 3
    firsts = [dt.datetime.fromisoformat(o["interviews"][0]["start"]) for o in options]
    assert firsts == sorted(firsts)
    assert all(b - a >= dt.timedelta(hours=1) for a, b in zip(firsts, firsts[1:], strict=False))
    for option in options:
        starts = [dt.datetime.fromisoformat(i["start"]) for i in option["interviews"]]
        assert all(s.at("13:00", day) <= m < s.at("17:00", day) for m in starts)


def _book(client, token, index=0):
    option = client.get(f"/api/v1/booking/{token}/").json()["options"][index]
    assert (
        client.post(f"/api/v1/booking/{token}/", {"option": option["id"]}, content_type="application/json").status_code
        == 201
    )


def test_a_booked_candidate_asks_to_reschedule_within_the_limits(client, api, django_capture_on_commit_callbacks):
    """A reason is required; the recruiters are e-mailed; at most `reschedule_max` requests; not later than
    `reschedule_notice_hours` before the first interview; the recruiter sets both."""
    s, loop, token = _world()
    url = f"/api/v1/booking/{token}/reschedule-request/"
    assert client.post(url, {"reason": "Clash."}, content_type="application/json").json() == {
        "non_field_errors": [booking.RESCHEDULE_NOT_BOOKED]
    }
    _book(client, token, index=2)
    assert client.post(url, {"reason": " "}, content_type="application/json").json() == {
        "reason": [booking.RESCHEDULE_NEEDS_REASON]
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "My flight moved; any day next week."}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["requests_left"] == 1
    (message,) = [m for m in mail.outbox if "rita@example.org" in m.to[0]]
    assert "My flight moved" in message.body
    assert client.post(url, {"reason": "Again"}, content_type="application/json").status_code == 201
    refused = client.post(url, {"reason": "Third"}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["non_field_errors"] == [booking.RESCHEDULE_TOO_OFTEN.format(count=2, s="s")]
    api.force_authenticate(s.recruiter)
    limits = f"/api/v1/loops/{loop.pk}/reschedule-limits/"
    assert api.post(limits, {"notice_hours": -1, "max_requests": 99}, format="json").json() == {
        "notice_hours": [booking.LIMIT_RANGE.format(limit=720)],
        "max_requests": [booking.LIMIT_RANGE.format(limit=10)],
    }
    response = api.post(limits, {"notice_hours": 720, "max_requests": 5}, format="json")
    assert response.status_code == 200
    assert response.json()["reschedule_limits"] == {"notice_hours": 720, "max_requests": 5}
    late = client.post(url, {"reason": "Fourth"}, content_type="application/json")
    assert late.json()["non_field_errors"] == [booking.RESCHEDULE_TOO_LATE.format(hours=720)]
    api.force_authenticate(s.people["omar"])
    assert api.post(limits, {"notice_hours": 1, "max_requests": 5}, format="json").status_code in (403, 404)


def test_moving_an_interview_answers_the_request(client):
    """The request stays open until the recruiter moves one of the candidate's interviews."""
    s, loop, token = _world()
    _book(client, token, index=2)
    response = client.post(
        f"/api/v1/booking/{token}/reschedule-request/", {"reason": "Ill."}, content_type="application/json"
    )
    assert response.status_code == 201
    request = RescheduleRequest.objects.get(loop=loop)
    assert request.resolved_at is None
    coding = loop.interviews.get(round_type__code="ml_coding")
    services.interview_reschedule(interview=coding, actor=s.recruiter, start=coding.start + dt.timedelta(hours=1))
    request.refresh_from_db()
    assert request.resolved_at is not None


def test_candidate_hours_are_weekdays_nine_to_five_on_their_clock_across_a_dst_change():
    """The offered span on each day is 09:00-17:00 local, weekends skipped, the change of offset honoured."""
    start = dt.datetime(2026, 10, 23, 12, 0, tzinfo=dt.UTC)  # Friday; Europe/London leaves BST on the 25th
    spans = booking.candidate_hours(zone="Europe/London", start=start, days=4)
    local = [
        (a.astimezone(ZoneInfo("Europe/London")), b.astimezone(ZoneInfo("Europe/London")))
        for a, b in ((x.start, x.end) for x in spans)
    ]
    assert [(a.strftime("%a %H:%M"), b.strftime("%H:%M")) for a, b in local] == [
        ("Fri 13:00", "17:00"),
        ("Mon 09:00", "17:00"),
        ("Tue 09:00", "17:00"),
    ]
    assert spans[1].start == dt.datetime(2026, 10, 26, 9, 0, tzinfo=dt.UTC)


def test_solver_options_are_on_distinct_days_fewest_days_first():
    """Three one-round options on three different days from a week of windows; none when nobody fits."""
    day = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)
    windows = tuple(solver.Interval(day + dt.timedelta(days=n), day + dt.timedelta(days=n, hours=8)) for n in range(5))
    person = solver.Interviewer(id=1, name="A", qualifications={"ml_coding": "qualified"}, weekly_cap=10)
    problem = solver.Problem(
        rounds=(solver.Round(key=1, round_type="ml_coding", label="ML coding", minutes=60),),
        interviewers=(person,),
        windows=windows,
    )
    found = solver.booking_options(problem, count=3)
    assert [o.slots[0].start.date() for o in found] == [
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 8),
        dt.date(2026, 12, 9),
    ]
    nobody = solver.Problem(rounds=problem.rounds, interviewers=(), windows=windows)
    assert solver.booking_options(nobody) == []


@pytest.mark.django_db(transaction=True)
def test_two_candidates_booking_the_same_interviewer_at_once_one_wins():
    """On PostgreSQL, two bookings of plans sharing interviewers and times run on their own connections at
    the same moment: exactly one books, the other is OptionTaken with fresh options; no one is double-booked."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    s, loop_a, token_a = _world()
    loop_b, _ = _second_candidate(s)
    option_a = booking.booking_options(loop=loop_a)[0]
    option_b = booking.booking_options(loop=loop_b)[0]
    assert [x.start for x in option_a.slots] == [x.start for x in option_b.slots]
    barrier = threading.Barrier(2)
    outcomes: list = []

    def book(loop, option):
        try:
            barrier.wait(timeout=10)
            booking.booking_book(loop=loop, option_id=option.id)
            outcomes.append("booked")
        except booking.OptionTaken as taken:
            outcomes.append(("taken", len(taken.state.options)))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=book, args=(loop_a, option_a)),
        threading.Thread(target=book, args=(loop_b, option_b)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes, key=str) == sorted(["booked", ("taken", 3)], key=str)
    lena = s.people["lena"]
    starts = list(
        Interview.objects.filter(assignments__interviewer=lena, status="scheduled").values_list("start", flat=True)
    )
    assert len(starts) == len(set(starts)) == 1


def test_the_candidate_books_and_asks_to_reschedule_on_their_page(client):
    """The page lists the options with a button each; booking shows the booked times with the video link;
    the reschedule form needs a reason and says when the limits are reached."""
    s, loop, token = _world()
    page = client.get(f"/availability/{token}/").content.decode()
    assert page.count("Book these times") == 3
    assert "None of these suit you?" in page
    option = booking.booking_options(loop=loop)[2]
    response = client.post(f"/availability/{token}/", {"option": option.id}, follow=True)
    html = response.content.decode()
    assert "Your interviews are booked" in html
    assert "https://meet.jit.si/" in html
    assert "Ask to reschedule" in html
    refused = client.post(f"/availability/{token}/", {"reason": ""})
    assert refused.status_code == 400
    assert booking.RESCHEDULE_NEEDS_REASON in refused.content.decode()
    Loop.objects.filter(pk=loop.pk).update(reschedule_max=1)
    asked = client.post(f"/availability/{token}/", {"reason": "A conference that week."}, follow=True).content.decode()
    assert "A conference that week." in asked
    assert "Ask to reschedule" not in asked
    assert booking.RESCHEDULE_TOO_OFTEN.format(count=1, s="") in asked


def test_a_stale_option_on_the_page_says_it_was_taken_and_offers_fresh_ones(client):
    """Booking an option someone else just took: 409, the message, and new options to pick from."""
    s, loop_a, token_a = _world()
    loop_b, token_b = _second_candidate(s)
    stale = booking.booking_options(loop=loop_b)[0]
    booking.booking_book(loop=loop_a, option_id=booking.booking_options(loop=loop_a)[0].id)
    response = client.post(f"/availability/{token_b}/", {"option": stale.id})
    assert response.status_code == 409
    html = response.content.decode()
    assert booking.OPTION_TAKEN in html
    assert html.count("Book these times") == 3


def test_the_recruiter_sets_the_limits_and_sees_the_requests_on_the_loop_page(client):
    """The loop page lists the candidate's requests (open until a move) and saves the limits (bad ones say
    why)."""
    s, loop, token = _world()
    _book(client, token, index=2)
    booking.booking_reschedule_request(loop=loop, reason="Visa appointment.")
    client.force_login(s.recruiter)
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    assert "Visa appointment." in html
    assert "open</strong>" in html
    response = client.post(
        f"/loops/{loop.pk}/reschedule-limits/", {"notice_hours": "12", "max_requests": "x"}, follow=True
    )
    assert "Reschedule limit (requests): " + booking.LIMIT_RANGE.format(limit=10) in response.content.decode()
    client.post(f"/loops/{loop.pk}/reschedule-limits/", {"notice_hours": "12", "max_requests": "4"})
    loop.refresh_from_db()
    assert (loop.reschedule_notice_hours, loop.reschedule_max) == (12, 4)
    client.force_login(s.people["omar"])
    assert client.post(
        f"/loops/{loop.pk}/reschedule-limits/", {"notice_hours": "1", "max_requests": "1"}
    ).status_code in (403, 404)


def test_the_booked_page_and_the_options_speak_the_candidates_clock(client):
    """A candidate in Asia/Kolkata sees their options and their booked times at the same local times as the
    itinerary (not UTC), even after choosing another zone in the windows form."""
    s, loop, token = _world(candidate_zone="Asia/Kolkata")
    option = booking.booking_options(loop=loop)[2]
    local = option.slots[0].start.astimezone(ZoneInfo("Asia/Kolkata"))
    shown = f"{local:%H:%M}"
    page = client.post(
        f"/availability/{token}/",
        {"timezone": "Europe/London", "w-TOTAL_FORMS": "1", "w-INITIAL_FORMS": "0", "w-0-day": "bad"},
    ).content.decode()
    assert f"{shown}–" in page
    html = client.post(f"/availability/{token}/", {"option": option.id}, follow=True).content.decode()
    assert f"{local:%A} {local.day} {local:%B %Y}, {shown}–" in html
    assert "Asia/Kolkata" in html


def test_a_second_tab_booking_a_booked_loop_is_told_it_is_booked(client):
    """Posting an option on an already booked link shows the booking with a notice (409), not a form error."""
    s, loop, token = _world()
    options = booking.booking_options(loop=loop)
    client.post(f"/availability/{token}/", {"option": options[2].id})
    response = client.post(f"/availability/{token}/", {"option": options[1].id})
    assert response.status_code == 409
    html = response.content.decode()
    assert booking.ALREADY_BOOKED in html
    assert booking.RESCHEDULE_NEEDS_REASON not in html


def test_only_whoever_schedules_the_loop_reads_the_candidates_reasons(client, api):
    """`reschedule_requests` on loops/ is empty for interviewers on the loop; the recruiter sees the reason."""
    s, loop, token = _world()
    _book(client, token, index=2)
    booking.booking_reschedule_request(loop=loop, reason="Doctor's appointment.")
    api.force_authenticate(s.people["lena"])
    assert api.get(f"/api/v1/loops/{loop.pk}/").json()["reschedule_requests"] == []
    api.force_authenticate(s.recruiter)
    (row,) = api.get(f"/api/v1/loops/{loop.pk}/").json()["reschedule_requests"]
    assert row["reason"] == "Doctor's appointment."


def test_a_booked_link_outlives_its_expiry_until_the_last_interview_ends(client):
    """The booking stays visible on a link handed out long ago, while an interview is still ahead."""
    s, loop, _ = _world()
    old = services.loop_availability_link(
        loop=loop, actor=s.recruiter, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    )
    assert client.get(f"/api/v1/booking/{old.token}/").status_code == 410
    booking.booking_book(loop=loop, option_id=booking.booking_options(loop=loop)[0].id)
    assert client.get(f"/api/v1/booking/{old.token}/").json()["booked"]["loop"] == loop.pk


def test_the_booking_api_gives_times_with_the_candidates_offset(client):
    """Options and the booking carry the candidate's UTC offset (Asia/Kolkata: +05:30), the same instants."""
    s, loop, token = _world(candidate_zone="Asia/Kolkata")
    option = client.get(f"/api/v1/booking/{token}/").json()["options"][2]
    assert all(i["start"].endswith("+05:30") for i in option["interviews"])
    body = client.post(f"/api/v1/booking/{token}/", {"option": option["id"]}, content_type="application/json").json()
    assert [i["start"] for i in body["interviews"]] == [i["start"] for i in option["interviews"]]
    first = loop.interviews.order_by("start").first()
    assert dt.datetime.fromisoformat(body["interviews"][0]["start"]) == first.start
