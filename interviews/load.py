"""Interviewer load (issue #15), pure: the one figure that shares interviews out fairly.

An interviewer's **load** for an interview is how many interviews they are booked on (scheduled or held,
any role) in the **four weeks around it**: from two weeks before its start to two weeks after. The
scheduler breaks ties between qualified, free interviewers by it (least loaded first, then the lower id,
so a plan is deterministic), and the replacements for a declined interview are ranked by it. The load
page and the profile's `load` show the same bookings per ISO week against the weekly cap.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

LOAD_HALF_SPAN = dt.timedelta(days=14)
WEEKS_BEFORE, WEEKS_AFTER = 2, 3  # the profile and the load page: two weeks back, this week, three ahead


def load_window(start: dt.datetime, end: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The four weeks around an interview (or a span of them): [start − 14 days, end + 14 days)."""
    return start - LOAD_HALF_SPAN, (end or start) + LOAD_HALF_SPAN


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def shown_weeks(today: dt.date) -> list[dt.date]:
    """The Mondays of the weeks a load table shows."""
    monday = week_start(today)
    return [monday + dt.timedelta(weeks=offset) for offset in range(-WEEKS_BEFORE, WEEKS_AFTER + 1)]


@dataclass(frozen=True)
class WeekLoad:
    week: str  # ISO week, e.g. "2026-W49"
    starts: dt.date  # its Monday
    interviews: int
    cap: int

    @property
    def over(self) -> bool:
        return self.interviews > self.cap

    @property
    def full(self) -> bool:
        return self.interviews >= self.cap


def weekly_load(*, days: Iterable[dt.date], cap: int, weeks: list[dt.date]) -> list[WeekLoad]:
    """Bookings (one date each, on the person's own clock) counted per shown week."""
    counted = Counter(week_start(day) for day in days)
    return [WeekLoad(iso_week(monday), monday, counted.get(monday, 0), cap) for monday in weeks]
