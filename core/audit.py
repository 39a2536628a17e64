"""Who did what to a record, kept in the admin's history (django.contrib.admin LogEntry)."""

from collections.abc import Iterable
from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models


def log_change(obj: models.Model, by, message: str) -> None:
    """Add `message` to the "History" page of `obj`, as done by `by` (a user or None).

    Nothing is written for an anonymous or unsaved actor: the record's own event log, where
    it has one, says what happened; the admin history says which member of staff did it.
    """
    if by is None or getattr(by, "pk", None) is None:
        return
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def log_changes(model: type[models.Model], entries: Iterable[tuple[Any, str, str]], by) -> None:
    """`log_change` for many records of `model` in one insert (bulk imports).

    `entries`: (pk, repr, message) of each record, where `repr` is what `str(record)`
    gives. The same entries as one `log_change` call per record would write, so each
    record's "History" page shows its own step; nothing for an anonymous or unsaved actor.
    """
    if by is None or getattr(by, "pk", None) is None:
        return
    content_type_id = ContentType.objects.get_for_model(model, for_concrete_model=False).pk
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                user_id=by.pk,
                content_type_id=content_type_id,
                object_id=str(pk),
                object_repr=str(text)[:200],
                action_flag=CHANGE,
                change_message=str(message),
            )
            for pk, text, message in entries
        ],
        batch_size=1000,
    )
