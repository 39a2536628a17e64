"""Documents of a published revision (and of a draft): read back with python-docx and openpyxl."""

import csv
import io
import json
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from disclosure.roles import ensure_staff_groups
from reports.models import EnteredFigure
from reports.services import publish_report
from requests_app.applications.models import Application
from tests.factories import (
    ApplicationFactory,
    EnteredFigureFactory,
    OrganizationFactory,
    ReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PUBLISHED_ON = date(2017, 3, 20)
TABLE2_ENTERED = {
    "table2.administrative_licensing.decisions": 1846,
    "table2.administrative_penalty.decisions": 213,
    "table2.administrative_coercion.decisions": 17,
    "table2.administrative_fees.amount_10k_yuan": "386.52",
}


@pytest.fixture
def district():
    return OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")


@pytest.fixture
def publisher(district):
    groups = ensure_staff_groups()
    user = UserFactory(organization=district)
    user.groups.add(groups[0])
    return user


@pytest.fixture
def report(district):
    """A gb2021 report on 2016: three applications (two granted, one withheld), 表二 entered."""
    for applicant, outcome in [
        ("natural_person", "granted"),
        ("natural_person", "granted"),
        ("commercial_enterprise", "withheld_state_secret"),
    ]:
        ApplicationFactory(
            organization=district,
            applicant_type=applicant,
            received_on=date(2016, 3, 2),
            status="closed",
            outcome=outcome,
            closed_on=date(2016, 3, 20),
            is_historical=True,
        )
    for key, value in TABLE2_ENTERED.items():
        EnteredFigureFactory(organization=district, year=2016, key=key, value=value)
    return ReportFactory(organization=district, year=2016, format="gb2021")


@pytest.fixture
def revision(report, publisher):
    return publish_report(report=report, by=publisher, on=PUBLISHED_ON)


def download(client, revision, extension):
    # English: the CSV tests name the English headings and words (Chinese: test_exports_in_chinese).
    response = client.get(revision.download_url(extension), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response


def snapshot_figures(revision) -> dict:
    return {f["key"]: f["value"] for f in revision.snapshot["document"]["figures"]}


def docx_of(response):
    return Document(io.BytesIO(response.content))


def table_containing(document, text):
    return next(t for t in document.tables if any(text in c.text for c in t._cells))


# --- .docx ----------------------------------------------------------------------------------


def test_the_docx_is_laid_out_as_a_government_document(client, revision):
    document = docx_of(download(client, revision, "docx"))
    paragraphs = [p.text for p in document.paragraphs if p.text]

    assert paragraphs[0] == "自贡市自流井区人民政府2016年政府信息公开工作年度报告"
    assert paragraphs[1] == "自贡市自流井区人民政府"
    assert "一、总体情况" in paragraphs
    assert paragraphs[-2:] == ["自贡市自流井区人民政府", "2017年3月20日"]
    assert "【草稿】" not in "".join(paragraphs)
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert "PAGE" in section.footer.paragraphs[0]._p.xml


def test_the_docx_tables_carry_the_snapshot_figures_with_merged_headers_and_borders(
    client, revision
):
    figures = snapshot_figures(revision)
    document = docx_of(download(client, revision, "docx"))
    assert len(document.tables) == 3
    table3 = table_containing(document, "申请人情况")

    # Row 4 (一、本年新收): the 7 applicant columns follow the 3 merged label columns.
    new_received = [c.text for c in table3.rows[3].cells][3:]
    assert new_received == [
        str(figures[f"table3.new_received.{c}"])
        for c in (
            "natural_person",
            "commercial_enterprise",
            "research_institution",
            "social_welfare_org",
            "legal_service_org",
            "other_org",
            "total",
        )
    ]
    assert new_received[0] == "2" and new_received[-1] == "3"
    # "申请人情况" spans the seven applicant columns of the first row.
    first_row = table3.rows[0].cells
    assert {first_row[i].text for i in range(3, 10)} == {"申请人情况"}
    assert table3.style.name == "Table Grid"

    table2 = table_containing(document, "行政许可")
    licensing = next(r for r in table2.rows if r.cells[0].text == "行政许可")
    assert licensing.cells[1].text == "1846"
    fees = next(r for r in table2.rows if r.cells[0].text == "行政事业性收费")
    assert fees.cells[1].text == "386.52"


# --- .xlsx ----------------------------------------------------------------------------------


def test_the_xlsx_has_each_table_on_its_own_sheet_with_the_snapshot_figures(client, revision):
    figures = snapshot_figures(revision)
    workbook = load_workbook(io.BytesIO(download(client, revision, "xlsx").content))

    assert workbook.sheetnames == ["报告", "表二", "表三", "表四", "指标"]
    table3 = workbook["表三"]
    assert [table3.cell(row=4, column=c).value for c in range(4, 11)] == [2, 1, 0, 0, 0, 0, 3]
    assert table3.cell(row=4, column=10).value == figures["table3.new_received.total"]
    assert "D1:J1" in {str(r) for r in table3.merged_cells.ranges}  # 申请人情况
    assert workbook["报告"]["A1"].value == revision.title
    by_key = {row[0]: row[3] for row in workbook["指标"].iter_rows(min_row=2, values_only=True)}
    assert by_key["table3.granted.total"] == figures["table3.granted.total"] == 2
    assert by_key["table2.administrative_fees.amount_10k_yuan"] == pytest.approx(386.52)


# --- .json and .csv -------------------------------------------------------------------------


def test_the_json_is_the_engines_shape_of_the_snapshot(client, revision):
    data = json.loads(download(client, revision, "json").content)

    document = revision.snapshot["document"]
    assert {k: v for k, v in data.items() if k != "revision"} == document
    assert data["draft"] is False
    assert data["tables"]["table3"]["granted"]["total"] == 2
    assert data["revision"] == {"number": 1, "published_on": "2017-03-20", "note": ""}


def test_the_csv_lists_every_figure_of_the_snapshot(client, revision):
    response = download(client, revision, "csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))

    figures = snapshot_figures(revision)
    assert [r["key"] for r in rows] == list(figures)
    values = {r["key"]: r["value"] for r in rows}
    assert values["table3.new_received.total"] == "3"
    assert values["table2.administrative_licensing.decisions"] == "1846"
    assert {r["source"] for r in rows} == {"computed", "entered"}
    assert 'filename="zlj-2016-gb2021-r1.csv"' in response["Content-Disposition"]


def test_the_documents_do_not_change_when_records_change(client, revision, district):
    before = {
        "json": download(client, revision, "json").content,
        "csv": download(client, revision, "csv").content,
        "docx": [p.text for p in docx_of(download(client, revision, "docx")).paragraphs],
        "xlsx": [
            list(sheet.values)
            for sheet in load_workbook(io.BytesIO(download(client, revision, "xlsx").content))
        ],
    }

    Application.objects.filter(organization=district).update(outcome="unavailable_not_held")
    EnteredFigure.objects.filter(organization=district).update(value=9)

    assert download(client, revision, "json").content == before["json"]
    assert download(client, revision, "csv").content == before["csv"]
    docx_paragraphs = [p.text for p in docx_of(download(client, revision, "docx")).paragraphs]
    assert docx_paragraphs == before["docx"]
    workbook = load_workbook(io.BytesIO(download(client, revision, "xlsx").content))
    assert [list(sheet.values) for sheet in workbook] == before["xlsx"]


def test_a_corrected_revision_says_so_in_its_documents(client, report, publisher, revision):
    EnteredFigure.objects.filter(key="table2.administrative_coercion.decisions").update(value=18)
    second = publish_report(
        report=report, by=publisher, note="更正行政强制决定数量。", on=date(2017, 4, 6)
    )

    paragraphs = [p.text for p in docx_of(download(client, second, "docx")).paragraphs]
    assert "（第2版，2017年4月6日更正：更正行政强制决定数量。）" in paragraphs
    first = [p.text for p in docx_of(download(client, revision, "docx")).paragraphs]
    assert not any("更正" in p for p in first)
    assert json.loads(download(client, second, "json").content)["revision"]["number"] == 2


# --- drafts from the admin ------------------------------------------------------------------


@pytest.mark.parametrize("extension", ["docx", "xlsx", "json", "csv"])
def test_the_drafts_documents_are_marked_as_drafts(client, report, publisher, extension):
    client.force_login(publisher)

    # English: the CSV branch names the English headings.
    response = client.get(
        f"/admin/reports/report/{report.pk}/draft.{extension}", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert f'filename="zlj-2016-gb2021-draft.{extension}"' in response["Content-Disposition"]
    if extension == "docx":
        assert docx_of(response).paragraphs[0].text == "【草稿】"
    elif extension == "xlsx":
        title = load_workbook(io.BytesIO(response.content))["报告"]["A1"].value
        assert title.startswith("【草稿】")
    elif extension == "json":
        assert json.loads(response.content)["draft"] is True
    else:
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert {r["key"]: r["value"] for r in rows}["table3.new_received.total"] == "3"


def test_another_organizations_staff_cannot_download_a_draft(client, report, district):
    groups = ensure_staff_groups()
    other = OrganizationFactory(code="elsewhere")
    outsider = UserFactory(organization=other)
    outsider.groups.add(groups[0])
    client.force_login(outsider)

    assert client.get(f"/admin/reports/report/{report.pk}/draft.docx").status_code == 403
