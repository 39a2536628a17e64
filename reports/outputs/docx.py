"""The report as a .docx document: A4 with the margins of GB/T 9704, tables merged as laid out."""

import io

from reports.engine import layouts
from reports.engine.document import ReportDocument
from reports.outputs.common import DRAFT_MARK, chinese_date, revision_line, xml_text


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
    run = title.add_run(xml_text(doc.title))
    run.bold = True
    run.font.size = Pt(20)
    run.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体")
    issuer = document.add_paragraph(xml_text(doc.organization.name))
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if revision_line(doc):
        note = document.add_paragraph(xml_text(revision_line(doc)))
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for section in doc.sections:
        if section.heading:
            heading = document.add_paragraph()
            hrun = heading.add_run(xml_text(section.heading))
            hrun.bold = True
            hrun.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
        for text in section.paragraphs:
            p = document.add_paragraph(xml_text(text))
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
                target.text = xml_text(cell.text)
                for paragraph in target.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for crun in paragraph.runs:
                        crun.font.size = Pt(9)
                        crun.bold = cell.header
    if doc.issued_on:
        # The issuing organ and the 成文日期 close the document, right-aligned (GB/T 9704).
        document.add_paragraph()
        for line in (doc.organization.name, chinese_date(doc.issued_on)):
            signature = document.add_paragraph(xml_text(line))
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
