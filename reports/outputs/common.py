"""What the outputs share: the draft mark, dates as written on a government document,
the line of a corrected revision, and the text the XML of .docx and .xlsx can hold.

The .docx and .xlsx writers pass every string through `xml_text()`: XML cannot hold
control characters, and one pasted from a PDF into a section (or into a proposal
title the report quotes) would otherwise make the document fail to render for
ever, published snapshots included (see `reports/validators.py`).
"""

from reports.engine.document import ReportDocument
from reports.validators import strip_control_characters

DRAFT_MARK = "【草稿】"


def xml_text(value):
    """A value as the XML of .docx and .xlsx can hold it: strings without control characters."""
    return strip_control_characters(value) if isinstance(value, str) else value


def chinese_date(day) -> str:
    """成文日期 as written on a government document: 2017年3月31日."""
    return f"{day.year}年{day.month}月{day.day}日"


def revision_line(doc: ReportDocument) -> str:
    """The public note of a corrected revision, printed under the title."""
    if not doc.revision or doc.revision < 2:
        return ""
    line = f"（第{doc.revision}版，{chinese_date(doc.issued_on)}更正"
    return line + (f"：{doc.revision_note}）" if doc.revision_note else "）")
