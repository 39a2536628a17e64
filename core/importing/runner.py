"""`run_import`: read, check every row, then save all rows or none."""

from __future__ import annotations

from collections.abc import Callable
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
    raw_rows = []
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
        values = {}
        for header, cell in zip(table.headers, cells, strict=False):
            if header:
                values[header] = cell
        for column in importer_class.columns:
            values.setdefault(column.header, "")
        raw_rows.append((line, values))
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
            rows = _clean(importer, raw_rows, ctx, result, report)
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


def _clean(importer, raw_rows, ctx, result, report) -> list[Row]:
    columns = importer.columns
    total = len(raw_rows)
    step = max(1000, total // 10)
    report("check", 0, total)
    importer.prepare([values for _line, values in raw_rows], ctx)
    rows: list[Row] = []
    first_line_of_key: dict[tuple, int] = {}
    for done, (line, values) in enumerate(raw_rows):
        if done and done % step == 0:
            report("check", done, total)
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
