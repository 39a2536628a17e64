"""What the outputs share: the draft mark, dates as written on a government document,
the line of a corrected revision, and the text the XML of .docx and .xlsx can hold.

The .docx and .xlsx writers pass every string through `xml_text()`: XML cannot hold
control characters, and one pasted from a PDF into a section (or into a proposal
title the report quotes) would otherwise make the document fail to render for
ever, published snapshots included (see `reports/validators.py`).
"""

from django.utils.translation import pgettext_lazy

from core.downloads import attachment_header, safe_filename  # noqa: F401 (re-exported)
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


# The columns of the figure list in .csv and .xlsx, in this order. In English they are
# the keys the file always had.
FIGURE_HEADERS = [
    pgettext_lazy("report figure list", "key"),
    pgettext_lazy("report figure list", "label"),
    pgettext_lazy("report figure list", "unit"),
    pgettext_lazy("report figure list", "value"),
    pgettext_lazy("report figure list", "qualifier"),
    pgettext_lazy("report figure list", "source"),
    pgettext_lazy("report figure list", "note"),
]
SOURCE_LABELS = {
    "computed": pgettext_lazy("figure source", "computed"),
    "entered": pgettext_lazy("figure source", "entered"),
}


def figure_headers() -> list[str]:
    return [str(header) for header in FIGURE_HEADERS]


def source_text(source: str) -> str:
    """Where a figure comes from, in words: counted from records or entered by staff."""
    return str(SOURCE_LABELS.get(source, source))


def qualifier_text(qualifier: str) -> str:
    """The qualifier's label (in Chinese 约, 余, 多, 约…余); blank for an exact figure.

    The `figures` import reads these labels back.
    """
    from reports.models import Qualifier

    if not qualifier:
        return ""
    try:
        return str(Qualifier(qualifier).label)
    except ValueError:
        return qualifier


def download_filename(title: str, *, revision: int | None = None, draft: bool = False) -> str:
    """The name a citizen recognises: the report's title, with the revision after the first.

    自贡市自流井区人民政府2016年政府信息公开工作年度报告（第2版）
    """
    name = safe_filename(strip_control_characters(title))
    if revision and revision > 1:
        name += f"（第{revision}版）"
    return (DRAFT_MARK + name) if draft else name
