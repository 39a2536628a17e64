"""The text of an attachment, for the search: PDF, OFD, DOCX, XLSX, PPTX and plain text.

`extract(data, extension)` is pure (no database, no storage): the job
(`disclosure/jobs/attachment_text.py`) reads the file through the attachment storage and hands
over its bytes. Everything is bounded:

- the input: at most `ATTACHMENT_TEXT_MAX_FILE_MB` (by default the upload limit) is read;
- a zip-based file (DOCX, XLSX, PPTX, OFD): the sizes its members declare, in all and
  relative to their compressed size, are checked before any part is parsed, and an XML part
  with a DTD or an entity is refused (like the importer's check of workbooks);
- the output: reading stops at `ATTACHMENT_TEXT_MAX_CHARS` characters (pages, paragraphs,
  rows are no longer read after that), and at `ATTACHMENT_TEXT_SECONDS` of work per file;
  the job as a whole runs under the job system's time limit.

A malformed or refused file gives no text and a logged warning, never an exception. The
binary formats of old office software (.doc, .xls, .ppt, .wps, .et) carry no text we read,
unless the file is in fact an Office Open XML package (WPS often saves those under its own
extensions): that is recognised by its content, not by its name.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings

from core import zipcheck

logger = logging.getLogger(__name__)

MB = zipcheck.MB

# Outcomes (the values of Attachment.text_status).
EXTRACTED = "extracted"  # text was found
NO_TEXT = "no_text"  # a format whose text is not read, or a file without text
TOO_LARGE = "too_large"  # over the size bounds: not read
FAILED = "failed"  # malformed, encrypted or refused (DTD, zip bomb)

TEXT_EXTENSIONS = ("txt", "csv")
# Extensions whose content may be an Office Open XML package, told apart by its parts.
OOXML_EXTENSIONS = ("docx", "xlsx", "pptx", "doc", "xls", "ppt", "wps", "et")
READ_EXTENSIONS = ("pdf", "ofd", *OOXML_EXTENSIONS, *TEXT_EXTENSIONS)


class Refused(Exception):
    """The file is not read: too large, a zip bomb, a DTD. The message says why (logged)."""


class TooLarge(Refused):
    pass


@dataclass(frozen=True)
class Extraction:
    text: str
    status: str
    reason: str = ""
    truncated: bool = False


def max_file_bytes() -> int:
    return getattr(settings, "ATTACHMENT_TEXT_MAX_FILE_MB", settings.MAX_UPLOAD_MB) * MB


def max_chars() -> int:
    return getattr(settings, "ATTACHMENT_TEXT_MAX_CHARS", 200_000)


def max_seconds() -> float:
    return getattr(settings, "ATTACHMENT_TEXT_SECONDS", 120)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "ATTACHMENT_TEXT_MAX_UNCOMPRESSED_MB", 100) * MB


def max_compression_ratio() -> int:
    return getattr(settings, "ATTACHMENT_TEXT_MAX_COMPRESSION_RATIO", 100)


class _Collector:
    """Pieces of text up to the character cap and the time limit; `full` stops the reading."""

    def __init__(self, limit: int, seconds: float):
        self.limit = limit
        self.deadline = time.monotonic() + seconds
        self.parts: list[str] = []
        self.length = 0
        self.truncated = False
        self.timed_out = False

    @property
    def full(self) -> bool:
        if self.length >= self.limit:
            self.truncated = True
            return True
        if time.monotonic() > self.deadline:
            self.timed_out = self.truncated = True
            return True
        return False

    def add(self, text: str) -> None:
        if not text or self.full:
            return
        room = self.limit - self.length
        if len(text) > room:
            text, self.truncated = text[:room], True
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return clean("\n".join(self.parts))[: self.limit]


_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# C0 controls other than tab and newline (a NUL cannot be stored in PostgreSQL text), and
# lone surrogates (a broken PDF font map can give them; they cannot be encoded as UTF-8).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean(text: str) -> str:
    text = _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", text).strip()


def extract(data: bytes, extension: str, *, name: str = "") -> Extraction:
    """The text of a file given as bytes, by its extension (without the dot).

    Never raises for a bad file: the outcome says what happened, and a warning is logged.
    """
    extension = extension.lower().lstrip(".")
    label = name or f"*.{extension}"
    if extension not in READ_EXTENSIONS:
        return Extraction("", NO_TEXT)
    if len(data) > max_file_bytes():
        reason = f"larger than {max_file_bytes() // MB} MB"
        logger.warning("attachment text of %s not read: %s", label, reason)
        return Extraction("", TOO_LARGE, reason)
    collector = _Collector(max_chars(), max_seconds())
    try:
        reader = _reader(data, extension)
        if reader is None:
            return Extraction("", NO_TEXT)
        reader(data, collector)
    except TooLarge as exc:
        logger.warning("attachment text of %s not read: %s", label, exc)
        return Extraction("", TOO_LARGE, str(exc))
    except Exception as exc:
        # A worker's soft time limit is an Exception too: it must stop the job.
        if type(exc).__name__ == "SoftTimeLimitExceeded":
            raise
        reason = f"{type(exc).__name__}: {exc}"[:300]
        logger.warning("attachment text of %s not read: %s", label, reason)
        return Extraction("", FAILED, reason)
    if collector.timed_out:
        logger.warning("attachment text of %s cut after %s s", label, max_seconds())
    text = collector.text()
    return Extraction(text, EXTRACTED if text else NO_TEXT, truncated=collector.truncated)


def _reader(data: bytes, extension: str):
    if extension in TEXT_EXTENSIONS:
        return _read_plain
    if extension == "pdf":
        return _read_pdf
    if extension == "ofd":
        return _read_ofd
    if not data.startswith(b"PK\x03\x04"):
        # An old binary office file (OLE2): not read.
        if extension in ("docx", "xlsx", "pptx"):
            raise Refused("not an Office Open XML package")
        return None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    if "word/document.xml" in names:
        return _read_docx
    if "xl/workbook.xml" in names:
        return _read_xlsx
    if "ppt/presentation.xml" in names:
        return _read_pptx
    raise Refused("a zip file that is no Word, Excel or PowerPoint document")


# --- plain text ----------------------------------------------------------------------------


def detect_encoding(head: bytes) -> str:
    """UTF-8 (with or without its byte-order mark), UTF-16 with its mark, else GB18030."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        # Not final: the head may end in the middle of a character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _read_plain(data: bytes, collector: _Collector) -> None:
    # Four bytes per character at most (UTF-8, GB18030): no more is decoded than the cap needs.
    chunk = data[: collector.limit * 4 + 4]
    # The whole chunk: a GB18030 file may start with a long run of ASCII.
    encoding = detect_encoding(chunk)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    collector.add(decoder.decode(chunk, final=len(chunk) == len(data)))


