"""Refuse a zip package (xlsx, docx, pptx …) before parsing it: too large unpacked, a member
compressed like a zip bomb, or XML that declares a DTD or is not UTF-8.

One check for the importer (core/importing/reader.py) and the attachment text reader
(disclosure/search/extract.py); each turns a `ZipRefused` into its own words.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

MB = 1024 * 1024
# Small parts may compress well (repetitive XML); only large ones are held to the ratio.
RATIO_CHECKED_ABOVE = 1 * MB
XML_SUFFIXES = (".xml", ".rels", ".vml")


@dataclass
class ZipRefused(Exception):
    """Why a package is refused: `reason` is one of TOO_LARGE, COMPRESSED, NOT_UTF8, DTD."""

    reason: str
    part: str = ""

    TOO_LARGE = "too_large"
    COMPRESSED = "compressed"
    NOT_UTF8 = "not_utf8"
    DTD = "dtd"


def check_zip(archive: zipfile.ZipFile, *, max_bytes: int, max_ratio: int) -> None:
    """Raise ZipRefused unless every member is within bounds and every XML part is plain.

    The central directory's sizes bound what zipfile unpacks: it stops reading a member at
    its declared size, so a member cannot unpack to more than it says. zipfile's own errors
    (a bad member, an encrypted one, an unknown compression) pass through.
    """
    members = archive.infolist()
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > max_bytes or total > max_bytes:
            raise ZipRefused(ZipRefused.TOO_LARGE, info.filename)
        if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > max_ratio * max(
            info.compress_size, 1
        ):
            raise ZipRefused(ZipRefused.COMPRESSED, info.filename)
    for info in members:
        if info.filename.lower().endswith(XML_SUFFIXES):
            _check_xml_part(archive, info)


def _check_xml_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    # A DTD is where entities are declared (billion laughs, external entities); no office
    # package part has one. XML that is not UTF-8 (UTF-16) would hide it from a byte search,
    # and no office application writes it.
    overlap = len(b"<!DOCTYPE") - 1
    tail = b""
    first = True
    with archive.open(info) as part:
        while chunk := part.read(MB):
            if first:
                first = False
                head = chunk[:4]
                if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
                    raise ZipRefused(ZipRefused.NOT_UTF8, info.filename)
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise ZipRefused(ZipRefused.DTD, info.filename)
            tail = window[-overlap:]
