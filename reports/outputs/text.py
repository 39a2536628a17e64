"""The report as plain text: headings, paragraphs and one line per table row."""

from reports.engine import layouts
from reports.engine.document import ReportDocument
from reports.outputs.common import DRAFT_MARK, chinese_date, revision_line


def to_text(doc: ReportDocument) -> str:
    lines = [(DRAFT_MARK if doc.draft else "") + doc.title, ""]
    if revision_line(doc):
        lines[1:1] = [revision_line(doc)]
    for section in doc.sections:
        if section.heading:
            lines.append(section.heading)
        lines.extend(section.paragraphs)
        if section.table:
            lines.append("")
            lines.extend(_text_table(doc.grid(section.table)))
        lines.append("")
    if doc.issued_on:
        lines.extend([doc.organization.name, chinese_date(doc.issued_on)])
    return "\n".join(lines).rstrip() + "\n"


def _text_table(grid: layouts.Grid) -> list[str]:
    """One line per grid row; a merged header appears once, on its first row."""
    return [" | ".join(cell.text for cell in row) for row in grid]
