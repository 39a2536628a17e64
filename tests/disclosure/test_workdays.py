"""The official working-day calendar: pure arithmetic, the database calendar, the command.

The pure tests build a `WorkCalendar` from the 2025 and 2026 schedules written
out below (国办发明电〔2024〕12号 and 国办发明电〔2025〕7号); every expected date
was counted by hand on a calendar, day by day, starting the day after D.
"""

import subprocess
import sys
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from disclosure.models import CalendarYear, DayException
from disclosure.models.calendar import load_work_calendar
from disclosure.services.reference_data import package_schedule, sync_calendar_from_package
from disclosure.workdays import (
    CalendarNotCovered,
    WorkCalendar,
    add_workdays,
    workdays_between,
)

D = date

HOLIDAYS_ON_WEEKDAYS = {
    2025: [
        D(2025, 1, 1),
        *(D(2025, 1, d) for d in (28, 29, 30, 31)),
        D(2025, 2, 3),
        D(2025, 2, 4),
        D(2025, 4, 4),
        D(2025, 5, 1),
        D(2025, 5, 2),
        D(2025, 5, 5),
        D(2025, 6, 2),
        *(D(2025, 10, d) for d in (1, 2, 3, 6, 7, 8)),
    ],
    2026: [
        D(2026, 1, 1),
        D(2026, 1, 2),
        *(D(2026, 2, d) for d in (16, 17, 18, 19, 20, 23)),
        D(2026, 4, 6),
        D(2026, 5, 1),
        D(2026, 5, 4),
        D(2026, 5, 5),
        D(2026, 6, 19),
        D(2026, 9, 25),
        *(D(2026, 10, d) for d in (1, 2, 5, 6, 7)),
    ],
}
# 调休: weekend days that are worked.
WEEKEND_WORKDAYS = {
    2025: [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)],
    2026: [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ],
}


def exceptions_for(*years):
    table = {}
    for year in years:
        table.update(dict.fromkeys(HOLIDAYS_ON_WEEKDAYS[year], False))
        table.update(dict.fromkeys(WEEKEND_WORKDAYS[year], True))
    return table


@pytest.fixture
def cal():
    return WorkCalendar.build({2025, 2026}, exceptions_for(2025, 2026))


# --- the literal schedule is the package's schedule ---------------------------------------


def test_written_out_schedule_matches_the_chinesecalendar_package():
    years, package = package_schedule()
    assert {2025, 2026} <= years
    from_package = {day: w for day, (w, _note) in package.items() if day.year in (2025, 2026)}
    assert from_package == exceptions_for(2025, 2026)


def test_written_out_schedule_is_made_of_weekday_holidays_and_weekend_workdays():
    for year in (2025, 2026):
        assert all(day.weekday() < 5 for day in HOLIDAYS_ON_WEEKDAYS[year])
        assert all(day.weekday() >= 5 for day in WEEKEND_WORKDAYS[year])


# --- is_workday -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 1, 26), True),  # Sunday, 调休 for the Spring Festival
        (D(2025, 2, 8), True),  # Saturday, 调休 for the Spring Festival
        (D(2025, 1, 28), False),  # Tuesday, 除夕
        (D(2025, 2, 9), False),  # an ordinary Sunday
        (D(2025, 2, 10), True),  # an ordinary Monday
        (D(2025, 9, 28), True),  # Sunday, 调休 for National Day
        (D(2025, 10, 8), False),  # Wednesday, last day of the National Day break
        (D(2025, 10, 11), True),  # Saturday, 调休 for National Day
        (D(2026, 1, 4), True),  # Sunday, 调休 for New Year's Day
        (D(2026, 2, 14), True),  # Saturday before the 2026 Spring Festival
        (D(2026, 2, 23), False),  # Monday, last day of the 9-day 2026 Spring Festival
        (D(2026, 2, 28), True),  # Saturday after the 2026 Spring Festival
        (D(2026, 9, 20), True),  # Sunday, 调休 for National Day
        (D(2026, 9, 25), False),  # Friday, Mid-autumn Festival
        (D(2026, 10, 10), True),  # Saturday, 调休 for National Day
    ],
)
def test_is_workday(cal, day, expected):
    assert cal.is_workday(day) is expected


