"""The loop page's day grid (issue #14), pure: overlapping rounds side by side, one axis from the earliest
window or round to the latest, every round visible."""

import datetime as dt
from zoneinfo import ZoneInfo

from interviews.scheduling.grid import PIXELS_PER_MINUTE, GridItem, day_grid

LONDON = ZoneInfo("Europe/London")


def at(hour: int, minute: int = 0, day: int = 3) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=LONDON)


def item(key: int, start: dt.datetime, minutes: int, label: str = "") -> GridItem:
    return GridItem(key=key, label=label or f"round {key}", start=start, end=start + dt.timedelta(minutes=minutes))


def test_overlapping_rounds_sit_side_by_side_and_others_take_the_full_width():
    """Two overlapping rounds share the column in two lanes; a round alone keeps the full width."""
    grid = day_grid(
        items=[item(1, at(9), 45), item(2, at(9, 30), 60), item(3, at(14), 60)],
        windows=[(at(8), at(18))],
        zone=LONDON,
    )
    (day,) = grid.days
    blocks = {b.item.key: b for b in day.blocks}
    assert (blocks[1].lane, blocks[1].lanes, blocks[2].lane, blocks[2].lanes) == (0, 2, 1, 2)
    assert (blocks[1].left_percent, blocks[1].width_percent) == (0, 50)
    assert (blocks[2].left_percent, blocks[2].width_percent) == (50, 50)
    assert (blocks[3].lanes, blocks[3].width_percent) == (1, 100)


def test_the_axis_spans_the_earliest_window_to_the_latest_round_on_every_day():
    """A window opening at 08:00 on one day and a round ending at 19:00 on another: one axis, 07:00–20:00."""
    grid = day_grid(
        items=[item(1, at(12), 60), item(2, at(18, day=4), 60)],
        windows=[(at(8), at(17)), (at(12, day=4), at(19, day=4))],
        zone=LONDON,
    )
    assert [h.label for h in grid.hours][0] == "07:00"
    assert [h.label for h in grid.hours][-1] == "19:00"
    assert grid.height == round(13 * 60 * PIXELS_PER_MINUTE)
    first, second = grid.days
    assert first.windows[0].top == round(60 * PIXELS_PER_MINUTE)  # 08:00 is an hour below the 07:00 top
    assert second.blocks[0].top == round(11 * 60 * PIXELS_PER_MINUTE)


def test_a_day_with_windows_but_no_round_still_gets_its_column():
    """A day the candidate offered but no round uses still gets its column."""
    grid = day_grid(items=[item(1, at(9), 60)], windows=[(at(9), at(12)), (at(9, day=7), at(12, day=7))], zone=LONDON)
    assert [d.day.day for d in grid.days] == [3, 7]
    assert grid.days[1].blocks == ()
