"""When a scorecard falls due and which day of escalation a moment is on (pure, no database)."""

import datetime as dt

import pytest

from notifications.timing import copies_recruiters, overdue_day, scorecard_due_at, working_days_after

UTC = dt.UTC
MONDAY_4PM = dt.datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # due time of an interview ending Monday 15:00


def at(day: int, hour: int = 9) -> dt.datetime:
    """March 2026 at `hour` UTC (2 March is a Monday)."""
    return dt.datetime(2026, 3, day, hour, 0, tzinfo=UTC)


def test_a_scorecard_falls_due_one_hour_after_the_interview_ends():
    """Due = end + 1 hour."""
    assert scorecard_due_at(dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)) == MONDAY_4PM


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 2), 0),  # Monday to itself
        (dt.date(2026, 3, 2), dt.date(2026, 3, 3), 1),  # Monday to Tuesday
        (dt.date(2026, 3, 6), dt.date(2026, 3, 9), 1),  # Friday to Monday: the weekend does not count
        (dt.date(2026, 3, 7), dt.date(2026, 3, 9), 1),  # Saturday to Monday
        (dt.date(2026, 3, 2), dt.date(2026, 3, 16), 10),  # two whole weeks
        (dt.date(2026, 3, 3), dt.date(2026, 3, 2), 0),  # backwards
    ],
)
def test_it_counts_working_days_after_a_date(start, end, expected):
    """Working days in (start, end], Monday to Friday."""
    assert working_days_after(start, end) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2, 15), None),  # before it fell due
        (at(2, 23), None),  # due, but not overdue the same day
        (at(3), 1),
        (at(4), 2),
        (at(5), 3),
        (at(6), 4),
        (at(7), None),  # Saturday
        (at(8), None),  # Sunday
        (at(9), 5),
        (at(10), None),  # five working days done
    ],
)
def test_escalation_runs_once_a_working_day_for_five_working_days(now, expected):
    """Day 1 is the working day after the due date; weekends skipped; nothing after day 5."""
    assert overdue_day(due_at=MONDAY_4PM, now=now) == expected


def test_an_interview_due_on_friday_escalates_from_monday():
    """Friday's due scorecard: day 1 on Monday, not on the weekend."""
    friday_due = dt.datetime(2026, 3, 6, 16, 0, tzinfo=UTC)
    assert overdue_day(due_at=friday_due, now=at(7)) is None
    assert overdue_day(due_at=friday_due, now=at(9)) == 1


def test_recruiters_are_copied_from_the_second_day():
    """Day 1 goes to the interviewer alone."""
    assert not copies_recruiters(1)
    assert copies_recruiters(2)
    assert copies_recruiters(5)
