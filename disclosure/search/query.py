"""Queries on the search index: parsing, matching, ranking, snippets, facets, suggestions.

A query is a list of terms: words separated by spaces, and phrases in quotes. Every term
must match (AND). A term matches a document when
- its tokens are all in the document's token index (FTS5 / tsvector, by index), and
- if it has more than one token (环境监测 → 环境, 监测; or a quoted phrase), the document's
  normalised text holds the term as written (checked on the few rows the index found), so
  `环境监测` does not find a text that only has 环境 and, later, 监测;
- a code (a 文号 or 索引号: digits among letters and punctuation) matches its compact whole
  token (环发201612号) or all its parts, whatever brackets it was typed with.
Both databases run the same token lists through the same logic; only the index syntax
differs, so they find the same documents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, FloatField, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from disclosure.search import segment

MAX_TERMS = 10
FACET_NAMES = ("organization", "category", "genre", "year")
SNIPPET_LENGTH = 140
# Tokens that say nothing about what a person wants ("suggest" only: an explicit search
# keeps every word it is given).
_STOPWORDS = (
    "的 了 和 与 及 或 在 是 我 我们 你 您 他 她 请 请求 申请 申请人 要求 希望 需要 提供 获取 "
    "公开 信息 政府 政府信息 有关 相关 关于 情况 一下 一个 什么 哪些 如何 怎么 是否 为什么 "
    "以及 对于 进行 本人 贵单位 贵局 谢谢"
)
STOPWORDS = frozenset(_STOPWORDS.split())

_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def _is_single_cjk(token: str) -> bool:
    return len(token) == 1 and "\u3400" <= token <= "\u9fff"


@dataclass
class Term:
    """One word or phrase of a query."""

    text: str  # as typed
    phrase: bool = False
    tokens: list[str] = field(default_factory=list)  # all must be in the token index …
    whole: str = ""  # … or this one compact token (codes)
    contains: str = ""  # the normalised text must hold this (multi-token terms)

    @property
    def highlights(self) -> list[str]:
        if self.contains:
            return [self.contains]
        return [t for t in self.tokens if t] + ([self.whole] if self.whole else [])


def _term(text: str, phrase: bool = False) -> Term | None:
    if phrase:
        text = _CJK_GAP.sub("", text.strip())
    normalized = " ".join(segment.normalize(text).split())
    if not normalized:
        return None
    if not phrase and segment.looks_like_code(text):
        parts = segment.index_tokens(text)
        whole = segment.compact(text)
        if not parts and not whole:
            return None
        return Term(text, tokens=parts, whole=whole)
    tokens = segment.query_tokens(normalized)
    if not tokens:
        return None
    # Single characters are checked by the text, not the index, when longer tokens carry
    # the term (关于招聘 → 招聘 by index, then "关于招聘" in the text).
    longer = [t for t in tokens if not _is_single_cjk(t)]
    index = list(dict.fromkeys(longer or tokens))
    contains = normalized if (len(tokens) > 1 or phrase) else ""
    return Term(text, phrase=phrase, tokens=index, contains=contains)


def parse(text: str) -> list[Term]:
    """The terms of a query (at most MAX_TERMS; the same term once)."""
    text = (text or "").strip()
    terms: list[Term] = []
    seen: set[tuple] = set()

    def add(term: Term | None):
        if term is None:
            return
        key = (term.phrase, tuple(term.tokens), term.whole, term.contains)
        if key not in seen and len(terms) < MAX_TERMS:
            seen.add(key)
            terms.append(term)

    position = 0
    for match in _QUOTED.finditer(text):
        for word in text[position : match.start()].split():
            add(_term(word))
        add(_term(next(g for g in match.groups() if g is not None), phrase=True))
        position = match.end()
    for word in text[position:].replace('"', " ").split():
        add(_term(word))
    return terms


# --- the index syntax of each database -----------------------------------------------------


def _pg_lexeme(token: str) -> str:
    return "'{}'".format(token.replace("\\", "\\\\").replace("'", "''"))


def _fts_token(token: str) -> str:
    return '"{}"'.format(token.replace('"', '""'))


def _index_expression(terms: list[Term], any_term: bool = False) -> str:
    """The tsquery (PostgreSQL) or FTS5 MATCH expression of the terms' token conditions."""
    if connection.vendor == "postgresql":
        quote, conj, disj = _pg_lexeme, " & ", " | "
    else:
        quote, conj, disj = _fts_token, " AND ", " OR "
    clauses = []
    for term in terms:
        clause = conj.join(quote(t) for t in term.tokens)
        if term.tokens and len(term.tokens) > 1:
            clause = f"({clause})"
        if term.whole and term.whole not in term.tokens:
            clause = f"({quote(term.whole)}{disj}{clause})" if clause else quote(term.whole)
        if clause:
            clauses.append(clause)
    return (disj if any_term else conj).join(clauses)


