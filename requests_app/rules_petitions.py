"""Pure rules for petitions and proposals: deadlines, percentages, shares. No database."""

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

# 集体访: the seed report (and the usual 信访 statistics) count a visit by five or
# more persons as a collective visit (群访).
COLLECTIVE_VISIT_MIN_PERSONS = 5

# 信访工作条例（2022）第二十二条第一款、第二十三条第三款 (and 信访条例（2005）第二十一条、
# 第二十二条 before it): decide and tell the petitioner "在15日内" / "自收到之日起15日内".
# These are calendar days: the same article counts other periods in 工作日 ("5个工作日内")
# when it means working days. As for every period counted in days, the day of
# receipt is not counted (民法典第二百零一条), so the last day is receipt + 15.
ACCEPTANCE_PERIOD_DAYS = 15

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def acceptance_deadline(received_on: date) -> date:
    """The last day on which the decision whether to accept is still in time."""
    return received_on + timedelta(days=ACCEPTANCE_PERIOD_DAYS)


def is_accepted_in_time(received_on: date, decided_on: date) -> bool:
    return decided_on <= acceptance_deadline(received_on)


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it has fewer days.

    "三个月内" from 31 March ends on 30 June.
    """
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


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
