"""The text of attachments for the search (issue 14): each format, the bounds, bad files, the
job that reads a saved file through the storage, and the back-filling command."""

import io
import logging
import zipfile
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from docx import Document
from openpyxl import Workbook

from disclosure.jobs import attachment_text
from disclosure.models import Attachment, AttachmentTextStatus, Job, JobState
from disclosure.search import extract as extractor
from disclosure.search.extract import EXTRACTED, FAILED, NO_TEXT, TOO_LARGE, extract
from tests.factories import DisclosureFactory

# --- files made here ---------------------------------------------------------------------


def make_docx(paragraphs=(), table=None, merged=False) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
        if merged:
            grid.cell(0, 0).merge(grid.cell(0, 1))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def make_pdf(lines=(), chinese="") -> bytes:
    """A one-page PDF written by hand: ASCII lines in Helvetica, and Chinese text in a Type0
    font whose ToUnicode map says which character each glyph is (as real PDFs from Word or
    WPS carry), so that the text can be read back."""
    chars = sorted(set(chinese))
    cid = {c: i + 1 for i, c in enumerate(chars)}
    content = "BT /F1 12 Tf 72 720 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
    if chinese:
        content += " /F2 12 Tf <" + "".join(f"{cid[c]:04X}" for c in chinese) + "> Tj"
    content = (content + " ET").encode()
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def "
        "1 begincodespacerange <0000> <FFFF> endcodespacerange "
        f"{max(len(chars), 1)} beginbfchar "
        + (" ".join(f"<{cid[c]:04X}> <{ord(c):04X}>" for c in chars) or "<0001> <0020>")
        + " endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [7 0 R] /ToUnicode 8 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 9 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 0 1000 1000] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def make_pptx(slides: list[list[str]]) -> bytes:
    ns = (
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    )
    members = {"ppt/presentation.xml": f"<p:presentation {ns}/>".encode()}
    for n, paragraphs in enumerate(slides, start=1):
        body = "".join(f"<a:p><a:r><a:t>{text}</a:t></a:r></a:p>" for text in paragraphs)
        members[f"ppt/slides/slide{n}.xml"] = f"<p:sld {ns}>{body}</p:sld>".encode()
    return make_zip(members)


def make_ofd(pages: list[list[tuple[int, str]]]) -> bytes:
    """An OFD package (GB/T 33190): each page a list of (baseline y, text object)."""
    members = {"OFD.xml": b'<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>'}
    for n, objects in enumerate(pages):
        texts = "".join(
            f'<ofd:TextObject ID="{i}" Boundary="{10 + 5 * i} {y} 5 5">'
            f'<ofd:TextCode X="0" Y="4">{text}</ofd:TextCode></ofd:TextObject>'
            for i, (y, text) in enumerate(objects)
        )
        members[f"Doc_0/Pages/Page_{n}/Content.xml"] = (
            '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
            f"{texts}</ofd:Layer></ofd:Content></ofd:Page>"
        ).encode()
    return make_zip(members)


# --- formats -----------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order_merged_cells_once():
    data = make_docx(
        ["关于开展大气污染防治专项检查的通知", "各镇街："],
        table=[["监测点位", "合格"], ["舒坪站", "是"]],
        merged=True,
    )
    result = extract(data, "docx")
    assert result.status == EXTRACTED
    assert result.text.splitlines()[:2] == ["关于开展大气污染防治专项检查的通知", "各镇街："]
    assert "舒坪站 是" in result.text
    # The merged header is one cell: its text appears once.
    assert result.text.count("监测点位") == 1


def test_xlsx_values_of_every_sheet():
    data = make_xlsx(
        {
            "收入": [["项目", "金额"], ["税收收入", 1200.0]],
            "支出": [["教育支出", 35.5], [None, "城乡社区支出"]],
        }
    )
    result = extract(data, "xlsx")
    assert result.status == EXTRACTED
    for text in ("收入", "税收收入 1200", "支出", "教育支出 35.5", "城乡社区支出"):
        assert text in result.text


def test_pdf_text_chinese_included():
    result = extract(make_pdf(["Air quality report"], chinese="环境监测月报"), "pdf")
    assert result.status == EXTRACTED
    assert "Air quality report" in result.text
    assert "环境监测月报" in result.text


