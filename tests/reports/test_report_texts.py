"""Placeholders end to end through `build_report(texts=…)`, and escaping in the HTML output."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reports.formats import FORMATS
from reports.generate import build_report
from reports.models import EnteredFigure
from reports.outputs import to_html, to_json, to_text
from tests.factories import ApplicationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


def placeholders_check(doc):
    return next(c for c in doc.checks if c.rule == "placeholders")


def test_known_placeholders_resolve_to_computed_and_entered_figures(org):
    ApplicationFactory(organization=org, received_on=date(2016, 5, 5), is_historical=True)
    EnteredFigure.objects.create(
        organization=org, year=2016, key="window.visitors", value=37000, qualifier="about"
    )
    doc = build_report(
        organization=org,
        year=2016,
        format="narrative2007",
        texts={"key_areas": "受理申请{applications.received}件，接待群众{window.visitors}人次。"},
    )
    section = next(s for s in doc.sections if s.key == "key_areas")
    assert section.paragraphs == ["受理申请1件，接待群众约3.7万人次。"]
    assert placeholders_check(doc).ok


@pytest.mark.parametrize("format_key", sorted(FORMATS))
def test_the_default_texts_resolve_every_placeholder(org, format_key):
    doc = build_report(organization=org, year=2016, format=format_key)
    assert placeholders_check(doc).ok
    assert "【错误" not in to_text(doc)
    assert "{" not in to_text(doc)


def test_an_unknown_key_fails_the_check_and_is_marked_for_staff(org):
    doc = build_report(
        organization=org,
        year=2016,
        format="gb2021",
        texts={"overview": "新收申请{applications.recieved}件，{applications.received:bold}。"},
    )
    check = placeholders_check(doc)
    assert not check.ok
    assert check.severity == "error"
    assert "{applications.recieved}" in check.message
    assert "unknown figure" in check.message
    assert "unknown style" in check.message
    assert not doc.ok
    text = to_text(doc)
    assert (
        "新收申请【错误：{applications.recieved}】件，【错误：{applications.received:bold}】。"
        in text
    )
    data = json.loads(to_json(doc))
    placeholders = next(c for c in data["checks"] if c["rule"] == "placeholders")
    assert placeholders["ok"] is False


def test_literal_braces_are_written_doubled(org):
    doc = build_report(
        organization=org, year=2016, format="gb2021", texts={"other": "格式为{{机关代码}}。"}
    )
    assert next(s for s in doc.sections if s.key == "other").paragraphs[-1] == "格式为{机关代码}。"
    assert placeholders_check(doc).ok


def test_staff_text_replaces_the_default_and_blank_lines_split_paragraphs(org):
    doc = build_report(
        organization=org,
        year=2016,
        format="narrative2007",
        texts={"problems": "第一段。\n\n  第二段{report.year}年。  \n"},
    )
    assert next(s for s in doc.sections if s.key == "problems").paragraphs == [
        "第一段。",
        "第二段2016年。",
    ]


def test_html_escapes_markup_in_texts_and_in_figure_values():
    org = OrganizationFactory(code="evil", name="<script>alert(1)</script>区")
    doc = build_report(
        organization=org,
        year=2016,
        format="gb2021",
        texts={"overview": "<b>加粗</b>{report.organization}<img src=x onerror=alert(2)>"},
    )
    html = to_html(doc)
    assert "<script>" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;区" in html
    assert "&lt;b&gt;加粗&lt;/b&gt;" in html
    # The tables are still real markup.
    assert '<table class="report-table" data-table="table3">' in html
