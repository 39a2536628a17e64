"""`run_import`: read, check every row, then save all rows or none."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext_lazy as _

from core.importing import registry
from core.importing.base import (
    ImportContext,
    ImportFileError,
    ImportResult,
    LineError,
    Row,
    RowErrors,
    join_list,
)
from core.importing.reader import read_table

HEADER_LINE = 1


def run_import(
    kind: str,
    source: Any,
    *,
    dry_run: bool = False,
    user=None,
    filename: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportResult:
    """Import `source` (a path or an open binary file) as records of `kind`.

    All or nothing: when any row is bad the result lists every problem and
    nothing is written. `dry_run` checks and counts without writing. `user`
    limits the run to the organizations the user manages (None: the operator,
    everything). Raises ImportFileError when the file as a whole is unusable.
    `progress(stage, done, total)` is told how far checking ("check") and saving
    ("save") have come, for long files.
    """
    report = progress or (lambda stage, done, total: None)
    importer_class = registry.get(kind)
    if user is not None and not importer_class.has_permission(user):
        raise PermissionDenied
    table = read_table(source, filename=filename)
    importer = importer_class()
    result = ImportResult(kind=kind, dry_run=dry_run)

    result.errors = check_headers(importer_class.columns, table.headers)
    if result.errors:
        return result
    present = frozenset(h for h in table.headers if h)
    values_of = _values_maker(table.headers, importer_class.columns)
    # (line, cells) as read: a row's {header: value} is made when it is looked at, not
    # kept for every row of a long file.
    raw_rows: list[tuple[int, tuple[str, ...]]] = []
    for line, cells in table.rows:
        if not any(cells):
            continue  # blank lines are skipped
        extra = [c for c in cells[len(table.headers) :] if c]
        if extra:
            result.errors.append(
                LineError(
                    line,
                    "",
                    str(
                        _("This line has more cells than the header has columns (%(extra)s).")
                        % {"extra": join_list(extra)}
                    ),
                )
            )
            continue
        raw_rows.append((line, cells))
    del table
    if not raw_rows and not result.errors:
        raise ImportFileError(_("The file has a header but no rows to import."))

    ctx = ImportContext(
        user=user,
        scope_ids=None if user is None else user.scope_organization_ids,
        dry_run=dry_run,
        present=present,
    )
    try:
        with transaction.atomic():
            rows = _clean(importer, raw_rows, values_of, ctx, result, report)
            del raw_rows
            if result.errors:
                result.errors.sort(key=lambda e: e.line)
                return result
            report("save", 0, len(rows))
            ctx.on_saved = _save_progress(report, len(rows))
            counts = importer.save(rows, ctx)
            report("save", len(rows), len(rows))
            result.rows = len(rows)
            result.created, result.updated, result.unchanged = (
                counts.created,
                counts.updated,
                counts.unchanged,
            )
            if dry_run:
                # Saving and rolling back counts exactly what a real run would do.
                transaction.set_rollback(True)
    except (DatabaseError, ValidationError, *importer_class.domain_errors) as exc:
        # A concurrent change the checks could not see (another import, an admin save), or
        # a step a service refuses: the transaction is rolled back, so nothing of this file
        # was written.
        reason = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        if ctx.line is not None:
            raise ImportFileError(
                _("Line %(line)d could not be saved, nothing was imported: %(reason)s")
                % {"line": ctx.line, "reason": reason}
            ) from exc
        raise ImportFileError(
            _("The database refused the import, nothing was imported: %(reason)s")
            % {"reason": reason}
        ) from exc
    return result


def _save_progress(report, total: int) -> Callable[[int], None]:
    step = max(1000, total // 10)
    saved = 0

    def on_saved(count: int) -> None:
        nonlocal saved
        before, saved = saved, saved + count
        if saved // step > before // step and saved < total:
            report("save", saved, total)

    return on_saved


def check_headers(columns, headers: list[str]) -> list[LineError]:
    errors = []
    known = {c.header for c in columns}
    seen = set()
    for header in headers:
        if not header:
            continue
        if header in seen:
            errors.append(LineError(HEADER_LINE, header, str(_("This column appears twice."))))
        seen.add(header)
        if header not in known:
            errors.append(
                LineError(
                    HEADER_LINE,
                    header,
                    str(
                        _("Unknown column; the columns are: %(columns)s.")
                        % {"columns": join_list(c.header for c in columns)}
                    ),
                )
            )
    for column in columns:
        if not column.optional and column.header not in seen:
            errors.append(LineError(HEADER_LINE, column.header, str(_("This column is missing."))))
    return errors


def _values_maker(headers: list[str], columns) -> Callable[[tuple[str, ...]], dict[str, str]]:
    """A function from a row's cells to {header: value}, every column present ("" when
    the file has no such column or the row stops short of it)."""
    positions = [(header, i) for i, header in enumerate(headers) if header]
    absent = [c.header for c in columns if c.header not in {h for h, _i in positions}]
    if len(positions) == len(headers):
        # No blank header: the common case, made with zip (this runs several times a row).
        names = tuple(headers)
        width = len(names)
        padding = ("",) * width

        def values_of(cells: tuple[str, ...]) -> dict[str, str]:
            if len(cells) < width:
                cells = cells + padding[len(cells) :]
            values = dict(zip(names, cells, strict=False))
            for header in absent:
                values[header] = ""
            return values

        return values_of

    def values_of(cells: tuple[str, ...]) -> dict[str, str]:
        n = len(cells)
        values = {header: cells[i] if i < n else "" for header, i in positions}
        for header in absent:
            values[header] = ""
        return values

    return values_of


class _LazyValues(Sequence):
    """The rows as {header: value}, made on each look: what `Importer.prepare` is given,
    without a dict per row held for the whole run."""

    def __init__(self, raw_rows, values_of):
        self._raw_rows = raw_rows
        self._values_of = values_of

    def __len__(self) -> int:
        return len(self._raw_rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._values_of(cells) for _line, cells in self._raw_rows[index]]
        return self._values_of(self._raw_rows[index][1])

    def __iter__(self) -> Iterator[dict[str, str]]:
        values_of = self._values_of
        for _line, cells in self._raw_rows:
            yield values_of(cells)


def _clean(importer, raw_rows, values_of, ctx, result, report) -> list[Row]:
    columns = importer.columns
    total = len(raw_rows)
    step = max(1000, total // 10)
    report("check", 0, total)
    importer.prepare(_LazyValues(raw_rows, values_of), ctx)
    rows: list[Row] = []
    first_line_of_key: dict[tuple, int] = {}
    for done, (line, cells) in enumerate(raw_rows):
        if done and done % step == 0:
            report("check", done, total)
        values = values_of(cells)
        errors: list[LineError] = []
        for column in columns:
            value = values[column.header]
            if column.required and not value:
                errors.append(LineError(line, column.header, str(_("A value is required."))))
            elif column.max_length and len(value) > column.max_length:
                errors.append(
                    LineError(
                        line,
                        column.header,
                        str(
                            _("At most %(max)d characters; this has %(length)d.")
                            % {"max": column.max_length, "length": len(value)}
                        ),
                    )
                )
        flagged = {e.column for e in errors}
        try:
            cleaned = importer.clean_row(values, ctx)
        except RowErrors as exc:
            # A cell already flagged as missing or too long is not reported twice.
            errors.extend(
                LineError(line, e.column, e.message) for e in exc.errors if e.column not in flagged
            )
        if errors:
            result.errors.extend(errors)
            continue
        key = importer.key(cleaned)
        if key in first_line_of_key:
            result.errors.append(
                LineError(
                    line,
                    importer.key_column(cleaned),
                    str(
                        _("The same record as line %(line)d (%(key)s).")
                        % {
                            "line": first_line_of_key[key],
                            "key": " / ".join(str(part) for part in key),
                        }
                    ),
                )
            )
            continue
        first_line_of_key[key] = line
        rows.append(Row(line=line, data=cleaned))
    result.errors.extend(importer.check(rows, ctx))
    report("check", total, total)
    return rows
