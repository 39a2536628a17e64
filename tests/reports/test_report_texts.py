"""Placeholders end to end through `build_report(texts=…)`, and escaping in the HTML output."""

import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from reports.engine.formats import FORMATS
from reports.engine.generate import build_report
from reports.models import EnteredFigure, Report
from reports.outputs.html import to_html
from reports.outputs.json import to_json
from reports.outputs.text import to_text
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


ARTICLE_50_4 = "工作考核、社会评议和责任追究结果情况"


@pytest.mark.parametrize(
    ("kind", "has_paragraph"),
    [
        ("government", True),
        ("township", True),  # 乡镇人民政府: also 各级人民政府
        ("department", False),
        ("subdistrict", False),
        ("other", False),
    ],
)
def test_a_peoples_governments_default_five_reports_assessment_appraisal_accountability(
    kind, has_paragraph
):
    org = OrganizationFactory(code=f"org-{kind}", name="某机关", kind=kind)
    doc = build_report(organization=org, year=2021, format="gb2021")
    problems = next(s for s in doc.sections if s.key == "problems")

    assert (ARTICLE_50_4 in "".join(problems.paragraphs)) is has_paragraph
    # Every organization keeps the paragraph on problems and improvements.
    assert problems.paragraphs[0].startswith("政府信息公开工作仍存在")
    assert placeholders_check(doc).ok
    if has_paragraph:
        assert "2021年，某机关将政府信息公开工作纳入年度绩效考核" in problems.paragraphs[1]


def test_a_new_report_of_a_government_starts_from_the_governments_default(admin_client):
    government = OrganizationFactory(code="gov", name="某区人民政府", kind="government")
    department = OrganizationFactory(code="dept", name="某区财政局", parent=government)
    for org in (government, department):
        response = admin_client.post(
            reverse("admin:reports_report_add"),
            {
                "organization": org.pk,
                "year": 2021,
                "format": "gb2021",
                "title": "",
                "sections-TOTAL_FORMS": "0",
                "sections-INITIAL_FORMS": "0",
                "sections-MIN_NUM_FORMS": "0",
                "sections-MAX_NUM_FORMS": "1000",
                "_save": "1",
            },
        )
        assert response.status_code == 302

    def problems(org):
        return Report.objects.get(organization=org).sections.get(key="problems").text

    assert ARTICLE_50_4 in problems(government)
    assert ARTICLE_50_4 not in problems(department)


def test_the_narrative_default_five_speaks_of_the_2007_regulations_cost_fees(org):
    ApplicationFactory(
        organization=org,
        received_on=date(2016, 3, 1),
        status="closed",
        outcome="granted",
        closed_on=date(2016, 3, 20),
        fee_amount=Decimal("12.5"),
        is_historical=True,
    )
    doc = build_report(organization=org, year=2016, format="narrative2007")
    fees = "".join(next(s for s in doc.sections if s.key == "fees").paragraphs)

    assert "信息处理费" not in fees
    assert "检索、复制、邮寄等成本费用" in fees
    assert fees.endswith(
        "2016年，自流井区人民政府对1件政府信息公开申请收取检索、复制、邮寄等成本费用，合计12.5元。"
    )
