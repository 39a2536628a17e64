"""The pieces an importer is built from: columns, cell errors, the context and the base class.

See the package docstring (`core.importing`) for how they fit together.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# ---------------------------------------------------------------------------
# Errors


class RowError(Exception):
    """One problem in one cell of a row (the runner adds the line number)."""

    def __init__(self, column: str, message: str):
        super().__init__(f"{column}: {message}")
        self.column = column
        self.message = message


class RowErrors(Exception):
    """Every problem of one row, raised by `Importer.clean_row`."""

    def __init__(self, errors: Iterable[RowError]):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


@dataclass(frozen=True)
class LineError:
    """A problem reported to the person importing: where it is and what is wrong.

    `line` is the file's line (the spreadsheet's row number; the header is
    line 1); `column` is a header, or "" for a problem of the whole line.
    """

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return str(
                _("Line %(line)d, column “%(column)s”: %(message)s")
                % {"line": self.line, "column": self.column, "message": self.message}
            )
        return str(_("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message})


class ImportFileError(Exception):
    """The file as a whole cannot be imported (missing, unreadable, wrong type, empty)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class CellErrors:
    """Collects the problems of one row so that `clean_row` reports all of them at once.

    `clean(header, func, *args)` returns `func(*args)`, or None after recording
    the `ValidationError` it raised against `header`.
    """

    def __init__(self):
        self.errors: list[RowError] = []

    def add(self, column: str, message) -> None:
        self.errors.append(RowError(column, str(message)))

    def has(self, column: str) -> bool:
        return any(e.column == column for e in self.errors)

    def clean(self, column: str, func: Callable[..., Any], *args, **kwargs) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationError as exc:
            self.add(column, "；".join(exc.messages) if len(exc.messages) > 1 else exc.messages[0])
        except RowError as exc:
            self.add(exc.column or column, exc.message)
        return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise RowErrors(self.errors)


