"""Cell parsers and checks that several import kinds share."""

from __future__ import annotations

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.importing.base import CellErrors, ImportContext
from core.importing.constraints import validate_constraints

_LIST_SPLIT = re.compile(r"[、,，;；]\s*")
_TRUE = {"是", "y", "yes", "true", "1", "公开"}
_FALSE = {"否", "n", "no", "false", "0", "不公开"}


def split_list(value: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(value or "") if part.strip()]


def parse_bool(value: str) -> bool:
    value = (value or "").strip().casefold()
    if not value:
        return False
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValidationError(
        _("Write 是 or 否; got “%(value)s”."), code="bad_bool", params={"value": value}
    )


def parse_positive_int(value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ValidationError(
            _("A whole number of at least 1; got “%(value)s”."),
            code="bad_number",
            params={"value": value},
        )
    return int(value)


def require(e: CellErrors, header: str, value) -> None:
    """A required cell that is blank (the runner reports it; the row must not be built)."""
    if value in (None, "") and not e.has(header):
        e.add(header, _("A value is required."))


def field_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def validate_merged(
    e: CellErrors,
    instance: models.Model,
    headers: dict[str, str],
    ctx: ImportContext,
    *,
    exclude: set[str],
) -> None:
    """Check the record as it would be saved (saved values merged with the row's) against
    the model's rules, `clean()` and its constraints (checked in Python, see
    `core.importing.constraints`), so that a row the database would refuse is
    reported with its line and the header of the offending value instead of failing the
    whole import.

    `headers` maps model fields to the file's headers; an error on a field the file does
    not have (or on the record as a whole) is reported on the line with the field's name.
    `exclude`: fields whose unique constraints the importer's key already covers.
    """
    try:
        instance.clean()
        validate_constraints(instance, exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            header = headers.get(name)
            for message in messages:
                if header is None:
                    if name != NON_FIELD_ERRORS:
                        verbose = instance._meta.get_field(name).verbose_name
                        message = _("%(field)s: %(message)s") % {
                            "field": str(verbose).capitalize(),
                            "message": message,
                        }
                    e.add("", message)
                elif header not in ctx.present:
                    e.add(
                        header,
                        _(
                            "%(message)s The file has no “%(header)s” column, so the saved "
                            "value is kept; add the column to change it."
                        )
                        % {"message": message, "header": header},
                    )
                else:
                    e.add(header, message)


def canonical(aliases: dict[str, list[str]]) -> str:
    """The first spelling of each choice, for a column's help text."""
    return "、".join(names[0] for names in aliases.values())
