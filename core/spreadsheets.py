"""Values written to CSV and XLSX downloads, safe from formula injection.

A spreadsheet application reads text that starts with `=`, `+`, `-` or `@` (and, in
some, a tab or carriage return before one of them) as a formula: a staff member's note
"=HYPERLINK(...)" in a public download would run in every reader's Excel (OWASP, CSV
injection). Numbers stay numbers: -3, and the text "-3", are a number, not a formula.

- CSV has no cell types, so such text gets a leading apostrophe, the mark spreadsheets
  read as "text, not a formula".
- XLSX has them: such text is written as a string cell, which no spreadsheet evaluates,
  and reads exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

# Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets): C0 controls
# except tab, line feed and carriage return; lone surrogates; U+FFFE and U+FFFF.
# An .xlsx (or .docx) holding one cannot be opened at all.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(value: Any) -> bool:
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and not NUMBER.fullmatch(value)
    )


def safe_cell(value: Any) -> Any:
    """`value` as a CSV field: text that could start a formula is prefixed with `'`."""
    return "'" + value if is_formula_like(value) else value


def append_row(sheet, values: Iterable[Any]) -> None:
    """Append `values` to an openpyxl sheet, text that could start a formula as text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        set_value(cell, cell.value)


def set_value(cell, value: Any) -> None:
    """Set an openpyxl cell; openpyxl would store text starting with `=` as a formula."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"


def strip_control_characters(text: str) -> str:
    """`text` without the characters XML cannot hold."""
    return XML_ILLEGAL.sub("", text) if text else text


@dataclass(frozen=True)
class Column:
    """One column of a laid-out sheet: its heading, width (Excel's units, about one
    Latin or half a Chinese character each) and whether long text wraps in it."""

    heading: str
    width: float = 12
    wrap: bool = False


HEADER_FILL = "DDEBF7"


def write_table_xlsx(
    target: IO[bytes], *, title: str, columns: list[Column], rows: Iterable[list[Any]]
) -> int:
    """Write a one-sheet workbook to `target` row by row; returns the number of data rows.

    The layout of the project's spreadsheet downloads: a bold, wrapped header row on a
    light fill, frozen while scrolling, with an auto-filter; set column widths; long
    text wrapped at the top of its cell; dates as dates. openpyxl's write-only mode
    keeps memory bounded whatever the number of rows; text that could start a formula
    is written as text (`is_formula_like`), and control characters XML cannot hold
    are dropped.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    # Printed on landscape A4 with the heading row repeated on every page (a wide table
    # runs over several pages at a readable size rather than shrunk onto one).
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.print_title_rows = "1:1"

    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    header_alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    wrapped = Alignment(wrap_text=True, vertical="top")
    plain = Alignment(vertical="top")

    def styled(value, *, alignment, font=None, fill=None):
        c = WriteOnlyCell(sheet, value=value)
        c.alignment = alignment
        c.border = border
        if font is not None:
            c.font = font
        if fill is not None:
            c.fill = fill
        return c

    # Setting four styles on each of a million cells would be most of the time spent: each
    # data cell copies the style array of a prototype styled once per wrapping and number
    # format (openpyxl copies `_style` the same way when it copies cells).
    prototypes: dict[tuple[bool, str], Any] = {}

    def cell(value, *, wrap: bool):
        number_format = (
            "yyyy-mm-dd"
            if isinstance(value, date | datetime)
            else "0.00"
            if isinstance(value, Decimal)
            else ""
        )
        key = (wrap, number_format)
        prototype = prototypes.get(key)
        if prototype is None:
            prototype = prototypes[key] = styled(None, alignment=wrapped if wrap else plain)
            if number_format:
                prototype.number_format = number_format
        c = WriteOnlyCell(sheet, value=value)
        c._style = copy(prototype._style)
        if is_formula_like(value):
            c.data_type = "s"
        return c

    sheet.append(
        [
            styled(column.heading, alignment=header_alignment, font=header_font, fill=header_fill)
            for column in columns
        ]
    )
    count = 0
    for row in rows:
        sheet.append(
            [
                cell(
                    strip_control_characters(value) if isinstance(value, str) else value,
                    wrap=column.wrap,
                )
                for column, value in zip(columns, row, strict=True)
            ]
        )
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    workbook.save(target)
    return count