def _rank(queryset, expression: str) -> RawSQL:
    """The relevance of each row of `queryset` for `expression` (larger is better)."""
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    if connection.vendor == "postgresql":
        return RawSQL(
            "SELECT ts_rank_cd(s.vector, %s::tsquery) FROM disclosure_searchdocument s "
            f"WHERE s.disclosure_id = {table}.id",
            [expression],
            output_field=FloatField(),
        )
    # bm25 is lower for better matches: negated so that larger is better everywhere.
    return RawSQL(
        "SELECT -bm25(disclosure_search_fts, 5.0, 1.0) FROM disclosure_search_fts "
        f"WHERE disclosure_search_fts MATCH %s AND rowid = {table}.id",
        [expression],
        output_field=FloatField(),
    )


def _match(expression: str, contains: list[str] = ()) -> RawSQL:
    """The ids of the documents whose tokens match `expression` and whose normalised text
    holds every string of `contains` (one subquery on the index table)."""
    if connection.vendor == "postgresql":
        checks = "".join(" AND strpos(s.normalized, %s) > 0" for _ in contains)
        return RawSQL(
            "SELECT s.disclosure_id FROM disclosure_searchdocument s "
            f"WHERE s.vector @@ %s::tsquery{checks}",
            [expression, *contains],
        )
    if contains:
        checks = " AND ".join("instr(s.normalized, %s) > 0" for _ in contains)
        return RawSQL(
            "SELECT s.disclosure_id FROM disclosure_searchdocument s "
            "WHERE s.disclosure_id IN (SELECT rowid FROM disclosure_search_fts "
            f"WHERE disclosure_search_fts MATCH %s) AND {checks}",
            [expression, *contains],
        )
    return RawSQL(
        "SELECT rowid FROM disclosure_search_fts WHERE disclosure_search_fts MATCH %s",
        [expression],
    )


def _match_and_rank(queryset, expression: str, contains: list[str] = ()):
    """Filter to the documents matching (`_match`) and annotate `search_rank`."""
    return queryset.filter(id__in=_match(expression, contains)).annotate(
        search_rank=_rank(queryset, expression)
    )


def search(queryset, text: str, terms: list[Term] | None = None):
    """Published disclosures of `queryset` matching every term of `text`, annotated with
    `search_rank` (larger is better). Not ordered: see `order`."""
    queryset = queryset.filter(status="published")
    terms = parse(text) if terms is None else terms
    if not terms:
        if (text or "").strip():
            return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    contains = [term.contains for term in terms if term.contains]
    return _match_and_rank(queryset, _index_expression(terms), contains)


def order(queryset, by_date: bool = False):
    """Relevance, recent first among equals; or newest first (`?sort=date`)."""
    if by_date:
        return queryset.order_by(F("published_on").desc(nulls_last=True), "-id")
    return queryset.order_by("-search_rank", F("published_on").desc(nulls_last=True), "-id")


# --- what a search shows: a bounded window of the matches --------------------------------
#
# A common word matches a tenth of a million-document archive. Counting, ranking and
# grouping every match would make the search cost grow with the archive, so a search reads
# at most a fixed number of rows whatever the catalogue holds:
# - the WINDOW newest matches (the catalogue's date index walked newest first, each
#   document checked against the index until WINDOW match);
# - relevance orders those rows; "newest first" shows them as they are;
# - the number of matches is exact up to COUNT_LIMIT, "more than COUNT_LIMIT" beyond;
# - facets count the window's rows (all the matches when there are no more than WINDOW).
# People narrow a large result with more words or the filters, as the page invites them to.


