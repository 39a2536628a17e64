import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.dispatch import Signal, receiver

from disclosure.models.calendar import CalendarYear, DayException, forget_work_calendar
from disclosure.models.catalogue import (
    Attachment,
    AttachmentTextStatus,
    Category,
    Disclosure,
)
from disclosure.models.organizations import Organization
from disclosure.search.extract import READ_EXTENSIONS as TEXT_READ_EXTENSIONS
from disclosure.services.catalogue_cache import (
    catalogue_changed,
    catalogue_changed_after_commit,
)

# Sent after commit whenever the official calendar changed (a day or a year entered,
# edited or deleted, years added from the package). Apps that store dates computed on
# the calendar listen to it; disclosure itself knows nothing about them.
# Keyword arguments: `using` (the database alias), `during_migrate` (True when sent from
# post_migrate, where the listeners' tables may not exist yet).
calendar_changed = Signal()


class _Announcement:
    """One pending `calendar_changed` for the current transaction."""

    def __init__(self):
        self.sent = False

    def __call__(self):
        self.sent = True
        forget_work_calendar()
        calendar_changed.send(sender=CalendarYear, using="default", during_migrate=False)


_pending = threading.local()


def announce_calendar_change() -> None:
    """Send `calendar_changed` once after the current transaction commits (at once outside one).

    Entering a year's schedule saves many rows in one transaction; the listeners
    recompute once, after all of them. An announcement already waiting for this
    transaction's commit covers the later changes too (it runs after them).
    """
    connection = transaction.get_connection()
    waiting = getattr(_pending, "announcement", None)
    if (
        connection.in_atomic_block
        and waiting is not None
        and not waiting.sent
        and any(entry[1] is waiting for entry in connection.run_on_commit)
    ):
        return
    _pending.announcement = _Announcement()
    # Robust: the calendar change is committed; a listener's failure is logged, not raised
    # into the request that saved it.
    transaction.on_commit(_pending.announcement, robust=True)


@receiver([post_save, post_delete], sender=DayException)
@receiver([post_save, post_delete], sender=CalendarYear)
def _calendar_changed(instance, using="default", **kwargs):
    # Forget now and again after commit: a request in between could cache the old calendar.
    forget_work_calendar()
    transaction.on_commit(forget_work_calendar, using=using)
    if using == "default":
        announce_calendar_change()
        year = instance.date.year if isinstance(instance, DayException) else instance.year
        _recount_after_commit(year)


class _Recount:
    """One pending recount of 第二十六条 counts for the current transaction, over its years."""

    def __init__(self):
        self.years: set[int] = set()

    def __call__(self):
        from disclosure.services.reference_data import recount_publication_delays

        forget_work_calendar()
        # A period can straddle the new year: the year before is recounted too.
        recount_publication_delays({y for x in self.years for y in (x - 1, x)}, only_missing=False)


def _recount_after_commit(year: int) -> None:
    """Recount the stored 第二十六条 working days of disclosures around a changed year, once
    per transaction however many days of it were saved."""
    connection = transaction.get_connection()
    waiting = getattr(_pending, "recount", None)
    # Reuse the recount already waiting for this transaction's commit; one left over from
    # a transaction that was rolled back is no longer in the queue and must not be reused.
    if not (
        connection.in_atomic_block
        and waiting is not None
        and any(entry[1] is waiting for entry in connection.run_on_commit)
    ):
        waiting = _pending.recount = _Recount()
        transaction.on_commit(waiting, robust=True)
    waiting.years.add(year)


def _delete_file_after_commit(storage, name: str, using: str) -> None:
    # After commit: a rolled-back delete keeps its row, so it must keep its file too.
    # Robust: the record is gone either way; a file that could not be removed is logged.
    if name:
        transaction.on_commit(lambda: storage.delete(name), using=using, robust=True)


@receiver([post_save, post_delete], sender=Disclosure)
@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Organization)
def _catalogue_changed(sender, using="default", raw=False, **kwargs):
    """A disclosure published, withdrawn, edited or deleted (or a column or organization
    changed): the cached year choices, counts and list totals are stale once it commits.
    Bulk paths that send no signals call `catalogue_changed()` themselves.

    Stale now and again after commit (like the work calendar above): a request in between
    could cache the old catalogue under the new version.
    """
    catalogue_changed()
    catalogue_changed_after_commit(using=using)


@receiver(post_delete, sender=Attachment)
def _attachment_deleted(instance, using="default", **kwargs):
    # Also sent for each attachment when its disclosure is deleted (the cascade).
    _delete_file_after_commit(instance.file.storage, instance.file.name, using)


@receiver(pre_save, sender=Attachment)
def _attachment_file_replaced(instance, using="default", raw=False, **kwargs):
    if raw or instance.pk is None or not instance.file or instance.file._committed:
        return
    old = Attachment.objects.using(using).filter(pk=instance.pk).values_list("file", flat=True)
    for name in old:
        _delete_file_after_commit(instance.file.storage, name, using)


@receiver(pre_save, sender=Attachment)
def _attachment_text_stale(instance, using="default", raw=False, update_fields=None, **kwargs):
    """A new attachment, or a new file: its text (for the search) waits to be read again."""
    instance._text_reset = None
    if raw or (update_fields is not None and "file" not in update_fields):
        return
    if not instance._state.adding and instance.file and instance.file._committed:
        old = Attachment.objects.using(using).filter(pk=instance.pk).values_list("file", flat=True)
        if instance.file.name in old:
            return
    # An image or an archive has nothing to read: no job.
    instance._text_reset = (
        AttachmentTextStatus.PENDING
        if instance.extension in TEXT_READ_EXTENSIONS
        else AttachmentTextStatus.NO_TEXT
    )
    instance.extracted_text, instance.extracted_at = "", None
    instance.text_status = instance._text_reset


@receiver(post_save, sender=Attachment)
def _attachment_text_queued(instance, using="default", update_fields=None, **kwargs):
    """Read the text of a new or replaced file in a background job, once this commits."""
    status = getattr(instance, "_text_reset", None)
    if status is None:
        return
    instance._text_reset = None
    if update_fields is not None and "text_status" not in update_fields:
        Attachment.objects.using(using).filter(pk=instance.pk).update(
            extracted_text="", extracted_at=None, text_status=status
        )
    if status == AttachmentTextStatus.PENDING:
        from disclosure.jobs.attachment_text import extract_after_commit

        extract_after_commit(instance.pk, using=using)


@receiver(post_migrate)
def _prefill(sender, app_config=None, using="default", **kwargs):
    """Fill reference data the first time the tables exist; never overwrite staff edits."""
    if app_config is None or app_config.label != "disclosure":
        return
    from disclosure.services.reference_data import ensure_channels, sync_calendar_from_package

    ensure_channels(using=using)
    added = sync_calendar_from_package(using=using)
    if added:
        forget_work_calendar()
        calendar_changed.send(sender=CalendarYear, using=using, during_migrate=True)