def test_working_days_per_year(cal):
    # 261 weekdays in each year, minus the weekday holidays, plus the 调休 days.
    assert workdays_between(cal, D(2024, 12, 31), D(2025, 12, 31)) == 261 - 18 + 5 == 248
    assert workdays_between(cal, D(2025, 12, 31), D(2026, 12, 31)) == 261 - 19 + 6 == 248


# --- add_workdays across the holiday weeks --------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 2025 Spring Festival: 1-28..2-4 off, Sunday 1-26 and Saturday 2-8 worked.
        (D(2025, 1, 24), 1, D(2025, 1, 26)),
        (D(2025, 1, 24), 2, D(2025, 1, 27)),
        (D(2025, 1, 24), 3, D(2025, 2, 5)),
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        (D(2025, 1, 27), 1, D(2025, 2, 5)),
        (D(2025, 2, 7), 1, D(2025, 2, 8)),
        (D(2025, 2, 7), 2, D(2025, 2, 10)),
        (D(2025, 1, 20), 20, D(2025, 2, 21)),
        # 2026 Spring Festival: 2-15..2-23 off, Saturdays 2-14 and 2-28 worked.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 12), 20, D(2026, 3, 18)),
        # 2025 National Day: 10-1..10-8 off, Sunday 9-28 and Saturday 10-11 worked.
        (D(2025, 9, 26), 1, D(2025, 9, 28)),
        (D(2025, 9, 26), 3, D(2025, 9, 30)),
        (D(2025, 9, 26), 4, D(2025, 10, 9)),
        (D(2025, 9, 26), 6, D(2025, 10, 11)),
        (D(2025, 9, 26), 7, D(2025, 10, 13)),
        (D(2025, 9, 30), 20, D(2025, 11, 4)),
        # 2026 Mid-autumn and National Day: 9-25, 10-1..10-7 off; 9-20 and 10-10 worked.
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        (D(2026, 9, 24), 1, D(2026, 9, 28)),
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
        (D(2026, 9, 24), 20, D(2026, 10, 29)),
        # New Year 2026 across the year end: 1-1..1-3 off, Sunday 1-4 worked.
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
        (D(2025, 12, 31), 2, D(2026, 1, 5)),
        # Labour Day 2026: 5-1..5-5 off, Saturday 5-9 worked.
        (D(2026, 4, 30), 1, D(2026, 5, 6)),
        (D(2026, 4, 30), 4, D(2026, 5, 9)),
        (D(2026, 4, 30), 5, D(2026, 5, 11)),
    ],
)
def test_add_workdays(cal, start, n, expected):
    assert add_workdays(cal, start, n) == expected


def test_counting_starts_the_day_after_the_start_date(cal):
    # A Monday that is itself a working day is not counted.
    assert add_workdays(cal, D(2025, 3, 3), 1) == D(2025, 3, 4)
    # Received on a Saturday: the first working day is Monday.
    assert add_workdays(cal, D(2025, 3, 1), 1) == D(2025, 3, 3)
    # Received during the holiday: the first working day is the first one after it.
    assert add_workdays(cal, D(2025, 10, 1), 1) == D(2025, 10, 9)


def test_zero_workdays_is_the_start_date_itself(cal):
    assert add_workdays(cal, D(2025, 3, 3), 0) == D(2025, 3, 3)
    assert add_workdays(cal, D(2025, 10, 1), 0) == D(2025, 10, 1)  # even on a holiday


def test_negative_number_of_workdays_is_refused(cal):
    with pytest.raises(ValueError):
        add_workdays(cal, D(2025, 3, 3), -1)


# --- workdays_between -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 3, 3), D(2025, 3, 3), 0),
        (D(2025, 3, 3), D(2025, 3, 4), 1),
        (D(2025, 1, 24), D(2025, 2, 7), 5),
        (D(2025, 1, 27), D(2025, 2, 4), 0),  # the whole Spring Festival break
        (D(2025, 10, 1), D(2025, 10, 9), 1),
        (D(2026, 2, 13), D(2026, 2, 28), 6),
        (D(2026, 9, 24), D(2026, 10, 29), 20),
        (D(2025, 12, 31), D(2026, 1, 4), 1),
    ],
)
def test_workdays_between(cal, start, end, expected):
    assert workdays_between(cal, start, end) == expected


