"""Charts as inline SVG, drawn on the server (no JavaScript, no external assets).

One kind of chart serves every report: a row per item with an optional bar from the axis origin,
an optional box (quartiles), a point and whiskers for its interval, and reference lines.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 720
LABEL_W = 190
RIGHT_PAD = 110  # room for "n = 12 (few)"
ROW_H = 28
TOP = 26


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    box: tuple[float, float] | None = None  # (p25, p75); value is then the median
    note: str = ""  # printed at the right end, e.g. "n = 12"
    faint: bool = False  # too few to trust: drawn lighter


@dataclass(frozen=True)
class RefLine:
    at: float
    label: str


@dataclass(frozen=True)
class Chart:
    title: str
    rows: Sequence[ChartRow]
    lo: float
    hi: float
    ticks: Sequence[float]
    bars: bool = False  # draw a bar from `origin` to the value
    origin: float = 0.0
    refs: Sequence[RefLine] = field(default_factory=tuple)
    fmt: str = "{:g}"


def _x(chart: Chart, value: float) -> float:
    value = min(max(value, chart.lo), chart.hi)
    return LABEL_W + (value - chart.lo) / (chart.hi - chart.lo) * (WIDTH - LABEL_W - RIGHT_PAD)


def render(chart: Chart) -> SafeString:
    """The chart as an <svg> element; its <title> names it for screen readers (the table follows)."""
    height = TOP + ROW_H * max(len(chart.rows), 1) + 30
    bottom = height - 24
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(chart.title)}</title>",
    ]
    for tick in chart.ticks:
        x = _x(chart, tick)
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom}"/>')
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">{chart.fmt.format(tick)}</text>'
        )
    for ref in chart.refs:
        x = _x(chart, ref.at)
        parts.append(f'<line class="ref" x1="{x:.1f}" y1="{TOP - 10}" x2="{x:.1f}" y2="{bottom}"/>')
        parts.append(
            f'<text class="ref-label" x="{x:.1f}" y="{TOP - 13}" text-anchor="middle">{escape(ref.label)}</text>'
        )
    if not chart.rows:
        parts.append(f'<text class="empty" x="{LABEL_W}" y="{TOP + 18}">No data yet.</text>')
    for index, row in enumerate(chart.rows):
        y = TOP + index * ROW_H + ROW_H / 2
        klass = "row faint" if row.faint else "row"
        parts.append(f'<g class="{klass}">')
        parts.append(
            f'<text class="label" x="{LABEL_W - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(row.label)}</text>'
        )
        if row.value is not None:
            if chart.bars:
                x0, x1 = sorted((_x(chart, chart.origin), _x(chart, row.value)))
                parts.append(
                    f'<rect class="bar" x="{x0:.1f}" y="{y - 8:.1f}" width="{max(x1 - x0, 1):.1f}" height="16"/>'
                )
            if row.box is not None:
                b0, b1 = _x(chart, row.box[0]), _x(chart, row.box[1])
                parts.append(
                    f'<rect class="box" x="{b0:.1f}" y="{y - 8:.1f}" width="{max(b1 - b0, 1):.1f}" height="16"/>'
                )
            if row.low is not None and row.high is not None:
                w0, w1 = _x(chart, row.low), _x(chart, row.high)
                parts.append(f'<line class="whisker" x1="{w0:.1f}" y1="{y:.1f}" x2="{w1:.1f}" y2="{y:.1f}"/>')
                for wx in (w0, w1):
                    parts.append(
                        f'<line class="whisker" x1="{wx:.1f}" y1="{y - 6:.1f}" x2="{wx:.1f}" y2="{y + 6:.1f}"/>'
                    )
            xv = _x(chart, row.value)
            if row.box is not None:
                parts.append(f'<line class="median" x1="{xv:.1f}" y1="{y - 9:.1f}" x2="{xv:.1f}" y2="{y + 9:.1f}"/>')
            else:
                parts.append(f'<circle class="point" cx="{xv:.1f}" cy="{y:.1f}" r="4.5"/>')
        if row.note:
            parts.append(f'<text class="note" x="{WIDTH - RIGHT_PAD + 8}" y="{y + 4:.1f}">{escape(row.note)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))
