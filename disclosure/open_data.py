"""Open data: the whole published catalogue as files anyone may download (/open-data/).

Every day the job `export_open_data` (beat, `CELERY_BEAT_SCHEDULE`) — or the management
command of that name — writes the metadata of every published disclosure as

- `open-data/catalogue.csv`: UTF-8 with a byte-order mark (Excel opens it as UTF-8), one
  row per disclosure, the columns of FIELDS; text that a spreadsheet would read as a
  formula is written as text (core.spreadsheets.safe_cell);
- `open-data/catalogue.jsonl`: JSON Lines, one object per disclosure with the same keys
  (`attachment_urls` a list);
- `open-data/manifest.json`: when, how many rows, the files' sizes and SHA-256;

and a dated copy of both (`open-data/archive/catalogue-YYYY-MM-DD.csv|jsonl`), kept
OPEN_DATA_DAYS days. The files live in the default (public) storage, MEDIA_ROOT; the site
serves them at /open-data/files/… (a production site serves no /media/).

The rows are read with an iterator in chunks and written as they come: memory stays the
same for a thousand or a million disclosures. The new files replace the old ones at once
(written beside them, then renamed): a download never gets half a file. Drafts and
withdrawn disclosures are never written.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import safe_cell
from disclosure.models import Attachment, Disclosure

DIRECTORY = "open-data"
ARCHIVE = f"{DIRECTORY}/archive"
MANIFEST = f"{DIRECTORY}/manifest.json"
FORMATS = ("csv", "jsonl")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
}
# The names /open-data/files/ serves: the current files and the dated copies.
SERVED_NAME = re.compile(
    r"^(?:catalogue\.(?:csv|jsonl)|archive/catalogue-\d{4}-\d{2}-\d{2}\.(?:csv|jsonl))$"
)
CHUNK = 1000
# A spreadsheet cell holds at most 32,767 characters: the CSV's body is cut there (the JSON
# Lines file has it whole).
CSV_CELL_LIMIT = 32_000
BOM = "\ufeff"


@dataclass(frozen=True)
class Field:
    key: str
    label: object  # what the column holds, for the page and docs/open-data.md
    example: str = ""


FIELDS = [
    Field("index_number", _("Index number (索引号)"), "11510302MB1234567X/2024-00001"),
    Field("title", _("Title"), "关于印发……的通知"),
    Field("document_number", _("Document number (文号), may be empty"), "自府发〔2024〕1号"),
    Field("organization_code", _("Code of the issuing organization"), "zlj"),
    Field("organization", _("Issuing organization"), "自流井区人民政府"),
    Field("category", _("Column of the catalogue"), "政策文件"),
    Field("genre", _("Genre code"), "normative_document"),
    Field("genre_name", _("Genre"), "行政规范性文件"),
    Field("written_on", _("Date of writing (YYYY-MM-DD)"), "2024-03-01"),
    Field("published_on", _("Date of publication (YYYY-MM-DD)"), "2024-03-05"),
    Field("validity", _("Validity"), "有效"),
    Field(
        "origin",
        _("Proactive disclosure, or made public after an application (Article 44)"),
        "主动公开",
    ),
    Field("url", _("Address of its public page"), "https://…/disclosures/123/"),
    Field(
        "attachment_urls",
        _("Addresses of its attachments (CSV: separated by spaces; JSON Lines: a list)"),
        "https://…/files/…pdf",
    ),
    Field(
        "body_text",
        _("The body as plain text (CSV: at most 32,000 characters)"),
        "各镇人民政府、街道办事处……",
    ),
]
KEYS = [f.key for f in FIELDS]


def plain_text(body: str) -> str:
    """A body's HTML as plain text: tags removed, entities read, spaces collapsed."""
    if not body:
        return ""
    text = html.unescape(strip_tags(body.replace("<br", "\n<br").replace("</p>", "</p>\n")))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def published_rows(base_url: str | None = None) -> Iterator[dict]:
    """One dict per published disclosure (keys: KEYS), oldest id first, read in chunks."""
    base = (base_url if base_url is not None else settings.SITE_URL).rstrip("/")
    attachments = Prefetch(
        "attachments", queryset=Attachment.objects.only("id", "disclosure_id", "file")
    )
    queryset = (
        Disclosure.objects.published()
        .select_related("organization", "category")
        .only(
            "id", "index_number", "title", "document_number", "genre", "written_on",
            "published_on", "validity", "origin", "body", "status",
            "organization__code", "organization__name", "category__name",
        )
        .prefetch_related(attachments)
        .order_by("id")
    )  # fmt: skip
    for item in queryset.iterator(chunk_size=CHUNK):
        yield {
            "index_number": item.index_number,
            "title": item.title,
            "document_number": item.document_number,
            "organization_code": item.organization.code,
            "organization": item.organization.name,
            "category": item.category.name,
            "genre": item.genre,
            "genre_name": str(item.get_genre_display()),
            "written_on": item.written_on.isoformat() if item.written_on else "",
            "published_on": item.published_on.isoformat() if item.published_on else "",
            "validity": str(item.get_validity_display()),
            "origin": str(item.get_origin_display()),
            "url": base + item.get_absolute_url(),
            "attachment_urls": [
                base + reverse("disclosure:attachment", args=[a.file.name])
                for a in item.attachments.all()
            ],
            "body_text": plain_text(item.body),
        }


