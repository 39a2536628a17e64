"""The national tables in HTML: row labels are row headers, column labels column headers.

A screen reader announces each number with the headers that label it; the left-hand
labels of 表二 and 表三 (一、本年新收…, （三）不予公开, 规章 …) label rows, so they carry
`scope="row"` (or `rowgroup` when they span several rows).
"""

import re

import pytest

from reports.engine import layouts
from reports.engine.generate import build_report
from reports.engine.snapshots import document_from_snapshot, take_snapshot
from reports.outputs.html import to_html
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc():
    org = OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")
    return build_report(organization=org, year=2016, format="gb2021")


def table_html(html: str, table: str) -> str:
    pattern = rf'<table class="report-table" data-table="{table}">(.*?)</table>'
    return re.search(pattern, html, re.S)[1]


def test_row_labels_are_row_headers_and_column_labels_column_headers(doc):
    html = to_html(doc)
    table3, table2 = table_html(html, "table3"), table_html(html, "table2")

    assert '<th colspan="3" scope="row">一、本年新收政府信息公开申请数量</th>' in table3
    assert '<th rowspan="22" scope="rowgroup">三、本年度办理结果</th>' in table3
    assert '<th rowspan="8" scope="rowgroup">（三）不予公开</th>' in table3
    assert '<th scope="row">1.属于国家秘密</th>' in table3
    assert '<th colspan="2" scope="row">（七）总计</th>' in table3
    assert '<th colspan="7" scope="colgroup">申请人情况</th>' in table3
    assert '<th rowspan="2" scope="col">自然人</th>' in table3
    assert '<th scope="col">商业企业</th>' in table3
    assert '<th scope="row">规章</th>' in table2
    assert '<th scope="row">行政许可</th>' in table2
    assert '<th scope="col">本年制发件数</th>' in table2
    assert '<th colspan="4" scope="colgroup">第二十条第（一）项</th>' in table2
    assert 'scope="row"' not in table_html(html, "table4")  # one row of figures, no labels


@pytest.mark.parametrize("table", sorted(layouts.TABLES))
def test_every_header_in_a_row_of_figures_is_a_row_header(table):
    for row in layouts.TABLES[table](lambda key: "0"):
        has_figures = any(not cell.header for cell in row)
        for cell in row:
            if cell.header:
                assert cell.row_header is has_figures, cell.text


def test_a_snapshot_taken_before_row_headers_renders_them_as_row_headers(doc):
    snapshot = take_snapshot(doc)
    for rows in snapshot["grids"].values():
        for row in rows:
            for cell in row:
                del cell["row_header"]  # as stored by the first published revisions

    restored = document_from_snapshot(snapshot)

    for table in ("table2", "table3", "table4"):
        assert restored.grid(table) == doc.grid(table)
    assert to_html(restored) == to_html(doc)
