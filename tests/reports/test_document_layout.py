"""The downloads read well (issue 12, item 12): 表三's label columns wide on a landscape A4
page, headings kept with what follows, the xlsx laid out, the files named in Chinese."""

import io
from urllib.parse import quote

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook

from reports.outputs.common import attachment_header, download_filename
from tests.reports.test_documents import (  # noqa: F401 (fixtures)
    district,
    docx_of,
    download,
    publisher,
    report,
    revision,
    table_containing,
)

pytestmark = pytest.mark.django_db

TITLE = "自贡市自流井区人民政府2016年政府信息公开工作年度报告"


@pytest.fixture
def document(client, revision):  # noqa: F811
    return docx_of(download(client, revision, "docx"))


def test_every_page_is_a4(document):
    sizes = {(round(s.page_width.mm), round(s.page_height.mm)) for s in document.sections}
    assert sizes <= {(210, 297), (297, 210)}
    assert (210, 297) in sizes


def test_table3_has_a_fixed_layout_with_wide_label_columns(document):
    table = table_containing(document, "本年新收政府信息公开申请数量")
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    widths = [column.width for column in table.columns]
    assert len(widths) == 10
    # The long labels ("1.属于国家秘密"…, up to 37 characters) need two lines at most.
    assert widths[2] >= Mm(70)
    assert widths[0] >= Mm(20)
    assert all(w >= Mm(15) for w in widths[3:])
    # Each row's cells carry their width, a merged cell the sum of its columns.
    for tr in table._tbl.tr_lst:
        assert sum(tc.width for tc in tr.tc_lst) == pytest.approx(sum(widths), abs=Mm(1))
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_table3_stands_on_a_landscape_page(document):
    body = document.element.body
    table = table_containing(document, "本年新收政府信息公开申请数量")._tbl
    # The section holding a block is the first section break at or after it.
    following = table.itersiblings()
    section_pr = next(
        e.find(qn("w:pPr")).find(qn("w:sectPr"))
        for e in following
        if e.tag == qn("w:p")
        and e.find(qn("w:pPr")) is not None
        and e.find(qn("w:pPr")).find(qn("w:sectPr")) is not None
    )
    size = section_pr.find(qn("w:pgSz"))
    assert int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
    assert body.find(qn("w:sectPr")).find(qn("w:pgSz")).get(qn("w:orient")) in (None, "portrait")


def test_headings_keep_with_the_next_paragraph(document):
    headings = [p for p in document.paragraphs if p.text.startswith(("一、", "二、", "三、"))]
    assert len(headings) >= 3
    assert all(p.paragraph_format.keep_with_next for p in headings)


def test_the_report_sheet_is_laid_out(client, revision):  # noqa: F811
    workbook = load_workbook(io.BytesIO(download(client, revision, "xlsx").content))
    sheet = workbook["报告"]
    assert sheet.column_dimensions["A"].width >= 80
    assert sheet["A1"].font.bold
    heading = next(c for c in sheet["A"] if c.value == "一、总体情况")
    assert heading.font.bold
    paragraph = sheet.cell(row=heading.row + 1, column=1)
    assert paragraph.alignment.wrap_text
    assert sheet.row_dimensions[paragraph.row].height >= 15
    assert workbook["表三"].column_dimensions["C"].width >= 40


def test_the_download_is_named_in_chinese_with_an_ascii_fallback(client, revision):  # noqa: F811
    header = download(client, revision, "docx")["Content-Disposition"]
    assert header.startswith("attachment; ")
    assert 'filename="zlj-2016-gb2021-r1.docx"' in header
    assert f"filename*=UTF-8''{quote(TITLE + '.docx')}" in header


def test_download_filenames():
    assert download_filename(TITLE) == TITLE
    assert download_filename(TITLE, revision=2) == TITLE + "（第2版）"
    assert download_filename('a/b:"c"', draft=True) == "【草稿】abc"
    header = attachment_header("报告 1.docx", fallback="r.docx")
    assert header == "attachment; filename=\"r.docx\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%201.docx"


def test_the_report_page_names_its_downloads_in_words(client, revision):  # noqa: F811
    response = client.get(revision.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = response.content.decode()
    assert ">.docx<" not in text
    assert 'class="report-download"' in text
