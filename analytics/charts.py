"""Charts as inline SVG, drawn on the server (no JavaScript, no external assets).

One kind of chart serves every report: a row per item with an optional bar from the axis origin,
an optional box (quartiles), a point and whiskers for its interval, and reference lines. Every
marker carries its value as a direct label. Each chart is drawn twice, for a laptop (names left of
the axis) and for a phone (each name above its row, the axis the full width); CSS shows the one that
fits. Rows with too few observations keep full-contrast text and are drawn hollow and dashed.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Layout:
    name: str
    width: int
    label_w: int  # left of the axis; 0 = each label above its row
    right_pad: int  # room for "n = 12 (few)"
    row_h: int
    top: int
    font: int


WIDE = Layout("wide", width=720, label_w=190, right_pad=110, row_h=30, top=28, font=12)
# Drawn at 360 user units for a ~340 px wide card: text stays at its size on a phone.
NARROW = Layout("narrow", width=360, label_w=0, right_pad=12, row_h=56, top=28, font=14)


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
    fmt: str = "{:g}"  # the axis ticks
    value_fmt: str = ""  # each marker's direct label (default: fmt)


def _x(chart: Chart, value: float, layout: Layout = WIDE) -> float:
    value = min(max(value, chart.lo), chart.hi)
    left = layout.label_w or 14
    return left + (value - chart.lo) / (chart.hi - chart.lo) * (layout.width - left - layout.right_pad - 14)


def render(chart: Chart) -> SafeString:
    """Both drawings of the chart (laptop and phone); the page's CSS shows one."""
    return mark_safe(render_layout(chart, WIDE) + render_layout(chart, NARROW))


def render_layout(chart: Chart, layout: Layout) -> str:
    """The chart as an <svg> element; its <title> names it for screen readers (the table follows)."""
    height = layout.top + layout.row_h * max(len(chart.rows), 1) + 30
    parts = [
        f'<svg class="chart chart-{layout.name}" role="img" viewBox="0 0 {layout.width} {height}" '
        f'width="{layout.width}" height="{height}" preserveAspectRatio="xMinYMin meet" '
        f'font-size="{layout.font}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(chart.title)}</title>",
        *_axis(chart, layout, bottom=height - 24),
    ]
    if not chart.rows:
        parts.append(
            f'<text class="empty" x="{_x(chart, chart.lo, layout):.1f}" y="{layout.top + 18}">No data yet.</text>'
        )
    for index, row in enumerate(chart.rows):
        parts += _row(chart, layout, row, index)
    parts.append("</svg>")
    return "".join(parts)


def _axis(chart: Chart, layout: Layout, *, bottom: float) -> list[str]:
    """The grid lines with their ticks, and the reference lines with their labels."""
    top, parts = layout.top, []
    for tick in chart.ticks:
        x = _x(chart, tick, layout)
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{bottom}"/>')
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">{chart.fmt.format(tick)}</text>'
        )
    for ref in chart.refs:
        x = _x(chart, ref.at, layout)
        parts.append(f'<line class="ref" x1="{x:.1f}" y1="{top - 10}" x2="{x:.1f}" y2="{bottom}"/>')
        parts.append(
            f'<text class="ref-label" x="{x:.1f}" y="{top - 13}" text-anchor="middle">{escape(ref.label)}</text>'
        )
    return parts


def _row(chart: Chart, layout: Layout, row: ChartRow, index: int) -> list[str]:
    """One row: its name (left of the axis, or above the row on a phone), its marks, its value and note."""
    stacked = layout.label_w == 0
    y = layout.top + index * layout.row_h + layout.row_h / 2 + (8 if stacked else 0)
    parts = [f'<g class="{"row faint" if row.faint else "row"}">']
    if stacked:
        parts.append(
            f'<text class="label" x="{_x(chart, chart.lo, layout):.1f}" y="{y - 12:.1f}">{escape(row.label)}</text>'
        )
    else:
        parts.append(
            f'<text class="label" x="{layout.label_w - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(row.label)}</text>'
        )
    if row.value is not None:
        parts += _marks(chart, layout, row, y)
    if row.note and stacked:
        right = layout.width - layout.right_pad - 14
        parts.append(f'<text class="note" x="{right:.1f}" y="{y - 12:.1f}" text-anchor="end">{escape(row.note)}</text>')
    elif row.note:
        parts.append(
            f'<text class="note" x="{layout.width - layout.right_pad + 8}" y="{y + 4:.1f}">{escape(row.note)}</text>'
        )
    parts.append("</g>")
    return parts


def _marks(chart: Chart, layout: Layout, row: ChartRow, y: float) -> list[str]:
    """A row's bar, box, whiskers, marker and the marker's value label."""
    parts = []
    if chart.bars:
        x0, x1 = sorted((_x(chart, chart.origin, layout), _x(chart, row.value, layout)))
        parts.append(f'<rect class="bar" x="{x0:.1f}" y="{y - 8:.1f}" width="{max(x1 - x0, 1):.1f}" height="16"/>')
    if row.box is not None:
        b0, b1 = _x(chart, row.box[0], layout), _x(chart, row.box[1], layout)
        parts.append(f'<rect class="box" x="{b0:.1f}" y="{y - 8:.1f}" width="{max(b1 - b0, 1):.1f}" height="16"/>')
    if row.low is not None and row.high is not None:
        w0, w1 = _x(chart, row.low, layout), _x(chart, row.high, layout)
        parts.append(f'<line class="whisker" x1="{w0:.1f}" y1="{y:.1f}" x2="{w1:.1f}" y2="{y:.1f}"/>')
        parts += [
            f'<line class="whisker" x1="{wx:.1f}" y1="{y - 6:.1f}" x2="{wx:.1f}" y2="{y + 6:.1f}"/>' for wx in (w0, w1)
        ]
    xv = _x(chart, row.value, layout)
    if row.box is not None:
        parts.append(f'<line class="median" x1="{xv:.1f}" y1="{y - 9:.1f}" x2="{xv:.1f}" y2="{y + 9:.1f}"/>')
    else:
        parts.append(f'<circle class="point" cx="{xv:.1f}" cy="{y:.1f}" r="4.5"/>')
    shown = (chart.value_fmt or chart.fmt).format(row.value)
    anchor = "end" if xv > layout.width * 0.8 else "start"
    dx = -7 if anchor == "end" else 7
    # Laptop: above-right of the marker. Phone: below it (the row's name is above the marker).
    value_y = y + 17 if layout.label_w == 0 else y - 7
    parts.append(
        f'<text class="value" x="{xv + dx:.1f}" y="{value_y:.1f}" text-anchor="{anchor}">{escape(shown)}</text>'
    )
    return parts
