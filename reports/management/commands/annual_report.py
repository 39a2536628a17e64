import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disclosure.models import Organization
from reports.engine.formats import FORMATS
from reports.engine.generate import build_from_record, build_report
from reports.models import Report
from reports.outputs.renderers import BINARY, RENDERERS


class Command(BaseCommand):
    help = (
        "Generate an organization's annual report from the current data (a draft, not a "
        "published snapshot). Uses the report record's prose when one exists, else the "
        "format's default text."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organization code, e.g. zlj")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--format", required=True, choices=sorted(FORMATS), dest="report_format"
        )
        parser.add_argument("--output", default="text", choices=sorted(RENDERERS))
        parser.add_argument(
            "--include-children", action="store_true", help="count sub-organizations' records too"
        )
        parser.add_argument("--out", help="write to this file instead of standard output")

    def handle(self, *args, org, year, report_format, output, include_children, out, **options):
        try:
            organization = Organization.objects.get(code=org.strip().lower())
        except Organization.DoesNotExist:
            raise CommandError(f"--org: no organization with code “{org}”") from None
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year: {year} is not a plausible report year")
        if output in BINARY and not out:
            raise CommandError(f"--output {output} is a binary file: give --out FILE")

        record = (
            Report.objects.filter(organization=organization, year=year, format=report_format)
            .select_related("organization")
            .first()
        )
        if record is not None:
            if include_children:
                record.include_children = True
            doc = build_from_record(record)
        else:
            doc = build_report(
                organization=organization,
                year=year,
                format=report_format,
                include_children=include_children,
            )
        result = RENDERERS[output](doc)

        if out:
            path = Path(out)
            try:
                if isinstance(result, bytes):
                    path.write_bytes(result)
                else:
                    path.write_text(result, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"--out: cannot write {out}: {exc.strerror}") from None
            self.stderr.write(f"wrote {path} ({path.stat().st_size} bytes)")
        else:
            sys.stdout.write(result)
            sys.stdout.flush()
        failing = doc.failing_checks
        for check in failing:
            self.stderr.write(f"[{check.severity}] {check.rule}: {check.message}")
