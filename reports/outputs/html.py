"""The report as HTML (`reports/document.html`): a whole page, or the part the site embeds."""

from django.template.loader import render_to_string

from reports.engine.document import ReportDocument
from reports.outputs.common import DRAFT_MARK, chinese_date, revision_line


def to_html(doc: ReportDocument, *, standalone: bool = True) -> str:
    return render_to_string(
        "reports/document.html",
        {
            "doc": doc,
            "standalone": standalone,
            "sections": [
                {"section": s, "grid": doc.grid(s.table) if s.table else None} for s in doc.sections
            ],
            "draft_mark": DRAFT_MARK,
            "revision_line": revision_line(doc),
            "issued_on_text": chinese_date(doc.issued_on) if doc.issued_on else "",
        },
    )
