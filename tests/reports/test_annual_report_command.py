"""`manage.py annual_report`: every output, docx/xlsx read back, the record's prose, errors."""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from reports.engine.layouts import TABLE3_CORNER
from reports.models import EnteredFigure, Report, ReportSection
from tests.factories import ApplicationFactory, OrganizationFactory, ReviewCaseFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def org():
    org = OrganizationFactory(code="zlj", name="自流井区人民政府")
    for received, closed, outcome, applicant_type in [
        ("2016-03-01", "2016-03-20", "granted", "natural_person"),
        ("2016-04-01", "2016-04-15", "granted", "natural_person"),
        ("2016-05-01", "2016-05-30", "partially_granted", "commercial_enterprise"),
        ("2016-12-30", None, "", "legal_service_org"),
    ]:
        ApplicationFactory(
            organization=org,
            received_on=D(received),
            status="closed" if closed else "in_progress",
            outcome=outcome,
            closed_on=D(closed) if closed else None,
            applicant_type=applicant_type,
            fee_amount=Decimal("100") if outcome == "partially_granted" else None,
            is_historical=True,
        )
    ReviewCaseFactory(organization=org, kind="litigation_direct", received_on=D("2016-06-01"))
    for key, value in [
        ("table2.administrative_licensing.decisions", 1024),
        ("table2.administrative_penalty.decisions", 37),
        ("table2.administrative_coercion.decisions", 5),
        ("table2.administrative_fees.amount_10k_yuan", Decimal("12.35")),
    ]:
        EnteredFigure.objects.create(organization=org, year=2016, key=key, value=value)
    return org


def run(*args, capsys):
    call_command("annual_report", "--org", "zlj", "--year", "2016", *args)
    return capsys.readouterr()


def test_text_to_stdout(org, capsys):
    out = run("--format", "gb2021", "--output", "text", capsys=capsys).out
    assert out.startswith("【草稿】自流井区人民政府2016年政府信息公开工作年度报告\n")
    assert "三、收到和处理政府信息公开申请情况" in out
    assert "一、本年新收政府信息公开申请数量 | 2 | 1 | 0 | 0 | 1 | 0 | 4" in out
    assert "本年度共对1件政府信息公开申请收取信息处理费，合计100元。" in out


def test_html_to_stdout(org, capsys):
    out = run("--format", "gb2021", "--output", "html", capsys=capsys).out
    assert out.startswith("<!DOCTYPE html>")
    assert f'<th rowspan="3" colspan="3" scope="colgroup">{TABLE3_CORNER}</th>' in out
    assert '<td data-key="table3.new_received.total">4</td>' in out


def test_json_to_stdout(org, capsys):
    data = json.loads(run("--format", "gb2021", "--output", "json", capsys=capsys).out)
    assert data["organization"] == {"code": "zlj", "name": "自流井区人民政府"}
    assert (data["year"], data["format"]) == (2016, "gb2021")
    assert data["tables"]["table3"]["new_received"]["total"] == 4
    assert data["tables"]["table4"]["litigation_direct"]["pending"] == 1
    assert data["section6"] == {"information_processing_fees": {"amount_yuan": 100, "cases": 1}}
    figure = next(
        f for f in data["figures"] if f["key"] == "table2.administrative_penalty.decisions"
    )
    assert figure | {"label": None} == {
        "key": "table2.administrative_penalty.decisions",
        "label": None,
        "unit": "件",
        "value": 37,
        "qualifier": "",
        "note": "",
        "source": "entered",
    }
    assert all(c["ok"] for c in data["checks"]), [c for c in data["checks"] if not c["ok"]]


def test_narrative_json_has_no_national_tables(org, capsys):
    data = json.loads(run("--format", "narrative2007", "--output", "json", capsys=capsys).out)
    assert "tables" not in data and "section6" not in data
    assert [s["heading"] for s in data["sections"]][1] == "一、概述"


def test_csv_to_stdout(org, capsys):
    with translation.override("en"):  # the English headings and words the test names
        out = run("--format", "gb2021", "--output", "csv", capsys=capsys).out
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["key", "label", "unit", "value", "qualifier", "source", "note"]
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key["applications.received"][3] == "4"
    assert by_key["applications.received"][5] == "computed"
    assert by_key["table2.administrative_licensing.decisions"][5] == "entered"


