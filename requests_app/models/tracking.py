import secrets

from django.db import IntegrityError, models, transaction

# Letters and digits without the ones people confuse when reading a code aloud (0/O, 1/I/L).
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 10


class TrackingSequence(models.Model):
    """Last serial handed out per prefix (e.g. "ZLJ" or "ZLJ-XF") and year."""

    prefix = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="tracking_sequence_unique")
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last}"


def next_tracking_number(prefix: str, year: int, *, width: int = 6) -> str:
    """`<PREFIX>-<year>-<serial>`, unique under concurrency.

    The sequence row is locked for the rest of the caller's transaction, so
    call this inside the transaction that saves the record that carries it.
    """
    prefix = prefix.upper()
    with transaction.atomic():
        try:
            with transaction.atomic():
                TrackingSequence.objects.get_or_create(prefix=prefix, year=year)
        except IntegrityError:
            pass  # another transaction created it first; lock it below
        seq = TrackingSequence.objects.select_for_update().get(prefix=prefix, year=year)
        seq.last += 1
        seq.save(update_fields=["last"])
    return f"{prefix}-{year}-{seq.last:0{width}d}"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))
