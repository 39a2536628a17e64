"""Import files are bounded before they are read: size, unpacked size, DTD, rows, columns, cells.

Each crafted file is one a person could upload to /admin/import/: a few KB that declare a
million rows, one huge string, an entity expansion, a zip bomb member.
"""

import io
import os
import tracemalloc
import zipfile

import pytest
from django.test import override_settings
from django.utils import translation
from openpyxl import Workbook

from core.importing import ImportFileError, run_import
from core.importing.reader import read_table
from disclosure.models import Organization

HEADER = ["机关代码", "机关名称", "上级机关代码"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite(data: bytes, member: str, change, *, extra=()) -> bytes:
    """The workbook with one part changed and `extra` (name, bytes) parts added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info.filename, change(body) if info.filename == member else body)
        for name, body in extra:
            target.writestr(name, body)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
SMALL = workbook_bytes([HEADER, ["zlj", "自流井区人民政府", ""]])


def huge_dimension(*, far_cell: bool) -> bytes:
    """The 1.5 KB file: a sheet that claims A1:XFD1048576, and with `far_cell` holds XFD1048576."""

    def change(body):
        body = body.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:XFD1048576"/>')
        if far_cell:
            body = body.replace(
                b"</sheetData>",
                b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                b"</sheetData>",
            )
        return body

    data = rewrite(SMALL, SHEET, change)
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    return data


def refusal(data: bytes, name="organizations.xlsx") -> str:
    before = Organization.objects.count()
    with pytest.raises(ImportFileError) as excinfo:
        run_import("organizations", io.BytesIO(data), filename=name)
    assert Organization.objects.count() == before
    return str(excinfo.value)


@pytest.mark.django_db
def test_a_declared_dimension_of_a_million_rows_is_ignored_and_memory_stays_small():
    data = huge_dimension(far_cell=False)
    assert len(data) < 8192
    tracemalloc.start()
    try:
        result = run_import("organizations", io.BytesIO(data), filename="o.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not result.errors and result.created == 1
    assert peak < 50 * 1024 * 1024


@pytest.mark.django_db
def test_a_cell_in_the_last_row_and_column_is_refused_with_bounded_memory():
    data = huge_dimension(far_cell=True)
    assert len(data) < 8192
    tracemalloc.start()
    try:
        message = refusal(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "more than 100000 rows" in message
    assert peak < 50 * 1024 * 1024


@pytest.mark.django_db
def test_a_huge_string_compressed_a_thousandfold_is_refused_before_it_is_parsed():
    text = b"a" * (20 * 1024 * 1024)
    data = rewrite(SMALL, SHEET, lambda body: body.replace(b"<t>zlj</t>", b"<t>" + text + b"</t>"))
    assert len(data) < 200 * 1024
    tracemalloc.start()
    try:
        message = refusal(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "compressed more than 100 times" in message and SHEET in message
    assert peak < 50 * 1024 * 1024


@pytest.mark.django_db
def test_a_cell_longer_than_excel_allows_is_refused():
    long = "长" * 32_768
    # openpyxl cuts what it writes at 32,767 characters: the part is written by hand.
    data = rewrite(
        SMALL, SHEET, lambda body: body.replace(b"<t>zlj</t>", f"<t>{long}</t>".encode())
    )
    assert "Line 2 has a cell longer than 32767 characters" in refusal(data)
    csv = ",".join(HEADER) + "\nzlj," + long + ",\n"
    assert "longer than 32767 characters" in refusal(csv.encode(), "o.csv")


@pytest.mark.django_db
def test_a_workbook_with_a_dtd_and_entity_expansion_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&%s;" % bytes([97 + i]) * 10)
            for i in range(8)
        )
        + b"]>"
    )
    data = rewrite(
        SMALL,
        SHEET,
        lambda body: laughs + body.replace(b"<t>zlj</t>", b"<t>&i;</t>"),
    )
    message = refusal(data)
    assert "DTD" in message and SHEET in message


@pytest.mark.django_db
def test_a_utf16_part_that_would_hide_a_dtd_is_refused():
    data = rewrite(SMALL, SHEET, lambda body: body.decode().encode("utf-16"))
    assert "not UTF-8 XML" in refusal(data)


@pytest.mark.django_db
@override_settings(IMPORT_MAX_UNCOMPRESSED_MB=2)
def test_a_zip_member_that_unpacks_past_the_limit_is_refused():
    # Incompressible, so that the size limit and not the compression ratio refuses it.
    data = rewrite(
        SMALL,
        SHEET,
        lambda body: body,
        extra=[("xl/media/image1.png", os.urandom(3 * 1024 * 1024))],
    )
    assert "unpacks to more than 2 MB" in refusal(data)


@pytest.mark.django_db
def test_a_zip_bomb_member_is_refused_by_its_compression_ratio():
    data = rewrite(
        SMALL, SHEET, lambda body: body, extra=[("xl/media/bomb.bin", bytes(50 * 1024 * 1024))]
    )
    assert len(data) < 200 * 1024
    assert "compressed more than 100 times" in refusal(data)


@pytest.mark.django_db
@override_settings(IMPORT_MAX_ROWS=3, IMPORT_MAX_COLUMNS=4)
def test_rows_and_columns_beyond_the_limits_are_refused_naming_them():
    rows = [",".join(HEADER)] + [f"c{i},机关{i}," for i in range(4)]
    assert "more than 3 rows" in refusal("\n".join(rows).encode(), "o.csv")
    wide = [[*HEADER, "", "x"], ["zlj", "自流井区人民政府", ""]]
    assert "Line 1 has more than 4 columns" in refusal(workbook_bytes(wide))


@pytest.mark.django_db
@override_settings(IMPORT_MAX_ROWS=3)
def test_blank_lines_within_the_limit_are_skipped():
    rows = [",".join(HEADER), "zlj,自流井区人民政府,", ",,", ",,"]
    result = run_import("organizations", io.BytesIO("\n".join(rows).encode()), filename="o.csv")
    assert not result.errors and result.created == 1


@pytest.mark.django_db
@override_settings(IMPORT_MAX_FILE_MB=1)
def test_a_file_larger_than_the_upload_limit_is_not_read_in_full(tmp_path):
    path = tmp_path / "o.csv"
    path.write_bytes(b"a" * (1024 * 1024 + 1))
    with pytest.raises(ImportFileError, match="larger than 1 MB"):
        read_table(path)
    with pytest.raises(ImportFileError, match="larger than 1 MB"):
        read_table(io.BytesIO(path.read_bytes()), filename="o.csv")


@pytest.mark.django_db
def test_a_nul_character_in_a_cell_is_refused():
    csv = ",".join(HEADER) + "\nzlj,自流井\x00区,\n"
    assert "Line 2 has a NUL character" in refusal(csv.encode(), "o.csv")
