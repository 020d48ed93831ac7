"""When feedback on an interview is due, overdue, chased and late (PRODUCT.md §4–5). Pure: no ORM.

The one definition of each, for an interview that ended at `end`:

- **due** at `end + 1 h`. Feedback is owed from the moment the interview ends; the reminder e-mail
  goes to each interviewer who has not submitted at the due time.
- **overdue** at `end + 24 h`, a day after the interview. Pages, the scorecard board, the home
  counts and the recruiter's digest call a scorecard overdue from then on.
- **escalation**: once overdue, the interviewer is chased once per *working day of theirs* (their
  weekdays, at the start of their working hours, in their own zone) for up to five working days;
  the first goes at the overdue time itself when that falls within their working hours, else at the
  start of their next working day. The requisition's recruiters are copied from the second.
- **late** at `end + 48 h`: a scorecard submitted after that is marked late in the packet
  (memory fades) and counts as late in the analytics.
- **nudge**: besides the automatic chasing, a recruiter may nudge an interviewer from the feedback
  board about a scorecard that is due or overdue, at most once a day per scorecard.

So due ≤ overdue ≤ the first escalation, and overdue < late: nothing is late without having been
overdue first. The stored `Interview.scorecard_due_at / _overdue_at / _late_at` are written from
`feedback_times` when an interview is booked, and everything else reads them.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from interviews.codes import FeedbackState

DUE_AFTER_END = dt.timedelta(hours=1)
OVERDUE_AFTER_END = dt.timedelta(hours=24)
LATE_AFTER_END = dt.timedelta(hours=48)
ESCALATION_WORKING_DAYS = 5
RECRUITERS_COPIED_FROM_DAY = 2
DEFAULT_WEEKDAYS = (0, 1, 2, 3, 4)


@dataclass(frozen=True)
class FeedbackTimes:
    due_at: dt.datetime
    overdue_at: dt.datetime
    late_at: dt.datetime


def feedback_times(end: dt.datetime) -> FeedbackTimes:
    """Due, overdue and late for an interview ending at `end` (aware)."""
    if end.tzinfo is None:
        raise ValueError("Feedback times need a time-zone-aware end.")
    end = end.astimezone(dt.UTC)  # absolute hours: adding to a local time would add wall-clock hours across DST
    return FeedbackTimes(due_at=end + DUE_AFTER_END, overdue_at=end + OVERDUE_AFTER_END, late_at=end + LATE_AFTER_END)


def feedback_state(
    *, now: dt.datetime, end: dt.datetime | None, overdue_at: dt.datetime | None, submitted: bool, cancelled: bool
) -> str:
    """One interviewer's feedback on one interview: upcoming, due, overdue, submitted or cancelled."""
    if cancelled:
        return FeedbackState.CANCELLED
    if submitted:
        return FeedbackState.SUBMITTED
    if end is None or now < end:
        return FeedbackState.UPCOMING
    if overdue_at is not None and now >= overdue_at:
        return FeedbackState.OVERDUE
    return FeedbackState.DUE


def is_late(*, submitted_at: dt.datetime | None, late_at: dt.datetime | None) -> bool:
    """Submitted after the late line (exactly on it is not late)."""
    return submitted_at is not None and late_at is not None and submitted_at > late_at


@dataclass(frozen=True)
class WorkingWeek:
    """When an interviewer works: their zone, their hours and their weekdays (0 = Monday)."""

    zone: str = "UTC"
    start: dt.time = dt.time(9)
    end: dt.time = dt.time(17)
    weekdays: tuple[int, ...] = DEFAULT_WEEKDAYS


def escalation_times(*, overdue_at: dt.datetime, week: WorkingWeek) -> list[dt.datetime]:
    """When each of the five escalations goes, plus the start of the working day after the last (its end)."""
    zone = ZoneInfo(week.zone or "UTC")
    weekdays = set(week.weekdays) or set(DEFAULT_WEEKDAYS)
    local = overdue_at.astimezone(zone)
    day = local.date()
    opens = dt.datetime.combine(day, week.start, tzinfo=zone)
    closes = dt.datetime.combine(day, week.end, tzinfo=zone)
    times: list[dt.datetime] = []
    if day.weekday() in weekdays and local < closes:
        times.append(max(overdue_at, opens.astimezone(dt.UTC)))
    while len(times) < ESCALATION_WORKING_DAYS + 1:
        day += dt.timedelta(days=1)
        if day.weekday() in weekdays:
            times.append(dt.datetime.combine(day, week.start, tzinfo=zone).astimezone(dt.UTC))
    return [moment.astimezone(dt.UTC) for moment in times]


def escalation_day(*, overdue_at: dt.datetime, week: WorkingWeek, now: dt.datetime) -> int | None:
    """Which escalation (1 to 5) is due at `now`, or None: not overdue yet, or all five are behind us.

    Escalation n is due from its time until the next one's, so a chaser that ran late (beat was
    down) sends only the current one, never a backlog.
    """
    times = escalation_times(overdue_at=overdue_at, week=week)
    for day, (starts, ends) in enumerate(zip(times, times[1:], strict=False), start=1):
        if starts <= now < ends:
            return day
    return None


def copies_recruiters(day: int) -> bool:
    return day >= RECRUITERS_COPIED_FROM_DAY


NUDGE_EVERY = dt.timedelta(days=1)


def nudge_next_at(*, last_nudged_at: dt.datetime | None) -> dt.datetime | None:
    """When a scorecard may be nudged again: a day after the last nudge (None: now)."""
    return None if last_nudged_at is None else last_nudged_at + NUDGE_EVERY


def nudge_allowed(*, state: str, last_nudged_at: dt.datetime | None, now: dt.datetime) -> bool:
    """A recruiter may nudge an interviewer about feedback that is due or overdue, at most once a day
    per scorecard (a rolling 24 hours from the last nudge, whoever sent it)."""
    if state not in (FeedbackState.DUE, FeedbackState.OVERDUE):
        return False
    next_at = nudge_next_at(last_nudged_at=last_nudged_at)
    return next_at is None or now >= next_at