# --- zip packages --------------------------------------------------------------------------


def check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse a package whose members unpack too far, or whose XML holds a DTD, before parsing
    (the same check as the importer's: core.zipcheck)."""
    limit = max_uncompressed_bytes()
    ratio = max_compression_ratio()
    try:
        zipcheck.check_zip(archive, max_bytes=limit, max_ratio=ratio)
    except zipcheck.ZipRefused as refused:
        part = refused.part
        if refused.reason == zipcheck.ZipRefused.TOO_LARGE:
            raise TooLarge(f"unpacks to more than {limit // MB} MB") from None
        if refused.reason == zipcheck.ZipRefused.COMPRESSED:
            raise Refused(f"{part} is compressed more than {ratio} times") from None
        if refused.reason == zipcheck.ZipRefused.NOT_UTF8:
            raise Refused(f"{part} is not UTF-8 XML") from None
        raise Refused(f"{part} declares a DTD or entities") from None


def _checked_zip(data: bytes) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        check_zip(archive)
    except BaseException:
        archive.close()
        raise
    return archive


def _read_docx(data: bytes, collector: _Collector) -> None:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _checked_zip(data).close()
    document = Document(io.BytesIO(data))

    def walk(container) -> Iterator[str]:
        for block in container.iter_inner_content():
            if collector.full:
                return
            if isinstance(block, Paragraph):
                yield block.text
            elif isinstance(block, Table):
                yield from table_text(block)

    def table_text(table: Table) -> Iterator[str]:
        for row in table.rows:
            if collector.full:
                return
            seen = set()
            cells = []
            for cell in row.cells:
                # A merged cell is returned once per grid column it spans.
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                cells.append(" ".join(walk(cell)))
            yield "\t".join(c for c in cells if c.strip())

    for text in walk(document):
        collector.add(text)


def _read_xlsx(data: bytes, collector: _Collector) -> None:
    from openpyxl import load_workbook

    _checked_zip(data).close()
    # openpyxl parses through defusedxml (a dependency of the project) when it is installed.
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            if collector.full:
                return
            if len(workbook.worksheets) > 1:
                collector.add(sheet.title)
            if hasattr(sheet, "reset_dimensions"):
                # A declared dimension (A1:XFD1048576) would pad every row to it.
                sheet.reset_dimensions()
            for row in sheet.iter_rows(values_only=True):
                if collector.full:
                    return
                cells = [_cell_text(value) for value in row if value is not None]
                line = "\t".join(c for c in cells if c)
                if line:
                    collector.add(line)
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _xml_texts(part, tags: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(local tag, text) of the elements of `part` with one of these local names."""
    from defusedxml.ElementTree import iterparse

    wanted = set(tags)
    for _event, element in iterparse(part, events=("end",)):
        local = element.tag.rsplit("}", 1)[-1]
        if local in wanted:
            yield local, element.text or ""
        if local in wanted or local in ("p", "TextObject"):
            element.clear()


def _natural(name: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


def _read_pptx(data: bytes, collector: _Collector) -> None:
    with _checked_zip(data) as archive:
        slides = sorted(
            (n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
            key=_natural,
        )
        for name in slides:
            if collector.full:
                return
            with archive.open(name) as part:
                # a:t runs inside a:p paragraphs: a paragraph's runs make one line.
                line: list[str] = []
                for tag, text in _xml_texts(part, ("t", "p")):
                    if tag == "t":
                        line.append(text)
                    else:
                        collector.add("".join(line))
                        line = []
                collector.add("".join(line))


# --- OFD (GB/T 33190, the Chinese fixed-layout format) --------------------------------------


def _read_ofd(data: bytes, collector: _Collector) -> None:
    """The TextCode of every page's content, pages in order; one line per baseline."""
    from defusedxml.ElementTree import parse

    with _checked_zip(data) as archive:
        pages = sorted(
            (
                n
                for n in archive.namelist()
                if re.search(r"(^|/)Pages/Page_?\d+/Content\.xml$", n, flags=re.IGNORECASE)
            ),
            key=_natural,
        )
        if not pages:
            raise Refused("an OFD file without pages")
        for name in pages:
            if collector.full:
                return
            with archive.open(name) as part:
                root = parse(part).getroot()
            lines: list[str] = []
            last_y = None
            for element in root.iter():
                if element.tag.rsplit("}", 1)[-1] != "TextObject":
                    continue
                boundary = (element.get("Boundary") or "").split()
                y = round(float(boundary[1])) if len(boundary) > 1 else None
                text = "".join(
                    code.text or ""
                    for code in element.iter()
                    if code.tag.rsplit("}", 1)[-1] == "TextCode"
                )
                if lines and y is not None and y == last_y:
                    lines[-1] += text
                else:
                    lines.append(text)
                last_y = y
            for line in lines:
                collector.add(line)


# --- PDF -----------------------------------------------------------------------------------


def _read_pdf(data: bytes, collector: _Collector) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    # Encrypted with an owner password only, it opens in any viewer: readable.
    if reader.is_encrypted and not reader.decrypt(""):
        raise Refused("encrypted")
    for page in reader.pages:
        if collector.full:
            return
        collector.add(page.extract_text() or "")
