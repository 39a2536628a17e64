"""Working-day arithmetic on the official calendar (法定节假日 and 调休 workdays).

Pure: no database. A `WorkCalendar` holds the years whose schedule is known and
the days that break the Monday–Friday rule. Periods in the 条例 ("自收到申请之日
起20个工作日内") are counted from the day after the start date, so
`add_workdays(cal, D, 1)` is the first working day after D.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _


class CalendarNotCovered(Exception):
    """The official schedule of a year is not in the calendar: refuse to guess."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "The official working-day calendar has no schedule for %(year)s yet; "
                "enter that year's holidays and 调休 workdays in the admin first."
            )
            % {"year": year}
        )


@dataclass(frozen=True)
class WorkCalendar:
    covered_years: frozenset[int]
    exceptions: Mapping[date, bool] = field(default_factory=dict)

    @classmethod
    def build(cls, years: Iterable[int], exceptions: Mapping[date, bool]) -> "WorkCalendar":
        return cls(frozenset(years), dict(exceptions))

    def covers(self, year: int) -> bool:
        return year in self.covered_years

    def is_workday(self, day: date) -> bool:
        if day.year not in self.covered_years:
            raise CalendarNotCovered(day.year)
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
