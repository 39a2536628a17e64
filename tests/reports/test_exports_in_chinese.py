"""A report's CSV and XLSX in Chinese: no English heading, source or qualifier."""

import csv
import io
import re

import pytest
from django.utils import translation
from openpyxl import load_workbook

from reports.engine.generate import build_report
from reports.outputs.csv import to_csv
from reports.outputs.xlsx import to_xlsx
from tests.factories import EnteredFigureFactory, OrganizationFactory

LATIN = re.compile(r"[A-Za-z]")
SOURCE, QUALIFIER = 5, 4


@pytest.fixture
def doc(db):
    district = OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")
    EnteredFigureFactory(
        organization=district, year=2016, key="window.visitors", value=37000, qualifier="about"
    )
    EnteredFigureFactory(
        organization=district, year=2016, key="portal.images", value=100, qualifier="more"
    )
    return build_report(organization=district, year=2016, format="gb2021")


def test_the_csv_in_chinese_has_no_english_heading_or_word(doc):
    with translation.override("zh-hans"):
        rows = list(csv.reader(io.StringIO(to_csv(doc))))
    assert rows[0] == ["指标", "名称", "单位", "数值", "修饰", "来源", "备注"]
    for row in rows[1:]:
        assert not LATIN.search(row[SOURCE] + row[QUALIFIER]), row
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key["window.visitors"][QUALIFIER] == "约"
    assert {row[SOURCE] for row in rows[1:]} == {"系统统计", "人工填报"}


def test_the_xlsx_in_chinese_has_no_english_heading_or_word(doc):
    with translation.override("zh-hans"):
        workbook = load_workbook(io.BytesIO(to_xlsx(doc)))
    rows = [[c.value or "" for c in row] for row in workbook["指标"].iter_rows()]
    assert not LATIN.search("".join(rows[0]))
    for row in rows[1:]:
        assert not LATIN.search(f"{row[SOURCE]}{row[QUALIFIER]}"), row


def test_the_csv_in_english_keeps_english_headings(doc):
    with translation.override("en"):
        header = next(csv.reader(io.StringIO(to_csv(doc))))
    assert header == ["key", "label", "unit", "value", "qualifier", "source", "note"]
