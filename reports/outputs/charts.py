"""Bar charts drawn on the server as inline SVG: pure, no database, no JavaScript.

The trend page (`reports.views.trends`) gives a `BarChart` (categories along the
x axis, one `Series` per legend entry) and gets back SVG markup. The markup is
self-contained so that it reads without scripts, style sheets or web fonts:

- `role="img"` with `aria-labelledby` pointing at its own `<title>` and `<desc>`;
  the numbers themselves are offered as an HTML table next to the chart
  (`data_table`), which is what a screen reader reads;
- colour is never the only cue: every series also has its own fill pattern
  (solid, hatched, dotted, …), the legend repeats it, and the values are written
  on the bars;
- colours have at least 4.5:1 contrast against white, text is near-black;
- `viewBox` with `width="100%"`: the chart scales with its container.

Every text that goes into the markup is XML-escaped here, so callers may mark
the result safe.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

Number = int | float | Decimal

# (fill colour, pattern) per series, in order. Contrast of each colour on white:
# #a4161a 7.0:1, #1f5fa6 6.4:1, #2e7d32 5.1:1, #9c4a00 6.6:1, #6a3d9a 8.2:1, #4d4d4d 8.5:1.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#a4161a", "solid"),
    ("#1f5fa6", "diagonal"),
    ("#2e7d32", "dots"),
    ("#9c4a00", "crosshatch"),
    ("#6a3d9a", "horizontal"),
    ("#4d4d4d", "vertical"),
)

WIDTH = 720
MARGIN_LEFT = 56
MARGIN_RIGHT = 12
PLOT_HEIGHT = 240
LEGEND_ROW = 22
LEGEND_SWATCH = 14
GAP_ABOVE_PLOT = 26  # room for the axis unit and the value above the tallest bar
X_LABELS_HEIGHT = 30
FONT_AXIS = 12
FONT_VALUE = 11
FONT_LEGEND = 13
INK = "#1f1f1f"
MUTED = "#545454"
GRID = "#d0d0d0"

_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: tuple[Number | None, ...]  # None: nothing to show (a rate of 0 out of 0)


@dataclass(frozen=True)
class BarChart:
    """A bar chart: `stacked` puts the series on top of each other, else side by side."""

    id: str  # unique within the page; prefixes the ids inside the SVG
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    stacked: bool = False
    unit: str = ""  # appended to value labels, e.g. "%"
    axis_label: str = ""  # written above the y axis, e.g. "件"
    max_value: Number | None = None  # a fixed top of the axis (100 for percentages)
    missing: str = "—"

    def __post_init__(self):
        if not _ID.match(self.id):
            raise ValueError(f"chart id {self.id!r}: use lowercase letters, digits and hyphens")
        if not self.series:
            raise ValueError(f"chart {self.id!r} has no series")
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(
                    f"chart {self.id!r}, series {s.key!r}: {len(s.values)} values for "
                    f"{len(self.categories)} categories"
                )

    def totals(self) -> tuple[Number | None, ...]:
        """Per category, the sum of the series (None where every value is missing)."""
        result = []
        for i in range(len(self.categories)):
            present = [s.values[i] for s in self.series if s.values[i] is not None]
            result.append(sum(present) if present else None)
        return tuple(result)


@dataclass(frozen=True)
class Table:
    """The chart's numbers as rows of strings, for an HTML table."""

    caption: str
    header: tuple[str, ...]  # the first cell heads the category column
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (category, cells)


def format_number(value: Number | None, unit: str = "", missing: str = "—") -> str:
    """Whole numbers without decimals, others with at most two: 12, 87.5, 66.67."""
    if value is None:
        return missing
    if isinstance(value, int):
        text = str(value)
    else:
        text = f"{Decimal(str(value)):.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def nice_axis(maximum: Number, *, ticks: int = 5, whole: bool = True) -> tuple[float, float]:
    """The top of the axis and the step between gridlines: 1, 2 or 5 times a power of ten.

    The top is the first step at or above the maximum. Counts up to 5 (and an
    all-zero chart, whose zero bars still sit on a drawn axis) get a scale of 0–5.
    """
    maximum = float(maximum)
    if maximum <= 0 or (whole and maximum <= ticks):
        # Small counts on a 0–5 scale: one bar of 1 does not fill the whole height.
        return float(ticks), 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if raw <= m * power + 1e-12)
    if whole:
        step = max(1.0, float(round(step)))
    top = math.ceil(maximum / step - 1e-9) * step
    return top, step


