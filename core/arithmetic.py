"""Rates, percentage changes and shares as the reports print them: two decimals, half up.

Pure arithmetic, no database; used by every part of the annual report.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_change(current: int | Decimal, previous: int | Decimal) -> Decimal | None:
    """Change against the previous year in percent, two decimals; None if the previous is 0."""
    if not previous:
        return None
    return quantize((Decimal(current) - Decimal(previous)) * HUNDRED / Decimal(previous))


def rate(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, two decimals; None when there is nothing to divide."""
    if not whole:
        return None
    return quantize(Decimal(part) * HUNDRED / Decimal(whole))


def points_change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Difference of two percentages in percentage points; None if either is missing."""
    if current is None or previous is None:
        return None
    return quantize(current - previous)


def largest_remainder_shares(counts: Sequence[int], places: int = 2) -> list[Decimal | None]:
    """Shares of the total in percent that add up to exactly 100 (Hamilton's method).

    Each share is first rounded down to `places` decimals; the units still missing
    from 100 go to the largest remainders (ties: the larger count, then the
    earlier position), so 1/3 each gives 33.34, 33.33, 33.33. With a total of zero
    there are no shares: every entry is None.
    """
    total = sum(counts)
    if total <= 0:
        return [None] * len(counts)
    if any(c < 0 for c in counts):
        raise ValueError("counts must not be negative")
    scale = 10**places
    units_total = 100 * scale
    floors = []
    remainders = []
    for c in counts:
        units, remainder = divmod(c * units_total, total)
        floors.append(units)
        remainders.append(remainder)
    missing = units_total - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], -counts[i], i))
    for i in order[:missing]:
        floors[i] += 1
    unit = Decimal(1).scaleb(-places)
    return [Decimal(u) * unit for u in floors]


@dataclass(frozen=True)
class Change:
    """A figure of the year against the year before."""

    current: int
    previous: int
    percent: Decimal | None  # None when the year before had none

    @classmethod
    def of(cls, current: int, previous: int) -> "Change":
        return cls(current, previous, percent_change(current, previous))

    @property
    def difference(self) -> int:
        return self.current - self.previous


@dataclass(frozen=True)
class RateChange:
    """A rate of the year against the year before: in percentage points and in percent."""

    current: Decimal | None
    previous: Decimal | None

    @property
    def points(self) -> Decimal | None:
        return points_change(self.current, self.previous)

    @property
    def percent(self) -> Decimal | None:
        if self.current is None:
            return None
        return percent_change(self.current, self.previous or 0)
