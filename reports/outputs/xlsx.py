"""The report as an .xlsx workbook: the text, one sheet per table, and every figure."""

import io

from core.spreadsheets import append_row, set_value
from reports.engine import layouts
from reports.engine.document import ReportDocument
from reports.outputs.common import (
    DRAFT_MARK,
    chinese_date,
    figure_headers,
    qualifier_text,
    revision_line,
    source_text,
    xml_text,
)

SHEET_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}
# Column widths in Excel's units (about one Latin or half a Chinese character each).
TEXT_COLUMN_WIDTH = 100
TABLE_WIDTHS = {"table3": (10, 16, 44, *(10,) * 7), "table2": (18, 14, 14, 14)}


def to_xlsx(doc: ReportDocument) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    summary = workbook.active
    summary.title = "报告"
    # One wide column of wrapped text that reads like the document: title, headings, paragraphs.
    summary.column_dimensions["A"].width = TEXT_COLUMN_WIDTH
    summary.sheet_view.showGridLines = False

    def line(text, *, font=None, centred=False, indent=0):
        append_row(summary, [xml_text(text)])
        cell = summary.cell(row=summary.max_row, column=1)
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="top",
            horizontal="center" if centred else "left",
            indent=indent,
        )
        if font is not None:
            cell.font = font
        summary.row_dimensions[summary.max_row].height = _row_height(str(text), font)

    line((DRAFT_MARK if doc.draft else "") + doc.title, font=Font(bold=True, size=16), centred=True)
    line(doc.organization.name, centred=True)
    if doc.issued_on:
        line(f"{chinese_date(doc.issued_on)}发布（第{doc.revision or 1}版）", centred=True)
    if revision_line(doc):
        line(revision_line(doc), centred=True)
    for section in doc.sections:
        if section.heading:
            line(section.heading, font=Font(bold=True, size=12))
        for text in section.paragraphs:
            line(text, indent=2)
        if section.table:
            line(f"（见工作表“{SHEET_NAMES[section.table]}”）", font=Font(italic=True))

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for section in doc.sections:
        if not section.table:
            continue
        sheet = workbook.create_sheet(SHEET_NAMES[section.table])
        placed, _height, width = layouts.place(doc.grid(section.table))
        for index, column_width in enumerate(_table_widths(section.table, width), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column_width
        for r, c, cell in placed:
            target = sheet.cell(row=r + 1, column=c + 1)
            value = xml_text(cell.text)
            if cell.key and value != "":
                try:
                    value = int(value)
                except ValueError:
                    value = float(value)
            set_value(target, value)
            target.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
            target.font = Font(bold=cell.header)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=r + 1,
                    start_column=c + 1,
                    end_row=r + cell.rowspan,
                    end_column=c + cell.colspan,
                )
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    sheet.cell(row=r + 1 + dr, column=c + 1 + dc).border = border

    figures = workbook.create_sheet("指标")
    for letter, column_width in zip("ABCDEFG", (40, 36, 10, 12, 8, 10, 30), strict=True):
        figures.column_dimensions[letter].width = column_width
    append_row(figures, figure_headers())
    for f in doc.figures.values():
        value = f.value
        if value is not None and not isinstance(value, (int, str)):
            value = float(value)
        row = [
            f.key,
            f.definition.label,
            f.definition.unit,
            value,
            qualifier_text(f.qualifier),
            source_text(f.source),
            f.note,
        ]
        append_row(figures, [xml_text(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _table_widths(table: str, columns: int) -> tuple[int, ...]:
    widths = TABLE_WIDTHS.get(table)
    return widths if widths and len(widths) == columns else (10,) * columns


def _row_height(text: str, font) -> float:
    """Points for the wrapped lines of a paragraph: spreadsheets do not size them on their own."""
    size = font.size if font is not None and font.size else 11
    per_line = max(1, int(TEXT_COLUMN_WIDTH / 2 * 11 / size))  # Chinese characters per line
    lines = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
    return lines * size * 1.5
