"""Reading the State Council's holiday notice as published (pure: no database)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import translation

from disclosure.holiday_notice import HolidayNotice, NoticeError, parse_notice
from disclosure.services.reference_data import package_schedule

NOTICES = Path(__file__).parent / "holiday_notices"
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def published(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def is_workday_by_notice(notice: HolidayNotice, day: date) -> bool:
    named = {d.day: d.is_workday for d in notice.days}
    return named.get(day, day.weekday() < 5)


def is_workday_by_package(day: date) -> bool:
    _years, exceptions = package_schedule()
    if day in exceptions:
        return exceptions[day][0]
    return day.weekday() < 5


def every_day(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def errors_of(text: str, year: int | None = None) -> list[str]:
    with pytest.raises(NoticeError) as caught:
        parse_notice(text, year=year)
    return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize("year", [2017, 2026])
def test_published_notice_gives_every_working_day_of_the_official_calendar(year):
    notice = parse_notice(published(year))

    assert notice.year == year
    mismatches = [
        day
        for day in every_day(year)
        if is_workday_by_notice(notice, day) != is_workday_by_package(day)
    ]
    assert mismatches == []
    # And the exceptions to store are exactly the package's for that year.
    _years, package = package_schedule()
    assert {d: v[0] for d, v in notice.exceptions().items()} == {
        d: v[0] for d, v in package.items() if d.year == year
    }


def test_2017_notice_lists_each_day_off_and_each_workday():
    notice = parse_notice(published(2017))

    assert notice.reference == "国办发明电〔2016〕17号"
    listing = notice.listing()
    # 元旦: "1月1日放假，1月2日（星期一）补休" — Sunday off (no exception), Monday 补休.
    assert listing[:2] == ["2017-01-01 休", "2017-01-02 休"]
    # 春节 across two months: "1月27日至2月2日"; weekends inside the range are listed.
    assert [line for line in listing if line.startswith("2017-01-2")] == [
        "2017-01-22 班",
        "2017-01-27 休",
        "2017-01-28 休",
        "2017-01-29 休",
    ]
    assert "2017-02-02 休" in listing and "2017-02-04 班" in listing
    # 劳动节 "5月1日放假，与周末连休": only the day named.
    assert [line for line in listing if line.startswith("2017-05-0")] == ["2017-05-01 休"]
    assert listing[-9:] == ["2017-09-30 班"] + [f"2017-10-0{d} 休" for d in range(1, 9)]
    assert len(listing) == 29
    exceptions = notice.exceptions()
    assert exceptions[D("2017-01-02")] == (False, "元旦")
    assert exceptions[D("2017-09-30")] == (True, "中秋节、国庆节调休上班")
    assert D("2017-01-01") not in exceptions  # a Sunday off needs no exception


def test_2026_notice_reads_weekdays_in_parentheses_and_lunar_dates():
    notice = parse_notice(published(2026))

    assert notice.reference == "国办发明电〔2025〕7号"
    listing = notice.listing()
    assert len([line for line in listing if line.endswith("休")]) == 33
    assert [line[:10] for line in listing if line.endswith("班")] == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]
    # "2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）": nine days.
    assert [line for line in listing if line.startswith("2026-02-") and line.endswith("休")] == [
        f"2026-02-{d} 休" for d in range(15, 24)
    ]
    assert listing == sorted(listing)


def test_half_width_punctuation_and_full_width_digits_read_the_same():
    full = parse_notice(published(2026))
    half = (
        published(2026)
        .replace("：", ":")
        .replace("，", ",")
        .replace("（", "(")
        .replace("）", ")")
        .replace("10月1日", "１０月１日")
    )

    assert parse_notice(half).days == full.days


def test_star_forms_weekday_names_and_ranges_with_dashes():
    text = (
        "国务院办公厅关于2026年部分节假日安排的通知\n"
        "一、元旦：1月1日（星期四）—3日（礼拜六）放假调休，共3天。1月4日(星期天)上班。\n"
        "二、国庆节：10月1日~7日放假调休，共7天。9月20日（周日）、10月10日（周六）上班。\n"
    )

    notice = parse_notice(text)

    assert [d.day for d in notice.days if not d.is_workday][:3] == [
        D("2026-01-01"),
        D("2026-01-02"),
        D("2026-01-03"),
    ]
    assert len(notice.days) == 3 + 1 + 7 + 2


def test_dates_with_an_explicit_year_reach_into_the_year_before():
    # 国办发明电〔2018〕15号 for 2019.
    text = (
        "国务院办公厅关于2019年部分节假日安排的通知\n"
        "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。"
        "2018年12月29日（星期六）上班。\n"
    )

    notice = parse_notice(text)

    assert notice.listing() == [
        "2018-12-29 班",
        "2018-12-30 休",
        "2018-12-31 休",
        "2019-01-01 休",
    ]
    for day in (D("2018-12-29"), D("2018-12-30"), D("2018-12-31"), D("2019-01-01")):
        assert is_workday_by_notice(notice, day) == is_workday_by_package(day)


def test_advice_in_a_numbered_line_is_no_day_off():
    # 国办发明电〔2023〕7号 for 2024: 除夕 (9 February) is encouraged, not given.
    text = (
        "国务院办公厅关于2024年部分节假日安排的通知\n"
        "二、春节：2月10日至17日放假调休，共8天。2月4日（周日）、2月18日（周日）上班。"
        "鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。\n"
    )

    notice = parse_notice(text)

    assert D("2024-02-09") not in {d.day for d in notice.days}
    assert len(notice.days) == 10


def test_one_day_without_make_up_day_and_items_run_together_on_one_line():
    # 国办发明电〔2024〕12号 for 2025, pasted without line breaks between items.
    text = (
        "国务院办公厅关于2025年部分节假日安排的通知\n"
        "一、元旦：1月1日（周三）放假1天，不调休。二、春节：1月28日（农历除夕、周二）至"
        "2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。\n"
    )

    notice = parse_notice(text)

    assert notice.listing()[:3] == ["2025-01-01 休", "2025-01-26 班", "2025-01-28 休"]
    assert notice.days[0].holiday == "元旦"
    assert notice.days[1].holiday == "春节"
    assert {d.line for d in notice.days} == {2}


def test_year_from_the_argument_when_the_title_is_missing_or_broken_over_lines():
    items = "一、元旦：1月1日放假，1月2日（星期一）补休。\n"
    assert parse_notice(items, year=2017).listing() == ["2017-01-01 休", "2017-01-02 休"]

    broken = "国务院办公厅关于2017年\n部分节假日安排的通知\n" + items
    assert parse_notice(broken).year == 2017


def test_unnumbered_lines_are_left_aside():
    notice = parse_notice(published(2017))
    # The signature date (2016年12月1日) and the preamble's year are not days of the notice.
    assert all(d.day.year == 2017 for d in notice.days)
    assert all(d.line >= 8 for d in notice.days)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("一、元旦：一月一日放假。", "cannot read “一月”"),
        ("一、元旦：1月1号放假。", "cannot read “1月1号”"),
        ("一、元旦：3日放假。", "“3日” has no month"),
        ("一、元旦：2月30日放假。", "there is no date 2月30日"),
        ("一、元旦：2030年1月1日放假。", "not near the notice's year 2026"),
        ("一、元旦：1月1日至放假。", "a range is written 1月1日至3日"),
        ("一、元旦：元旦放假。", "no date found"),
        ("一、元旦：1月1日（周五）放假。", "2026-01-01 is a 周四, but the notice says 周五"),
        ("一、元旦：1月1日至3日放假，共4天。", "says 4 days, but its dates give 3 days off"),
        ("一、元旦：1月1日至3日。", "cannot tell whether the dates"),
        ("一、元旦：1月5日（周一）上班。", "only a Saturday or Sunday can be a 调休 working day"),
        ("一、元旦：1月1日放假，除夕（2月16日）。", "cannot read the date in"),
    ],
)
def test_a_numbered_line_that_cannot_be_read_is_an_error_naming_it(line, problem):
    text = f"国务院办公厅关于2026年部分节假日安排的通知\n\n{line}\n"

    errors = errors_of(text)

    assert len(errors) == 1
    assert errors[0].startswith(f"Line 3 “{line}”: ")
    assert problem in errors[0]


def test_a_range_that_goes_backwards_is_an_error():
    errors = errors_of("一、国庆节：10月7日至1日放假调休。", year=2026)

    assert errors == [
        "Line 1 “一、国庆节：10月7日至1日放假调休。”: "
        "the range 2026-10-07 to 2026-10-01 runs backwards."
    ]


def test_a_day_both_off_and_worked_is_an_error_on_the_later_line():
    text = "一、元旦：1月1日至3日放假。\n二、春节：1月3日（周六）上班。\n"

    errors = errors_of(text, year=2026)

    assert errors == [
        "Line 2 “二、春节：1月3日（周六）上班。”: "
        "2026-01-03 is both a day off and a working day in this notice."
    ]


def test_a_year_that_cannot_be_determined_is_an_error():
    assert errors_of("一、元旦：1月1日放假。") == [
        "The year cannot be determined: the text has no title "
        "“国务院办公厅关于YYYY年部分节假日安排的通知”; give the year."
    ]
    assert errors_of(published(2026), year=2027) == [
        "Line 1 “国务院办公厅关于2026年部分节假日安排的通知”: "
        "the title is for 2026, but the year given is 2027."
    ]
    assert "outside 2000–2100" in errors_of("一、元旦：1月1日放假。", year=1999)[0]


def test_a_text_without_any_holiday_is_an_error():
    preamble_only = "\n".join(published(2026).splitlines()[:6])

    assert errors_of(preamble_only) == [
        "No holiday found: the notice's arrangements are its numbered lines, "
        "such as “一、元旦：1月1日放假…”."
    ]


def test_every_unreadable_line_is_named_with_its_number():
    lines = published(2026).splitlines()
    lines[7] = lines[7].replace("1月4日（周日）", "1月5日（周日）")  # 一、元旦
    lines[13] = lines[13].replace("5月1日", "5月1号")  # 四、劳动节

    errors = errors_of("\n".join(lines))

    assert [e.split("”")[0] for e in errors] == [
        f"Line 8 “{lines[7]}",
        f"Line 14 “{lines[13]}",
    ]
