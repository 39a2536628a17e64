"""The generated report as plain data: what every output format reads.

`generate.build_report` makes a `ReportDocument` from the records;
`snapshots.document_from_snapshot` makes one from a published revision's frozen
snapshot, without queries. Pure: no database.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from disclosure.models import Organization
from reports.engine import checks, layouts
from reports.engine.figures import Figure
from reports.engine.placeholders import PlaceholderError, format_number


@dataclass
class RenderedSection:
    key: str
    heading: str
    paragraphs: list[str]
    table: str = ""
    errors: list[PlaceholderError] = field(default_factory=list)


@dataclass
class ReportDocument:
    organization: Organization
    year: int
    format: str
    title: str
    include_children: bool
    figures: dict[str, Figure]
    sections: list[RenderedSection]
    checks: list[checks.CheckResult]
    draft: bool = True
    # Set on a document restored from a published snapshot (`snapshots.document_from_snapshot`):
    # the frozen table grids, the publication date and the revision it belongs to.
    grids: dict[str, layouts.Grid] | None = None
    issued_on: date | None = None
    revision: int | None = None
    revision_note: str = ""

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks if c.severity == "error")

    @property
    def failing_checks(self) -> list[checks.CheckResult]:
        return [c for c in self.checks if not c.ok]

    def value(self, key: str) -> Decimal | int | str | None:
        return self.figures[key].value

    def cell_text(self, key: str) -> str:
        figure = self.figures.get(key)
        if figure is None or figure.value is None:
            return ""
        return format_number(figure.value, 4) if not isinstance(figure.value, str) else figure.value

    def grid(self, table: str) -> layouts.Grid:
        if self.grids is not None and table in self.grids:
            return self.grids[table]
        return layouts.TABLES[table](self.cell_text)

    def table_values(self, table: str) -> dict:
        prefix = table + "."
        result: dict[str, dict] = {}
        for key, figure in self.figures.items():
            if key.startswith(prefix):
                _, row, column = key.split(".")
                value = figure.value
                result.setdefault(row, {})[column] = _json_number(value)
        return result

    def as_json(self) -> dict:
        data = {
            "organization": {"code": self.organization.code, "name": self.organization.name},
            "year": self.year,
            "format": self.format,
            "title": self.title,
            "include_children": self.include_children,
            "draft": self.draft,
            "sections": [
                {"key": s.key, "heading": s.heading, "paragraphs": s.paragraphs, "table": s.table}
                for s in self.sections
            ],
            "figures": [
                {
                    "key": f.key,
                    "label": f.definition.label,
                    "unit": f.definition.unit,
                    "value": _json_number(f.value),
                    "qualifier": f.qualifier,
                    "note": f.note,
                    "source": f.source,
                }
                for f in self.figures.values()
            ],
            "checks": [c.as_dict() for c in self.checks],
        }
        if self.format == "gb2021":
            data["tables"] = {t: self.table_values(t) for t in ("table2", "table3", "table4")}
            data["section6"] = {
                "information_processing_fees": {
                    "amount_yuan": _json_number(self.value("fees.amount_yuan")),
                    "cases": self.value("fees.cases"),
                }
            }
        return data


def _json_number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
