"""The demo's booked loops obey the scheduler's own rules, whatever the date and DST combination."""

import datetime as dt

import pytest

from demo.seed import LOOPS, seed_demo
from interviews.models import Interview, Loop
from interviews.scheduling import solver
from interviews.scheduling.selectors import interviewers_of, loop_scheduling_problem
from interviews.scheduling.services import _as_planned, _slot

pytestmark = pytest.mark.django_db

BOOKED = (Loop.Status.SCHEDULED, Loop.Status.AWAITING_FEEDBACK, Loop.Status.READY_FOR_REVIEW, Loop.Status.DECIDED)


def _conflicts(loop: Loop) -> list[str]:
    interviews = list(
        loop.interviews.exclude(status=Interview.Status.CANCELLED)
        .select_related("round_type")
        .prefetch_related("assignments")
    )
    problem = loop_scheduling_problem(
        loop=loop, options=solver.Options(), interviews=interviews, also_around=[i.start for i in interviews]
    )
    return [c.message for c in solver.check_plan(problem, [_slot(_as_planned(i)) for i in interviews])]


@pytest.mark.parametrize(
    "today",
    [
        dt.date(2026, 1, 14),  # winter everywhere
        dt.date(2026, 3, 18),  # the US on summer time, Europe not yet
        dt.date(2026, 3, 30),  # the Monday after Europe's switch
        dt.date(2026, 7, 15),  # summer everywhere
        dt.date(2026, 10, 28),  # Europe back on winter time, the US not yet
        dt.date(2026, 5, 16),  # a Saturday
    ],
)
def test_every_booked_demo_loop_passes_the_schedulers_check(today):
    """Windows cover every round, everyone is inside their working hours, and the loop's rules hold."""
    seed_demo(today=today)
    # The demo's current loops; the past ones (demo/history.py) are decided records, not plans.
    live = [spec.email for spec in LOOPS]
    loops = Loop.objects.filter(status__in=BOOKED, application__candidate__email__in=live).select_related(
        "application__candidate"
    )
    assert loops.count() == 6
    now = dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC)
    for loop in loops:
        assert _conflicts(loop) == [], loop.application.candidate.name
        starts = [i.start for i in loop.interviews.all()]
        if loop.status == Loop.Status.SCHEDULED:
            assert min(starts) > now + dt.timedelta(days=1)
        else:
            assert max(starts) < now
        for interview in loop.interviews.all():
            assert interview.location.startswith("Video: https://")
            assert interviewers_of(interview)


def test_a_round_of_brunos_scheduled_loop_can_be_moved():
    """Rescheduling one round is checked against the others, which are valid, so a legal move succeeds."""
    from interviews.scheduling import services

    seed_demo(today=dt.date(2026, 1, 14))
    loop = Loop.objects.get(application__candidate__name="Bruno Silva")
    depth = loop.interviews.get(round_type__code="depth")
    recruiter = loop.created_by
    moved = services.interview_reschedule(
        interview=depth, actor=recruiter, start=depth.start + dt.timedelta(minutes=15)
    )
    assert moved.ical_sequence == 1
