"""Writing many new rows of one model at once: `COPY` on PostgreSQL, `bulk_create` elsewhere.

Like `bulk_create`, `insert_rows` calls no `save()` and sends no signal: the caller gives
each row's final values (normalised, sanitised, its auto_now dates) and does itself what a
save would have done besides (audit entries, cache invalidation). Rows are tuples of
Python values in the order of `fields` (attnames: `organization_id`, not `organization`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connections, models, router

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """A value in COPY's text format (tab-separated, \\N for NULL)."""
    if value is None:
        return "\\N"
    if type(value) is str:
        # Most cells hold none of the four characters: skip the translation for them.
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if isinstance(value, str):  # TextChoices members
        return str.translate(value, _ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)
    adapted = getattr(value, "adapted", None)  # psycopg2's Json adapter of a JSONField
    if isinstance(adapted, dict | list):
        return _copy_text(adapted)
    raise TypeError(f"cannot COPY a {type(value).__name__}")


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[tuple],
    *,
    constants: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
    every: int = 1000,
) -> int:
    """Insert `rows` (tuples of values for `fields`) as new records; return how many.

    `rows` may be a generator: on PostgreSQL they stream into one `COPY`, so that the
    server inserts while the next rows are made. `constants`: values every row has
    (attname → value), written without a conversion per row. `progress(count)` is told
    after every `every` rows (and the last ones) have gone to the database. Inside the
    caller's transaction: nothing is visible before it commits, and its rollback takes
    every row back.
    """
    constants = constants or {}
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        manager = model._default_manager.db_manager(using)
        total = 0
        for batch in _batches(rows, every):
            manager.bulk_create(
                [model(**constants, **dict(zip(fields, row, strict=True))) for row in batch]
            )
            total += len(batch)
            if progress is not None:
                progress(len(batch))
        return total
    opts = model._meta
    # Fields the caller does not name get their default, as a new instance would.
    others = [
        f
        for f in opts.concrete_fields
        if f.attname not in fields and not (f.primary_key and f.db_returning)
    ]
    # What a new instance holds, auto_now(_add) dates included (pre_save sets them). A
    # callable default is called once for the whole call: name a field whose default must
    # differ from row to row.
    blank = model()
    tail = "".join(
        "\t"
        + _copy_text(
            constants[f.attname]
            if f.attname in constants
            else f.get_db_prep_save(f.pre_save(blank, True), connection)
        )
        for f in others
    )
    tail += "\n"
    quote = connection.ops.quote_name
    by_attname = {f.attname: f for f in opts.concrete_fields}
    columns = ", ".join(
        [quote(by_attname[name].column) for name in fields] + [quote(f.column) for f in others]
    )
    source = _CopySource(
        (
            "".join(["\t".join(map(_copy_text, row)) + tail for row in batch])
            for batch in _batches(rows, every)
        ),
        progress,
        every,
    )
    statement = f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN"
    # wrap_database_errors: the driver's errors become Django's (IntegrityError …), as for
    # a query, so that callers catch them the same way.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if hasattr(cursor, "copy_expert"):  # psycopg2 (Django's wrapper logs it in DEBUG)
            cursor.copy_expert(statement, source, CHUNK_CHARS)
        else:  # psycopg 3
            with cursor.copy(statement) as copy:
                while data := source.read():
                    copy.write(data)
    return source.rows


# Characters handed to the driver per read: large enough that the round trips are few.
CHUNK_CHARS = 1 << 18


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _CopySource:
    """A file-like `read()` over the COPY text of batches made on demand."""

    def __init__(self, chunks: Iterator[str], progress, every: int):
        self._chunks = chunks
        self._progress = progress
        self._every = every
        self._pending: list[int] = []
        self.rows = 0

    def read(self, size: int = -1) -> str:
        for count in self._pending:
            # The previous batch has been handed over: report it.
            if self._progress is not None:
                self._progress(count)
        self._pending = []
        text = next(self._chunks, "")
        if text:
            count = text.count("\n")
            self.rows += count
            self._pending.append(count)
        return text
