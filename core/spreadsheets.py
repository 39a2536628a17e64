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
from typing import Any

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
