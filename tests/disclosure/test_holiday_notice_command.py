"""`manage.py holiday_notice`: print the days of a published notice, or enter them."""

from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from disclosure.models.calendar import (
    CalendarSource,
    CalendarYear,
    DayException,
    load_work_calendar,
)
from disclosure.services.reference_data import package_schedule
from disclosure.signals import calendar_changed

pytestmark = pytest.mark.django_db

NOTICES = Path(__file__).parent / "holiday_notices"
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("holiday_notice", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def stored_calendar() -> tuple[list, list]:
    return (
        sorted(DayException.objects.values_list("date", "is_workday", "note")),
        sorted(CalendarYear.objects.values_list("year", "source", "notice")),
    )


def package_is_workday(day: date) -> bool:
    _years, exceptions = package_schedule()
    return exceptions[day][0] if day in exceptions else day.weekday() < 5


@pytest.mark.parametrize("year", [2017, 2026])
def test_dry_run_lists_exactly_the_official_days_off_and_workdays(year):
    before = stored_calendar()

    out, err = run(NOTICES / f"{year}.txt", "--dry-run")

    listed = {}
    for line in out.splitlines():
        day, mark = line.split(" ")
        assert mark in ("休", "班")
        listed[D(day)] = mark == "班"
    assert list(listed) == sorted(listed)
    day = date(year, 1, 1)
    while day.year == year:
        assert listed.get(day, day.weekday() < 5) == package_is_workday(day), day
        day += timedelta(days=1)
    assert "nothing was saved" in err
    assert stored_calendar() == before


def test_entering_a_notice_replaces_the_years_exceptions_and_marks_it_entered():
    CalendarYear.objects.filter(year=2026).delete()
    DayException.objects.filter(date__year=2026).delete()
    DayException.objects.create(date=D("2026-03-10"), is_workday=False, note="误录")
    untouched = sorted(
        DayException.objects.filter(date__year=2025).values_list("date", "is_workday", "note")
    )

    out, err = run(NOTICES / "2026.txt")

    assert out.splitlines()[0] == "2026-01-01 休"
    assert "2026 entered from 国办发明电〔2025〕7号" in err
    row = CalendarYear.objects.get(year=2026)
    assert (row.source, row.notice) == (CalendarSource.NOTICE, "国办发明电〔2025〕7号")
    _years, package = package_schedule()
    assert dict(DayException.objects.filter(date__year=2026).values_list("date", "is_workday")) == {
        d: v[0] for d, v in package.items() if d.year == 2026
    }
    assert DayException.objects.get(date=D("2026-02-28")).note == "春节调休上班"
    assert untouched == sorted(
        DayException.objects.filter(date__year=2025).values_list("date", "is_workday", "note")
    )
    calendar = load_work_calendar()
    assert calendar.covers(2026)
    assert calendar.is_workday(D("2026-03-10"))  # the stray holiday is gone
    assert not calendar.is_workday(D("2026-10-07"))
    assert calendar.is_workday(D("2026-10-10"))


def test_entering_the_same_notice_again_changes_nothing_but_the_source():
    run(NOTICES / "2017.txt")
    days = stored_calendar()[0]

    _out, err = run(NOTICES / "2017.txt")

    assert "0 calendar exceptions" in err
    assert stored_calendar()[0] == days


def test_the_calendar_change_is_announced_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # as if committed before
        CalendarYear.objects.filter(year=2026).delete()
        DayException.objects.filter(date__year=2026).delete()
    sent = []

    def listener(sender, **kwargs):
        sent.append(kwargs)

    calendar_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run(NOTICES / "2026.txt")
    finally:
        calendar_changed.disconnect(listener)

    assert len(sent) == 1
    assert sent[0]["during_migrate"] is False


def test_year_argument_when_the_text_has_no_title(tmp_path):
    notice = tmp_path / "items.txt"
    notice.write_text("一、元旦：1月1日放假，1月2日（星期一）补休。\n", encoding="utf-8")

    out, _err = run(notice, "--dry-run", "--year", "2017")

    assert out.splitlines() == ["2017-01-01 休", "2017-01-02 休"]


def test_a_file_saved_as_gb18030_is_read(tmp_path):
    notice = tmp_path / "2017-gbk.txt"
    notice.write_bytes((NOTICES / "2017.txt").read_text(encoding="utf-8").encode("gb18030"))

    out, _err = run(notice, "--dry-run")

    assert len(out.splitlines()) == 29


def test_a_bad_line_is_an_error_naming_it_and_nothing_is_saved(tmp_path):
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    bad = tmp_path / "2026-bad.txt"
    bad.write_text(text.replace("9月20日（周日）", "9月21日（周日）"), encoding="utf-8")
    CalendarYear.objects.filter(year=2026).delete()
    before = stored_calendar()

    with pytest.raises(CommandError) as caught:
        run(bad)

    message = str(caught.value)
    assert "nothing was saved" in message
    assert "Line 20 “七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。" in message
    assert "2026-09-21 is a 周一, but the notice says 周日" in message
    assert stored_calendar() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "20x6"], "--year: “20x6” is not a year from 2000 to 2100"),
        (["--year", "1999"], "--year: “1999” is not a year from 2000 to 2100"),
        (["--year", "2027"], "the title is for 2026, but the year given is 2027"),
    ],
)
def test_a_bad_argument_is_an_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(NOTICES / "2026.txt", *args)
    assert CalendarYear.objects.get(year=2026).source == CalendarSource.PACKAGE


def test_a_missing_or_unreadable_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="FILE: cannot read"):
        run(tmp_path / "missing.txt")
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.7\n\xff\xfe\x00\x81\x30")
    with pytest.raises(CommandError, match="neither UTF-8 nor GB18030"):
        run(binary)


def test_days_named_in_the_year_before_are_set_and_that_years_other_days_kept(tmp_path):
    # 国办发明电〔2018〕15号: 元旦 2019 starts on 30 December 2018.
    notice = tmp_path / "2019.txt"
    notice.write_text(
        "国务院办公厅关于2019年部分节假日安排的通知\n"
        "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。"
        "2018年12月29日（星期六）上班。\n",
        encoding="utf-8",
    )
    DayException.objects.filter(date=D("2018-12-31")).delete()
    national_day_2018 = DayException.objects.get(date=D("2018-10-01"))

    run(notice)

    assert DayException.objects.get(date=D("2018-12-31")).is_workday is False
    assert DayException.objects.get(date=D("2018-12-29")).is_workday is True
    assert DayException.objects.filter(pk=national_day_2018.pk).exists()
    # 2019's own days beyond 元旦 are replaced: the text names no other holiday.
    assert list(DayException.objects.filter(date__year=2019).values_list("date", flat=True)) == [
        D("2019-01-01")
    ]