def test_pptx_and_ofd():
    pptx = extract(make_pptx([["第一页标题", "要点"], ["第二页"]]), "pptx")
    assert pptx.text.splitlines() == ["第一页标题", "要点", "第二页"]
    # OFD: one text object per character on a baseline makes one line, pages in order.
    ofd = extract(make_ofd([[(20, "环"), (20, "境"), (40, "监测")], [(20, "第二页")]]), "ofd")
    assert ofd.status == EXTRACTED
    assert ofd.text.splitlines() == ["环境", "监测", "第二页"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("环境监测，水质达标。".encode(), "环境监测，水质达标。"),
        ("\ufeff环境监测，水质达标。".encode(), "环境监测，水质达标。"),
        ("环境监测，水质达标。𠀀".encode("gb18030"), "环境监测，水质达标。𠀀"),
        ("序号,监测点\r\n1,舒坪".encode("gb18030"), "序号,监测点\n1,舒坪"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gb18030-csv"],
)
def test_plain_text_encodings(data, expected):
    extension = "csv" if b"," in data else "txt"
    result = extract(data, extension)
    assert result.status == EXTRACTED
    assert result.text == expected


def test_gb18030_after_a_long_ascii_start():
    data = b"id,value\n" * 10_000 + "舒坪监测站".encode("gb18030")
    assert extract(data, "csv").text.endswith("舒坪监测站")


def test_a_wps_file_that_is_really_docx_is_read_an_old_binary_one_is_not():
    assert "正文内容" in extract(make_docx(["正文内容"]), "wps").text
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    assert extract(ole, "doc") == extractor.Extraction("", NO_TEXT)
    assert extract(b"\x89PNG\r\n", "png").status == NO_TEXT


def test_every_allowed_extension_gives_an_outcome_never_an_exception():
    from disclosure.models.catalogue import ATTACHMENT_EXTENSIONS

    for extension in ATTACHMENT_EXTENSIONS:
        result = extract(b"not really a file", extension)
        assert result.status in (NO_TEXT, FAILED, EXTRACTED), extension


# --- bounds and bad files ----------------------------------------------------------------


def test_a_file_over_the_size_limit_is_not_read(settings, caplog):
    settings.ATTACHMENT_TEXT_MAX_FILE_MB = 1
    data = ("环境监测" * 100_000).encode()  # 1.2 MB
    with caplog.at_level(logging.WARNING, logger="disclosure.search.extract"):
        result = extract(data, "txt")
    assert (result.text, result.status) == ("", TOO_LARGE)
    assert "larger than 1 MB" in caplog.text


def test_the_text_stops_at_the_character_cap(settings):
    settings.ATTACHMENT_TEXT_MAX_CHARS = 1000
    result = extract(("环境监测" * 2000).encode(), "txt")
    assert len(result.text) == 1000
    assert result.truncated
    # A long document stops being read at the cap: not every paragraph is walked.
    data = make_docx([f"第{n}段：水质监测结果" for n in range(2000)])
    result = extract(data, "docx")
    assert len(result.text) <= 1000
    assert result.truncated
    assert "第1999段" not in result.text
    sheet = extract(make_xlsx({"表": [[f"行{n}", n] for n in range(5000)]}), "xlsx")
    assert len(sheet.text) <= 1000 and sheet.truncated


@pytest.mark.parametrize("extension", ["pdf", "docx", "xlsx", "pptx", "ofd"])
def test_malformed_files_give_no_text_and_a_warning(extension, caplog):
    with caplog.at_level(logging.WARNING, logger="disclosure.search.extract"):
        result = extract(b"PK\x03\x04 truncated, not a real file", extension)
    assert (result.text, result.status) == ("", FAILED)
    assert "not read" in caplog.text
    # A zip that holds no document of that kind either.
    assert extract(make_zip({"a.txt": b"x"}), extension).status == FAILED


def test_a_zip_bomb_docx_is_refused_before_it_is_parsed(settings):
    docx = zipfile.ZipFile(io.BytesIO(make_docx(["正文"])))
    members = {name: docx.read(name) for name in docx.namelist()}
    # 20 MB of zeros compress to about 20 KB: a thousand times.
    members["word/media/padding.bin"] = b"\x00" * (20 * 1024 * 1024)
    bomb = make_zip(members)
    assert len(bomb) < 200_000
    result = extract(bomb, "docx")
    assert result.status == FAILED
    assert "compressed more than" in result.reason
    # Past the uncompressed limit, whatever the ratio.
    settings.ATTACHMENT_TEXT_MAX_UNCOMPRESSED_MB = 10
    assert extract(bomb, "docx").status == TOO_LARGE


def test_a_document_with_a_dtd_is_refused():
    docx = zipfile.ZipFile(io.BytesIO(make_docx(["正文"])))
    members = {name: docx.read(name) for name in docx.namelist()}
    members["word/document.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        + members["word/document.xml"].split(b"?>", 1)[1]
    )
    result = extract(make_zip(members), "docx")
    assert result.status == FAILED
    assert "DTD" in result.reason


def test_reading_stops_at_the_time_limit(settings, caplog):
    settings.ATTACHMENT_TEXT_SECONDS = 0
    data = make_xlsx({f"表{n}": [["监测点位", n]] for n in range(5)})
    with caplog.at_level(logging.WARNING, logger="disclosure.search.extract"):
        result = extract(data, "xlsx")
    assert result.truncated
    assert "表4" not in result.text
    assert "cut after 0 s" in caplog.text


def test_the_workers_soft_time_limit_is_not_swallowed(monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def slow(data, collector):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(extractor, "_read_plain", slow)
    with pytest.raises(SoftTimeLimitExceeded):
        extract(b"text", "txt")


def test_no_nul_or_control_characters_reach_the_database():
    result = extract(b"abc\x00def\x07 ghi", "txt")
    assert result.text == "abcdef ghi"
    assert extractor.clean("环境\ud800监测") == "环境监测"


# --- the job -----------------------------------------------------------------------------


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def index_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(
        attachment_text, "update_search_index", lambda ids: calls.append(sorted(ids))
    )
    return calls


def attach(disclosure, name="附件.docx", data=None) -> Attachment:
    data = data if data is not None else make_docx(["水质自动监测站运行维护服务"])
    return Attachment.objects.create(disclosure=disclosure, file=ContentFile(data, name=name))


@pytest.mark.django_db
def test_saving_an_attachment_reads_its_text_in_a_job_after_commit(
    django_capture_on_commit_callbacks, index_calls, english
):
    disclosure = DisclosureFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = attach(disclosure)
        second = attach(disclosure, "表.xlsx", make_xlsx({"表": [["监测点位", "舒坪站"]]}))
        assert Attachment.objects.get(pk=first.pk).text_status == AttachmentTextStatus.PENDING
    first.refresh_from_db()
    second.refresh_from_db()
    assert "水质自动监测站" in first.extracted_text
    assert first.text_status == AttachmentTextStatus.EXTRACTED
    assert first.extracted_at is not None
    assert "舒坪站" in second.extracted_text
    # One job for the transaction, and the disclosure re-indexed with the text stored.
    job = Job.objects.get(kind=attachment_text.KIND)
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.params["attachment_ids"] == [first.pk, second.pk]
    assert job.result["extracted"] == 2
    assert "2 attachments read." in job.result["output"]
    assert index_calls == [[disclosure.pk]]


@pytest.mark.django_db
def test_the_job_reads_through_the_storage_not_a_path(
    django_capture_on_commit_callbacks, index_calls, monkeypatch
):
    storage = Attachment._meta.get_field("file").storage
    opened = []
    original = type(storage).open

    def tracking_open(self, name, mode="rb"):
        opened.append(name)
        return original(self, name, mode)

    monkeypatch.setattr(type(storage), "open", tracking_open)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = attach(DisclosureFactory())
    assert opened == [attachment.file.name]


@pytest.mark.django_db
def test_replacing_the_file_reads_it_again_editing_the_title_does_not(
    django_capture_on_commit_callbacks, index_calls
):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = attach(DisclosureFactory())
    attachment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        attachment.title = "新标题"
        attachment.save()
    assert Job.objects.filter(kind=attachment_text.KIND).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        attachment.file = ContentFile(make_docx(["污水处理厂提标改造"]), name="新.docx")
        attachment.save()
    attachment.refresh_from_db()
    assert "污水处理厂" in attachment.extracted_text
    assert "水质自动监测站" not in attachment.extracted_text
    assert Job.objects.filter(kind=attachment_text.KIND).count() == 2


@pytest.mark.django_db
def test_an_image_has_no_text_and_needs_no_job(django_capture_on_commit_callbacks, index_calls):
    with django_capture_on_commit_callbacks(execute=True):
        picture = attach(DisclosureFactory(), "现场照片.jpg", b"\xff\xd8\xff\xe0 jpeg")
    assert Attachment.objects.get(pk=picture.pk).text_status == AttachmentTextStatus.NO_TEXT
    assert not Job.objects.filter(kind=attachment_text.KIND).exists()


@pytest.mark.django_db
def test_a_file_saved_with_update_fields_is_read_again(
    django_capture_on_commit_callbacks, index_calls
):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = attach(DisclosureFactory())
    with django_capture_on_commit_callbacks(execute=True):
        attachment.file = ContentFile("噪声投诉处理情况".encode(), name="新.txt")
        attachment.save(update_fields=["file"])
    attachment.refresh_from_db()
    assert attachment.extracted_text == "噪声投诉处理情况"
    assert attachment.text_status == AttachmentTextStatus.EXTRACTED


@pytest.mark.django_db
def test_a_rolled_back_save_starts_no_job(django_capture_on_commit_callbacks, index_calls):
    disclosure = DisclosureFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                attach(disclosure)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert not callbacks
    assert not Job.objects.filter(kind=attachment_text.KIND).exists()


@pytest.mark.django_db
def test_a_bad_file_fails_its_attachment_not_the_job(
    django_capture_on_commit_callbacks, index_calls, settings
):
    settings.ATTACHMENT_TEXT_MAX_FILE_MB = 1
    disclosure = DisclosureFactory()
    with django_capture_on_commit_callbacks(execute=True):
        bad = attach(disclosure, "坏.pdf", b"%PDF-1.4 broken")
        big = attach(disclosure, "大.txt", b"x" * (1024 * 1024 + 1))
        good = attach(disclosure, "好.txt", "噪声监测点位".encode())
    statuses = dict(Attachment.objects.values_list("pk", "text_status"))
    assert statuses == {
        bad.pk: AttachmentTextStatus.FAILED,
        big.pk: AttachmentTextStatus.TOO_LARGE,
        good.pk: AttachmentTextStatus.EXTRACTED,
    }
    assert Job.objects.get(kind=attachment_text.KIND).state == JobState.SUCCEEDED


@pytest.mark.django_db
def test_the_job_runs_nothing_twice(django_capture_on_commit_callbacks, index_calls):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = attach(DisclosureFactory())
    assert attachment_text.extract_attachments([attachment.pk]) == {
        "extracted": 0,
        "no_text": 0,
        "too_large": 0,
        "failed": 0,
    }
    assert attachment_text.start_extraction([attachment.pk]) is None
    assert len(index_calls) == 1


@pytest.mark.django_db
def test_a_word_only_in_an_attachment_finds_the_published_document(
    django_capture_on_commit_callbacks,
):
    from disclosure.models import Disclosure
    from disclosure.search import query

    disclosure = DisclosureFactory(title="关于公布检测结果的通知", body="<p>详见附件。</p>")
    other = DisclosureFactory(title="关于另一事项的通知", body="<p>详见附件。</p>")
    with django_capture_on_commit_callbacks(execute=True):
        attach(disclosure, data=make_docx(["饮用水源地水质检测结果"]))
    found = list(query.search(Disclosure.objects.all(), "水源地").values_list("pk", flat=True))
    assert found == [disclosure.pk]
    assert other.pk not in found
    # Deleting the attachment takes its text out of the search.
    with django_capture_on_commit_callbacks(execute=True):
        disclosure.attachments.get().delete()
    assert not query.search(Disclosure.objects.all(), "水源地").exists()


# --- the command -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_back_fills_what_is_missing_then_everything(index_calls):
    disclosure = DisclosureFactory()
    # Uploaded before the search existed: pending, no job ever ran (no commit in this test).
    first = attach(disclosure)
    second = attach(disclosure, "旧.txt", "大气污染防治".encode("gb18030"))
    out = StringIO()
    call_command("extract_attachment_text", "--missing", stdout=out)
    first.refresh_from_db()
    second.refresh_from_db()
    assert "水质自动监测站" in first.extracted_text
    assert second.extracted_text == "大气污染防治"
    assert "2 / 2" in out.getvalue()
    assert index_calls == [[disclosure.pk]]
    # Nothing is missing any more; --all reads everything again.
    out = StringIO()
    call_command("extract_attachment_text", stdout=out)
    assert "0 " in out.getvalue().splitlines()[0]
    Attachment.objects.filter(pk=first.pk).update(extracted_text="旧的文字")
    call_command("extract_attachment_text", "--all", stdout=StringIO())
    first.refresh_from_db()
    assert "水质自动监测站" in first.extracted_text


@pytest.mark.django_db
def test_staff_see_whether_the_search_reads_an_attachment(
    admin_client, django_capture_on_commit_callbacks, index_calls
):
    disclosure = DisclosureFactory()
    with django_capture_on_commit_callbacks(execute=True):
        attach(disclosure, "扫描件.pdf", make_pdf())
    with translation.override("zh-hans"):
        page = admin_client.get(f"/admin/disclosure/disclosure/{disclosure.pk}/change/")
    assert page.status_code == 200
    assert Attachment.objects.get().text_status == AttachmentTextStatus.NO_TEXT
    content = page.content.decode()
    assert "field-text_status" in content
    # Chinese once the lead compiles the catalogue (locale/fragments/extract.po).
    assert "无文字（不读取的格式或扫描件）" in content or "no text (a format not read" in content
