"""`python manage.py import_records KIND FILE [--dry-run]`: bulk import, all or nothing.

The rules live in `core.importing`; see docs/import.md for the columns.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.importing import ImportFileError, registry, run_import


class Command(BaseCommand):
    help = "Import records from a .csv (UTF-8) or .xlsx file; nothing is imported if a row is bad."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="Kind of records: " + ", ".join(registry.kinds()))
        parser.add_argument("file", help="Path of the .csv or .xlsx file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, without writing anything.",
        )

    # Files shorter than this finish before anyone would look at a progress line.
    PROGRESS_MIN_ROWS = 2000

    def progress(self, stage: str, done: int, total: int) -> None:
        """Progress of a long file on standard error, so that standard output stays the summary."""
        if total < self.PROGRESS_MIN_ROWS:
            return
        if not hasattr(self, "_started"):
            self._started = time.monotonic()
        label = _("Checking") if stage == "check" else _("Saving")
        elapsed = time.monotonic() - self._started
        self.stderr.write(
            _("%(stage)s: %(done)d / %(total)d rows (%(percent)d%%, %(seconds).0f s)")
            % {
                "stage": label,
                "done": done,
                "total": total,
                "percent": done * 100 // total,
                "seconds": elapsed,
            }
        )

    def handle(self, *args, kind, file, dry_run, **options):
        try:
            # The operator imports for every organization (user=None).
            result = run_import(kind, file, dry_run=dry_run, progress=self.progress)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                ngettext(
                    "%(count)d problem found; nothing was imported.",
                    "%(count)d problems found; nothing was imported.",
                    len(result.errors),
                )
                % {"count": len(result.errors)}
            )
        self.stdout.write(result.summary())
