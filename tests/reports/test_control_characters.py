"""Control characters (a backspace pasted from a PDF): refused on input, removed on output.

XML cannot hold them, so a .docx or .xlsx containing one cannot be written at all. A
report published before the check, or quoting a proposal title that carries one, must
still download.
"""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from core.importing import run_import
from reports.engine.generate import build_report
from reports.models import EnteredFigure, Report, ReportSection
from reports.outputs.docx import to_docx
from reports.outputs.xlsx import to_xlsx
from reports.services import publish_report
from reports.validators import strip_control_characters
from tests.factories import (
    EnteredFigureFactory,
    OrganizationFactory,
    ProposalFactory,
    ProposalProposerFactory,
    ReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PASTED = "存在问题：更新不及时\x08（自PDF复制）。"


@pytest.fixture
def district():
    return OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for c in t._cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def xlsx_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(v) for ws in workbook for row in ws.iter_rows(values_only=True) for v in row if v
    )


def test_strip_removes_what_xml_cannot_hold_and_keeps_line_breaks_and_tabs():
    assert strip_control_characters("甲\x08乙\x00丙\x0b丁\x1f\ufffe") == "甲乙丙丁"
    assert strip_control_characters("一\n二\t三\r\n") == "一\n二\t三\r\n"
    assert strip_control_characters("") == ""


def test_section_text_title_and_figure_note_refuse_a_control_character(district):
    report = ReportFactory(organization=district, year=2016, format="gb2021")
    section = report.sections.get(key="problems")
    section.text = "第一行。\n" + PASTED

    with pytest.raises(ValidationError) as refused:
        section.full_clean()
    with translation.override("en"):
        message = refused.value.message_dict["text"][0]
    assert "U+0008" in message
    assert "Line 2, character 11" in message  # where it is, for a long text
    with translation.override("zh-hans"):
        assert "第2行第11个字符" in refused.value.message_dict["text"][0]

    report.title = "年度报告\x0c"
    with pytest.raises(ValidationError) as refused:
        report.full_clean()
    assert "title" in refused.value.message_dict

    figure = EnteredFigure(
        organization=district, year=2016, key="window.visitors", value=1, note="台账\x07"
    )
    with pytest.raises(ValidationError) as refused:
        figure.full_clean()
    assert "note" in refused.value.message_dict


def test_the_admin_refuses_a_pasted_note_and_keeps_the_input(admin_client, district):
    response = admin_client.post(
        reverse("admin:reports_enteredfigure_add"),
        {
            "organization": district.pk,
            "year": 2016,
            "key": "window.visitors",
            "value": "37000",
            "qualifier": "about",
            "note": "窗口台账\x08",
        },
    )

    assert response.status_code == 200
    assert "U+0008" in response.content.decode()
    assert response.context["adminform"].form["value"].value() == "37000"
    assert not EnteredFigure.objects.exists()


def test_the_figures_import_names_the_cell_with_a_control_character(tmp_path, district):
    path = tmp_path / "figures.csv"
    path.write_text(
        "机关代码,年度,指标,数值,备注\nzlj,2016,window.visitors,37000,台账\x08\n",
        encoding="utf-8-sig",
    )
    result = run_import("figures", path)

    assert not result.ok
    assert [(e.line, e.column) for e in result.errors] == [(2, "备注")]
    assert "U+0008" in result.errors[0].message
    assert not EnteredFigure.objects.exists()


def test_a_draft_with_a_control_character_still_renders_as_docx_and_xlsx(district):
    doc = build_report(
        organization=district,
        year=2016,
        format="gb2021",
        texts={"problems": PASTED},
        title="年度报告\x08",
    )

    docx, xlsx = docx_text(to_docx(doc)), xlsx_text(to_xlsx(doc))

    assert "存在问题：更新不及时（自PDF复制）。" in docx
    assert "存在问题：更新不及时（自PDF复制）。" in xlsx
    assert "\x08" not in docx + xlsx


def test_a_published_revision_holding_a_control_character_still_downloads(
    client, admin_client, district
):
    report = ReportFactory(organization=district, year=2016, format="narrative2007")
    # Text saved before the check existed (update() skips validation), and a proposal
    # title from another record, quoted by the report's dissatisfied_detail figure.
    ReportSection.objects.filter(report=report, key="problems").update(text=PASTED)
    Report.objects.filter(pk=report.pk).update(title="自流井区2016年年度报告\x08")
    proposal = ProposalFactory(
        lead_organization=district,
        title="关于\x08改善交通的建议",
        answered_on=date(2016, 5, 20),
        category="for_reference",
        satisfaction="dissatisfied",
        reply_text="答复正文",
    )
    ProposalProposerFactory(proposal=proposal, name="罗瑛")
    EnteredFigureFactory(organization=district, year=2016, key="window.visitors", value=37000)
    EnteredFigure.objects.filter(organization=district).update(note="台账\x08")
    report.sections.filter(key="other").update(text="{proposals.npc.dissatisfied_detail}")
    revision = publish_report(
        report=report,
        by=UserFactory(is_superuser=True, organization=district),
        on=date(2017, 3, 20),
        confirm_failing_checks=True,
    )

    for extension in ("docx", "xlsx", "json", "csv"):
        assert client.get(revision.download_url(extension)).status_code == 200, extension
    docx = docx_text(client.get(revision.download_url("docx")).content)
    xlsx = xlsx_text(client.get(revision.download_url("xlsx")).content)
    assert "C类办理件，为罗瑛代表提出关于改善交通的建议" in docx
    assert "存在问题：更新不及时（自PDF复制）。" in docx
    assert "台账" in xlsx and "\x08" not in xlsx
    assert client.get(revision.get_absolute_url()).status_code == 200
    draft = reverse("admin:reports_report_draft", args=[report.pk, "docx"])
    assert admin_client.get(draft).status_code == 200