def text_width(text: str, size: float) -> float:
    """Estimated width of a text: CJK characters are square, Latin about 0.6 em."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.6 for c in text)


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _el(tag: str, content: str | None = None, **attrs) -> str:
    """One element; `content` is markup that is already escaped. `font_size` → `font-size`."""
    rendered = "".join(
        f" {name.rstrip('_').replace('_', '-')}={quoteattr(str(value))}"
        for name, value in attrs.items()
    )
    if content is None:
        return f"<{tag}{rendered}/>"
    return f"<{tag}{rendered}>{content}</{tag}>"


def _text(text: str, x: float, y: float, **attrs) -> str:
    attrs.setdefault("font_size", FONT_AXIS)
    attrs.setdefault("fill", INK)
    return _el("text", escape(text), x=_num(x), y=_num(y), **attrs)


def _fill(chart: BarChart, index: int) -> str:
    colour, pattern = PALETTE[index % len(PALETTE)]
    return colour if pattern == "solid" else f"url(#{chart.id}-p{index})"


_PATTERN_SHAPES = {
    "diagonal": '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#fff" stroke-width="1.6"/>',
    "dots": '<circle cx="3" cy="3" r="1.4" fill="#fff"/>',
    "crosshatch": '<path d="M0,0 l6,6 M6,0 l-6,6" stroke="#fff" stroke-width="1.1"/>',
    "horizontal": '<path d="M0,3 h6" stroke="#fff" stroke-width="1.6"/>',
    "vertical": '<path d="M3,0 v6" stroke="#fff" stroke-width="1.6"/>',
}


def _pattern_defs(chart: BarChart) -> str:
    parts = []
    for index in range(len(chart.series)):
        colour, pattern = PALETTE[index % len(PALETTE)]
        if pattern == "solid":
            continue
        parts.append(
            f'<pattern id="{chart.id}-p{index}" width="6" height="6" '
            f'patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="{colour}"/>'
            f"{_PATTERN_SHAPES[pattern]}</pattern>"
        )
    return f"<defs>{''.join(parts)}</defs>" if parts else ""


def _legend(chart: BarChart) -> tuple[str, float]:
    """The legend in rows above the plot; returns the markup and its height."""
    x, y, rows = float(MARGIN_LEFT), 0.0, 1
    parts = []
    limit = WIDTH - MARGIN_RIGHT
    for index, series in enumerate(chart.series):
        item = LEGEND_SWATCH + 6 + text_width(series.label, FONT_LEGEND) + 18
        if x + item > limit and x > MARGIN_LEFT:
            x, rows = float(MARGIN_LEFT), rows + 1
            y += LEGEND_ROW
        colour = PALETTE[index % len(PALETTE)][0]
        swatch = _el(
            "rect",
            x=_num(x),
            y=_num(y + 4),
            width=LEGEND_SWATCH,
            height=LEGEND_SWATCH,
            fill=_fill(chart, index),
            stroke=colour,
        )
        label = _text(series.label, x + LEGEND_SWATCH + 6, y + 16, font_size=FONT_LEGEND)
        parts.append(swatch + label)
        x += item
    return f'<g class="chart-legend">{"".join(parts)}</g>', rows * LEGEND_ROW


class _Plot:
    """Geometry of the plot area: where a category sits and how high a value reaches."""

    def __init__(self, chart: BarChart, top_offset: float):
        self.chart = chart
        self.left, self.right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
        self.top = top_offset
        self.bottom = top_offset + PLOT_HEIGHT
        self.slot = (self.right - self.left) / max(len(chart.categories), 1)
        values = [v for s in chart.series for v in s.values if v is not None]
        if chart.max_value is not None:
            self.axis_top, self.step = float(chart.max_value), float(chart.max_value) / 5
        else:
            if chart.stacked:
                peak = max((t or 0 for t in chart.totals()), default=0)
            else:
                peak = max(values, default=0)
            whole = all(isinstance(v, int) for v in values)
            self.axis_top, self.step = nice_axis(peak, whole=whole)
        k = len(chart.series)
        self.bar_width = (
            min(self.slot * 0.6, 48.0) if chart.stacked else min(self.slot * 0.8 / k, 28.0)
        )

    def y(self, value: Number) -> float:
        return self.bottom - (float(value) / self.axis_top) * PLOT_HEIGHT

    def centre(self, i: int) -> float:
        return self.left + self.slot * (i + 0.5)


def _grid(chart: BarChart, plot: _Plot) -> str:
    parts = []
    tick = 0.0
    while tick <= plot.axis_top + 1e-9:
        y = plot.y(tick)
        label = format_number(int(tick) if tick.is_integer() else round(tick, 6))
        parts.append(
            _el("line", x1=plot.left, y1=_num(y), x2=plot.right, y2=_num(y), stroke=GRID)
            + _text(label, plot.left - 6, y + 4, fill=MUTED, text_anchor="end")
        )
        tick += plot.step
    if chart.axis_label:
        parts.append(
            _text(chart.axis_label, plot.left - 6, plot.top - 12, fill=MUTED, text_anchor="end")
        )
    return f'<g class="chart-grid">{"".join(parts)}</g>'


def _value_label(chart: BarChart, x: float, y: float, value, inside: str | None = None) -> str:
    text = format_number(value, chart.unit, chart.missing)
    if inside is not None:
        # White on a solid chip of the series colour, so the pattern underneath
        # does not eat into the digits.
        chip_width = text_width(text, FONT_VALUE) + 6
        chip = _el(
            "rect",
            x=_num(x - chip_width / 2),
            y=_num(y - FONT_VALUE + 1),
            width=_num(chip_width),
            height=FONT_VALUE + 3,
            rx=2,
            fill=inside,
        )
        label = _text(
            text, x, y, font_size=FONT_VALUE, fill="#fff", font_weight="bold", text_anchor="middle"
        )
        return chip + label
    return _text(text, x, y, font_size=FONT_VALUE, text_anchor="middle")


def _bar(chart: BarChart, index: int, category: str, value, x, y, width, height) -> str:
    series = chart.series[index]
    tooltip = f"{category} {series.label}: {format_number(value, chart.unit)}"
    return _el(
        "rect",
        f"<title>{escape(tooltip)}</title>",
        x=_num(x),
        y=_num(y),
        width=_num(width),
        height=_num(height),
        fill=_fill(chart, index),
        stroke=PALETTE[index % len(PALETTE)][0],
    )


def _stacked_bars(chart: BarChart, plot: _Plot, i: int) -> tuple[list[str], list[str]]:
    bars, labels = [], []
    centre, width = plot.centre(i), plot.bar_width
    category = chart.categories[i]
    base = 0.0
    # With a single segment the total above the bar already says it all.
    segments = sum(1 for s in chart.series if s.values[i])
    for index, series in enumerate(chart.series):
        value = series.values[i]
        if not value:
            continue
        y_top, y_bottom = plot.y(base + float(value)), plot.y(base)
        bars.append(
            _bar(chart, index, category, value, centre - width / 2, y_top, width, y_bottom - y_top)
        )
        text = format_number(value, chart.unit)
        fits = y_bottom - y_top >= FONT_VALUE + 5 and text_width(text, FONT_VALUE) + 6 <= width - 2
        if segments > 1 and fits:
            colour = PALETTE[index % len(PALETTE)][0]
            labels.append(
                _value_label(chart, centre, (y_top + y_bottom) / 2 + 4, value, inside=colour)
            )
        base += float(value)
    labels.append(_value_label(chart, centre, plot.y(base) - 5, chart.totals()[i]))
    return bars, labels


def _grouped_bars(chart: BarChart, plot: _Plot, i: int) -> tuple[list[str], list[str]]:
    bars, labels = [], []
    k, width = len(chart.series), plot.bar_width
    left = plot.centre(i) - width * k / 2
    if k > 1 and not any(s.values[i] for s in chart.series):
        # Nothing in this category: one "0" (or "—") for the group, not one per series.
        present = [s.values[i] for s in chart.series if s.values[i] is not None]
        value = 0 if present else None
        return [], [_value_label(chart, plot.centre(i), plot.bottom - 5, value)]
    for index, series in enumerate(chart.series):
        value = series.values[i]
        x = left + width * index
        y_top = plot.y(value) if value else plot.bottom
        if value:
            bars.append(
                _bar(
                    chart,
                    index,
                    chart.categories[i],
                    value,
                    x + 1,
                    y_top,
                    width - 2,
                    plot.bottom - y_top,
                )
            )
        text = format_number(value, chart.unit, chart.missing)
        # A label much wider than its bar is left to the table rather than overlap.
        if k == 1 or text_width(text, FONT_VALUE) <= width + 6:
            labels.append(_value_label(chart, x + width / 2, y_top - 5, value))
    return bars, labels


def _x_axis(chart: BarChart, plot: _Plot) -> str:
    # With many categories only every n-th label is written (the table has them all).
    every = 1
    widest = max((text_width(c, FONT_AXIS) for c in chart.categories), default=0)
    while widest + 4 > plot.slot * every:
        every += 1
    parts = [_el("line", x1=plot.left, y1=plot.bottom, x2=plot.right, y2=plot.bottom, stroke=MUTED)]
    for i, category in enumerate(chart.categories):
        if i % every == 0:
            parts.append(_text(category, plot.centre(i), plot.bottom + 18, text_anchor="middle"))
    return f'<g class="chart-axis">{"".join(parts)}</g>'


def render_svg(chart: BarChart) -> str:
    """The chart as an `<svg>` element (a string of escaped, well-formed XML)."""
    legend, legend_height = _legend(chart)
    plot = _Plot(chart, legend_height + GAP_ABOVE_PLOT)
    height = plot.bottom + X_LABELS_HEIGHT
    bars, labels = [], []
    for i in range(len(chart.categories)):
        b, v = (_stacked_bars if chart.stacked else _grouped_bars)(chart, plot, i)
        bars += b
        labels += v
    title_id, desc_id = f"{chart.id}-title", f"{chart.id}-desc"
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart"'
            f' viewBox="0 0 {WIDTH} {_num(height)}" width="100%"'
            f' preserveAspectRatio="xMidYMid meet" role="img"'
            f' aria-labelledby="{title_id} {desc_id}" focusable="false">',
            f'<title id="{title_id}">{escape(chart.title)}</title>',
            f'<desc id="{desc_id}">{escape(chart.description)}</desc>',
            _pattern_defs(chart),
            legend,
            _grid(chart, plot),
            f'<g class="chart-bars">{"".join(bars)}</g>',
            f'<g class="chart-values">{"".join(labels)}</g>',
            _x_axis(chart, plot),
            "</svg>",
        ]
    )


def data_table(
    chart: BarChart,
    *,
    caption: str,
    category_header: str,
    total_header: str | None = None,
) -> Table:
    """The chart's numbers: one row per category, one column per series (and the total)."""
    header = [category_header, *(s.label for s in chart.series)]
    if total_header is not None:
        header.append(total_header)
    totals = chart.totals()
    rows = []
    for i, category in enumerate(chart.categories):
        cells = [format_number(s.values[i], chart.unit, chart.missing) for s in chart.series]
        if total_header is not None:
            cells.append(format_number(totals[i], chart.unit, chart.missing))
        rows.append((category, tuple(cells)))
    return Table(caption=caption, header=tuple(header), rows=tuple(rows))


def custom_table(
    *, caption: str, header: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]]
) -> Table:
    """A table whose columns are not the chart's series (e.g. the counts behind a rate)."""
    return Table(
        caption=caption,
        header=tuple(header),
        rows=tuple((category, tuple(cells)) for category, cells in rows),
    )
