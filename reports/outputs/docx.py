"""Outputs of a generated report: text, HTML, JSON, CSV of the figures, docx and xlsx.

The .docx and .xlsx writers pass every string through `_x()`: XML cannot hold
control characters, and one pasted from a PDF into a section (or into a proposal
title the report quotes) would otherwise make the document fail to render for
ever, published snapshots included (see `reports/validators.py`).
"""

import csv
import io
import json

from django.template.loader import render_to_string

from reports import layouts
from reports.generate import ReportDocument
from reports.validators import strip_control_characters

DRAFT_MARK = "【草稿】"
SHEET_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}


def _x(value):
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


def to_json(doc: ReportDocument) -> str:
    return json.dumps(doc.as_json(), ensure_ascii=False, indent=2)


def to_csv(doc: ReportDocument) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["key", "label", "unit", "value", "qualifier", "source", "note"])
    for f in doc.figures.values():
        writer.writerow(
            [f.key, f.definition.label, f.definition.unit, "" if f.value is None else f.value,
             f.qualifier, f.source, f.note]
        )  # fmt: skip
    return buffer.getvalue()


def to_docx(doc: ReportDocument) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "FangSong"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    _a4_page_with_numbers(document)

    if doc.draft:
        mark = document.add_paragraph(DRAFT_MARK)
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(_x(doc.title))
    run.bold = True
    run.font.size = Pt(20)
    run.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体")
    issuer = document.add_paragraph(_x(doc.organization.name))
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if revision_line(doc):
        note = document.add_paragraph(_x(revision_line(doc)))
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for section in doc.sections:
        if section.heading:
            heading = document.add_paragraph()
            hrun = heading.add_run(_x(section.heading))
            hrun.bold = True
            hrun.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
        for text in section.paragraphs:
            p = document.add_paragraph(_x(text))
            p.paragraph_format.first_line_indent = Pt(28)
        if section.table:
            placed, height, width = layouts.place(doc.grid(section.table))
            table = document.add_table(rows=height, cols=width)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, c, cell in placed:
                target = table.cell(r, c)
                if cell.rowspan > 1 or cell.colspan > 1:
                    target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
                target.text = _x(cell.text)
                for paragraph in target.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for crun in paragraph.runs:
                        crun.font.size = Pt(9)
                        crun.bold = cell.header
    if doc.issued_on:
        # The issuing organ and the 成文日期 close the document, right-aligned (GB/T 9704).
        document.add_paragraph()
        for line in (doc.organization.name, chinese_date(doc.issued_on)):
            signature = document.add_paragraph(_x(line))
            signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _a4_page_with_numbers(document) -> None:
    """A4 with the margins of GB/T 9704 and the page number centred in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("— ")
        run = footer.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)
        footer.add_run(" —")


def to_xlsx(doc: ReportDocument) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = Workbook()
    summary = workbook.active
    summary.title = "报告"
    summary.append([_x((DRAFT_MARK if doc.draft else "") + doc.title)])
    summary.append(["机关", _x(doc.organization.name), "年度", doc.year, "格式", doc.format])
    if doc.issued_on:
        summary.append(["发布日期", chinese_date(doc.issued_on), "版本", doc.revision or 1])
    if revision_line(doc):
        summary.append([_x(revision_line(doc))])
    for section in doc.sections:
        if section.heading:
            summary.append([_x(section.heading)])
        for text in section.paragraphs:
            summary.append([_x(text)])

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for section in doc.sections:
        if not section.table:
            continue
        sheet = workbook.create_sheet(SHEET_NAMES[section.table])
        placed, _height, _width = layouts.place(doc.grid(section.table))
        for r, c, cell in placed:
            target = sheet.cell(row=r + 1, column=c + 1)
            value = _x(cell.text)
            if cell.key and value != "":
                try:
                    value = int(value)
                except ValueError:
                    value = float(value)
            target.value = value
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
    figures.append(["指标", "名称", "单位", "数值", "修饰", "来源", "备注"])
    for f in doc.figures.values():
        value = f.value
        if value is not None and not isinstance(value, (int, str)):
            value = float(value)
        row = [f.key, f.definition.label, f.definition.unit, value, f.qualifier, f.source, f.note]
        figures.append([_x(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


RENDERERS = {
    "text": to_text,
    "html": to_html,
    "json": to_json,
    "csv": to_csv,
    "docx": to_docx,
    "xlsx": to_xlsx,
}
BINARY = {"docx", "xlsx"}
