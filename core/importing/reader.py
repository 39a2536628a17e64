"""Reading an import file (CSV in UTF-8, or XLSX) into numbered rows of text cells.

Line numbers are the spreadsheet's row numbers, the header being line 1; for
a CSV file without line breaks inside cells that is the text line as well.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.importing.base import ImportFileError

EXTENSIONS = (".csv", ".xlsx")


@dataclass
class Table:
    headers: list[str]
    # (line, cells) for every line after the header, blank ones included.
    rows: list[tuple[int, list[str]]]


def file_name(source: Any, filename: str | None = None) -> str:
    if filename:
        return filename
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return getattr(source, "name", "") or ""


def check_extension(name: str) -> str:
    extension = os.path.splitext(name)[1].lower()
    if extension not in EXTENSIONS:
        raise ImportFileError(
            _("“%(name)s” is neither a .csv nor an .xlsx file.")
            % {"name": os.path.basename(name) or name}
        )
    return extension


def read_bytes(source: Any, name: str) -> bytes:
    if isinstance(source, str | os.PathLike):
        try:
            return Path(source).read_bytes()
        except FileNotFoundError:
            raise ImportFileError(_("File not found: %(name)s") % {"name": name}) from None
        except (IsADirectoryError, PermissionError, OSError) as exc:
            raise ImportFileError(
                _("Cannot read %(name)s: %(reason)s") % {"name": name, "reason": exc.strerror}
            ) from None
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read()
    except OSError as exc:
        raise ImportFileError(
            _("Cannot read %(name)s: %(reason)s") % {"name": name, "reason": exc}
        ) from None
    return data.encode("utf-8") if isinstance(data, str) else data


def read_table(source: Any, *, filename: str | None = None) -> Table:
    """Read a path or an open (binary) file; `filename` names it when the object cannot."""
    name = file_name(source, filename)
    extension = check_extension(name)
    data = read_bytes(source, name)
    if not data.strip():
        raise ImportFileError(_("The file %(name)s is empty.") % {"name": os.path.basename(name)})
    lines = _read_csv(data, name) if extension == ".csv" else _read_xlsx(data, name)
    # Trailing blank lines are not lines a person sees as part of the data.
    while lines and not any(lines[-1]):
        lines.pop()
    if not lines:
        raise ImportFileError(_("The file %(name)s is empty.") % {"name": os.path.basename(name)})
    headers = list(lines[0])
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers=headers, rows=[(i, cells) for i, cells in enumerate(lines[1:], start=2)])


def _read_csv(data: bytes, name: str) -> list[list[str]]:
    try:
        # utf-8-sig: Excel and WPS put a byte-order mark in front of "CSV UTF-8".
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "%(name)s is not UTF-8 text. In Excel or WPS, save it as “CSV UTF-8 "
                "(comma delimited)”."
            )
            % {"name": os.path.basename(name)}
        ) from None
    try:
        return [
            [cell.strip() for cell in record]
            for record in csv.reader(io.StringIO(text, newline=""), strict=True)
        ]
    except csv.Error as exc:
        raise ImportFileError(
            _("%(name)s is not a readable CSV file: %(reason)s")
            % {"name": os.path.basename(name), "reason": exc}
        ) from None


def _read_xlsx(data: bytes, name: str) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(
            _("%(name)s is not a readable .xlsx workbook: %(reason)s")
            % {"name": os.path.basename(name), "reason": exc}
        ) from None
    try:
        if not workbook.worksheets:
            return []
        # The first sheet holds the data; others (notes, lists of values) are ignored.
        sheet = workbook.worksheets[0]
        # A read-only sheet yields empty rows too, so the n-th row is line n.
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    # Real date cells: the importers read dates as YYYY-MM-DD text, whatever the cell type.
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
