"""Ask the official working-day calendar from the shell.

    python manage.py workdays 2025-01-24 5           -> 2025-02-07
    python manage.py workdays 2025-01-24 2025-02-07  -> 5

Periods in the 条例 run from the day after the start date (第三十三条 "自收到申请之日起
20个工作日内"), so the first working day counted is the one after D.

When a counted day lies in a year whose State Council arrangement is not entered,
the answer is counted on the provisional schedule (`disclosure.holidays`) and a
second line says it is 暂定 and why:

    python manage.py workdays 2026-12-10 20          -> 2027-01-08
                                                        暂定：2027年的节假日安排尚未录入…
"""

import re
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from disclosure.models.calendar import load_work_calendar
from disclosure.workdays import (
    CalendarNotCovered,
    add_workdays,
    provisional_note,
    workdays_between,
)

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INT_RE = re.compile(r"[+-]?\d+")


def _parse_date(value: str) -> date | None:
    """A date written strictly as YYYY-MM-DD, or None."""
    if not _DATE_RE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class Command(BaseCommand):
    help = (
        "workdays D N: the date N working days after D. "
        "workdays D1 D2: the number of working days after D1 up to and including D2. "
        "Dates are YYYY-MM-DD; counting starts on the day after D (D1), as the law counts periods."
    )
    # Pure arithmetic over the calendar tables: no system checks needed to answer quickly.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("start", metavar="D", help="start date, YYYY-MM-DD")
        parser.add_argument(
            "second",
            metavar="N_or_D2",
            help="a number of working days (N >= 0) or an end date (YYYY-MM-DD)",
        )

    def handle(self, *args, start: str, second: str, **options):
        start_day = _parse_date(start.strip())
        if start_day is None:
            raise CommandError(
                _("D: “%(value)s” is not a date; write it as YYYY-MM-DD, e.g. 2025-01-24.")
                % {"value": start}
            )
        second = second.strip()
        end_day = _parse_date(second)
        if end_day is not None:
            self.stdout.write(str(self._between(start_day, end_day)))
            self._note_provisional(start_day, end_day)
            return
        if not _INT_RE.fullmatch(second):
            raise CommandError(
                _(
                    "N_or_D2: “%(value)s” is neither a number of working days nor a date "
                    "(YYYY-MM-DD)."
                )
                % {"value": second}
            )
        n = int(second)
        if n < 0:
            raise CommandError(
                _("N: “%(value)s” is negative; give a number of working days of 0 or more.")
                % {"value": second}
            )
        end_day = self._add(start_day, n)
        self.stdout.write(end_day.isoformat())
        self._note_provisional(start_day, end_day)

    def _note_provisional(self, start: date, end: date) -> None:
        years = load_work_calendar().provisional_years(start, end)
        if years:
            self.stdout.write(provisional_note(years))

    def _add(self, start: date, n: int) -> date:
        try:
            return add_workdays(load_work_calendar(), start, n)
        except CalendarNotCovered as exc:
            raise CommandError(
                _("Cannot count %(n)s working days after %(start)s: %(reason)s")
                % {"n": n, "start": start.isoformat(), "reason": exc}
            ) from exc

    def _between(self, start: date, end: date) -> int:
        try:
            return workdays_between(load_work_calendar(), start, end)
        except CalendarNotCovered as exc:
            raise CommandError(
                _("Cannot count the working days between %(start)s and %(end)s: %(reason)s")
                % {"start": start.isoformat(), "end": end.isoformat(), "reason": exc}
            ) from exc
