import re
import secrets
from collections.abc import Callable, Iterable

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


# `<PREFIX>-<year>-<serial>` as `next_tracking_number` writes it; the prefix may itself
# contain hyphens ("ZLJ-XF"), so it is matched lazily up to the first "-<4 digits>-".
TRACKING_NUMBER_RE = re.compile(
    r"(?P<prefix>[A-Z0-9][A-Z0-9-]*?)-(?P<year>\d{4})-(?P<serial>\d{1,9})"
)


def _locked_sequence(prefix: str, year: int) -> TrackingSequence:
    """The (prefix, year) row, created if missing, locked until the caller's transaction ends."""
    try:
        with transaction.atomic():
            TrackingSequence.objects.get_or_create(prefix=prefix, year=year)
    except IntegrityError:
        pass  # another transaction created it first; lock it below
    return TrackingSequence.objects.select_for_update().get(prefix=prefix, year=year)


def next_tracking_number(
    prefix: str,
    year: int,
    *,
    width: int = 6,
    taken: Callable[[str], bool] | None = None,
) -> str:
    """`<PREFIX>-<year>-<serial>`, unique under concurrency.

    The sequence row is locked for the rest of the caller's transaction, so
    call this inside the transaction that saves the record that carries it.
    `taken(number)` says whether a number is already used by a record that did
    not come from this sequence (imported history in the same format); such
    numbers are skipped rather than handed out twice.
    """
    prefix = prefix.upper()
    with transaction.atomic():
        seq = _locked_sequence(prefix, year)
        while True:
            seq.last += 1
            number = f"{prefix}-{year}-{seq.last:0{width}d}"
            if taken is None or not taken(number):
                break
        seq.save(update_fields=["last"])
    return number


def advance_tracking_sequences(numbers: Iterable[str]) -> None:
    """Move each sequence past the numbers given that are in its own format.

    For imported records: a number such as `ZLJ-2026-000001` typed in by hand
    would otherwise be handed out again by `next_tracking_number`. Each row is
    locked, so a concurrent `next_tracking_number` either ran before (and its
    number is then in the database, refused by the unique constraint of the
    importing transaction) or waits and continues after the imported serials.
    Call inside the transaction that saves the records.
    """
    highest: dict[tuple[str, int], int] = {}
    for number in numbers:
        match = TRACKING_NUMBER_RE.fullmatch((number or "").strip())
        if match is None:
            continue
        key = (match["prefix"], int(match["year"]))
        highest[key] = max(highest.get(key, 0), int(match["serial"]))
    with transaction.atomic():
        # A fixed order, so that two imports never lock the same rows in opposite orders.
        for (prefix, year), serial in sorted(highest.items()):
            seq = _locked_sequence(prefix, year)
            if seq.last < serial:
                seq.last = serial
                seq.save(update_fields=["last"])


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))
