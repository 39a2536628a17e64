"""Working-day arithmetic on the official calendar (法定节假日 and 调休 workdays).

Pure: no database. A `WorkCalendar` holds the years whose schedule is known and
the days that break the Monday–Friday rule. Periods in the 条例 ("自收到申请之日
起20个工作日内") are counted from the day after the start date, so
`add_workdays(cal, D, 1)` is the first working day after D.

A year whose State Council arrangement is not entered is counted on the
provisional schedule of `disclosure.holidays` (the statutory holidays and their
补假, no 调休): a date never runs out, and `provisional_years` tells which of
the counted days' years are provisional, so that callers mark the result 暂定.
Only a year the 办法 cannot be computed for (before 2000, after 2100) raises
`CalendarNotCovered`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from disclosure import holidays


class CalendarNotCovered(Exception):
    """A year neither entered nor computable (outside 2000–2100): refuse to guess."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "The working-day calendar cannot count in %(year)s: that year is not entered "
                "and lies outside %(first)s–%(last)s, the years the holiday rules are known for."
            )
            % {"year": year, "first": holidays.FIRST_YEAR, "last": holidays.LAST_YEAR}
        )


@dataclass(frozen=True)
class WorkCalendar:
    covered_years: frozenset[int]
    exceptions: Mapping[date, bool] = field(default_factory=dict)

    @classmethod
    def build(cls, years: Iterable[int], exceptions: Mapping[date, bool]) -> "WorkCalendar":
        return cls(frozenset(years), dict(exceptions))

    def covers(self, year: int) -> bool:
        """Whether the State Council's arrangement of `year` is entered."""
        return year in self.covered_years

    def is_provisional(self, year: int) -> bool:
        """Whether `year` is counted on the provisional schedule (not entered yet)."""
        return year not in self.covered_years

    def provisional_years(self, start: date, end: date) -> tuple[int, ...]:
        """The provisional years among the days after `start` up to and including `end`
        (the days a count from `start` to `end` looks at, in either direction)."""
        if end < start:
            start, end = end, start
        if end == start:
            return ()
        first = (start + timedelta(days=1)).year
        return tuple(y for y in range(first, end.year + 1) if y not in self.covered_years)

    def is_workday(self, day: date) -> bool:
        if day.year not in self.covered_years:
            if not holidays.FIRST_YEAR <= day.year <= holidays.LAST_YEAR:
                raise CalendarNotCovered(day.year)
            return day.weekday() < 5 and day not in holidays.provisional_days_off(day.year)
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5


def add_workdays(cal: WorkCalendar, start: date, n: int) -> date:
    """The date that is the n-th working day after `start` (n >= 0; 0 gives `start`)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if cal.is_workday(day):
            remaining -= 1
    return day


def workdays_between(cal: WorkCalendar, start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative if end < start)."""
    if end < start:
        return -workdays_between(cal, end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if cal.is_workday(day):
            count += 1
    return count


def provisional_note(years: Iterable[int]) -> str:
    """For staff: why a date counted over `years` is 暂定 (one sentence)."""
    return _(
        "Provisional (暂定): the holiday arrangement for %(years)s is not entered; the "
        "statutory holidays of the 全国年节及纪念日放假办法 and their 补假 were counted "
        "(no 调休), and the date may change once the year is entered."
    ) % {"years": ", ".join(str(y) for y in sorted(years))}
