"""Who did what to a record, kept in the admin's history (django.contrib.admin LogEntry)."""

from django.contrib.admin.models import CHANGE, LogEntry
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
