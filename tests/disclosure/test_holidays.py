"""The provisional schedule: statutory holidays of the 全国年节及纪念日放假办法 and their 补假.

Checked against the official schedules the chinesecalendar package carries (2004–2026):
every statutory day computed here is a holiday there, and the provisional days off are
days off there too, but for two 补假 that the State Council placed elsewhere. The
official schedules differ from the provisional ones by their 调休 arrangements only.
"""

from datetime import date

import pytest
from chinese_calendar import constants, is_holiday

from disclosure import holidays
from disclosure.holidays import festivals, provisional_days_off, rules_for, statutory_days

D = date.fromisoformat
OFFICIAL_YEARS = range(2004, 2027)


def official_weekdays_off(year):
    return {d for d in constants.holidays if d.year == year and d.weekday() < 5}


def test_lunar_dates_and_the_solar_term_are_computed():
    # Known dates of 春节 (正月初一), 清明, 端午 and 中秋 in the years ahead.
    expected = {
        2027: ("2027-02-06", "2027-04-05", "2027-06-09", "2027-09-15"),
        2028: ("2028-01-26", "2028-04-04", "2028-05-28", "2028-10-03"),
        2030: ("2030-02-03", "2030-04-05", "2030-06-05", "2030-09-12"),
    }
    for year, (spring, qingming, dragon_boat, mid_autumn) in expected.items():
        found = dict(festivals(year))
        assert D(spring) in found[holidays.SPRING_FESTIVAL]
        assert found[holidays.QINGMING] == [D(qingming)]
        assert found[holidays.DRAGON_BOAT] == [D(dragon_boat)]
        assert found[holidays.MID_AUTUMN] == [D(mid_autumn)]


def test_the_2024_amendment_governs_from_2025():
    # 国务院令第795号: 春节 from 除夕 (4 days), 劳动节 2 days.
    assert rules_for(2025).decree == "国务院令第795号"
    assert rules_for(2024).decree == "国务院令第644号"
    days_2027 = statutory_days(2027)
    assert [d for d, name in days_2027.items() if name == holidays.SPRING_FESTIVAL] == [
        D("2027-02-05"),  # 除夕
        D("2027-02-06"),
        D("2027-02-07"),
        D("2027-02-08"),
    ]
    assert days_2027[D("2027-05-02")] == holidays.LABOUR_DAY
    assert len(days_2027) == 13
    # 2024 (2013 amendment): 初一 to 初三 only, 劳动节 one day.
    assert D("2024-02-09") not in statutory_days(2024)  # 除夕 was not a statutory day
    assert D("2024-05-02") not in statutory_days(2024)
    assert len(statutory_days(2024)) == 11


def test_provisional_2027_by_hand():
    # 元旦 Fri 1 Jan. 春节 除夕 Fri 5 Feb, 初一–初二 on the weekend, 初三 Mon 8 Feb: two
    # days of 补假 on Tue 9 and Wed 10 Feb. 清明 Mon 5 Apr. 劳动节 Sat–Sun 1–2 May: 补假
    # Mon 3 and Tue 4 May. 端午 Wed 9 Jun. 中秋 Wed 15 Sep. 国庆 Fri 1 Oct, Sat–Sun 2–3 Oct:
    # 补假 Mon 4 and Tue 5 Oct. No 调休 workday.
    assert list(provisional_days_off(2027)) == [
        D(d)
        for d in (
            "2027-01-01",
            "2027-02-05",
            "2027-02-08",
            "2027-02-09",
            "2027-02-10",
            "2027-04-05",
            "2027-05-03",
            "2027-05-04",
            "2027-06-09",
            "2027-09-15",
            "2027-10-01",
            "2027-10-04",
            "2027-10-05",
        )
    ]
    assert provisional_days_off(2027)[D("2027-02-09")] == "春节补假"


def test_a_holiday_on_a_weekend_is_made_up_on_the_next_working_day():
    # 元旦 2028 is a Saturday: Monday 3 January. 端午 2028 is Sunday 28 May: Monday 29 May.
    off = provisional_days_off(2028)
    assert D("2028-01-03") in off and D("2028-01-01") not in off
    assert off[D("2028-05-29")] == "端午节补假"


def test_two_holidays_on_one_day_give_a_day_each():
    # 2028: 中秋 on 3 Oct, inside 国庆 (Sun 1 – Tue 3 Oct): 补假 for Sunday on Wed 4 Oct and
    # for 中秋 on Thu 5 Oct. 2020 had 国庆 and 中秋 on 1 Oct; the State Council's notice gave
    # four weekdays net (1 Oct–8 Oct off, 27 Sep and 10 Oct worked), as computed here.
    off = provisional_days_off(2028)
    assert [d for d in off if d.month == 10] == [D(f"2028-10-0{k}") for k in (2, 3, 4, 5)]
    off_2020 = [d for d in provisional_days_off(2020) if d.month == 10]
    assert off_2020 == [D("2020-10-01"), D("2020-10-02"), D("2020-10-05"), D("2020-10-06")]


@pytest.mark.parametrize("year", OFFICIAL_YEARS)
def test_every_statutory_day_is_a_holiday_in_the_official_schedule(year):
    for day, name in statutory_days(year).items():
        # A day off there: a holiday, or a weekend day that is not a 调休 workday.
        assert is_holiday(day), f"{day} ({name}) is worked in {year}"


@pytest.mark.parametrize("year", OFFICIAL_YEARS)
def test_provisional_days_off_are_official_days_off(year):
    # Two exceptions: the State Council gave 端午 2012 (Sat 23 Jun) its day on Friday
    # 22 Jun instead of Monday 25 Jun, and folded 中秋 2015 (Sun 27 Sep) into the 国庆
    # week instead of Monday 28 Sep. The number of days off is the same.
    placed_elsewhere = {D("2012-06-25"), D("2015-09-28")}
    extra = set(provisional_days_off(year)) - official_weekdays_off(year)
    assert extra <= placed_elsewhere


def test_no_year_outside_the_known_rules():
    with pytest.raises(ValueError):
        rules_for(1999)
    with pytest.raises(ValueError):
        provisional_days_off(2101)