def csv_cells(row: dict) -> list:
    cells = []
    for key in KEYS:
        value = row[key]
        if key == "attachment_urls":
            value = " ".join(value)
        elif key == "body_text":
            value = value[:CSV_CELL_LIMIT]
        cells.append(safe_cell(value))
    return cells


def write_files(rows, csv_file, jsonl_file, progress: Callable | None = None, total: int = 0):
    """Write `rows` to the two open text files; returns the number of rows."""
    writer = csv.writer(csv_file)
    csv_file.write(BOM)
    writer.writerow(KEYS)
    count = 0
    for row in rows:
        writer.writerow(csv_cells(row))
        jsonl_file.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
        if progress is not None and count % CHUNK == 0:
            progress("export", count, max(total, count))
    return count


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _put(storage, name: str, local_path: str) -> None:
    """Store the local file under `name`, replacing what is there at once where possible."""
    try:
        target = storage.path(name)
    except NotImplementedError:
        target = None
    if target is not None:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".tmp-")
        os.close(fd)
        try:
            with open(local_path, "rb") as source, open(temporary, "wb") as copy:
                for block in iter(lambda: source.read(1 << 20), b""):
                    copy.write(block)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return
    if storage.exists(name):
        storage.delete(name)
    with open(local_path, "rb") as handle:
        storage.save(name, File(handle))


def current_name(extension: str) -> str:
    return f"{DIRECTORY}/catalogue.{extension}"


def dated_name(day: date, extension: str) -> str:
    return f"{ARCHIVE}/catalogue-{day.isoformat()}.{extension}"


def export_open_data(*, storage=None, today: date | None = None, progress=None) -> dict:
    """Write the open-data files of the published catalogue; returns the manifest."""
    storage = storage or default_storage
    today = today or timezone.localdate()
    total = Disclosure.objects.published().count()
    if progress is not None:
        progress("export", 0, total)
    with tempfile.TemporaryDirectory(prefix="open-data-") as work:
        paths = {ext: os.path.join(work, f"catalogue.{ext}") for ext in FORMATS}
        with (
            open(paths["csv"], "w", encoding="utf-8", newline="") as csv_file,
            open(paths["jsonl"], "w", encoding="utf-8", newline="\n") as jsonl_file,
        ):
            count = write_files(published_rows(), csv_file, jsonl_file, progress, total)
        files = {}
        for ext, path in paths.items():
            _put(storage, current_name(ext), path)
            _put(storage, dated_name(today, ext), path)
            files[ext] = {
                "name": f"catalogue.{ext}",
                "dated_name": f"archive/catalogue-{today.isoformat()}.{ext}",
                "size": os.path.getsize(path),
                "sha256": _sha256(path),
            }
    manifest = {
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "date": today.isoformat(),
        "count": count,
        "fields": KEYS,
        "files": files,
    }
    manifest_path = os.path.join(tempfile.gettempdir(), f"open-data-manifest-{os.getpid()}")
    try:
        with open(manifest_path, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, ensure_ascii=False, indent=2)
        _put(storage, MANIFEST, manifest_path)
    finally:
        os.unlink(manifest_path)
    purge_archive(storage, today=today)
    if progress is not None:
        progress("export", count, max(total, count))
    return manifest


def purge_archive(storage, *, today: date) -> int:
    """Delete the dated copies older than OPEN_DATA_DAYS; returns how many."""
    keep_from = today - timedelta(days=int(getattr(settings, "OPEN_DATA_DAYS", 30)))
    try:
        _dirs, names = storage.listdir(ARCHIVE)
    except (FileNotFoundError, NotImplementedError):
        return 0
    deleted = 0
    for name in names:
        match = re.fullmatch(r"catalogue-(\d{4}-\d{2}-\d{2})\.(csv|jsonl)", name)
        if match and date.fromisoformat(match.group(1)) < keep_from:
            storage.delete(f"{ARCHIVE}/{name}")
            deleted += 1
    return deleted


def read_manifest(storage=None) -> dict | None:
    """The manifest of the last export, or None before the first one."""
    storage = storage or default_storage
    try:
        with storage.open(MANIFEST, "rb") as handle:
            return json.loads(handle.read().decode("utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return None


def archived_dates(storage=None) -> list[str]:
    """The dates of the dated copies, newest first."""
    storage = storage or default_storage
    try:
        _dirs, names = storage.listdir(ARCHIVE)
    except (FileNotFoundError, NotImplementedError, OSError):
        return []
    days = {
        match.group(1)
        for name in names
        if (match := re.fullmatch(r"catalogue-(\d{4}-\d{2}-\d{2})\.csv", name))
    }
    return sorted(days, reverse=True)