def test_workdays_between_backwards_is_negative(cal):
    assert workdays_between(cal, D(2025, 2, 7), D(2025, 1, 24)) == -5
    assert workdays_between(cal, D(2026, 10, 29), D(2026, 9, 24)) == -20


def test_add_and_between_are_inverse_over_two_whole_years(cal):
    for offset in range(0, 2 * 365 - 45, 3):
        start = D(2025, 1, 1) + timedelta(days=offset)
        for n in (0, 1, 2, 7, 15, 20):
            end = add_workdays(cal, start, n)
            assert workdays_between(cal, start, end) == n
            if n:
                assert cal.is_workday(end)
                # No earlier day reaches the same count: `end` is the first such day.
                assert workdays_between(cal, start, end - timedelta(days=1)) == n - 1


# --- years the calendar does not cover -----------------------------------------------------
# Issue 10 changed these expectations: a year not entered used to be refused
# (CalendarNotCovered); it is now counted on the provisional schedule of the 办法
# (disclosure.holidays) and named by `provisional_years`. Only a year outside what the
# holiday rules can compute is still refused.


def test_a_year_not_covered_is_counted_provisionally_not_refused():
    only_2025 = WorkCalendar.build({2025}, exceptions_for(2025))
    # After Wed 24 Dec 2025: 25–26 Dec 2, 29–31 Dec 5, (1 Jan 2026 元旦), 2 Jan 6, 5–8 Jan 10.
    # The official 2026 schedule has 2 Jan off too (调休); the provisional one does not.
    assert add_workdays(only_2025, D(2025, 12, 24), 10) == D(2026, 1, 8)
    assert only_2025.is_provisional(2026) and not only_2025.is_provisional(2025)
    assert only_2025.provisional_years(D(2025, 12, 24), D(2026, 1, 8)) == (2026,)
    assert only_2025.provisional_years(D(2025, 12, 1), D(2025, 12, 31)) == ()


def test_a_year_outside_the_holiday_rules_is_refused_not_guessed():
    cal = WorkCalendar.build({2100}, {})
    with pytest.raises(CalendarNotCovered) as excinfo:
        add_workdays(cal, D(2100, 12, 24), 10)
    assert excinfo.value.year == 2101
    with translation.override("en"):
        message = str(CalendarNotCovered(2101))
    assert message == (
        "The working-day calendar cannot count in 2101: that year is not entered and lies "
        "outside 2000–2100, the years the holiday rules are known for."
    )


def test_between_into_a_year_not_covered_is_counted_provisionally():
    only_2025 = WorkCalendar.build({2025}, exceptions_for(2025))
    # After Mon 1 Dec 2025: 2–5 Dec 4, 8–12 Dec 9, 15–19 Dec 14, 22–26 Dec 19, 29–31 Dec 22,
    # (1 Jan 元旦), 2 Jan 23, 5 Jan 24.
    assert workdays_between(only_2025, D(2025, 12, 1), D(2026, 1, 5)) == 24
    assert workdays_between(only_2025, D(2026, 1, 5), D(2025, 12, 1)) == -24
    assert only_2025.provisional_years(D(2026, 1, 5), D(2025, 12, 1)) == (2026,)


def test_is_workday_in_a_year_not_covered_follows_the_statutory_holidays():
    only_2025 = WorkCalendar.build({2025}, exceptions_for(2025))
    assert only_2025.is_workday(D(2026, 3, 2))  # an ordinary Monday
    assert not only_2025.is_workday(D(2026, 2, 16))  # 除夕 (2024 办法: 除夕 to 初三)
    assert not only_2025.is_workday(D(2026, 5, 4))  # 补假 for Sat 2 May (劳动节)
    assert not only_2025.is_workday(D(2026, 2, 14))  # no 调休 invented: Saturday stays off


def test_only_the_counted_days_need_to_be_covered():
    # D itself is never counted, so a deadline from 2024-12-31 needs only 2025.
    only_2025 = WorkCalendar.build({2025}, exceptions_for(2025))
    assert add_workdays(only_2025, D(2024, 12, 31), 1) == D(2025, 1, 2)
    assert only_2025.provisional_years(D(2024, 12, 31), D(2025, 1, 2)) == ()
    assert add_workdays(only_2025, D(2025, 12, 31), 0) == D(2025, 12, 31)
    assert only_2025.provisional_years(D(2025, 12, 31), D(2025, 12, 31)) == ()


