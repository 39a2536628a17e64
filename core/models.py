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
    year; `next_number` (one), `next_numbers`/`allocate` (a block, for bulk imports) and
    `advance_to` are the one allocator of yearly numbers (索引号, 受理编号): the row is
    locked (select_for_update) until the caller's transaction ends, so concurrent callers
    get distinct serials.
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
    def allocate(cls, *, year: int, key: dict, count: int) -> range:
        """Reserve `count` consecutive serials at once (bulk imports), under the same lock.

        Call inside the transaction that saves the records: the row stays locked until it
        ends, so a concurrent caller continues after the block.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        with transaction.atomic():
            seq = cls._locked(year, key)
            first = seq.last + 1
            if count:
                seq.last += count
                seq.save(update_fields=["last"])
        return range(first, first + count)

    @classmethod
    def next_numbers(
        cls,
        *,
        year: int,
        key: dict,
        count: int,
        render: Callable[[int], str],
        taken_among: Callable[[list[str]], set[str]] | None = None,
    ) -> list[str]:
        """`count` numbers in the order `next_number` would give them one by one.

        `taken_among(numbers)` returns those of `numbers` already used (one query for a
        whole block instead of one per number); they are skipped, and the block is
        topped up until `count` free numbers are found.
        """
        return cls.next_numbers_in_blocks([(year, key, count, render)], taken_among=taken_among)[0]

    @classmethod
    def next_numbers_in_blocks(
        cls,
        requests: list[tuple[int, dict, int, Callable[[int], str]]],
        *,
        taken_among: Callable[[list[str]], set[str]] | None = None,
    ) -> list[list[str]]:
        """`next_numbers` for many sequences at once: for each (year, key, count, render),
        its numbers, in a few queries whatever the number of sequences (bulk imports).
        Every key names the same fields (those of the subclass's unique constraint).

        Missing sequence rows are created in one insert, all of them are locked in one
        query (in primary-key order, so that two callers cannot deadlock), the candidates
        of every block are checked in one call of `taken_among`, and the new positions
        are written in one update.
        """

        def ident(year: int, key: dict) -> tuple:
            return (year, *sorted(key.items()))

        wanted = [r for r in requests if r[2] > 0]
        results: list[list[str]] = [[] for _ in requests]
        if not wanted:
            return results
        with transaction.atomic():
            cls.objects.bulk_create(
                [cls(year=year, **key) for year, key, _count, _render in wanted],
                ignore_conflicts=True,
            )
            # One query whatever the number of sequences: every row of the years and keys
            # asked for (a few more than needed, which is harmless), in one fixed order.
            names = list(wanted[0][1])
            condition = models.Q(year__in={r[0] for r in wanted})
            for name in names:
                condition &= models.Q(**{f"{name}__in": {r[1][name] for r in wanted}})
            rows = {
                ident(seq.year, {name: getattr(seq, name) for name in names}): seq
                for seq in cls.objects.select_for_update().filter(condition).order_by("pk")
            }
            pending = [i for i, r in enumerate(requests) if r[2] > 0]
            while pending:
                candidates: dict[int, list[str]] = {}
                for i in pending:
                    year, key, count, render = requests[i]
                    seq = rows[ident(year, key)]
                    need = count - len(results[i])
                    candidates[i] = [render(s) for s in range(seq.last + 1, seq.last + 1 + need)]
                    seq.last += need
                every = [n for numbers in candidates.values() for n in numbers]
                taken = taken_among(every) if taken_among is not None else set()
                for i, numbers in candidates.items():
                    results[i].extend(n for n in numbers if n not in taken)
                pending = [i for i in pending if len(results[i]) < requests[i][2]]
            cls.objects.bulk_update(list(rows.values()), ["last"])
        return results

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
