"""The loop page's day grid: one column per candidate day, each round placed by the minute with the
candidate's windows shaded behind. Pure presentation: plain items in, positioned blocks out.

Every column shares one time axis, from the hour before the earliest round or window to the hour
after the latest. Rounds that overlap (a plan with a conflict) sit side by side in lanes instead
of on top of each other, so none is hidden.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

PIXELS_PER_MINUTE = 1.5  # a 45-minute round holds its time, name and interviewer (the CSS hour lines: 90 px)
MIN_BLOCK_HEIGHT = 27


@dataclass(frozen=True)
class GridItem:
    key: int
    label: str
    start: dt.datetime
    end: dt.datetime
    who: str = ""
    shadow: str = ""
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class GridBlock:
    item: GridItem
    start: dt.datetime  # on the candidate's clock
    end: dt.datetime
    top: int
    height: int
    lane: int  # 0-based position among the rounds it overlaps
    lanes: int  # how many lanes its overlapping group needs

    @property
    def left_percent(self) -> float:
        return round(100 * self.lane / self.lanes, 2)

    @property
    def width_percent(self) -> float:
        return round(100 / self.lanes, 2)


@dataclass(frozen=True)
class GridBand:
    top: int
    height: int


@dataclass(frozen=True)
class GridDay:
    day: dt.date
    blocks: tuple[GridBlock, ...]
    windows: tuple[GridBand, ...]


@dataclass(frozen=True)
class GridHour:
    label: str
    top: int


@dataclass(frozen=True)
class DayGrid:
    days: tuple[GridDay, ...] = ()
    hours: tuple[GridHour, ...] = ()
    height: int = 0


def day_grid(
    *, items: Sequence[GridItem], windows: Sequence[tuple[dt.datetime, dt.datetime]], zone: ZoneInfo
) -> DayGrid:
    """The grid for a plan (empty when there is no plan to show)."""
    if not items:
        return DayGrid()
    pieces = _day_pieces(windows, zone)
    local = [(item, item.start.astimezone(zone), item.end.astimezone(zone)) for item in items]
    minutes = [_minute(start) for _, start, _ in local] + [_end_minute(start, end) for _, start, end in local]
    minutes += [m for spans in pieces.values() for span in spans for m in span]
    first_hour = max(0, min(minutes) // 60 - 1)
    last_hour = min(24, -(-max(minutes) // 60) + 1)
    axis = _Axis(first_hour, last_hour)
    by_day: dict[dt.date, list[tuple]] = defaultdict(list)
    for item, start, end in local:
        by_day[start.date()].append((item, start, end))
    days = sorted(set(by_day) | set(pieces))
    return DayGrid(
        days=tuple(
            GridDay(
                day=day,
                blocks=_blocks(by_day.get(day, []), axis),
                windows=tuple(GridBand(axis.top(a), max(0, axis.top(b) - axis.top(a))) for a, b in pieces.get(day, [])),
            )
            for day in days
        ),
        hours=tuple(GridHour(f"{h:02d}:00", axis.top(h * 60)) for h in range(first_hour, last_hour)),
        height=axis.top(last_hour * 60),
    )


@dataclass(frozen=True)
class _Axis:
    first_hour: int
    last_hour: int

    def top(self, minute_of_day: int) -> int:
        span = (self.last_hour - self.first_hour) * 60
        return round(max(0, min(span, minute_of_day - self.first_hour * 60)) * PIXELS_PER_MINUTE)


def _minute(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute


def _end_minute(start: dt.datetime, end: dt.datetime) -> int:
    """A round that runs past midnight ends at the bottom of its day's column."""
    return _minute(end) if end.date() == start.date() else 24 * 60


def _day_pieces(windows, zone: ZoneInfo) -> dict[dt.date, list[tuple[int, int]]]:
    """Each window cut at midnight on the candidate's clock: day → [(from minute, to minute)]."""
    pieces: dict[dt.date, list[tuple[int, int]]] = defaultdict(list)
    for start, end in windows:
        start, end = start.astimezone(zone), end.astimezone(zone)
        day = start.date()
        while day <= end.date():
            opens = _minute(start) if day == start.date() else 0
            closes = _minute(end) if day == end.date() else 24 * 60
            if closes > opens:
                pieces[day].append((opens, closes))
            day += dt.timedelta(days=1)
    return pieces


def _blocks(entries: list[tuple], axis: _Axis) -> tuple[GridBlock, ...]:
    """Blocks of one day, overlapping ones in side-by-side lanes (greedy, per group of overlaps)."""
    entries = sorted(entries, key=lambda e: (e[1], e[2]))
    placed: list[tuple[tuple, int, int]] = []  # (entry, lane, group)
    group, group_end, lane_ends = -1, None, []
    for entry in entries:
        _, start, end = entry
        if group_end is None or start >= group_end:
            group, lane_ends = group + 1, []
        lane = next((i for i, free_at in enumerate(lane_ends) if free_at <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        group_end = max(group_end, end) if group_end is not None and start < group_end else end
        placed.append((entry, lane, group))
    lanes = defaultdict(int)
    for _, lane, g in placed:
        lanes[g] = max(lanes[g], lane + 1)
    blocks = []
    for (item, start, end), lane, g in placed:
        top = axis.top(_minute(start))
        height = max(MIN_BLOCK_HEIGHT, axis.top(_end_minute(start, end)) - top)
        blocks.append(GridBlock(item, start, end, top, height, lane, lanes[g]))
    return tuple(blocks)
