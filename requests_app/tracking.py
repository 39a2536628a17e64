import re
import secrets
from collections.abc import Callable, Iterable

from django.db import models, transaction

from core.models import YearlySequence

# Letters and digits without the ones people confuse when reading a code aloud (0/O, 1/I/L).
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 10


class TrackingSequence(YearlySequence):
    """Last serial handed out per prefix (e.g. "ZLJ" or "ZLJ-XF") and year."""

    prefix = models.CharField(max_length=40)

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
    return TrackingSequence.next_number(
        year=year,
        key={"prefix": prefix},
        render=lambda serial: f"{prefix}-{year}-{serial:0{width}d}",
        taken=taken,
    )


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
    # A fixed order, so that two imports never lock the same rows in opposite orders.
    with transaction.atomic():
        for (prefix, year), serial in sorted(highest.items()):
            TrackingSequence.advance_to(year=year, key={"prefix": prefix}, serial=serial)


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))
