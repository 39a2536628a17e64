"""The report as HTML (`reports/document.html`): a whole page, or the part the site embeds."""

import re

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


_BARE_TABLE_WRAP = '<div class="report-table-wrap">'
_HEADING = re.compile(r"<h[12]>(.*?)</h[12]>", re.S)


def with_focusable_tables(html: str) -> str:
    """The stored HTML of a revision published before its tables' scrolling frames took
    keyboard focus, with the attributes `document.html` now writes (WCAG 2.1.1: a frame that
    scrolls on a phone must be reachable from the keyboard, and be named).

    A published revision's text is never regenerated; only these frames' attributes are
    added, named after their section's heading (already escaped, so safe as an attribute).
    """
    if _BARE_TABLE_WRAP not in html:
        return html
    title = _HEADING.search(html)
    parts = html.split("<section ")
    for index, part in enumerate(parts[1:], 1):
        heading = _HEADING.search(part) or title
        label = heading.group(1).strip() if heading else ""
        parts[index] = part.replace(
            _BARE_TABLE_WRAP,
            f'<div class="report-table-wrap" tabindex="0" role="region" aria-label="{label}">',
        )
    return "<section ".join(parts)
