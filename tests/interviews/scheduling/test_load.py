"""Fair load (issue #15): the load is the interviews someone is booked on in the four weeks around an
interview; the scheduler gives a round to the least loaded of the qualified, free interviewers (ties to
the lower id), counting bookings beyond the week either side that the weekly cap looks at."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews import load
from interviews.models import Interview, InterviewAssignment, InterviewerProfile
from interviews.scheduling import services, solver
from interviews.selectors import profile_promotions_due
from tests.factories import InterviewFactory, UserFactory
from tests.interviews.scheduling.setup import interviewer, loop_for, make_setup, with_windows


def test_the_load_window_is_the_four_weeks_around_an_interview():
    """Two weeks before the start to two weeks after the end."""
    start = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)
    assert load.load_window(start) == (start - dt.timedelta(days=14), start + dt.timedelta(days=14))


def test_weekly_load_counts_bookings_per_iso_week_against_the_cap():
    """Bookings fall into their Monday's week; a week at the cap is full, above it over."""
    weeks = load.shown_weeks(dt.date(2026, 12, 2))  # a Wednesday
    assert weeks[0] == dt.date(2026, 11, 16)
    assert len(weeks) == load.WEEKS_BEFORE + 1 + load.WEEKS_AFTER
    days = [dt.date(2026, 11, 30), dt.date(2026, 12, 4), dt.date(2026, 12, 6), dt.date(2026, 12, 8)]
    rows = load.weekly_load(days=days, cap=3, weeks=weeks)
    this_week = next(row for row in rows if row.starts == dt.date(2026, 11, 30))
    assert (this_week.week, this_week.interviews, this_week.full, this_week.over) == ("2026-W49", 3, True, False)
    assert sum(row.interviews for row in rows) == 4


def _book(person, start: dt.datetime, count: int) -> None:
    for index in range(count):
        moment = start + dt.timedelta(hours=index)
        interview = InterviewFactory(start=moment, status=Interview.Status.SCHEDULED)
        InterviewAssignment.objects.create(interview=interview, interviewer=person)


@pytest.mark.django_db
def test_the_scheduler_gives_the_round_to_the_least_loaded_qualified_interviewer():
    """Omar (lower id) has two interviews 12 days after the loop — outside the cap's week, inside the four
    weeks — so ML coding goes to Sam; load Sam more and it goes back to Omar."""
    s = make_setup()
    sam = interviewer("sam", {"ml_coding": "qualified"})
    loop = with_windows(s, loop_for(s))
    later = s.at("10:00") + dt.timedelta(days=12)
    _book(s.people["omar"], later, 2)

    def coding_lead() -> int:
        proposal = services.loop_propose_schedule(loop=loop, actor=s.recruiter, options=solver.Options())
        coding = loop.interviews.get(round_type__code="ml_coding")
        return next(slot.interviewer_id for slot in proposal.slots if slot.round_key == coding.pk)

    assert s.people["omar"].pk < sam.pk
    assert coding_lead() == sam.pk
    _book(sam, later - dt.timedelta(days=20), 3)  # 8 days before: inside the four weeks too
    assert coding_lead() == s.people["omar"].pk


@pytest.mark.django_db
def test_the_profile_and_the_load_page_show_interviews_per_week_against_the_cap(api, client):
    """Two interviews this week, one next week: the profile's `load` and the load page say so; the page is
    for recruiters and admins."""
    s = make_setup()
    omar = s.people["omar"]
    now = timezone.now()
    _book(omar, now.replace(hour=10, minute=0) - dt.timedelta(days=now.weekday()) + dt.timedelta(days=1), 2)
    _book(omar, now + dt.timedelta(days=7), 1)
    profile = InterviewerProfile.objects.get(user=omar)
    api.force_authenticate(s.recruiter)
    rows = api.get(f"/api/v1/interviewers/{profile.pk}/").json()["load"]
    assert len(rows) == load.WEEKS_BEFORE + 1 + load.WEEKS_AFTER
    this_week = rows[load.WEEKS_BEFORE]
    assert this_week["week"] == load.iso_week(now.date())
    assert (this_week["interviews"], this_week["cap"]) == (2, profile.weekly_cap)
    assert rows[load.WEEKS_BEFORE + 1]["interviews"] == 1
    client.force_login(s.recruiter)
    page = client.get(reverse("interviews:interviewer-load"))
    assert page.status_code == 200
    assert f"2 / {profile.weekly_cap}" in page.content.decode()
    client.force_login(omar)
    assert client.get(reverse("interviews:interviewer-load")).status_code == 403


@pytest.mark.django_db
def test_after_three_shadowed_rounds_the_recruiter_is_prompted_to_promote(client, api, settings):
    """Kenji shadows ML coding: after the third round he sat in on (held, not cancelled) his profile page
    suggests reverse shadow; interviews' `trainees` lists him on each."""
    settings.TRAINEE_PROMOTE_AFTER = 3
    s = make_setup()
    kenji = s.people["kenji"]
    coding = s.rubrics["ml_coding"]
    for days_ago in (3, 10):
        interview = InterviewFactory(
            rubric=coding, start=timezone.now() - dt.timedelta(days=days_ago), status=Interview.Status.COMPLETED
        )
        InterviewAssignment.objects.create(interview=interview, interviewer=kenji, role="shadow")
    profile = InterviewerProfile.objects.get(user=kenji)
    assert profile_promotions_due(profile) == []
    third = InterviewFactory(rubric=coding, start=timezone.now() - dt.timedelta(days=1))
    InterviewAssignment.objects.create(interview=third, interviewer=kenji, role="shadow")
    (due,) = profile_promotions_due(profile)
    assert (due.round_type, due.stage, due.next_stage, due.shadowed) == ("ml_coding", "shadow", "reverse_shadow", 3)
    client.force_login(s.recruiter)
    page = client.get(reverse("interviews:interviewer", args=[profile.pk])).content.decode()
    assert "has shadowed 3 ML coding from scratch rounds" in page
    api.force_authenticate(UserFactory(roles=["admin"]))
    assert api.get(f"/api/v1/interviews/{third.pk}/").json()["trainees"] == [kenji.pk]


@pytest.mark.django_db
def test_a_promotion_starts_the_count_again(api, settings):
    """Once the recruiter promotes Kenji to reverse shadow, the prompt waits for three rounds at that stage."""
    settings.TRAINEE_PROMOTE_AFTER = 3
    s = make_setup()
    kenji = s.people["kenji"]
    coding = s.rubrics["ml_coding"]
    for days_ago in (1, 3, 10):
        interview = InterviewFactory(
            rubric=coding, start=timezone.now() - dt.timedelta(days=days_ago), status=Interview.Status.COMPLETED
        )
        InterviewAssignment.objects.create(interview=interview, interviewer=kenji, role="shadow")
    profile = InterviewerProfile.objects.get(user=kenji)
    assert len(profile_promotions_due(profile)) == 1
    api.force_authenticate(s.recruiter)
    qualifications = [
        {"round_type": "ml_systems", "stage": "qualified"},
        {"round_type": "ml_coding", "stage": "reverse_shadow"},
    ]
    response = api.patch(f"/api/v1/interviewers/{profile.pk}/", {"qualifications": qualifications}, format="json")
    assert response.status_code == 200
    assert profile_promotions_due(InterviewerProfile.objects.get(user=kenji)) == []
