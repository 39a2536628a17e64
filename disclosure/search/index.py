"""The search index: what is stored for each published disclosure, and keeping it current.

Only published disclosures are ever in the index: `update_disclosures` drops the ids it is
given that are not (or no longer) published, so publishing, withdrawing and deleting all go
through the same call.

PostgreSQL: `disclosure_searchdocument.vector` (tsvector, GIN index). The tsvector is
written as a literal built here from the Python tokens ('token':positions with weight A for
the title, 文号 and 索引号), so PostgreSQL's own parser never re-splits them.
SQLite: the FTS5 table `disclosure_search_fts(title, body)`, rowid = disclosure id, holding
the same tokens joined by spaces.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from django.db import connection, transaction

from disclosure.models import Attachment, Disclosure, DisclosureStatus, SearchDocument
from disclosure.search import segment

BATCH = 500
# A tsvector is at most 1 MB and positions stop at 16383: enough for any real notice; the
# rest of a very long attachment is still found by phrase checks on `normalized` text but
# not by the token index.
MAX_TEXT = 200_000
MAX_POSITION = 16383

_BLOCK_END = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|/tr|/td|/th|/table)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def plain_text(body: str) -> str:
    """The body's text without its HTML (block ends kept as line breaks)."""
    if not body:
        return ""
    text = _BLOCK_END.sub("\n", body)
    text = html.unescape(_TAG.sub("", text))
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()


def _attachment_texts(ids: list[int]) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = {}
    if not hasattr(Attachment, "extracted_text"):
        return texts
    rows = (
        Attachment.objects.filter(disclosure_id__in=ids)
        .exclude(extracted_text="")
        .order_by("disclosure_id", "sort_order", "id")
        .values_list("disclosure_id", "extracted_text")
    )
    for disclosure_id, text in rows:
        texts.setdefault(disclosure_id, []).append(text)
    return texts


class Entry:
    """The index entry of one disclosure."""

    def __init__(self, disclosure, attachment_texts: list[str]):
        self.id = disclosure.id
        self.published_on = disclosure.published_on
        body = plain_text(disclosure.body)
        self.text = "\n".join(part for part in [body, *attachment_texts] if part)[:MAX_TEXT]
        head = [disclosure.title, disclosure.document_number, disclosure.index_number]
        self.normalized = segment.normalize("\n".join([*head, self.text]))
        self.title_tokens = (
            segment.index_tokens(disclosure.title)
            + segment.code_tokens(disclosure.document_number)
            + segment.code_tokens(disclosure.index_number)
        )
        self.body_tokens = segment.index_tokens(self.text)

    def tsvector(self) -> str:
        """A tsvector literal: 'lexeme':1A,5 … (title words weight A, the rest D), and the
        month of publication's token (`segment.month_token`)."""
        positions: dict[str, list[str]] = {}
        position = 0
        for weight, tokens in (("A", self.title_tokens), ("", self.body_tokens)):
            for token in tokens:
                position = min(position + 1, MAX_POSITION)
                slots = positions.setdefault(token, [])
                if len(slots) < 256:  # PostgreSQL keeps at most 256 positions a lexeme
                    slots.append(f"{position}{weight}")
        lexemes = [
            "'{}':{}".format(token.replace("\\", "\\\\").replace("'", "''"), ",".join(slots))
            for token, slots in positions.items()
        ]
        if self.published_on is not None:
            # The month, without a position: found by the token index, never ranked.
            lexemes.append(f"'{segment.month_token(self.published_on)}'")
        return " ".join(lexemes)


def _published(ids: list[int]):
    return Disclosure.objects.filter(id__in=ids, status=DisclosureStatus.PUBLISHED).only(
        "id", "title", "document_number", "index_number", "body", "published_on"
    )


def _chunks(ids: Iterable[int], size: int = BATCH):
    chunk: list[int] = []
    for pk in ids:
        if pk is None:
            continue
        chunk.append(int(pk))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _delete(ids: list[int]) -> None:
    SearchDocument.objects.filter(disclosure_id__in=ids).delete()
    if connection.vendor == "sqlite":
        marks = ",".join("%s" for _ in ids)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM disclosure_search_fts WHERE rowid IN ({marks})", ids)


def _store(entries: list[Entry]) -> None:
    if not entries:
        return
    if connection.vendor == "postgresql":
        # One multi-row INSERT with the tsvector (a batch is at most BATCH rows): a row
        # inserted and then updated for its vector cost a second statement per row.
        rows = ", ".join("(%s, %s, %s, %s, %s::tsvector)" for _ in entries)
        params = [
            value
            for entry in entries
            for value in (
                entry.id,
                entry.published_on,
                entry.text,
                entry.normalized,
                entry.tsvector(),
            )
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO disclosure_searchdocument "
                "(disclosure_id, published_on, text, normalized, vector) "
                f"VALUES {rows}",
                params,
            )
        return
    SearchDocument.objects.bulk_create(
        [
            SearchDocument(
                disclosure_id=e.id,
                published_on=e.published_on,
                text=e.text,
                normalized=e.normalized,
            )
            for e in entries
        ]
    )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(
                "INSERT INTO disclosure_search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [
                    (entry.id, " ".join(entry.title_tokens), " ".join(entry.body_tokens))
                    for entry in entries
                ],
            )


def update_disclosures(ids: Iterable[int]) -> None:
    """(Re)index these disclosures; the ones not published are dropped from the index."""
    for chunk in _chunks(ids):
        with transaction.atomic():
            disclosures = list(_published(chunk))
            attachments = _attachment_texts([d.id for d in disclosures])
            entries = [Entry(d, attachments.get(d.id, [])) for d in disclosures]
            _delete(chunk)
            _store(entries)


def remove_disclosures(ids: Iterable[int]) -> None:
    for chunk in _chunks(ids):
        with transaction.atomic():
            _delete(chunk)


def clear() -> None:
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM disclosure_search_fts")


def _index_all(ids: list[int], progress: Callable[[int, int], None] | None) -> int:
    done = 0
    for chunk in _chunks(ids):
        update_disclosures(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, len(ids))
    return done


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Index every published disclosure afresh; returns how many are indexed.

    `progress(done, total)` is called after each batch.
    """
    clear()
    ids = list(
        Disclosure.objects.filter(status=DisclosureStatus.PUBLISHED)
        .order_by("published_on", "id")
        .values_list("id", flat=True)
    )
    return _analysed(_index_all(ids, progress))


def missing_ids() -> list[int]:
    """Published disclosures without an index entry (one anti-join), oldest first."""
    return list(
        Disclosure.objects.filter(status=DisclosureStatus.PUBLISHED, search_document__isnull=True)
        .order_by("published_on", "id")
        .values_list("id", flat=True)
    )


def index_missing(progress: Callable[[int, int], None] | None = None) -> int:
    """Index the published disclosures that are not in the index yet (what a bulk import
    wrote: `disclosure.jobs.search_index`); returns how many were indexed."""
    return _analysed(_index_all(missing_ids(), progress))


# Rows are indexed oldest first (`rebuild`, `index_missing`): the table's rows then lie in
# the order of their months, and the token index finds the matches of a month (a search's
# date slice, disclosure.search.query) on few of its pages.
ANALYSE_AFTER = 10_000


def _analysed(count: int) -> int:
    """After many rows, the statistics the search's date slices are cut by, at once rather
    than at autovacuum's next pass (PostgreSQL; a sample, about a second at a million)."""
    if count >= ANALYSE_AFTER and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE disclosure_searchdocument")
    return count
