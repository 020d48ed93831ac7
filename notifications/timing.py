"""When reminders are due. Pure: no ORM, plain values in and out (times are aware, in UTC).

- A scorecard is due one hour after its interview ends; the reminder never goes before that.
- From the next working day after it fell due it is overdue: one escalation per working day
  (Monday to Friday, UTC) for up to five working days; the recruiters are copied from day two.
"""

import datetime as dt

SCORECARD_DUE_AFTER = dt.timedelta(hours=1)
OVERDUE_WORKING_DAYS = 5
RECRUITERS_COPIED_FROM_DAY = 2


def scorecard_due_at(interview_end: dt.datetime) -> dt.datetime:
    return interview_end + SCORECARD_DUE_AFTER


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5


def working_days_after(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: 0 when end is not after start."""
    if end <= start:
        return 0
    whole_weeks, rest = divmod((end - start).days, 7)
    count = whole_weeks * 5
    day = start + dt.timedelta(days=whole_weeks * 7)
    for _ in range(rest):
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def overdue_day(*, due_at: dt.datetime, now: dt.datetime) -> int | None:
    """Which day of escalation `now` falls on (1 to 5), or None: not overdue yet, a weekend, or done."""
    today = now.astimezone(dt.UTC).date()
    if now < due_at or not is_working_day(today):
        return None
    day = working_days_after(due_at.astimezone(dt.UTC).date(), today)
    return day if 1 <= day <= OVERDUE_WORKING_DAYS else None


def copies_recruiters(day: int) -> bool:
    return day >= RECRUITERS_COPIED_FROM_DAY