# --- the calendar in the database ----------------------------------------------------------


@pytest.mark.django_db
def test_database_calendar_is_prefilled_from_the_package_for_2025_and_2026():
    cal = load_work_calendar()
    assert cal.covers(2025) and cal.covers(2026)
    stored = {day: w for day, w in cal.exceptions.items() if day.year in (2025, 2026)}
    assert stored == exceptions_for(2025, 2026)
    assert add_workdays(cal, D(2025, 1, 24), 5) == D(2025, 2, 7)


@pytest.mark.django_db
def test_deleting_a_calendar_year_makes_it_provisional():
    # Issue 10: used to refuse with CalendarNotCovered; now counted provisionally.
    CalendarYear.objects.filter(year=2026).delete()
    cal = load_work_calendar()
    assert not cal.covers(2026)
    assert cal.is_provisional(2026)
    assert add_workdays(cal, D(2025, 12, 24), 10) == D(2026, 1, 8)
    # The year's stored days are not used before the year is entered again: 2 Jan is a
    # holiday in the official 2026 schedule, not in the provisional one.
    assert DayException.objects.filter(date=D(2026, 1, 2), is_workday=False).exists()
    assert cal.is_workday(D(2026, 1, 2))


@pytest.mark.django_db
def test_calendar_cache_is_refreshed_when_a_day_exception_is_saved(
    django_assert_num_queries,
):
    monday = D(2026, 3, 2)
    assert load_work_calendar().is_workday(monday)
    with django_assert_num_queries(0):
        load_work_calendar()  # served from the cache
    day = DayException.objects.create(date=monday, is_workday=False, note="临时休假")
    assert not load_work_calendar().is_workday(monday)
    day.is_workday = True
    day.save()
    assert load_work_calendar().is_workday(monday)
    day.delete()
    assert D(2026, 3, 2) not in load_work_calendar().exceptions


@pytest.mark.django_db
def test_calendar_cache_is_refreshed_when_a_year_is_added():
    assert not load_work_calendar().covers(2099)
    CalendarYear.objects.create(year=2099)
    assert load_work_calendar().covers(2099)


@pytest.mark.django_db
def test_sync_from_package_is_idempotent():
    before = set(DayException.objects.values_list("date", "is_workday", "note"))
    assert before  # the post_migrate prefill ran
    assert sync_calendar_from_package() == []
    assert set(DayException.objects.values_list("date", "is_workday", "note")) == before


@pytest.mark.django_db
def test_sync_from_package_adds_a_missing_year_only():
    CalendarYear.objects.filter(year=2026).delete()
    DayException.objects.filter(date__year=2026).delete()
    assert sync_calendar_from_package() == [2026]
    assert CalendarYear.objects.get(year=2026).source == "chinesecalendar"
    assert set(DayException.objects.filter(date__year=2026, is_workday=True)
               .values_list("date", flat=True)) == set(WEEKEND_WORKDAYS[2026])  # fmt: skip
    assert sync_calendar_from_package() == []
    assert load_work_calendar().is_workday(D(2026, 2, 28))


@pytest.mark.django_db
def test_sync_from_package_never_overwrites_an_existing_year():
    # Staff corrected the 2025 schedule by hand: one day changed, one removed, one added.
    DayException.objects.filter(date=D(2025, 10, 8)).update(is_workday=True, note="人工更正")
    DayException.objects.filter(date=D(2025, 2, 8)).delete()
    DayException.objects.create(date=D(2025, 7, 1), is_workday=False, note="人工增加")
    assert sync_calendar_from_package() == []
    assert DayException.objects.get(date=D(2025, 10, 8)).note == "人工更正"
    assert DayException.objects.get(date=D(2025, 10, 8)).is_workday is True
    assert not DayException.objects.filter(date=D(2025, 2, 8)).exists()
    assert DayException.objects.filter(date=D(2025, 7, 1)).exists()


@pytest.mark.django_db
def test_sync_keeps_days_staff_entered_before_adding_their_year():
    CalendarYear.objects.filter(year=2026).delete()
    DayException.objects.filter(date__year=2026).delete()
    DayException.objects.create(date=D(2026, 2, 14), is_workday=True, note="人工录入")
    assert sync_calendar_from_package() == [2026]
    assert DayException.objects.get(date=D(2026, 2, 14)).note == "人工录入"
    assert DayException.objects.filter(date__year=2026).count() == 19 + 6


