"""The SVG bar charts: pure functions, checked on plain values."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from reports.outputs import charts
from reports.outputs.charts import BarChart, Series

SVG = "{http://www.w3.org/2000/svg}"
YEARS = ("2019", "2020", "2021")


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def texts(root: ET.Element) -> list[str]:
    return [el.text for el in root.iter(f"{SVG}text")]


def chart(**kwargs) -> BarChart:
    defaults = {
        "id": "chart-test",
        "title": "Applications",
        "description": "Bars per year.",
        "categories": YEARS,
        "series": (
            Series("granted", "予以公开", (4, 0, 12)),
            Series("withheld", "不予公开", (1, 0, 3)),
        ),
    }
    return BarChart(**(defaults | kwargs))


@pytest.mark.parametrize("stacked", [True, False])
def test_svg_is_well_formed_and_accessible(stacked):
    root = parse(charts.render_svg(chart(stacked=stacked)))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 720 \d+(\.\d)?", root.get("viewBox"))
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Applications"
    assert desc.text == "Bars per year."
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_grouped_bars_write_every_value_and_the_years():
    root = parse(charts.render_svg(chart()))

    labels = texts(root)
    for value in ("4", "1", "12", "3"):
        assert value in labels
    for year in YEARS:
        assert year in labels
    # Two series with values in two of the three years: four bars.
    bars = root.find(f"{SVG}g[@class='chart-bars']")
    assert len(bars.findall(f"{SVG}rect")) == 4


def test_an_empty_year_shows_a_single_zero_not_a_gap():
    root = parse(charts.render_svg(chart()))

    values = root.find(f"{SVG}g[@class='chart-values']")
    assert [t.text for t in values.iter(f"{SVG}text")].count("0") == 1


def test_stacked_bars_write_the_total_above_each_bar():
    root = parse(charts.render_svg(chart(stacked=True)))

    values = [t.text for t in root.find(f"{SVG}g[@class='chart-values']").iter(f"{SVG}text")]
    assert "5" in values  # 4 + 1
    assert "15" in values  # 12 + 3
    assert "0" in values  # the empty year
    assert chart(stacked=True).totals() == (5, 0, 15)


def test_missing_values_show_a_dash_and_no_bar():
    rate = BarChart(
        id="chart-rate",
        title="Share in time",
        description="d",
        categories=YEARS,
        series=(Series("in_time", "按期", (None, Decimal("87.50"), Decimal("100.00"))),),
        unit="%",
        max_value=100,
    )
    root = parse(charts.render_svg(rate))

    labels = texts(root)
    assert "—" in labels
    assert "87.5%" in labels
    assert "100%" in labels
    assert len(root.find(f"{SVG}g[@class='chart-bars']").findall(f"{SVG}rect")) == 2
    # A fixed axis of 0–100 in steps of 20.
    grid = [t.text for t in root.find(f"{SVG}g[@class='chart-grid']").iter(f"{SVG}text")]
    assert grid[:6] == ["0", "20", "40", "60", "80", "100"]


def test_text_is_escaped():
    nasty = chart(
        title='<script>alert("x")</script> & co',
        series=(Series("a", "A & <B>", (1, 2, 3)),),
        categories=("<1>", "2", "3"),
    )
    markup = charts.render_svg(nasty)

    assert "<script>" not in markup
    root = parse(markup)
    assert root.find(f"{SVG}title").text == '<script>alert("x")</script> & co'
    assert "A & <B>" in texts(root)


def test_colour_is_not_the_only_cue_every_series_has_its_own_pattern():
    many = chart(series=tuple(Series(f"s{i}", f"系列{i}", (1, 2, 3)) for i in range(6)))
    root = parse(charts.render_svg(many))

    patterns = root.findall(f"{SVG}defs/{SVG}pattern")
    ids = [p.get("id") for p in patterns]
    assert len(ids) == 5 == len(set(ids))  # the first series is solid, the others patterned
    assert all(i.startswith("chart-test-") for i in ids)  # unique within a page of charts
    fills = {r.get("fill") for r in root.find(f"{SVG}g[@class='chart-legend']").iter(f"{SVG}rect")}
    assert len(fills) == 6


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("colour", [c for c, _pattern in charts.PALETTE])
def test_series_colours_contrast_with_the_white_background(colour):
    ratio = (1 + 0.05) / (_luminance(colour) + 0.05)
    assert ratio >= 4.5


def test_a_long_legend_wraps_and_the_chart_grows():
    short = parse(charts.render_svg(chart()))
    long_labels = chart(
        series=tuple(
            Series(f"s{i}", "无法提供：本机关不掌握相关政府信息", (1, 2, 3)) for i in range(4)
        )
    )
    tall = parse(charts.render_svg(long_labels))

    def height(root):
        return float(root.get("viewBox").split()[3])

    assert height(tall) > height(short)


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [
        (0, (5.0, 1.0)),
        (1, (5.0, 1.0)),
        (5, (5.0, 1.0)),
        (6, (6.0, 2.0)),
        (7, (8.0, 2.0)),
        (19, (20.0, 5.0)),
        (282, (300.0, 100.0)),
        (1973, (2000.0, 500.0)),
        (10, (10.0, 2.0)),
    ],
)
def test_nice_axis(maximum, expected):
    assert charts.nice_axis(maximum) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (12, "", "12"),
        (0, "", "0"),
        (Decimal("87.50"), "%", "87.5%"),
        (Decimal("66.67"), "%", "66.67%"),
        (Decimal("100.00"), "%", "100%"),
        (None, "%", "—"),
    ],
)
def test_format_number(value, unit, expected):
    assert charts.format_number(value, unit) == expected


def test_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        chart(series=(Series("a", "A", (1, 2)),))


def test_an_id_that_could_break_the_markup_is_refused():
    with pytest.raises(ValueError, match="chart id"):
        chart(id='x" onload="alert(1)')


def test_data_table_has_a_row_per_category_and_a_total_column():
    table = charts.data_table(chart(), caption="表", category_header="年度", total_header="合计")

    assert table.header == ("年度", "予以公开", "不予公开", "合计")
    assert table.rows == (
        ("2019", ("4", "1", "5")),
        ("2020", ("0", "0", "0")),
        ("2021", ("12", "3", "15")),
    )
