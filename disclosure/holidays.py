"""The statutory holidays of the 全国年节及纪念日放假办法, computed for any year. Pure: no database.

The official calendar (`disclosure.models.calendar`) holds the years whose
arrangement the State Council has published (国务院办公厅关于某年部分节假日安排的
通知): the days off and the 调休 weekend workdays. A year not entered yet is
counted on a **provisional** schedule computed here from the 办法 alone:

- 第二条: the holidays of all citizens, in the version in force that year
  (`RULES`; the 2024 amendment, 国务院令第795号, from 2025: 元旦 1 day, 春节 4 days
  from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3). Lunar dates and the 清明 solar
  term are computed astronomically by `lunar_python`, never typed in.
- 第六条: "全体公民放假的假日，如果适逢周六、周日，应当在工作日补假". Each holiday day on
  a Saturday or Sunday gives one day off on the next working day after that
  festival's holidays (where the State Council's notices usually place it: 元旦
  on a Sunday → Monday 2 January off). Two holidays on the same day (中秋 on
  1–3 October, as in 2020 and 2028) give a day too: the notice for 2020 gave
  国庆 and 中秋 together eight days, one more than 国庆 alone. This reading is
  ours; the State Council's notice has the last word when it comes.
- No 调休 workday is made up: 调休 is arranged by the State Council year by
  year, and only its notice sets those days.

The provisional schedule therefore has the same number of days off as the
official one will usually have (the notice moves days around, it rarely adds
any), but not on the same dates: a date counted over it is marked 暂定 until
the year is entered.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

from lunar_python import Lunar

# The years the provisional schedule can be computed for: those the calendar table accepts
# (`CalendarYear`'s check constraint), all under the 1999 version of the 办法 or a later one.
FIRST_YEAR = 2000
LAST_YEAR = 2100

NEW_YEAR = "元旦"
SPRING_FESTIVAL = "春节"
QINGMING = "清明节"
LABOUR_DAY = "劳动节"
DRAGON_BOAT = "端午节"
MID_AUTUMN = "中秋节"
NATIONAL_DAY = "国庆节"


@dataclass(frozen=True)
class Rules:
    """第二条 of one version of the 办法: which festivals, how many days."""

    effective_from: int  # the first whole year it governs
    decree: str
    # Days of 春节 as offsets from 正月初一 (-1 is 除夕).
    spring_festival: tuple[int, ...]
    labour_days: int
    # 清明, 端午 and 中秋 (one day each) were added in 2008.
    lunar_festivals: bool


RULES = (
    # 1999 amendment, in force from 18 September 1999.
    Rules(1999, "国务院令第270号", (0, 1, 2), labour_days=3, lunar_festivals=False),
    # 2007 amendment, from 1 January 2008: 除夕 to 初二; 清明, 端午, 中秋 added.
    Rules(2008, "国务院令第513号", (-1, 0, 1), labour_days=1, lunar_festivals=True),
    # 2013 amendment, from 1 January 2014: 初一 to 初三.
    Rules(2014, "国务院令第644号", (0, 1, 2), labour_days=1, lunar_festivals=True),
    # 2024 amendment, from 1 January 2025: 除夕 to 初三; 劳动节 two days.
    Rules(2025, "国务院令第795号", (-1, 0, 1, 2), labour_days=2, lunar_festivals=True),
)


def rules_for(year: int) -> Rules:
    """The version of the 办法 that governs `year`."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return [r for r in RULES if r.effective_from <= year][-1]


def _solar(lunar: Lunar) -> date:
    s = lunar.getSolar()
    return date(s.getYear(), s.getMonth(), s.getDay())


def _qingming(year: int) -> date:
    # The solar term of the Gregorian year: 清明 falls in early April, inside the lunar year
    # that begins at that year's 春节, whose table of solar terms is keyed by name.
    s = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return date(s.getYear(), s.getMonth(), s.getDay())


def festivals(year: int) -> list[tuple[str, list[date]]]:
    """第二条: each festival of all citizens in `year` with its days off, in date order."""
    rules = rules_for(year)
    new_year_of_lunar = _solar(Lunar.fromYmd(year, 1, 1))
    found = [
        (NEW_YEAR, [date(year, 1, 1)]),
        (
            SPRING_FESTIVAL,
            [new_year_of_lunar + timedelta(days=k) for k in rules.spring_festival],
        ),
        (LABOUR_DAY, [date(year, 5, 1 + k) for k in range(rules.labour_days)]),
        (NATIONAL_DAY, [date(year, 10, 1 + k) for k in range(3)]),
    ]
    if rules.lunar_festivals:
        found += [
            (QINGMING, [_qingming(year)]),
            (DRAGON_BOAT, [_solar(Lunar.fromYmd(year, 5, 5))]),
            (MID_AUTUMN, [_solar(Lunar.fromYmd(year, 8, 15))]),
        ]
    return sorted(found, key=lambda item: item[1][0])


def statutory_days(year: int) -> dict[date, str]:
    """Every day of `year` that 第二条 makes a holiday, with its festival(s)."""
    days: dict[date, str] = {}
    for name, dates in festivals(year):
        for day in dates:
            days[day] = f"{days[day]}、{name}" if day in days else name
    return days


@lru_cache(maxsize=256)
def provisional_days_off(year: int) -> Mapping[date, str]:
    """The weekdays off in `year` by the 办法 alone: statutory holidays on a weekday, and
    第六条's 补假 for those on a weekend or on another holiday. Cached: pure and costly.

    """
    holidays = statutory_days(year)
    off: dict[date, str] = {d: name for d, name in holidays.items() if d.weekday() < 5}
    taken: set[date] = set()
    for name, dates in festivals(year):
        owed = 0
        for day in dates:
            if day.weekday() >= 5 or day in taken:
                owed += 1
            taken.add(day)
        day = max(dates)
        while owed:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in holidays and day not in off:
                off[day] = f"{name}补假"
                owed -= 1
    return MappingProxyType(dict(sorted(off.items())))
