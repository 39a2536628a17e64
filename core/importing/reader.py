"""Reading an import file (CSV in UTF-8, or XLSX) into numbered rows of text cells.

Line numbers are the spreadsheet's row numbers, the header being line 1; for
a CSV file without line breaks inside cells that is the text line as well.

A file is bounded before it is read and while it is read (settings `IMPORT_MAX_*`): its
size; for XLSX what each zip member unpacks to, in all and relative to its compressed
size, and no DTD in any XML part (entity expansion); then rows, columns and characters
per cell, counted as the rows stream in, so a sheet that declares a million rows or a
cell of a million characters is refused without being held in memory.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core import zipcheck
from core.importing.base import ImportFileError

EXTENSIONS = (".csv", ".xlsx")
MB = zipcheck.MB


@dataclass
class Table:
    headers: list[str]
    # (line, cells) for every line after the header that has a value; tuples, which take
    # less memory than lists for a file of a hundred thousand rows.
    rows: list[tuple[int, tuple[str, ...]]]


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
            _check_file_size(Path(source).stat().st_size, name)
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
        # One byte more than allowed tells a file at the limit from a larger one.
        data = source.read(_max_file_bytes() + 1)
    except OSError as exc:
        raise ImportFileError(
            _("Cannot read %(name)s: %(reason)s") % {"name": name, "reason": exc}
        ) from None
    data = data.encode("utf-8") if isinstance(data, str) else data
    _check_file_size(len(data), name)
    return data


def _max_file_bytes() -> int:
    return settings.IMPORT_MAX_FILE_MB * MB


def _check_file_size(size: int, name: str) -> None:
    if size > _max_file_bytes():
        raise ImportFileError(
            _("%(name)s is larger than %(limit)d MB, the most an import file may be.")
            % {"name": os.path.basename(name), "limit": settings.IMPORT_MAX_FILE_MB}
        )


def read_table(source: Any, *, filename: str | None = None) -> Table:
    """Read a path or an open (binary) file; `filename` names it when the object cannot."""
    name = file_name(source, filename)
    extension = check_extension(name)
    data = read_bytes(source, name)
    if not data.strip():
        raise ImportFileError(_("The file %(name)s is empty.") % {"name": os.path.basename(name)})
    records = _read_csv(data, name) if extension == ".csv" else _read_xlsx(data, name)
    headers: list[str] | None = None
    rows = []
    for line, cells in _bounded(records):
        if line == 1:
            headers = cells
        elif any(cells):
            rows.append((line, tuple(cells)))
    # Blank lines (trailing ones included) are not lines a person sees as part of the data.
    if not rows and not (headers and any(headers)):
        raise ImportFileError(_("The file %(name)s is empty.") % {"name": os.path.basename(name)})
    headers = list(headers or [])
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers=headers, rows=rows)


def _read_csv(data: bytes, name: str) -> Iterator[list[str]]:
    # Decoded as the rows stream in, so that the file is not held a second time as text.
    # utf-8-sig: Excel and WPS put a byte-order mark in front of "CSV UTF-8".
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    return _csv_records(text, name)


def _csv_records(text: io.TextIOBase, name: str) -> Iterator[list[str]]:
    # The csv module's own field limit (131,072 characters by default) bounds a field
    # before `_bounded` applies IMPORT_MAX_CELL_CHARS with a clearer message.
    try:
        for record in csv.reader(text, strict=True):
            yield [cell.strip() for cell in record]
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "%(name)s is not UTF-8 text. In Excel or WPS, save it as “CSV UTF-8 "
                "(comma delimited)”."
            )
            % {"name": os.path.basename(name)}
        ) from None
    except csv.Error as exc:
        raise ImportFileError(
            _("%(name)s is not a readable CSV file: %(reason)s")
            % {"name": os.path.basename(name), "reason": exc}
        ) from None


def _read_xlsx(data: bytes, name: str) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    _check_zip(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:
        # SyntaxError: xml.etree's ParseError, and defusedxml's refusals derive from ValueError.
        raise ImportFileError(
            _("%(name)s is not a readable .xlsx workbook: %(reason)s")
            % {"name": os.path.basename(name), "reason": exc}
        ) from None
    return _xlsx_records(workbook, name)


def _xlsx_records(workbook, name: str) -> Iterator[list[str]]:
    try:
        if not workbook.worksheets:
            return
        # The first sheet holds the data; others (notes, lists of values) are ignored.
        sheet = workbook.worksheets[0]
        # The sheet's declared dimension (a 1.5 KB file may claim A1:XFD1048576) would pad
        # every row to it: only the cells actually present count.
        sheet.reset_dimensions()
        # A read-only sheet yields empty rows too, so the n-th row is line n.
        for row in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in _trimmed(row)]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:
        raise ImportFileError(
            _("%(name)s is not a readable .xlsx workbook: %(reason)s")
            % {"name": os.path.basename(name), "reason": exc}
        ) from None
    finally:
        workbook.close()


def _trimmed(row: tuple) -> tuple:
    # Formatted but empty cells at the end of a row are not columns of data.
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row[:end]


def _check_zip(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts unpack too far, or hold a DTD, before parsing any."""
    base = os.path.basename(name)
    limit = settings.IMPORT_MAX_UNCOMPRESSED_MB * MB
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFileError(
            _("%(name)s is not a readable .xlsx workbook: %(reason)s")
            % {"name": base, "reason": exc}
        ) from None
    try:
        with archive:
            zipcheck.check_zip(archive, max_bytes=limit, max_ratio=ratio)
    except zipcheck.ZipRefused as refused:
        messages = {
            zipcheck.ZipRefused.TOO_LARGE: _(
                "%(name)s unpacks to more than %(limit)d MB, the most an import workbook may hold."
            ),
            zipcheck.ZipRefused.COMPRESSED: _(
                "%(name)s holds a part (%(part)s) compressed more than %(ratio)d "
                "times, which no spreadsheet needs; the file is refused."
            ),
            zipcheck.ZipRefused.NOT_UTF8: _(
                "%(name)s has a part (%(part)s) that is not UTF-8 XML."
            ),
            zipcheck.ZipRefused.DTD: _(
                "%(name)s declares a document type (DTD) in %(part)s; "
                "workbooks with a DTD or entities are refused."
            ),
        }
        raise ImportFileError(
            messages[refused.reason]
            % {
                "name": base,
                "part": refused.part,
                "limit": settings.IMPORT_MAX_UNCOMPRESSED_MB,
                "ratio": ratio,
            }
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        # zipfile's own refusals while reading a part: RuntimeError for an encrypted member,
        # NotImplementedError for a compression method it does not implement.
        raise ImportFileError(
            _("%(name)s is not a readable .xlsx workbook: %(reason)s")
            % {"name": base, "reason": exc}
        ) from None


def _bounded(records: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Numbered rows as they stream in, refused at the first one past a limit.

    Blank lines count against the row limit too: a sheet whose only other cell is in row
    1,048,576 is a million rows to walk through.
    """
    max_lines = settings.IMPORT_MAX_ROWS + 1  # the header is line 1
    max_columns = settings.IMPORT_MAX_COLUMNS
    max_chars = settings.IMPORT_MAX_CELL_CHARS
    for line, cells in enumerate(records, start=1):
        if line > max_lines:
            raise ImportFileError(
                _("The file has more than %(limit)d rows after the header; split it into parts.")
                % {"limit": settings.IMPORT_MAX_ROWS}
            )
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > max_columns:
            raise ImportFileError(
                _("Line %(line)d has more than %(limit)d columns.")
                % {"line": line, "limit": max_columns}
            )
        for cell in cells:
            if len(cell) > max_chars:
                raise ImportFileError(
                    _("Line %(line)d has a cell longer than %(limit)d characters.")
                    % {"line": line, "limit": max_chars}
                )
            if "\x00" in cell:
                # PostgreSQL cannot store a NUL character in text.
                raise ImportFileError(
                    _("Line %(line)d has a NUL character, which no text may contain.")
                    % {"line": line}
                )
        yield line, cells


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
