"""The demo district's entered figures and report records, for `load_demo`.

- 自流井区's 2016 figures that live in other systems (the portal's images, the
  e-government hall, the Weibo and WeChat accounts, the service window …), as
  the seed report (`shared/seed/`) states them, with its qualifiers (约, 余, 多).
- The 2016 `narrative2007` report whose prose is the seed's, every figure
  replaced by a placeholder, so that
  `annual_report --org zlj --year 2016 --format narrative2007` regenerates the
  seed from records and entered figures (differences: docs/seed-differences.md).
- Last year's `gb2021` reports of the district and some departments
  (`demo/data/reports_last_year.json`, `entered_figures_last_year.csv`), which
  `demo.publish` publishes.
- A `gb2021` report for the current year from the format's default texts, with
  the entered 表二 cells, so that staff can try the workflow on a report whose
  checks pass.

The figures are in `demo/data/entered_figures_2016.csv` and
`demo/data/entered_figures_current_year.csv`, the prose in
`demo/data/seed_report_2016.json`.

Idempotent and respectful of edits: a figure, report or section that exists is
left as it is (staff may have changed it while trying the admin); only missing
rows are added.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from demo import datafiles
from disclosure.models import Organization
from reports.engine import formats
from reports.engine.figures import validate_entered_key
from reports.models import EnteredFigure, Qualifier, Report, ReportFormat, ReportSection

ROOT_CODE = "zlj"
SEED_YEAR = 2016


@dataclass(frozen=True)
class Entry:
    key: str
    value: Decimal
    qualifier: str = Qualifier.EXACT
    note: str = ""


def _entries(name: str) -> list[Entry]:
    """A file of entered figures: key, value, qualifier (blank: exact), note (the source)."""
    return [
        Entry(row["key"], Decimal(row["value"]), row["qualifier"], row["note"])
        for row in datafiles.read_csv(name)
    ]


# The seed's 2016 figures from other systems, as printed, with their qualifiers.
ENTERED_2016 = _entries("entered_figures_2016.csv")
# 表二 cells that come from other systems, for the current year's gb2021 report. Made-up
# demo values (the seed is a 2016 narrative report and has no 表二).
ENTERED_TABLE2 = _entries("entered_figures_current_year.csv")

# The seed's prose, section by section, every figure a placeholder: a section's paragraphs
# are joined by line breaks. Where it differs from the seed and why: demo/data/README.md
# and docs/seed-differences.md ("The annual report").
SEED_TEXTS = {
    key: "\n".join(paragraphs)
    for key, paragraphs in datafiles.read_json("seed_report_2016.json").items()
}


# Last year's gb2021 reports, published by `demo.publish`: the district's and some
# departments', their prose per section (paragraphs) and their entered 表二 cells.
LAST_YEAR_REPORTS = datafiles.read_json("reports_last_year.json")["reports"]
ENTERED_LAST_YEAR: dict[str, list[Entry]] = {}
for _row in datafiles.read_csv("entered_figures_last_year.csv"):
    ENTERED_LAST_YEAR.setdefault(_row["organization"], []).append(
        Entry(_row["key"], Decimal(_row["value"]), _row["qualifier"], _row["note"])
    )


def _add_last_year(today: date) -> tuple[int, int]:
    """Report records and entered figures of last year's gb2021 reports (missing rows only)."""
    year = today.year - 1
    orgs = Organization.objects.in_bulk(
        [spec["organization"] for spec in LAST_YEAR_REPORTS], field_name="code"
    )
    figures = reports = 0
    for spec in LAST_YEAR_REPORTS:
        org = orgs.get(spec["organization"])
        if org is None:
            continue
        texts = {key: "\n".join(paragraphs) for key, paragraphs in spec["texts"].items()}
        figures += _add_figures(org, year, ENTERED_LAST_YEAR.get(org.code, []))
        reports += _add_report(org, year, ReportFormat.GB2021, texts)
    return figures, reports


def _add_figures(org: Organization, year: int, entries: list[Entry]) -> int:
    """Create the figures that are missing; an existing one (perhaps edited) is kept."""
    existing = set(
        EnteredFigure.objects.filter(
            organization=org, year=year, key__in=[e.key for e in entries]
        ).values_list("key", flat=True)
    )
    new = [
        EnteredFigure(
            organization=org,
            year=year,
            key=e.key,
            value=Decimal(e.value),
            qualifier=e.qualifier,
            note=e.note,
        )
        for e in entries
        if e.key not in existing
    ]
    for figure in new:
        validate_entered_key(figure.key)  # a figure the report engine knows as entered
        figure.full_clean()
    EnteredFigure.objects.bulk_create(new)
    return len(new)


def _add_report(org: Organization, year: int, format: str, texts: dict[str, str]) -> bool:
    """The report record with a section per heading of its format; missing rows only."""
    report, created = Report.objects.get_or_create(
        organization=org, year=year, format=format, defaults={"include_children": True}
    )
    existing = set(report.sections.values_list("key", flat=True))
    ReportSection.objects.bulk_create(
        ReportSection(report=report, key=s.key, text=texts.get(s.key, s.default_for(org.kind)))
        for s in formats.sections(format)
        if s.key not in existing
    )
    return created


def load(stdout: TextIO, *, today: date | None = None) -> None:
    """Entered figures and report records of 自流井区 (after its records are loaded)."""
    today = today or timezone.localdate()
    org = Organization.objects.filter(code=ROOT_CODE).first()
    if org is None:
        stdout.write(_("Reports: skipped, the demo organizations are not loaded.") + "\n")
        return
    unknown = set(SEED_TEXTS) - {s.key for s in formats.sections(ReportFormat.NARRATIVE2007)}
    if unknown:
        raise RuntimeError(f"demo texts for sections the format does not have: {sorted(unknown)}")
    with transaction.atomic():
        figures = _add_figures(org, SEED_YEAR, ENTERED_2016)
        figures += _add_figures(org, today.year, ENTERED_TABLE2)
        reports = _add_report(org, SEED_YEAR, ReportFormat.NARRATIVE2007, SEED_TEXTS)
        reports += _add_report(org, today.year, ReportFormat.GB2021, {})
        last_figures, last_reports = _add_last_year(today)
    stdout.write(
        _(
            "Entered figures added: %(figures)d (%(seed_year)d and %(year)d); "
            "annual reports added: %(reports)d (%(seed_year)d narrative, %(year)d national format)."
        )
        % {"figures": figures, "reports": reports, "seed_year": SEED_YEAR, "year": today.year}
        + "\n"
    )
    stdout.write(
        _(
            "National-format reports on %(year)d added: %(reports)d, with %(figures)d "
            "entered figures."
        )
        % {"year": today.year - 1, "reports": last_reports, "figures": last_figures}
        + "\n"
    )
