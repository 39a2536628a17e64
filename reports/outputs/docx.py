"""The report as a .docx document: A4 with the margins of GB/T 9704, tables merged as laid out.

Word and LibreOffice share a table's width out evenly unless the table says otherwise,
which leaves 表三's long row labels (37 characters) in a column as narrow as a number's
and wraps them onto six lines. Each table therefore carries fixed column widths, and 表三
and 表四 (ten and fifteen columns) sit on a landscape page of their own.
"""

import io

from reports.engine import layouts
from reports.engine.document import ReportDocument
from reports.outputs.common import DRAFT_MARK, chinese_date, revision_line, xml_text

# Relative column widths of each table, shared out over the text width of its page.
COLUMN_WEIGHTS = {
    # 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密… | seven columns of figures
    "table3": (24, 28, 76, *(17,) * 7),
    "table2": (2, 1, 1, 1),
}
LANDSCAPE_TABLES = {"table3", "table4"}
# Header rows repeated at the top of each page the table runs onto.
HEADER_ROWS = {"table3": 3, "table4": 3, "table2": 0}
TABLE_FONT_PT = 9


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
    title.paragraph_format.keep_with_next = True
    run = title.add_run(xml_text(doc.title))
    run.bold = True
    run.font.size = Pt(20)
    run.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体")
    issuer = document.add_paragraph(xml_text(doc.organization.name))
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if revision_line(doc):
        note = document.add_paragraph(xml_text(revision_line(doc)))
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER

    landscape = False
    for section in doc.sections:
        wanted = section.table in LANDSCAPE_TABLES
        if wanted != landscape:
            _new_page_section(document, landscape=wanted)
            landscape = wanted
        if section.heading:
            heading = document.add_paragraph()
            # A heading never ends a page: it stays with what it introduces.
            heading.paragraph_format.keep_with_next = True
            heading.paragraph_format.space_before = Pt(6)
            hrun = heading.add_run(xml_text(section.heading))
            hrun.bold = True
            hrun.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
        for i, text in enumerate(section.paragraphs):
            p = document.add_paragraph(xml_text(text))
            p.paragraph_format.first_line_indent = Pt(28)
            if section.table and i == len(section.paragraphs) - 1:
                p.paragraph_format.keep_with_next = True  # the table's caption line
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
                    paragraph.alignment = (
                        WD_ALIGN_PARAGRAPH.LEFT
                        if cell.row_header and cell.colspan == 1 and c > 0
                        else WD_ALIGN_PARAGRAPH.CENTER
                    )
                    paragraph.paragraph_format.first_line_indent = Pt(0)
                    # The paragraph mark's size sets the line height as much as the text's.
                    _mark_size(paragraph, TABLE_FONT_PT)
                    for crun in paragraph.runs:
                        crun.font.size = Pt(TABLE_FONT_PT)
                        crun.bold = cell.header
            text_width = _text_width(document.sections[-1])
            _fix_layout(table, _column_widths(section.table, width, text_width))
            _rows_keep_whole(table, header_rows=HEADER_ROWS.get(section.table, 0))
    if landscape:
        _new_page_section(document, landscape=False)
    if doc.issued_on:
        # The issuing organ and the 成文日期 close the document, right-aligned (GB/T 9704).
        document.add_paragraph()
        for line in (doc.organization.name, chinese_date(doc.issued_on)):
            signature = document.add_paragraph(xml_text(line))
            signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _column_widths(table_key: str, columns: int, text_width: int) -> list[int]:
    """Each column's width in EMU: the table's weights, or equal shares."""
    weights = COLUMN_WEIGHTS.get(table_key)
    if weights is None or len(weights) != columns:
        weights = (1,) * columns
    total = sum(weights)
    return [text_width * w // total for w in weights]


def _text_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


def _fix_layout(table, widths: list[int]) -> None:
    """Fixed layout: the grid, every cell (merged cells span their columns) and the table."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Emu

    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(Emu(sum(widths)).twips))
    tbl_w.set(qn("w:type"), "dxa")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)
    for tr in table._tbl.tr_lst:
        position = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Emu(sum(widths[position : position + span]))
            position += span


def _rows_keep_whole(table, *, header_rows: int) -> None:
    """No row split across pages; the header rows repeat on every page the table runs onto."""
    from docx.oxml import OxmlElement

    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index < header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))


def _mark_size(paragraph, points: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    r_pr = p_pr.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        p_pr.append(r_pr)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(int(points * 2)))
    r_pr.append(size)


def _new_page_section(document, *, landscape: bool) -> None:
    """A new section on a new page, A4 portrait or landscape (the footer carries on)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    section = document.add_section(WD_SECTION.NEW_PAGE)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        # Narrower margins across the short side: 表三's 32 rows fit on one page.
        section.top_margin, section.bottom_margin = Mm(20), Mm(18)
        section.left_margin, section.right_margin = Mm(25), Mm(25)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)


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
