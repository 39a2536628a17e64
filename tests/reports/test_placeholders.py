from decimal import Decimal

import pytest

from reports.engine.placeholders import FigureValue, format_number, keys_in, render

FIGURES = {
    "disclosures.published": FigureValue(1191),
    "window.visitors": FigureValue(37000, "about", "wan"),
    "window.daily_visitors": FigureValue(135, "over"),
    "portal.images": FigureValue(100, "more"),
    "services.extended_hours": FigureValue(430, "about_over"),
    "share": FigureValue(Decimal("78.5714")),
    "half": FigureValue(Decimal("50.00")),
    "visits.change": FigureValue(Decimal("-10.28")),
    "count.change": FigureValue(1),
    "zero.change": FigureValue(0),
    "unknown.value": FigureValue(None),
    "report.organization": FigureValue("自流井区人民政府"),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("主动公开各类信息{disclosures.published}条", "主动公开各类信息1191条"),
        ("接待群众{window.visitors}人次", "接待群众约3.7万人次"),
        ("日均接待{window.daily_visitors}人次", "日均接待135余人次"),
        ("图片信息{portal.images}幅", "图片信息100多幅"),
        ("延时服务件{services.extended_hours}次", "延时服务件约430余次"),
        ("占总件数的{share:pct}", "占总件数的78.57%"),
        ("占总数的{half:pct}", "占总数的50%"),
        ("批次{visits.change:change}", "批次下降10.28%"),
        ("比去年{count.change:diff}件", "比去年增加1件"),
        ("比去年{zero.change:diff}", "比去年持平"),
        ("{window.visitors:num}", "3.7万"),
        ("{disclosures.published:wan}", "0.1万"),
        ("{unknown.value}", "—"),
        ("{report.organization}", "自流井区人民政府"),
        ("{{literal}} braces", "{literal} braces"),
    ],
)
def test_known_placeholders_render(text, expected):
    rendered, errors = render(text, FIGURES)
    assert errors == []
    assert rendered == expected


def test_unknown_key_is_an_error_and_never_rendered_to_the_public():
    rendered, errors = render("共{applications.recieved}件", FIGURES)
    assert rendered == "共件"
    assert [e.placeholder for e in errors] == ["{applications.recieved}"]
    assert "unknown figure" in errors[0].message


def test_unknown_key_is_marked_in_staff_preview():
    rendered, errors = render("共{nope.key}件", FIGURES, mark_errors=True)
    assert rendered == "共【错误：{nope.key}】件"
    assert len(errors) == 1


def test_unknown_style_and_malformed_placeholder_are_errors():
    _, errors = render("{disclosures.published:bold} {Not A Key}", FIGURES)
    assert [e.placeholder for e in errors] == ["{disclosures.published:bold}", "{Not A Key}"]


def test_markup_in_values_is_left_to_the_template_to_escape():
    rendered, _ = render("{x}", {"x": FigureValue("<script>")})
    assert rendered == "<script>"  # outputs escape it: see test_outputs


def test_keys_in_lists_placeholders_but_not_escaped_braces():
    assert keys_in("{a.b} {{c.d}} {e.f:pct}") == ["a.b", "e.f"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("14.2857"), "14.29"), (Decimal("2.70"), "2.7"), (Decimal("0"), "0"), (7, "7"),
     (Decimal("-0.001"), "0"), (Decimal("47.30"), "47.3")],
)  # fmt: skip
def test_format_number_rounds_half_up_and_drops_trailing_zeros(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        (FigureValue(400, "about", "wan"), "约400"),
        (FigureValue(8600, "", "wan"), "8600"),
        (FigureValue(9999, "over", "wan"), "9999余"),
        (FigureValue(10000, "about", "wan"), "约1万"),
        (FigureValue(37000, "about", "wan"), "约3.7万"),
        (FigureValue(Decimal("123456"), "", "wan"), "12.3万"),
    ],
)
def test_a_figure_written_in_wan_is_written_plainly_below_ten_thousand(figure, expected):
    rendered, errors = render("{x}", {"x": figure})
    assert errors == []
    assert rendered == expected


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        ("", "50.1%"),
        ("about", "约50.1%"),
        ("over", "50.1%以上"),
        ("more", "50.1%以上"),
        ("about_over", "约50.1%以上"),
    ],
)
def test_a_percentage_keeps_its_qualifier(qualifier, expected):
    rendered, _ = render("{share:pct}", {"share": FigureValue(Decimal("50.1"), qualifier)})
    assert rendered == expected


def test_the_bare_number_style_still_drops_the_qualifier():
    rendered, _ = render("{x:num}", {"x": FigureValue(Decimal("50.1"), "about")})
    assert rendered == "50.1"
