"""Due, overdue, escalation and late for an interview: the one definition of each (pure, no database)."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest

from interviews import feedback_timing as ft
from interviews.codes import FeedbackState

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
OFFICE = ft.WorkingWeek(zone="Europe/London", start=dt.time(9), end=dt.time(17), weekdays=(0, 1, 2, 3, 4))


def london(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    """A wall-clock time in London in 2026 (March by default), as an aware datetime."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


# end of the interview → (due, overdue, late, the five escalations), all London wall-clock times.
TABLE = {
    # Friday 16:00 (GMT): due an hour later, overdue on Saturday, late on Sunday; chased from Monday.
    "ending Friday 16:00": (
        london(6, 16),
        london(6, 17),
        london(7, 16),
        london(8, 16),
        [london(9, 9), london(10, 9), london(11, 9), london(12, 9), london(13, 9)],
    ),
    # Friday 27 March, the weekend the clocks go forward (Sunday 29th): overdue and late are a day and
    # two days after in absolute time (so 17:00 BST on Sunday), the first chaser is 09:00 BST on Monday.
    "ending before the spring DST change": (
        london(27, 16),
        london(27, 17),
        london(28, 16),
        london(29, 17),
        [london(30, 9), london(31, 9), london(1, 9, month=4), london(2, 9, month=4), london(3, 9, month=4)],
    ),
    # Thursday 15:00: overdue on Friday 15:00, within working hours, so chased then; the second chaser
    # waits over the weekend for Monday 09:00.
    "ending Thursday, chased across a weekend": (
        london(5, 15),
        london(5, 16),
        london(6, 15),
        london(7, 15),
        [london(6, 15), london(9, 9), london(10, 9), london(11, 9), london(12, 9)],
    ),
    # Tuesday 17:30: overdue on Wednesday 17:30, after hours, so first chased on Thursday 09:00.
    "ending after hours": (
        london(3, 17, 30),
        london(3, 18, 30),
        london(4, 17, 30),
        london(5, 17, 30),
        [london(5, 9), london(6, 9), london(9, 9), london(10, 9), london(11, 9)],
    ),
}


@pytest.mark.parametrize("case", list(TABLE))
def test_the_feedback_times_of_an_interview(case):
    """Due an hour after the end, overdue a day after, late two days after, in absolute time."""
    end, due, overdue, late, _ = TABLE[case]
    times = ft.feedback_times(end)
    assert (times.due_at, times.overdue_at, times.late_at) == (due, overdue, late)


@pytest.mark.parametrize("case", list(TABLE))
def test_escalations_follow_the_interviewers_working_days(case):
    """Five chasers on the interviewer's working days at the start of their day, the first at overdue time
    when that is within working hours; DST moves the UTC instant, not the wall-clock time."""
    end, _, overdue, _, escalations = TABLE[case]
    times = ft.escalation_times(overdue_at=ft.feedback_times(end).overdue_at, week=OFFICE)
    assert times[:5] == [moment.astimezone(UTC) for moment in escalations]
    assert times[0] >= overdue


def test_the_dst_change_moves_the_chaser_an_hour_earlier_in_utc():
    """09:00 in London is 09:00 UTC on Friday and 08:00 UTC on the Monday after the clocks go forward."""
    _, _, _, _, escalations = TABLE["ending before the spring DST change"]
    assert escalations[0].astimezone(UTC).hour == 8


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (london(7, 15, 59), None),  # not overdue yet
        (london(7, 16), None),  # overdue on Saturday: nobody is chased at the weekend
        (london(9, 8, 59), None),
        (london(9, 9), 1),
        (london(9, 23), 1),
        (london(10, 9), 2),
        (london(13, 9), 5),
        (london(16, 8, 59), 5),  # the fifth is current until the next working day begins
        (london(16, 9), None),  # five working days done
    ],
)
def test_which_escalation_is_due_now(now, expected):
    """One escalation at a time: a chaser that ran late sends the current one, never a backlog."""
    overdue = ft.feedback_times(london(6, 16)).overdue_at
    assert ft.escalation_day(overdue_at=overdue, week=OFFICE, now=now) == expected


def test_a_part_time_interviewer_is_chased_on_their_own_days_in_their_own_zone():
    """Working Tuesdays and Thursdays in New York, 10:00–14:00: chased then and only then."""
    week = ft.WorkingWeek(zone="America/New_York", start=dt.time(10), end=dt.time(14), weekdays=(1, 3))
    overdue = ft.feedback_times(london(6, 16)).overdue_at  # Saturday
    new_york = ZoneInfo("America/New_York")
    got = [moment.astimezone(new_york) for moment in ft.escalation_times(overdue_at=overdue, week=week)[:5]]
    assert [(m.strftime("%a %d"), m.hour) for m in got] == [
        ("Tue 10", 10),
        ("Thu 12", 10),
        ("Tue 17", 10),
        ("Thu 19", 10),
        ("Tue 24", 10),
    ]


def test_recruiters_are_copied_from_the_second_escalation():
    """The first chaser goes to the interviewer alone."""
    assert not ft.copies_recruiters(1)
    assert ft.copies_recruiters(2)
    assert ft.copies_recruiters(5)


def test_due_comes_before_overdue_before_the_first_chaser_and_before_late():
    """For any end and any working week: due ≤ overdue ≤ first escalation, and overdue ≤ late."""
    rng = random.Random(7)
    zones = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Pacific/Auckland"]
    for _ in range(500):
        end = dt.datetime(2026, 1, 1, tzinfo=UTC) + dt.timedelta(minutes=rng.randrange(0, 365 * 24 * 60, 15))
        days = tuple(sorted(rng.sample(range(7), rng.randint(1, 7))))
        start = dt.time(rng.randint(6, 11))
        week = ft.WorkingWeek(zone=rng.choice(zones), start=start, end=dt.time(start.hour + 6), weekdays=days)
        times = ft.feedback_times(end)
        chasers = ft.escalation_times(overdue_at=times.overdue_at, week=week)
        assert end < times.due_at <= times.overdue_at <= chasers[0] < chasers[1]
        assert times.overdue_at <= times.late_at
        assert chasers == sorted(chasers)


@pytest.mark.parametrize(
    ("now", "submitted", "cancelled", "expected"),
    [
        (london(6, 15), False, False, FeedbackState.UPCOMING),
        (london(6, 16), False, False, FeedbackState.DUE),
        (london(7, 15, 59), False, False, FeedbackState.DUE),
        (london(7, 16), False, False, FeedbackState.OVERDUE),
        (london(9, 9), True, False, FeedbackState.SUBMITTED),
        (london(9, 9), False, True, FeedbackState.CANCELLED),
    ],
)
def test_the_state_of_one_interviewers_feedback(now, submitted, cancelled, expected):
    """Upcoming until the end, due until overdue, overdue after; submitted and cancelled win."""
    end = london(6, 16)
    state = ft.feedback_state(
        now=now, end=end, overdue_at=ft.feedback_times(end).overdue_at, submitted=submitted, cancelled=cancelled
    )
    assert state == expected


def test_a_scorecard_is_late_only_after_the_late_line():
    """Exactly on the line is not late."""
    late_at = ft.feedback_times(london(6, 16)).late_at
    assert not ft.is_late(submitted_at=late_at, late_at=late_at)
    assert ft.is_late(submitted_at=late_at + dt.timedelta(seconds=1), late_at=late_at)
    assert not ft.is_late(submitted_at=None, late_at=late_at)
