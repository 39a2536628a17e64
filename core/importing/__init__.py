"""Bulk import of records from CSV (UTF-8, BOM allowed) or XLSX files.

One runner serves `python manage.py import_records KIND FILE [--dry-run]` and
the admin page `/admin/import/`. Each KIND is an `Importer` subclass in a
registry, to which every app adds its own kinds from `AppConfig.ready()` (this
package names no app)::

    # requests_app/petitions/importers.py
    from core.importing import Column, Importer, RowErrors, SaveCounts

    class PetitionImporter(Importer):
        kind = "petitions"
        label = _("Petitions")
        model = Petition                   # its add/change permissions gate the admin page
        columns = [Column("机关代码"), Column("收到日期"), Column("备注", required=False)]

        def prepare(self, rows, ctx): ...      # bulk look-ups for all rows (few queries)
        def clean_row(self, values, ctx):      # values: {header: stripped text}
            e = CellErrors()
            received = e.clean("收到日期", parse_date, values["收到日期"])
            ...
            e.raise_if_any()                   # RowErrors listing every bad cell of the row
            return cleaned
        def key(self, cleaned) -> tuple: ...   # identity: duplicates in the file, re-import
        def check(self, rows, ctx): ...        # optional: problems across rows -> [LineError]
        def save(self, rows, ctx) -> SaveCounts: ...   # rows: [Row(line, data=cleaned)]

    # requests_app/apps.py
    def ready(self):
        from core.importing import registry
        from requests_app.petitions.importers import PetitionImporter
        registry.register(PetitionImporter)

`run_import(kind, path_or_file, *, dry_run=False, user=None, filename=None)`
returns an `ImportResult` (`errors: list[LineError(line, column, message)]`,
`created`, `updated`, `unchanged`); it raises `ImportFileError` when the file
as a whole is unusable (missing, unreadable, not .csv/.xlsx, empty).

The rules every kind gets from the runner:

- the first row holds the headers; a missing header (of a column that is not
  `optional`) and an unknown or repeated header are errors naming it, on line 1;
- line numbers are the spreadsheet's row numbers, the header being line 1;
  blank lines are skipped but counted;
- cells are stripped text; xlsx date cells arrive as YYYY-MM-DD;
- a blank `required` cell and a cell longer than `max_length` are errors;
- two rows with the same `key()` are an error on the second;
- all or nothing: rows are cleaned first, and only when no row has a problem
  does `save()` run, inside one transaction; a dry run saves and rolls back,
  so its counts are exactly those of a real run;
- `user` (the admin page) limits a run to the organizations the user manages:
  `ctx.scope_ids` (None for all) and `ctx.in_scope(organization_id)`;
- a long file is held as compact rows (a tuple of cells per line); the {header: value}
  of a row is made when `prepare` or `clean_row` looks at it;
- `save()` should write new records with `bulk.insert_rows(model, fields, rows,
  progress=ctx.saved)` (one streamed COPY on PostgreSQL, bulk_create in batches
  elsewhere) inside the run's transaction, and do itself what `save()` and signals would
  (normalising, audit entries via `core.audit.log_changes`, event rows, cache
  invalidation on commit); yearly numbers come in blocks from
  `YearlySequence.next_numbers_in_blocks`. Rows the database refuses there are reported
  as the whole file refused (no line can be named);
- an error of a service that `save()` calls, listed in `Importer.domain_errors`
  (e.g. `DisclosureStateError` when a record changed after the check), rolls
  the run back and is raised as `ImportFileError` naming the line passed to
  `ctx.saved(line=...)`. `constraints.validate_constraints(instance)` checks a
  record against its model's CHECK constraints without a query per row.

See docs/import.md for each kind's columns.
"""

from core.importing.base import (
    CellErrors,
    ChoiceLookup,
    Column,
    ImportContext,
    Importer,
    ImportFileError,
    ImportResult,
    LineError,
    Row,
    RowError,
    RowErrors,
    SaveCounts,
    parse_date,
)
from core.importing.runner import run_import

__all__ = [
    "CellErrors",
    "ChoiceLookup",
    "Column",
    "ImportContext",
    "ImportFileError",
    "ImportResult",
    "Importer",
    "LineError",
    "Row",
    "RowError",
    "RowErrors",
    "SaveCounts",
    "parse_date",
    "run_import",
]