def test_docx_reads_back_with_merged_header_cells(org, tmp_path, capsys):
    path = tmp_path / "report.docx"
    err = run("--format", "gb2021", "--output", "docx", "--out", str(path), capsys=capsys).err
    assert f"wrote {path}" in err
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert "自流井区人民政府2016年政府信息公开工作年度报告" in texts
    assert "三、收到和处理政府信息公开申请情况" in texts

    table2, table3, table4 = document.tables
    # 表三: the corner spans three rows and three columns, 申请人情况 seven columns.
    corner = table3.cell(0, 0)
    assert corner.text == TABLE3_CORNER
    assert table3.cell(2, 2)._tc is corner._tc
    assert table3.cell(0, 3).text == "申请人情况"
    assert table3.cell(0, 9)._tc is table3.cell(0, 3)._tc
    assert table3.cell(1, 4).text == "法人或其他组织"
    assert table3.cell(1, 8)._tc is table3.cell(1, 4)._tc
    assert [table3.cell(2, c).text for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    # 三、本年度办理结果 spans the 22 rows from 予以公开 to （七）总计.
    results = table3.cell(5, 0)
    assert results.text == "三、本年度办理结果"
    assert table3.cell(26, 0)._tc is results._tc
    assert table3.cell(27, 0)._tc is not results._tc
    rows = {table3.cell(r, 0).text: r for r in range(len(table3.rows))}
    new = rows["一、本年新收政府信息公开申请数量"]
    assert [table3.cell(new, c).text for c in range(3, 10)] == ["2", "1", "0", "0", "1", "0", "4"]
    assert table3.cell(27, 0).text == "四、结转下年度继续办理"
    assert table3.cell(27, 9).text == "1"
    partial = [table3.cell(r, 1).text for r in range(len(table3.rows))].index(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    assert table3.cell(partial, 4).text == "1"

    assert table2.cell(0, 0).text == "第二十条第（一）项"
    assert table2.cell(0, 3)._tc is table2.cell(0, 0)._tc
    licensing = [table2.cell(r, 0).text for r in range(len(table2.rows))].index("行政许可")
    assert table2.cell(licensing, 1).text == "1024"
    assert table2.cell(licensing, 3)._tc is table2.cell(licensing, 1)._tc
    fees = [table2.cell(r, 0).text for r in range(len(table2.rows))].index("行政事业性收费")
    assert table2.cell(fees, 1).text == "12.35"

    assert table4.cell(0, 0).text == "行政复议"
    assert table4.cell(0, 4)._tc is table4.cell(0, 0)._tc
    assert table4.cell(0, 5).text == "行政诉讼"
    assert table4.cell(0, 14)._tc is table4.cell(0, 5)._tc
    assert table4.cell(1, 5).text == "未经复议直接起诉"
    assert [table4.cell(3, c).text for c in range(5, 10)] == ["0", "0", "0", "1", "1"]


def test_xlsx_reads_back_with_merged_ranges(org, tmp_path, capsys):
    path = tmp_path / "report.xlsx"
    run("--format", "gb2021", "--output", "xlsx", "--out", str(path), capsys=capsys)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["报告", "表二", "表三", "表四", "指标"]

    table3 = workbook["表三"]
    merged = {str(r) for r in table3.merged_cells.ranges}
    assert {"A1:C3", "D1:J1", "D2:D3", "E2:I2", "J2:J3", "A4:C4", "A6:A27", "A28:C28"} <= merged
    assert table3["A1"].value == TABLE3_CORNER
    assert table3["A4"].value == "一、本年新收政府信息公开申请数量"
    assert [c.value for c in table3[4][3:10]] == [2, 1, 0, 0, 1, 0, 4]
    assert table3["A28"].value == "四、结转下年度继续办理"
    assert table3["J28"].value == 1

    table2 = workbook["表二"]
    assert "A1:D1" in {str(r) for r in table2.merged_cells.ranges}
    licensing = next(row for row in table2.iter_rows() if row[0].value == "行政许可")
    assert licensing[1].value == 1024
    assert f"B{licensing[1].row}:D{licensing[1].row}" in {
        str(r) for r in table2.merged_cells.ranges
    }

    table4 = workbook["表四"]
    assert {"A1:E1", "F1:O1", "F2:J2", "K2:O2"} <= {str(r) for r in table4.merged_cells.ranges}
    assert [c.value for c in table4[4]] == [0] * 8 + [1, 1] + [0] * 5

    figures = {row[0]: row for row in workbook["指标"].iter_rows(min_row=2, values_only=True)}
    assert figures["applications.received"][3] == 4
    assert figures["table2.administrative_fees.amount_10k_yuan"][3] == 12.35
    assert figures["table2.administrative_fees.amount_10k_yuan"][5] == "人工填报"


def test_narrative_docx_and_xlsx_open(org, tmp_path, capsys):
    run(
        "--format",
        "narrative2007",
        "--output",
        "docx",
        "--out",
        str(tmp_path / "n.docx"),
        capsys=capsys,
    )
    run(
        "--format",
        "narrative2007",
        "--output",
        "xlsx",
        "--out",
        str(tmp_path / "n.xlsx"),
        capsys=capsys,
    )
    texts = [p.text for p in Document(str(tmp_path / "n.docx")).paragraphs]
    assert "四、政府信息依申请公开情况" in texts
    assert load_workbook(tmp_path / "n.xlsx").sheetnames == ["报告", "指标"]


def test_text_to_a_file_with_out(org, tmp_path, capsys):
    path = tmp_path / "report.txt"
    result = run("--format", "gb2021", "--output", "text", "--out", str(path), capsys=capsys)
    assert result.out == ""
    assert path.read_text(encoding="utf-8").startswith("【草稿】自流井区人民政府")


def test_the_report_records_prose_is_used(org, capsys):
    report = Report.objects.create(organization=org, year=2016, format="gb2021")
    ReportSection.objects.create(
        report=report, key="problems", text="本年新收申请{applications.received}件，仍需改进。"
    )
    out = run("--format", "gb2021", "--output", "text", capsys=capsys).out
    assert "五、存在的主要问题及改进情况\n本年新收申请4件，仍需改进。" in out


def test_include_children_counts_sub_organizations(org, capsys):
    child = OrganizationFactory(code="zlj-hbj", parent=org)
    ApplicationFactory(
        organization=child,
        received_on=D("2016-08-08"),
        applicant_type="other_org",
        is_historical=True,
    )
    alone = json.loads(run("--format", "gb2021", "--output", "json", capsys=capsys).out)
    whole = json.loads(
        run("--format", "gb2021", "--output", "json", "--include-children", capsys=capsys).out
    )
    assert alone["tables"]["table3"]["new_received"]["total"] == 4
    assert whole["tables"]["table3"]["new_received"]["total"] == 5
    assert whole["include_children"] is True


def test_failing_checks_are_listed_on_stderr(capsys):
    OrganizationFactory(code="zlj", name="自流井区人民政府")
    err = run("--format", "gb2021", "--output", "text", capsys=capsys).err
    assert "[error] entered_figures:" in err
    assert "table2.administrative_licensing.decisions" in err


def test_an_unknown_organization_is_an_error(db):
    with pytest.raises(CommandError, match="--org: no organization with code “nowhere”"):
        call_command("annual_report", "--org", "nowhere", "--year", "2016", "--format", "gb2021")


def test_docx_and_xlsx_need_out(org):
    for output in ("docx", "xlsx"):
        with pytest.raises(CommandError, match="give --out FILE"):
            call_command(
                "annual_report", "--org", "zlj", "--year", "2016", "--format", "gb2021",
                "--output", output,
            )  # fmt: skip


def test_an_unwritable_out_path_is_an_error(org, tmp_path):
    for path in (tmp_path / "no" / "such" / "dir" / "r.docx", tmp_path):
        with pytest.raises(CommandError, match="--out: cannot write"):
            call_command(
                "annual_report", "--org", "zlj", "--year", "2016", "--format", "gb2021",
                "--output", "docx", "--out", str(path),
            )  # fmt: skip


def test_an_implausible_year_and_an_unknown_format_are_errors(org):
    with pytest.raises(CommandError, match="--year: 1916"):
        call_command("annual_report", "--org", "zlj", "--year", "1916", "--format", "gb2021")
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("annual_report", "--org", "zlj", "--year", "2016", "--format", "gb2019")
