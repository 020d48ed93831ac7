"""The server-drawn charts (issue #14): a direct label on every marker, a phone drawing with each name
above its row, and rows with too few observations told apart by their marks, not by faded text."""

import re

from analytics.charts import NARROW, WIDE, Chart, ChartRow, RefLine, render, render_layout

CHART = Chart(
    "Offsets",
    [ChartRow("Ann Rater", 0.5, 0.1, 0.9, note="n = 12"), ChartRow("Bob Rater", -1.25, note="n = 2 (few)", faint=True)],
    lo=-3,
    hi=3,
    ticks=[-3, 0, 3],
    refs=[RefLine(0, "panel")],
    fmt="{:+g}",
    value_fmt="{:+.2f}",
)


def _text(svg: str, klass: str) -> list[tuple[float, float, str]]:
    return [
        (float(x), float(y), text)
        for x, y, text in re.findall(rf'<text class="{klass}" x="([-\d.]+)" y="([-\d.]+)"[^>]*>([^<]*)</text>', svg)
    ]


def test_every_marker_carries_its_value():
    """Each row's marker has its formatted value beside it."""
    svg = render_layout(CHART, WIDE)
    assert [text for _, _, text in _text(svg, "value")] == ["+0.50", "-1.25"]


def test_the_phone_drawing_puts_each_name_above_its_row_on_a_full_width_axis():
    """The phone drawing: names above the markers, the axis across nearly the full width."""
    wide, narrow = render_layout(CHART, WIDE), render_layout(CHART, NARROW)
    assert f'viewBox="0 0 {NARROW.width} ' in narrow
    assert len(re.findall(r"<text class=.label.[^>]*text-anchor=.end.", wide)) == 2  # left of the axis
    narrow_labels = _text(narrow, "label")
    # The name above the marker, the value below it: they never share a line, wherever the marker sits.
    for (_, label_y, name), (_, value_y, _) in zip(narrow_labels, _text(narrow, "value"), strict=True):
        assert value_y - label_y >= 2 * NARROW.font, name
    ticks = [x for x, _, _ in _text(narrow, "tick")]
    assert ticks[-1] - ticks[0] > 0.8 * NARROW.width
    both = render(CHART)
    assert 'class="chart chart-wide"' in both
    assert 'class="chart chart-narrow"' in both


def test_a_row_with_few_observations_is_marked_by_class_not_by_opacity():
    """A 'few' row is styled by class (hollow, dashed), never by fading its text."""
    svg = render_layout(CHART, WIDE)
    assert svg.count('<g class="row faint">') == 1
    assert "opacity" not in svg