# ---------------------------------------------------------------------------
# Columns, rows, context, results


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    `required`: every row must give a value. `optional`: the column itself may be
    left out of the file (its header is then neither missing nor unknown).
    `max_length`: checked by the runner before `clean_row` sees the value.
    """

    header: str
    required: bool = True
    optional: bool = False
    help: Any = ""
    max_length: int | None = None


@dataclass(slots=True)
class Row:
    """A cleaned row: its line in the file and what `clean_row` returned."""

    line: int
    data: Any


@dataclass
class ImportContext:
    """What an importer needs to know about the run.

    `scope_ids`: ids of the organizations the user may import records of;
    None means all (the command runs as the operator; supervisors see all).
    `present`: the headers present in the file (optional columns may be absent).
    """

    user: Any = None
    scope_ids: set[int] | None = None
    dry_run: bool = False
    present: frozenset[str] = frozenset()

    # Told how many rows were saved so far: set by the runner for progress reports.
    on_saved: Callable[[int], None] | None = None
    # The file line `save` is working on, named when a service refuses it.
    line: int | None = None

    def saved(self, count: int = 1, *, line: int | None = None) -> None:
        """Importers whose `save` works row by row call this for each row (progress).

        `line`: the row's line in the file, named if saving it is refused.
        """
        if line is not None:
            self.line = line
        if self.on_saved is not None:
            self.on_saved(count)

    def in_scope(self, organization_id: int | None) -> bool:
        return self.scope_ids is None or organization_id in self.scope_ids


@dataclass
class SaveCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: SaveCounts) -> SaveCounts:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


@dataclass
class ImportResult:
    kind: str
    dry_run: bool = False
    errors: list[LineError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        params = {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        if self.dry_run:
            return str(
                _(
                    "Dry run, nothing was written: %(created)d would be created, "
                    "%(updated)d updated, %(unchanged)d unchanged."
                )
                % params
            )
        return str(
            _("Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % params
        )


# ---------------------------------------------------------------------------
# The importer


class Importer(ABC):
    """Base class of an import kind. Subclass, fill in the class attributes, register.

    An instance lives for one run, so `prepare` may keep lookups on `self`.
    """

    # Templates list importer classes; they must not instantiate them.
    do_not_call_in_templates: ClassVar[bool] = True

    kind: ClassVar[str] = ""
    label: ClassVar[Any] = ""
    description: ClassVar[Any] = ""
    columns: ClassVar[list[Column]] = []
    # The model whose add and change permissions allow running this kind from the admin.
    model: ClassVar[type[models.Model] | None] = None
    # Domain errors of the services `save` calls (a step the record's state does not
    # allow): the runner reports them as a refused file instead of letting them escape.
    domain_errors: ClassVar[tuple[type[Exception], ...]] = ()

    @classmethod
    def has_permission(cls, user) -> bool:
        if user is None:
            return True
        if not (user.is_active and user.is_staff):
            return False
        if cls.model is None:
            return user.is_superuser
        opts = cls.model._meta
        return user.has_perms(
            [
                f"{opts.app_label}.add_{opts.model_name}",
                f"{opts.app_label}.change_{opts.model_name}",
            ]
        )

    @classmethod
    def column_headers(cls) -> list[str]:
        return [c.header for c in cls.columns]

    def prepare(self, rows: list[dict[str, str]], ctx: ImportContext) -> None:  # noqa: B027
        """Load, in a few queries, whatever `clean_row` will look up (all rows at once).

        Optional: an importer that looks nothing up keeps this default.
        """

    @abstractmethod
    def clean_row(self, values: dict[str, str], ctx: ImportContext) -> Any:
        """Return the cleaned row or raise `RowErrors` naming every bad cell."""

    @abstractmethod
    def key(self, cleaned) -> tuple:
        """Identity of the record: two rows with one key are duplicates; re-import matches it."""

    def key_column(self, cleaned) -> str:
        """The header named when a key repeats within the file."""
        return self.columns[0].header

    def check(self, rows: list[Row], ctx: ImportContext) -> list[LineError]:
        """Problems that involve several rows (cycles …); rows here are all clean."""
        return []

    @abstractmethod
    def save(self, rows: list[Row], ctx: ImportContext) -> SaveCounts:
        """Write the rows (called only when every row is clean, inside the transaction)."""


# ---------------------------------------------------------------------------
# Cell parsers: raise ValidationError with a message that says what was expected.

_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(value: str) -> date | None:
    """YYYY-MM-DD (xlsx date cells arrive here already in that form); blank → None."""
    value = (value or "").strip()
    if not value:
        return None
    match = _DATE_RE.fullmatch(value)
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise ValidationError(
        _("Dates are written YYYY-MM-DD; got “%(value)s”."),
        code="bad_date",
        params={"value": value},
    )


def join_list(items: Iterable[Any]) -> str:
    return str(_(", ")).join(str(i) for i in items)


class ChoiceLookup:
    """Reads a TextChoices value from a cell: its stable key, its label, or an alias.

    The labels in the models are English msgids translated to Chinese, so the
    Chinese names a file uses are given explicitly in `aliases` (key → names,
    the first one shown in error messages); the labels in Chinese and English
    are accepted as well, whatever the catalogue holds.
    """

    def __init__(self, choices: type[models.TextChoices], aliases: dict[str, list[str]]):
        self.choices = choices
        self.aliases = aliases
        mapping: dict[str, str] = {}
        for value, label in choices.choices:
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    mapping[str(label).casefold()] = value
            mapping[str(value).casefold()] = value
        for value, names in aliases.items():
            if value not in choices.values:
                raise ValueError(f"{value!r} is not a value of {choices.__name__}")
            for name in names:
                mapping[name.casefold()] = value
        self.mapping = mapping

    def display_names(self) -> list[str]:
        return [
            self.aliases[value][0] if self.aliases.get(value) else str(label)
            for value, label in self.choices.choices
        ]

    def __call__(self, value: str) -> str | None:
        value = (value or "").strip()
        if not value:
            return None
        try:
            return self.mapping[value.casefold()]
        except KeyError:
            raise ValidationError(
                _("“%(value)s” is not one of: %(choices)s."),
                code="bad_choice",
                params={"value": value, "choices": join_list(self.display_names())},
            ) from None
