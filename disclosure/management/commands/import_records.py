"""`python manage.py import_records KIND FILE [--dry-run]`: bulk import, all or nothing.

The rules live in `disclosure.importing`; see docs/import.md for the columns.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from disclosure.importing import ImportFileError, registry, run_import


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

    def handle(self, *args, kind, file, dry_run, **options):
        try:
            # The operator imports for every organization (user=None).
            result = run_import(kind, file, dry_run=dry_run)
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
