"""Abstract models every app builds on. Abstract only: core is no Django app and owns no table."""

from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditedModel(models.Model):
    """When a record was created and last changed, and by which member of staff.

    `created_by`/`updated_by` stay empty for what the public submits and for
    imports without a user; the admin fills them (AuthorTrackingAdminMixin), services
    take them as `by=`.
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class YearlySequence(models.Model):
    """The last serial handed out for one key (a prefix, an organization) and year.

    Concrete subclasses add their key field(s) and a unique constraint over key and
    year; `next_serial` and `advance_to` are the one allocator of yearly numbers
    (索引号, 受理编号): the row is locked (select_for_update) until the caller's
    transaction ends, so concurrent callers get distinct serials.
    """

    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @classmethod
    def _locked(cls, year: int, key: dict):
        try:
            with transaction.atomic():
                cls.objects.get_or_create(year=year, **key)
        except IntegrityError:
            pass  # another transaction created it first; lock it below
        return cls.objects.select_for_update().get(year=year, **key)

    @classmethod
    def next_number(
        cls,
        *,
        year: int,
        key: dict,
        render: Callable[[int], str],
        taken: Callable[[str], bool] | None = None,
    ) -> str:
        """The next number `render(serial)` that `taken` does not refuse.

        Call inside the transaction that saves the record carrying the number.
        `taken(number)` says whether a number is already used by a record that did
        not come from this sequence (imported history in the same format); such
        numbers are skipped rather than handed out twice.
        """
        with transaction.atomic():
            seq = cls._locked(year, key)
            while True:
                seq.last += 1
                number = render(seq.last)
                if taken is None or not taken(number):
                    break
            seq.save(update_fields=["last"])
        return number

    @classmethod
    def advance_to(cls, *, year: int, key: dict, serial: int) -> None:
        """Move the sequence past `serial` (a number typed in or imported), if behind."""
        with transaction.atomic():
            seq = cls._locked(year, key)
            if seq.last < serial:
                seq.last = serial
                seq.save(update_fields=["last"])


class RecordEvent(models.Model):
    """One step in a record's life and who took it, in an append-only log.

    A concrete log adds the foreign key to its record (named by `record_field`), a
    `kind` with its TextChoices (`Kind`, which has REGISTERED, IMPORTED, EDITED and
    REIMPORTED among its steps) and a CheckConstraint on it. Services append to it;
    nothing updates or deletes an entry.
    """

    record_field: str = ""
    Kind: type[models.TextChoices]

    # The date of the step (the date of the decision, of the reply…), not of its recording.
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_kind_display()} {self.on}"

    @classmethod
    def append(cls, record, kind: str, *, by, on=None, data: dict | None = None):
        """Add a step; `by` is empty for what the public did."""
        return cls.objects.create(
            **{cls.record_field: record},
            kind=kind,
            on=on or timezone.localdate(),
            by=by if getattr(by, "pk", None) else None,
            data=data or {},
        )

    @classmethod
    def append_saved(cls, record, *, by, created: bool, fields=(), imported: bool = False):
        """Log a record the admin form or an import saved: registered (or imported), or
        `fields` edited (or updated by an import). Nothing for an edit that changed nothing."""
        if created:
            return cls.append(record, cls.Kind.IMPORTED if imported else cls.Kind.REGISTERED, by=by)
        fields = sorted(set(fields))
        if not fields:
            return None
        kind = cls.Kind.REIMPORTED if imported else cls.Kind.EDITED
        return cls.append(record, kind, by=by, data={"fields": fields})
