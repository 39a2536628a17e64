"""Open data: the daily CSV and JSON Lines files of the published catalogue, the job, the
command and the /open-data/ page."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from disclosure.jobs import start_job
from disclosure.models import Attachment, DisclosureStatus
from disclosure.models.jobs import JobState
from disclosure.open_data import (
    KEYS,
    dated_name,
    export_open_data,
    plain_text,
    read_manifest,
)
from tests.factories import CategoryFactory, DisclosureFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _chinese(settings):
    settings.SITE_URL = "https://gk.example.gov.cn"
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def catalogue():
    organization = OrganizationFactory(code="zlj", name="自流井区人民政府")
    column = CategoryFactory(name="政策文件")
    document = DisclosureFactory(
        organization=organization, category=column, title="关于开展环境监测工作的通知",
        document_number="自府发〔2026〕1号", body="<p>第一段&amp;说明</p><p>第二段</p>",
    )  # fmt: skip
    Attachment.objects.create(
        disclosure=document, title="附件", file=SimpleUploadedFile("清单.xlsx", b"PK\x03\x04")
    )
    risky = DisclosureFactory(
        organization=organization, category=column, title="=HYPERLINK(\"http://x\",\"点\")",
        document_number="+1号", body="<p>@SUM(A1)</p>",
    )  # fmt: skip
    draft = DisclosureFactory(
        organization=organization, category=column, title="草稿不应导出",
        status=DisclosureStatus.DRAFT, published_on=None,
    )  # fmt: skip
    withdrawn = DisclosureFactory(
        organization=organization, category=column, title="已撤回不应导出",
        status=DisclosureStatus.WITHDRAWN,
    )  # fmt: skip
    return {"document": document, "risky": risky, "draft": draft, "withdrawn": withdrawn}


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def test_the_export_writes_csv_with_bom_and_json_lines_of_published_items_only(catalogue):
    manifest = export_open_data(today=DAY)
    assert manifest["count"] == 2 and manifest["date"] == "2026-03-10"

    raw = read("open-data/catalogue.csv")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == KEYS
    by_title = {row[KEYS.index("title")]: dict(zip(KEYS, row, strict=True)) for row in rows[1:]}
    assert "草稿不应导出" not in by_title and "已撤回不应导出" not in by_title
    row = by_title["关于开展环境监测工作的通知"]
    document = catalogue["document"]
    assert row["index_number"] == document.index_number
    assert row["document_number"] == "自府发〔2026〕1号"
    assert row["organization"] == "自流井区人民政府" and row["organization_code"] == "zlj"
    assert row["category"] == "政策文件"
    assert row["published_on"] == document.published_on.isoformat()
    assert row["url"] == f"https://gk.example.gov.cn/disclosures/{document.pk}/"
    attachment = document.attachments.get()
    assert row["attachment_urls"] == f"https://gk.example.gov.cn/files/{attachment.file.name}"
    assert row["body_text"] == "第一段&说明\n第二段"

    lines = read("open-data/catalogue.jsonl").decode("utf-8").splitlines()
    objects = [json.loads(line) for line in lines]
    assert len(objects) == 2 and all(list(o) == KEYS for o in objects)
    first = next(o for o in objects if o["index_number"] == document.index_number)
    assert first["attachment_urls"] == [row["attachment_urls"]]
    assert first["title"] == "关于开展环境监测工作的通知"


def test_csv_cells_that_would_be_formulas_are_text(catalogue):
    export_open_data(today=DAY)
    raw = read("open-data/catalogue.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw)))
    risky = next(r for r in rows if r["index_number"] == catalogue["risky"].index_number)
    assert risky["title"] == '\'=HYPERLINK("http://x","点")'
    assert risky["document_number"] == "'+1号"
    assert risky["body_text"] == "'@SUM(A1)"
    # The JSON Lines file keeps the text as it is: no spreadsheet reads it.
    objects = [json.loads(line) for line in read("open-data/catalogue.jsonl").splitlines()]
    assert any(o["title"].startswith("=HYPERLINK") for o in objects)


def test_a_dated_copy_and_a_manifest_are_kept_and_old_copies_purged(settings, catalogue):
    settings.OPEN_DATA_DAYS = 5
    export_open_data(today=date(2026, 3, 1))
    export_open_data(today=DAY)
    assert default_storage.exists(dated_name(DAY, "csv"))
    assert default_storage.exists(dated_name(DAY, "jsonl"))
    assert not default_storage.exists(dated_name(date(2026, 3, 1), "csv"))
    assert read(dated_name(DAY, "csv")) == read("open-data/catalogue.csv")
    manifest = read_manifest()
    assert manifest["files"]["csv"]["size"] == len(read("open-data/catalogue.csv"))
    assert manifest["fields"] == KEYS


def test_a_withdrawal_leaves_the_next_export(catalogue):
    export_open_data(today=DAY)
    document = catalogue["document"]
    document.status = DisclosureStatus.WITHDRAWN
    document.save()
    export_open_data(today=DAY)
    assert document.index_number not in read("open-data/catalogue.jsonl").decode()


def test_the_command_and_the_job_write_the_files(catalogue, django_capture_on_commit_callbacks):
    out = io.StringIO()
    call_command("export_open_data", stdout=out)
    assert "2 published disclosures" in out.getvalue()
    default_storage.delete("open-data/catalogue.csv")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job("export_open_data", user=None)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.result["manifest"]["count"] == 2
    assert default_storage.exists("open-data/catalogue.csv")


def test_the_beat_schedule_runs_the_export_daily(settings):
    entries = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "disclosure.export_open_data" in entries
    from config.celery import app

    app.loader.import_default_modules()
    assert "disclosure.export_open_data" in app.tasks


def test_the_page_links_the_files_and_documents_the_fields(client, catalogue):
    response = client.get("/open-data/")
    assert response.status_code == 200
    assert "catalogue.csv" not in response.content.decode()  # nothing exported yet
    export_open_data(today=DAY)
    html = client.get("/open-data/").content.decode()
    for key in KEYS:
        assert f"<code>{key}</code>" in html
    assert "/open-data/files/catalogue.csv" in html
    assert "/open-data/files/archive/catalogue-2026-03-10.jsonl" in html
    download = client.get("/open-data/files/catalogue.csv")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert b"".join(download.streaming_content).startswith("\ufeff".encode())
    # The footer of every page links the page.
    assert 'href="/open-data/"' in client.get("/").content.decode()


def test_only_the_export_files_are_served(client, catalogue):
    export_open_data(today=DAY)
    for name in ("manifest.json", "../secret", "archive/other.csv", "catalogue.txt"):
        assert client.get(f"/open-data/files/{name}").status_code == 404


def test_plain_text_of_a_body():
    assert plain_text("<p>一&nbsp;二</p><br>三<script>x</script>") in (
        "一 二\n三x",
        "一\xa0二\n三x",
    )
    assert plain_text("") == ""
