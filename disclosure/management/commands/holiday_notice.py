"""Enter a year's holidays from the State Council's notice, as published.

    python manage.py holiday_notice notice-2027.txt --dry-run
    python manage.py holiday_notice notice-2027.txt [--year 2027]

Prints every day off and every 调休 working day the notice gives, one a line
("2027-01-01 休", "2027-01-04 班"), in date order. Without --dry-run it then
replaces that year's calendar exceptions, marks the year entered and has the
due dates of open applications derived again, all at once or not at all.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from disclosure.holiday_notice import MAX_YEAR, MIN_YEAR, NoticeError, parse_notice
from disclosure.services.holiday_notice import enter_holiday_notice


def _read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(
            _("FILE: cannot read “%(path)s”: %(reason)s") % {"path": path, "reason": exc.strerror}
        ) from exc
    # Copied from the gov.cn page the text is UTF-8; saved by some Windows editors, GB18030.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CommandError(_("FILE: “%(path)s” is neither UTF-8 nor GB18030 text.") % {"path": path})


class Command(BaseCommand):
    help = (
        "Read the State Council's notice of a year's holidays (国务院办公厅关于YYYY年部分节假日"
        "安排的通知) from FILE and print every day off (休) and 调休 working day (班); "
        "without --dry-run, replace that year's calendar exceptions with them."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the notice as plain text; - for stdin")
        parser.add_argument(
            "--year",
            help="the year of the arrangements, when the text has no title",
        )
        parser.add_argument("--dry-run", action="store_true", help="print the days; change nothing")

    def handle(self, *args, file: str, year: str | None, dry_run: bool, **options):
        notice_year = None
        if year is not None:
            if not year.strip().isdigit() or not MIN_YEAR <= int(year) <= MAX_YEAR:
                raise CommandError(
                    _("--year: “%(value)s” is not a year from %(min)s to %(max)s.")
                    % {"value": year, "min": MIN_YEAR, "max": MAX_YEAR}
                )
            notice_year = int(year)
        text = _read_text(file)
        try:
            notice = parse_notice(text, year=notice_year)
        except NoticeError as exc:
            raise CommandError(
                _("%(file)s: nothing was saved.") % {"file": "stdin" if file == "-" else file}
                + "\n"
                + str(exc)
            ) from exc

        for line in notice.listing():
            self.stdout.write(line)
        if dry_run:
            self._note(_("Dry run: nothing was saved."))
            return
        result = enter_holiday_notice(notice=notice)
        self._note(
            _(
                "%(year)s entered from %(reference)s: %(changed)s calendar exceptions added, "
                "changed or removed; due dates of open applications derived again."
            )
            % {"year": notice.year, "reference": result.reference, "changed": len(result.changes)}
        )

    def _note(self, message: str) -> None:
        # On stderr, so that stdout is exactly the list of days; not styled as an error.
        self.stderr.write(message, style_func=lambda text: text)