def result_window() -> int:
    return int(getattr(settings, "SEARCH_RESULT_WINDOW", 1000))


def count_limit() -> int:
    return max(result_window(), int(getattr(settings, "SEARCH_COUNT_LIMIT", 1000)))


@dataclass
class Window:
    """The matches a search shows (ids, newest first) and how many there are."""

    ids: list[int]
    total: int  # the number of matches, exact up to count_limit()
    more: bool = False  # more than `total` matches
    # The facets' columns of the window's rows, when the query that found them read them
    # (organization code, column id, genre, date: see `facets`) …
    facet_rows: list[tuple] | None = None
    # … and their relevance (`_rank`), then pages are read by id (`WindowRows`).
    ranks: list[float] | None = None

    @property
    def complete(self) -> bool:
        """Every match is in the window."""
        return not self.more and self.total <= len(self.ids)


def _newest_ids(queryset, limit: int) -> list[int]:
    # The order of the catalogue's date index (status, -published_on, -id): PostgreSQL walks
    # it newest first and stops at `limit` matches (a published document always has its
    # date, so NULLS LAST, which that index cannot give, is not needed).
    return list(queryset.order_by("-published_on", "-id").values_list("id", flat=True)[:limit])


# Slices of the index table by date, newest first, for the windows of unfiltered searches on
# PostgreSQL: the first holds about the newest SLICE_FIRST entries, each next one about
# twice as many as the one before.
SLICE_FIRST = 8_000
SLICE_COUNT = 7


