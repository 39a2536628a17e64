"""A record's CHECK constraints, checked in Python before an import writes anything.

`Model.validate_constraints()` asks the database once per constraint and record, with a
query that annotates every field: for a file of a few thousand rows that alone takes
longer than the import. The CHECK constraints of our models are conditions on the
record's own fields (comparisons, IN, IS NULL, AND/OR/NOT, F() to another field), so
`validate_constraints` here evaluates those in Python with SQL's three-valued logic (a
comparison with NULL is unknown, and a CHECK passes unless it is false). Any other shape
of condition, and every unique constraint, is left to the database as Django does it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, router
from django.db.models import F, Q
from django.db.models.constants import LOOKUP_SEP


class Unsupported(Exception):
    """A condition this module does not evaluate; the database checks it instead."""


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
# Ordering strings depends on the database's collation: only equality is evaluated here.
_ORDERED_TYPES = (int, float, Decimal, date)


def _and(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _or(values: list[bool | None]) -> bool | None:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _value(instance: models.Model, name: str) -> Any:
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist as exc:
        raise Unsupported(name) from exc
    if not getattr(field, "concrete", False) or field.many_to_many:
        raise Unsupported(name)
    value = getattr(instance, field.attname)
    if value is None or field.is_relation:
        return value
    return field.to_python(value)


def _lookup(instance: models.Model, path: str, wanted: Any) -> bool | None:
    parts = path.split(LOOKUP_SEP)
    if len(parts) == 1:
        name, op = parts[0], "exact"
    elif len(parts) == 2:
        name, op = parts
    else:
        raise Unsupported(path)
    try:
        field = instance._meta.pk if name == "pk" else instance._meta.get_field(name)
    except FieldDoesNotExist as exc:
        raise Unsupported(path) from exc
    value = _value(instance, field.name)
    if op == "isnull":
        return (value is None) is bool(wanted)
    if op == "exact" and wanted is None:
        return value is None
    if field.is_relation:
        raise Unsupported(path)
    if isinstance(wanted, F):
        wanted = _value(instance, wanted.name)
    elif hasattr(wanted, "resolve_expression"):
        raise Unsupported(path)
    if op == "in":
        choices = list(wanted)
        if value is None:
            return None
        if value in [c for c in choices if c is not None]:
            return True
        return None if None in choices else False
    compare = _COMPARISONS.get(op)
    if compare is None:
        raise Unsupported(path)
    if value is None or wanted is None:
        return None
    if op != "exact" and not (
        isinstance(value, _ORDERED_TYPES) and isinstance(wanted, _ORDERED_TYPES)
    ):
        raise Unsupported(path)
    try:
        return compare(value, wanted)
    except TypeError as exc:  # e.g. a date against a datetime: let the database decide
        raise Unsupported(path) from exc


def evaluate(condition: Q, instance: models.Model) -> bool | None:
    """True, False, or None (unknown, as SQL says of a comparison with NULL)."""
    if not isinstance(condition, Q):
        raise Unsupported(repr(condition))
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(evaluate(child, instance))
        elif isinstance(child, tuple) and len(child) == 2:
            results.append(_lookup(instance, *child))
        else:
            raise Unsupported(repr(child))
    if condition.connector == Q.AND:
        result = _and(results)
    elif condition.connector == Q.OR:
        result = _or(results)
    else:
        raise Unsupported(condition.connector)
    if condition.negated and result is not None:
        result = not result
    return result


def validate_constraints(instance: models.Model, *, exclude: set[str] = frozenset()) -> None:
    """`instance.validate_constraints(exclude)`, with CHECK conditions evaluated in Python.

    Raises the same ValidationError (each violated constraint's message, as a non-field
    error). A constraint on an excluded field is skipped, as Django does.
    """
    using = router.db_for_write(instance.__class__, instance=instance)
    errors: dict = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                if isinstance(constraint, models.CheckConstraint):
                    _check(model_class, constraint, instance, exclude, using)
                else:
                    constraint.validate(model_class, instance, exclude=exclude, using=using)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _check(model_class, constraint, instance, exclude, using) -> None:
    condition = Q(constraint.condition)
    if exclude and condition.referenced_base_fields & set(exclude):
        return
    try:
        holds = evaluate(condition, instance) is not False
    except Unsupported:
        constraint.validate(model_class, instance, exclude=exclude, using=using)
        return
    if not holds:
        raise ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        )
