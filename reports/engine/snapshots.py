"""Frozen snapshots of published reports (设计原则 4: published means frozen).

A snapshot is plain JSON: the engine's `as_json()` of the document, plus the
table grids as they were laid out, so that every output (HTML, text, docx,
xlsx, JSON, CSV) of a published revision renders again from the snapshot alone
— no record, entered figure or later change of the layouts is read.
Pure: no database.
"""

from decimal import Decimal

from disclosure.models import Organization
from reports.engine import checks, layouts
from reports.engine.document import RenderedSection, ReportDocument
from reports.engine.figures import Figure, FigureDef

SNAPSHOT_VERSION = 1


def take_snapshot(doc: ReportDocument) -> dict:
    return {
        "version": SNAPSHOT_VERSION,
        "document": doc.as_json(),
        "grids": {
            section.table: [[_cell_data(cell) for cell in row] for row in doc.grid(section.table)]
            for section in doc.sections
            if section.table
        },
    }


def _cell_data(cell: layouts.Cell) -> dict:
    return {
        "text": cell.text,
        "rowspan": cell.rowspan,
        "colspan": cell.colspan,
        "header": cell.header,
        "key": cell.key,
        "row_header": cell.row_header,
    }


def _grid_from_data(rows: list[list[dict]]) -> layouts.Grid:
    """The grid of a snapshot. Snapshots taken before cells knew `row_header` did not
    store it: there, as in every layout, a header in a row that holds data labels that row.
    """
    grid = []
    for row in rows:
        has_data = any(not cell["header"] for cell in row)
        grid.append(
            [layouts.Cell(**{"row_header": cell["header"] and has_data, **cell}) for cell in row]
        )
    return grid


def _value(value):
    # JSON turned Decimals into floats; back to Decimal so numbers print as they did.
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def document_from_snapshot(data: dict) -> ReportDocument:
    if data.get("version") != SNAPSHOT_VERSION:
        raise ValueError(f"unknown snapshot version {data.get('version')!r}")
    document = data["document"]
    figures: dict[str, Figure] = {}
    for f in document["figures"]:
        entered = f["source"] == "entered"
        definition = FigureDef(f["key"], f["label"], f["unit"], entered=entered)
        value = _value(f["value"])
        figures[f["key"]] = Figure(
            definition,
            value,
            f.get("qualifier", ""),
            f.get("note", ""),
            missing=entered and value is None,
        )
    organization = Organization(
        code=document["organization"]["code"], name=document["organization"]["name"]
    )
    return ReportDocument(
        organization=organization,
        year=document["year"],
        format=document["format"],
        title=document["title"],
        include_children=document["include_children"],
        figures=figures,
        sections=[
            RenderedSection(s["key"], s["heading"], list(s["paragraphs"]), s.get("table", ""))
            for s in document["sections"]
        ],
        checks=[
            checks.CheckResult(
                c["rule"], c["ok"], c["message"], tuple(c.get("cells", ())), c["severity"]
            )
            for c in document["checks"]
        ],
        draft=document.get("draft", False),
        grids={table: _grid_from_data(rows) for table, rows in data.get("grids", {}).items()},
    )


def document_for_revision(revision) -> ReportDocument:
    """The published document of a `ReportRevision`, dated and numbered."""
    doc = document_from_snapshot(revision.snapshot)
    doc.draft = False
    doc.issued_on = revision.published_on
    doc.revision = revision.number
    doc.revision_note = revision.note
    return doc
