"""The report as an .xlsx workbook: the text, one sheet per table, and every figure."""

import io

from core.spreadsheets import append_row, set_value
from reports.engine import layouts
from reports.engine.document import ReportDocument
from reports.outputs.common import DRAFT_MARK, chinese_date, revision_line, xml_text

SHEET_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}


def to_xlsx(doc: ReportDocument) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = Workbook()
    summary = workbook.active
    summary.title = "报告"
    append_row(summary, [xml_text((DRAFT_MARK if doc.draft else "") + doc.title)])
    append_row(
        summary, ["机关", xml_text(doc.organization.name), "年度", doc.year, "格式", doc.format]
    )
    if doc.issued_on:
        append_row(summary, ["发布日期", chinese_date(doc.issued_on), "版本", doc.revision or 1])
    if revision_line(doc):
        append_row(summary, [xml_text(revision_line(doc))])
    for section in doc.sections:
        if section.heading:
            append_row(summary, [xml_text(section.heading)])
        for text in section.paragraphs:
            append_row(summary, [xml_text(text)])

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for section in doc.sections:
        if not section.table:
            continue
        sheet = workbook.create_sheet(SHEET_NAMES[section.table])
        placed, _height, _width = layouts.place(doc.grid(section.table))
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
    append_row(figures, ["指标", "名称", "单位", "数值", "修饰", "来源", "备注"])
    for f in doc.figures.values():
        value = f.value
        if value is not None and not isinstance(value, (int, str)):
            value = float(value)
        row = [f.key, f.definition.label, f.definition.unit, value, f.qualifier, f.source, f.note]
        append_row(figures, [xml_text(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
