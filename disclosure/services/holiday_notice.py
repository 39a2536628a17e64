"""Entering the State Council's holiday notice (read by `disclosure.holiday_notice`) into
the official calendar: the `holiday_notice` command and the admin's paste page call these."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.audit import log_change
from disclosure.holiday_notice import HolidayNotice
from disclosure.models.calendar import CalendarSource, CalendarYear, DayException
from disclosure.signals import announce_calendar_change


@dataclass(frozen=True)
class DayChange:
    """A calendar exception the notice adds, removes or changes: (is_workday, note) or None."""

    day: date
    before: tuple[bool, str] | None
    after: tuple[bool, str] | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        if self.before[0] != self.after[0]:
            return "changed"
        return "renamed"


@dataclass(frozen=True)
class NoticeComparison:
    """The notice against what the calendar holds now."""

    year: int
    entered: bool  # the year has its CalendarYear row
    source: str  # that row's source and notice, "" when there is none
    reference: str
    changes: tuple[DayChange, ...]

    @property
    def moves_working_days(self) -> bool:
        """Some day changes between working day and day off (notes aside)."""
        return any(c.kind != "renamed" for c in self.changes)


def notice_reference(notice: HolidayNotice) -> str:
    """What the calendar year records as its source: the document number, else the title."""
    return notice.reference or f"国务院办公厅关于{notice.year}年部分节假日安排的通知"


def _affected(notice: HolidayNotice) -> Q:
    """The stored exceptions the notice replaces: all of its year's, and those of the days
    it names in the year before or after (元旦 "2018年12月30日至2019年1月1日"); other days
    of those years are another notice's."""
    outside = [d.day for d in notice.days if d.day.year != notice.year]
    return Q(date__year=notice.year) | Q(date__in=outside)


def _changes(stored: dict[date, tuple[bool, str]], notice: HolidayNotice) -> tuple[DayChange, ...]:
    wanted = notice.exceptions()
    return tuple(
        DayChange(day, stored.get(day), wanted.get(day))
        for day in sorted(set(stored) | set(wanted))
        if stored.get(day) != wanted.get(day)
    )


def compare_notice(notice: HolidayNotice) -> NoticeComparison:
    """What entering the notice would change; reads only."""
    row = CalendarYear.objects.filter(year=notice.year).first()
    stored = {
        day: (is_workday, note)
        for day, is_workday, note in DayException.objects.filter(_affected(notice)).values_list(
            "date", "is_workday", "note"
        )
    }
    return NoticeComparison(
        year=notice.year,
        entered=row is not None,
        source=_describe(row),
        reference=notice_reference(notice),
        changes=_changes(stored, notice),
    )


def _describe(row: CalendarYear | None) -> str:
    if row is None:
        return ""
    return f"{row.get_source_display()} {row.notice}".strip()


def enter_holiday_notice(*, notice: HolidayNotice, by=None) -> NoticeComparison:
    """Replace the year's calendar exceptions with the notice's and mark the year entered,
    all in one transaction. Returns what changed.

    Rows are saved one by one (a year has a few dozen), so the calendar's own signals run:
    the cached calendar is forgotten, the 第二十六条 counts around the year are recounted
    and `calendar_changed` is sent once after commit, which re-derives the due dates of
    open applications (第三十三条 periods counted on the new calendar).
    """
    reference = notice_reference(notice)
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=notice.year).first()
        stored_rows = {
            r.date: r for r in DayException.objects.select_for_update().filter(_affected(notice))
        }
        stored = {day: (r.is_workday, r.note) for day, r in stored_rows.items()}
        changes = _changes(stored, notice)
        for change in changes:
            existing = stored_rows.get(change.day)
            if change.after is None:
                existing.delete()
            elif existing is None:
                DayException.objects.create(
                    date=change.day, is_workday=change.after[0], note=change.after[1]
                )
            else:
                existing.is_workday, existing.note = change.after
                existing.save(update_fields=["is_workday", "note"])
        comparison = NoticeComparison(
            year=notice.year,
            entered=row is not None,
            source=_describe(row),
            reference=reference,
            changes=changes,
        )
        if row is None:
            row = CalendarYear.objects.create(
                year=notice.year, source=CalendarSource.NOTICE, notice=reference[:200]
            )
        else:
            row.source, row.notice = CalendarSource.NOTICE, reference[:200]
            row.save(update_fields=["source", "notice"])
        # The saves above announced the change already; this one is folded into it.
        announce_calendar_change()
        holidays = sum(1 for v in notice.exceptions().values() if not v[0])
        workdays = sum(1 for v in notice.exceptions().values() if v[0])
        log_change(
            row,
            by,
            _(
                "Entered from the State Council notice %(reference)s: %(holidays)s holidays "
                "on weekdays, %(workdays)s weekend working days; %(changed)s days changed."
            )
            % {
                "reference": reference,
                "holidays": holidays,
                "workdays": workdays,
                "changed": len(changes),
            },
        )
    return comparison
