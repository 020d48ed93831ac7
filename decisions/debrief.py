"""The committee's debrief slot (issue #15), pure: the first time every member has free.

A slot of the committee's `debrief_minutes`, on a half-hour mark, inside every member's working hours on
one of their working days (each on their own clock), clear of their interviews, busy time and other debriefs, from the
next working morning on and within `HORIZON_DAYS`. None when no such time exists; the chair is told.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.fields import zone_or_utc
from interviews.feedback_timing import WorkingWeek

STEP = dt.timedelta(minutes=30)
HORIZON_DAYS = 7
NOT_BEFORE = dt.timedelta(hours=18)  # members see the packet first: no debrief the same afternoon


@dataclass(frozen=True)
class Member:
    # When they work: the same working week the scorecard escalations use (interviews.notifications.working_week).
    week: WorkingWeek = field(default_factory=WorkingWeek)
    busy: Sequence[tuple[dt.datetime, dt.datetime]] = field(default_factory=tuple)


def _free(member: Member, start: dt.datetime, end: dt.datetime) -> bool:
    week = member.week
    zone = zone_or_utc(week.zone)  # a stored zone the machine does not know reads as UTC, never an error
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    return (
        local_start.date() == local_end.date()
        and local_start.weekday() in week.weekdays
        and week.start <= local_start.time()
        and local_end.time() <= week.end
        and not any(b_start < end and start < b_end for b_start, b_end in member.busy)
    )


def debrief_slot(
    *, members: Sequence[Member], after: dt.datetime, minutes: int
) -> tuple[dt.datetime, dt.datetime] | None:
    """The first half-hour mark from `after + NOT_BEFORE` when every member is free for `minutes`."""
    if not members or minutes <= 0:
        return None
    length = dt.timedelta(minutes=minutes)
    moment = (after + NOT_BEFORE).astimezone(dt.UTC).replace(second=0, microsecond=0)
    moment += dt.timedelta(minutes=-moment.minute % 30)
    last = after + dt.timedelta(days=HORIZON_DAYS)
    while moment + length <= last:
        if all(_free(member, moment, moment + length) for member in members):
            return moment, moment + length
        moment += STEP
    return None