# --- the workdays command -----------------------------------------------------------------


def run_workdays(*args) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("2025-01-24", "5"), "2025-02-07"),
        (("2025-01-24", "1"), "2025-01-26"),
        (("2026-02-13", "2"), "2026-02-24"),
        (("2026-09-24", "20"), "2026-10-29"),
        (("2025-03-03", "0"), "2025-03-03"),
        (("2025-01-24", "2025-02-07"), "5"),
        (("2025-02-07", "2025-01-24"), "-5"),
        (("2026-09-24", "2026-10-29"), "20"),
        (("2025-03-03", "2025-03-03"), "0"),
    ],
)
def test_workdays_command_prints_the_answer(args, expected):
    assert run_workdays(*args) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("2025-1-24", "5"), ["D:", "2025-1-24", "YYYY-MM-DD"]),
        (("2025-02-30", "5"), ["D:", "2025-02-30"]),
        (("tomorrow", "5"), ["D:", "tomorrow"]),
        (("2025-01-24", "five"), ["N_or_D2:", "five"]),
        (("2025-01-24", "2025-13-01"), ["N_or_D2:", "2025-13-01"]),
        (("2025-01-24", "-3"), ["N:", "-3", "negative"]),
        # Issue 10: years not entered (2027, 2099) are counted provisionally now
        # (test_workdays_command_marks_provisional_answers); only years outside the
        # holiday rules are refused.
        (("2101-03-02", "5"), ["2101-03-02", "2101", "cannot count"]),
        (("2100-12-28", "10"), ["2100-12-28", "2101", "cannot count"]),
        (("2101-01-05", "2101-03-02"), ["2101-01-05", "2101-03-02", "2101"]),
    ],
)
def test_workdays_command_names_the_bad_argument(args, names):
    CalendarYear.objects.filter(year__gte=2027).delete()
    with translation.override("en"), pytest.raises(CommandError) as excinfo:
        run_workdays(*args)
    for name in names:
        assert name in str(excinfo.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "expected", "years"),
    [
        # After Thu 10 Dec 2026: 11 Dec 1, 14–18 Dec 6, 21–25 Dec 11, 28–31 Dec 15,
        # (Fri 1 Jan 2027 元旦), 4–8 Jan 20.
        (("2026-12-10", "20"), "2027-01-08", "2027"),
        # 2027 Spring Festival: 除夕 Fri 5 Feb, 初一–初二 on the weekend, 初三 Mon 8 Feb;
        # 补假 for the weekend on Tue 9 and Wed 10 Feb. After Thu 4 Feb: 11, 12, 15 Feb.
        (("2027-02-04", "3"), "2027-02-15", "2027"),
        (("2026-12-10", "2027-01-08"), "20", "2027"),
        (("2098-12-31", "2099-01-05"), "2", "2099"),  # 1 Jan 2099 is a Thursday: 元旦
        (("2027-03-01", "5"), "2027-03-08", "2027"),
    ],
)
def test_workdays_command_marks_provisional_answers(args, expected, years):
    CalendarYear.objects.filter(year__gte=2027).delete()
    with translation.override("en"):
        first, note = run_workdays(*args).splitlines()
    assert first == expected
    assert note.startswith("Provisional (暂定): the holiday arrangement for " + years)
    assert "not entered" in note


@pytest.mark.django_db
def test_workdays_command_prints_covered_years_on_one_line_only():
    # The covered answer is exactly as before: one line, no note, even next to a year not
    # entered (D itself is not counted).
    assert run_workdays("2026-12-10", "5") == "2026-12-17"
    assert run_workdays("2026-12-31", "0") == "2026-12-31"


@pytest.mark.django_db
def test_workdays_command_message_is_translated():
    with translation.override("zh-hans"), pytest.raises(CommandError) as excinfo:
        run_workdays("tomorrow", "5")
    assert "YYYY-MM-DD" in str(excinfo.value)
    assert "日期" in str(excinfo.value)


def test_workdays_command_exits_non_zero_on_a_bad_argument():
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "manage.py", "workdays", "2025-02-30", "5"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "2025-02-30" in result.stderr
    assert result.stdout == ""