def _slice_bounds() -> list:
    """The dates that cut the index table into slices, newest first (none for a small or
    not yet analysed table).

    Read from the planner's statistics of the date column (its most common dates with their
    shares, and the histogram's bounds of equal shares of the rest), one catalogue query:
    any bounds give the same matches, approximate ones only slices of other sizes.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.reltuples, s.null_frac, s.most_common_vals::text::date[], "
            "s.most_common_freqs, s.histogram_bounds::text::date[] "
            "FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = c.relname "
            "AND s.schemaname = current_schema() AND s.attname = 'published_on' "
            "WHERE c.oid = 'disclosure_searchdocument'::regclass"
        )
        row = cursor.fetchone()
    if row is None or row[0] is None or row[0] < 2 * SLICE_FIRST:
        return []
    rows, null_share, common, common_shares, histogram = row
    common, common_shares, histogram = common or [], common_shares or [], histogram or []
    # Share of the table at each date: the common dates', and each histogram bucket's rest
    # counted at its lower bound (a slice then holds at least its size).
    points = list(zip(common, common_shares, strict=False))
    if len(histogram) > 1:
        bucket = max(0.0, 1.0 - (null_share or 0.0) - sum(common_shares)) / (len(histogram) - 1)
        points += [(bound, bucket) for bound in histogram[:-1]]
    points.sort(key=lambda point: point[0], reverse=True)
    bounds: list = []
    seen, size = 0.0, SLICE_FIRST
    target = size
    for day, share in points:
        seen += share * rows
        if seen >= target and (not bounds or day < bounds[-1]):
            bounds.append(day)
            if len(bounds) == SLICE_COUNT - 1:
                break
            size *= 2
            target = seen + size
    return bounds


def _months(first: date, stop: date) -> list[date]:
    """The first days of the months from `first`'s to the one before `stop`'s."""
    months, day = [], first.replace(day=1)
    while day < stop:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def _sliced_newest(terms: list[Term], limit: int) -> list[tuple]:
    """The `limit` newest published matches of `terms`, from the index table (PostgreSQL,
    no other filter): (id, organization code, column id, genre, date, relevance) of each,
    newest first.

    Walking the date index and checking each entry against the token index costs one check
    per entry passed, 1,000 / (share of the catalogue matching) for a window of 1,000: tens
    of thousands for a common word. Here the table is cut into slices of whole months,
    newest first, and each slice is answered by the token index alone: the query's tokens
    AND any of the slice's month tokens (`segment.month_token`), an intersection that GIN
    computes by skipping through the common word's entries from the months' ones. The
    slices are read in order until `limit` rows come: a common word reads its first slice,
    a rare one every slice, each a few index pages.
    """
    bounds = sorted({day.replace(day=1) for day in _slice_bounds()}, reverse=True)
    expression = _index_expression(terms)
    contains = [term.contains for term in terms if term.contains]
    checks = "".join(" AND strpos(s.normalized, %s) > 0" for _ in contains)
    conditions: list[tuple[str, list]] = []
    if bounds:
        # After the newest sliced month (dates ahead of today): the date index finds none
        # or few, checked one by one.
        top = max(timezone.localdate(), bounds[0]).replace(day=1)
        after = (top + timedelta(days=32)).replace(day=1)
        conditions.append(("s.vector @@ %s::tsquery AND s.published_on >= %s", [expression, after]))
        # Each slice: its months' tokens (an entry holds the token of its own month only).
        for first, stop in zip(bounds, [after, *bounds], strict=False):
            months = " | ".join(
                _pg_lexeme(segment.month_token(month)) for month in _months(first, stop)
            )
            conditions.append(("s.vector @@ %s::tsquery", [f"({expression}) & ({months})"]))
        conditions.append(
            (
                "s.vector @@ %s::tsquery AND (s.published_on < %s OR s.published_on IS NULL)",
                [expression, bounds[-1]],
            )
        )
    else:
        conditions.append(("s.vector @@ %s::tsquery", [expression]))
    branches, params = [], []
    for condition, values in conditions:
        branches.append(
            "(SELECT s.disclosure_id, s.published_on FROM disclosure_searchdocument s "
            f"WHERE {condition}{checks} "
            f"ORDER BY s.published_on DESC NULLS LAST, s.disclosure_id DESC LIMIT {int(limit)})"
        )
        params.extend([*values, *contains])
    # An Append reads its branches in order and stops at the LIMIT: the older slices are not
    # read once the newer ones gave `limit` rows. Then, for these rows only, the facets'
    # columns, the relevance (`_rank`'s) and the status: the index holds published
    # disclosures only, but a failed index update must not show a withdrawn document (it
    # is left out; the count may then be short by it until the index is repaired).
    with transaction.atomic(), connection.cursor() as cursor:
        # The older slices, rarely read, are costed high: the plan's total passes the
        # thresholds of JIT compilation and of parallel workers, which would cost more
        # (100-200 ms, 5-10 ms) than the query; and the branches must be read in order.
        cursor.execute("SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(
            "SELECT w.disclosure_id, o.code, d.category_id, d.genre, d.published_on, "
            "ts_rank_cd(r.vector, %s::tsquery), w.published_on "
            f"FROM (SELECT * FROM ({' UNION ALL '.join(branches)}) AS slices "
            f"LIMIT {int(limit)}) AS w "
            "JOIN disclosure_searchdocument r ON r.disclosure_id = w.disclosure_id "
            "JOIN disclosure_disclosure d ON d.id = w.disclosure_id AND d.status = 'published' "
            "JOIN disclosure_organization o ON o.id = d.organization_id",
            [expression, *params],
        )
        rows = cursor.fetchall()
    # Newest first again (the joins may have reordered them).
    rows.sort(key=lambda row: (row[6] is not None, row[6] or date.min, row[0]), reverse=True)
    return [row[:6] for row in rows]


def window(matched, *, terms: list[Term] | None = None) -> Window:
    """The window of `matched` (a queryset filtered by `search`) to show.

    `terms`: the parsed query when `matched` is the published catalogue searched for them
    and nothing else (no filter): on PostgreSQL its window is then read from the index
    table by date slices (`_sliced_newest`), with the facets' columns of its rows.
    """
    size = result_window()
    limit = count_limit()
    if terms and connection.vendor == "postgresql":
        # One query gives the window and, when the count stops at the window's size (the
        # default), the count as well.
        rows = _sliced_newest(terms, size + 1 if limit == size else size)
        total = len(rows) if limit == size else _capped_count(matched, limit)
        rows = rows[:size]
        return Window(
            [row[0] for row in rows],
            min(total, limit),
            more=total > limit,
            facet_rows=[tuple(row[1:5]) for row in rows],
            ranks=[row[5] for row in rows],
        )
    # Two bounded queries, few matches or many: the page's cost does not depend on them.
    ids = _newest_ids(matched, size)
    total = _capped_count(matched, limit)
    return Window(ids, min(total, limit), more=total > limit)


def _capped_count(matched, limit: int) -> int:
    """The number of matches, counted up to limit + 1."""
    return matched.order_by().values("id")[: limit + 1].count()


class WindowRows(Sequence):
    """The rows of a window whose order is known (`Window.ranks`): a page reads its own
    rows by id, annotated like `shown`'s, in that order. Sliced like a queryset by the
    paginator."""

    def __init__(self, base, ids: list[int], ranks: dict[int, float]):
        self.base, self.ids, self.ranks = base, ids, ranks

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 if index != -1 else None][0]
        ids = self.ids[index]
        rows = self.base.filter(id__in=ids).annotate(search_text=F("search_document__text"))
        found = {row.pk: row for row in rows}
        page = []
        for pk in ids:  # a row withdrawn since the window was read is left out
            if pk in found:
                found[pk].search_rank = self.ranks.get(pk, 0.0)
                page.append(found[pk])
        return page


def shown(base, found: Window, text: str, *, by_date: bool, terms: list[Term] | None = None):
    """The rows of `found` from `base` (the list's queryset, unsearched), annotated with
    `search_rank` and their stored text (`search_text`, for the snippets), in order: a
    queryset, or `WindowRows` when the window came with its ranks and dates."""
    if found.ranks is not None and found.facet_rows is not None:
        ranks = dict(zip(found.ids, found.ranks, strict=True))
        ids = found.ids  # newest first
        if not by_date:
            # `order`'s: relevance, then newest first (the dates are the facets' column 3).
            dates = {pk: row[3] for pk, row in zip(found.ids, found.facet_rows, strict=True)}
            ids = sorted(
                ids,
                key=lambda pk: (-ranks[pk], -(dates[pk] or date.min).toordinal(), -pk),
            )
        return WindowRows(base, ids, ranks)
    terms = parse(text) if terms is None else terms
    rows = base.filter(id__in=found.ids).annotate(search_text=F("search_document__text"))
    expression = _index_expression(terms)
    if not expression or by_date:
        rank = Value(0.0, FloatField())
    elif connection.vendor == "postgresql":
        # Ranked from the index row the stored text is read from (the join above), not
        # looked up a second time per row.
        rank = RawSQL(
            "ts_rank_cd(disclosure_searchdocument.vector, %s::tsquery)",
            [expression],
            output_field=FloatField(),
        )
    else:
        rank = _rank(rows, expression)
    return order(rows.annotate(search_rank=rank), by_date=by_date)


def suggest(text: str, limit: int = 5) -> list:
    """Published disclosures that may answer a free-text request (search before you apply):
    any of its distinctive words, best matches first."""
    from disclosure.models import Disclosure

    tokens: list[str] = []
    for word in segment.query_tokens(text or ""):
        if len(word) > 1 and word not in STOPWORDS and word not in tokens:
            tokens.append(word)
    # The longest words say most about the subject; a bounded query whatever the text.
    tokens = sorted(tokens, key=len, reverse=True)[:MAX_TERMS]
    if not tokens:
        return []
    terms = [Term(token, tokens=[token]) for token in tokens]
    queryset = _match_and_rank(
        Disclosure.objects.published(), _index_expression(terms, any_term=True)
    )
    return list(
        order(queryset)
        .select_related("organization")
        .only("id", "title", "document_number", "published_on", "organization__name")[:limit]
    )


# --- snippets ------------------------------------------------------------------------------


def _highlight_pattern(terms: list[Term]) -> re.Pattern | None:
    words = sorted({h for term in terms for h in term.highlights if h}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words))


def _snippet(text: str, terms: list[Term], length: int = SNIPPET_LENGTH) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    normalized = segment.normalize(text)
    pattern = _highlight_pattern(terms)
    spans = [m.span() for m in pattern.finditer(normalized)] if pattern else []
    if not spans:
        cut = text[:length]
        return escape(cut) + ("…" if len(text) > length else "")
    # The window that shows the most different matched words, the earliest among equals.
    best_start, best_score = 0, -1
    for start, _end in spans:
        window_start = max(0, start - length // 4)
        window = {
            normalized[s:e] for s, e in spans if s >= window_start and e <= window_start + length
        }
        if len(window) > best_score:
            best_start, best_score = window_start, len(window)
    end = min(len(text), best_start + length)
    parts = ["…" if best_start > 0 else ""]
    position = best_start
    for start, stop in spans:
        if start < position or stop > end:
            continue
        parts.append(escape(text[position:start]))
        parts.append("<mark>" + escape(text[start:stop]) + "</mark>")
        position = stop
    parts.append(escape(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return "".join(parts)


def snippet(disclosure, text: str) -> str:
    """An excerpt of the disclosure's body (or attachments) around the words of `text`, the
    words in <mark>, everything else escaped."""
    stored = getattr(disclosure, "_search_text", None)
    if stored is None:
        from disclosure.models import SearchDocument

        stored = (
            SearchDocument.objects.filter(disclosure_id=disclosure.pk)
            .values_list("text", flat=True)
            .first()
        )
        if stored is None:
            from disclosure.search.index import plain_text

            stored = plain_text(disclosure.body)
    return mark_safe(_snippet(stored, parse(text)))


def attach_snippets(disclosures, text: str) -> None:
    """Set `.snippet` on each disclosure of a page, their stored text read in one query."""
    from disclosure.models import SearchDocument

    disclosures = list(disclosures)
    missing = [d.pk for d in disclosures if getattr(d, "search_text", None) is None]
    texts = {d.pk: d.search_text for d in disclosures if getattr(d, "search_text", None)}
    if missing:
        texts.update(
            SearchDocument.objects.filter(disclosure_id__in=missing).values_list(
                "disclosure_id", "text"
            )
        )
    terms = parse(text)
    for disclosure in disclosures:
        disclosure.snippet = mark_safe(_snippet(texts.get(disclosure.pk, ""), terms))


# --- facets --------------------------------------------------------------------------------


def facets(queryset, rows: list[tuple] | None = None) -> dict[str, list[tuple]]:
    """Counts of the disclosures of `queryset` (a search's window: a bounded number of rows)
    per organization, column, genre and year, from one query, or from `rows` (their
    organization code, column id, genre and date: `Window.facet_rows`) without any. Values
    are (key, count), most first; years newest first."""
    counters: dict[str, Counter] = {name: Counter() for name in FACET_NAMES}
    if rows is None:
        rows = queryset.order_by().values_list(
            "organization__code", "category_id", "genre", "published_on"
        )
    for organization, category, genre, published_on in rows:
        counters["organization"][organization] += 1
        counters["category"][category] += 1
        counters["genre"][genre] += 1
        if published_on is not None:
            counters["year"][published_on.year] += 1

    def ranked(counter: Counter) -> list[tuple]:
        items = ((k, n) for k, n in counter.items() if k is not None)
        return sorted(items, key=lambda r: (-r[1], str(r[0])))

    result = {name: ranked(counters[name]) for name in FACET_NAMES}
    result["year"] = sorted(result["year"], key=lambda r: -r[0])
    return result


def no_result_hints(text: str) -> dict:
    """What to try when a search found nothing: each query less one word, and whether a
    code was typed (文号 / 索引号)."""
    terms = parse(text)
    fewer = []
    if len(terms) > 1:
        for skipped in terms:
            rest = [t for t in terms if t is not skipped]
            fewer.append(" ".join(f'"{t.text}"' if t.phrase else t.text for t in rest))
    return {
        "fewer": fewer,
        "code": any(t.whole for t in terms),
        "terms": [t.text for t in terms],
    }


__all__ = [
    "Term",
    "Window",
    "attach_snippets",
    "facets",
    "no_result_hints",
    "order",
    "parse",
    "search",
    "shown",
    "snippet",
    "suggest",
    "window",
]
