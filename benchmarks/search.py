"""Benchmark of the catalogue search (disclosure.search) on PostgreSQL.

    createdb bench_search   # an empty database: the script migrates and fills it
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \\
        .venv/bin/python benchmarks/search.py [--disclosures 100000] [--repeat 3]
    .venv/bin/python benchmarks/search.py --segmenters   # jieba vs rjieba, no database

1. Fills the database with N disclosures (benchmarks/generate.py's catalogue, COPY), then
   gives each a realistic title and body made of the demo's 公文 paragraph templates
   (demo/data/document_bodies.json) filled with the demo's vocabulary, and builds the
   search index (`index.rebuild`), timed.
2. Times one- and two-word queries as the search page answers them (`query.window`, the
   first page by relevance with snippets, the facets) against `ILIKE '%…%'` over title and
   body answering the same page (the number of matches and the newest 20), side by side,
   and prints the ratio.
3. Recall and precision on a query set of its own: words of the bodies' 公文 text (titles
   are built from another part of the vocabulary, so most matches are in the body only);
   the ground truth is a Python substring check on the normalised generated title and
   body.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate, setup_django  # noqa: E402

DATA = ROOT / "demo" / "data"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
GENRES = ["通知", "公告", "意见", "办法", "通报", "方案", "决定", "公示"]
# Query words: 公文 vocabulary of the bodies' fixed text and of the words filled into them.
ONE_WORD = [
    "联席会议",
    "工作台账",
    "督查",
    "满意度",
    "整改",
    "责任单位",
    "考核",
    "防汛减灾",
    "食品安全",
    "根治欠薪",
    "信访",
    "安全生产",
    "节能降耗",
    "河道治理",
    "采购",
    "低保",
]
TWO_WORDS = [
    ("督查", "考核"),
    ("整改", "时限"),
    ("工作", "专班"),
    ("项目", "清单"),
    ("食品安全", "检查"),
    ("防汛", "应急"),
    ("群众", "满意度"),
    ("分管领导", "组长"),
]

# Rare words: a title's serial, held by one document (every word of the generated text is
# common, from a vocabulary of a few hundred entries); timed, not in the median.
RARE = [("12345",), ("67890",), ("4321", "通知")]


class TextMaker:
    """Titles and bodies of demo-like 公文, deterministic for a seed."""

    def __init__(self, seed: int = 14):
        bodies = json.loads((DATA / "document_bodies.json").read_text(encoding="utf-8"))
        vocabulary = json.loads((DATA / "catalogue_vocabulary.json").read_text(encoding="utf-8"))
        self.kinds = list(bodies["kinds"].values())
        self.fillers: list[str] = []
        self.matters: list[str] = []
        for key, value in vocabulary.items():
            target = self.matters if key in ("notice_matters", "plans") else self.fillers
            self._walk(value, target)
        self.rng = random.Random(seed)

    def _walk(self, value, into: list[str]) -> None:
        if isinstance(value, str):
            into.append(value)
        elif isinstance(value, list):
            for item in value:
                self._walk(item, into)
        elif isinstance(value, dict):
            for item in value.values():
                self._walk(item, into)

    def title(self, i: int) -> str:
        matter = self.rng.choice(self.matters).strip("《》")
        return f"关于{matter}的{self.rng.choice(GENRES)}（第{i}号）"

    def body(self) -> str:
        rng = self.rng
        kind = rng.choice(self.kinds)
        paragraphs = [
            PLACEHOLDER.sub(lambda m: rng.choice(self.fillers), rng.choice(alternatives))
            for alternatives in kind
        ]
        return "".join(f"<p>{p}</p>" for p in paragraphs)


def segmenters(n: int = 10_000) -> None:
    """jieba vs rjieba on n demo-like bodies (both with the government dictionary)."""
    from disclosure.search import segment

    maker = TextMaker()
    texts = [re.sub(r"<[^>]+>", "\n", maker.body()) for _ in range(n)]
    chars = sum(map(len, texts))
    print(f"{n:,} bodies, {chars:,} characters, Python {sys.version.split()[0]}")
    rjieba = segment.load_segmenter()
    started = time.perf_counter()
    for text in texts:
        rjieba.cut_for_search(text, True)
    r_seconds = time.perf_counter() - started
    print(f"  rjieba cut_for_search: {r_seconds:6.2f} s ({chars / r_seconds / 1e6:.2f} M chars/s)")
    try:
        import jieba
    except ImportError:
        print("  jieba: not installed (pip install jieba==0.42.1 to compare)")
        return
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, frequency in segment.dictionary_entries():
        tokenizer.add_word(word, frequency)
    started = time.perf_counter()
    for text in texts:
        list(tokenizer.cut_for_search(text, HMM=True))
    j_seconds = time.perf_counter() - started
    print(f"  jieba  cut_for_search: {j_seconds:6.2f} s ({chars / j_seconds / 1e6:.2f} M chars/s)")
    print(f"  rjieba is {j_seconds / r_seconds:.1f}x faster")


def fill(n: int, out=sys.stdout) -> None:
    """Generate the catalogue, then realistic titles and bodies (COPY + one UPDATE)."""
    from django.db import connection, transaction

    started = time.perf_counter()
    generate(disclosures=n, applications=0, out=out)
    print(f"generated the catalogue in {time.perf_counter() - started:.1f} s", file=out)
    started = time.perf_counter()
    maker = TextMaker()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE search_text (id int PRIMARY KEY, title text, body text)")
        for first in range(1, n + 1, 50_000):
            buffer = io.StringIO()
            for pk in range(first, min(first + 50_000, n + 1)):
                buffer.write(f"{pk}\t{maker.title(pk)}\t{maker.body()}\n")
            buffer.seek(0)
            cursor.cursor.copy_expert("COPY search_text (id, title, body) FROM STDIN", buffer)
        cursor.execute(
            "UPDATE disclosure_disclosure d SET title = t.title, body = t.body "
            "FROM search_text t WHERE d.id = t.id"
        )
        cursor.execute("DROP TABLE search_text")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE disclosure_disclosure")
    print(f"wrote titles and bodies in {time.perf_counter() - started:.1f} s", file=out)


def build_index(out=sys.stdout) -> None:
    from django.db import connection

    from disclosure.search import index

    started = time.perf_counter()
    last = [started]

    def progress(done, total):
        now = time.perf_counter()
        if done == total or now - last[0] > 30:
            last[0] = now
            print(f"  indexed {done:,} / {total:,} ({now - started:.0f} s)", file=out, flush=True)

    count = index.rebuild(progress=progress)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE disclosure_searchdocument")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('disclosure_searchdocument'))")
        size = cursor.fetchone()[0]
    seconds = time.perf_counter() - started
    print(f"indexed {count:,} disclosures in {seconds:.1f} s (index table {size})", file=out)


def _best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def timings(repeat: int, out=sys.stdout) -> dict:
    """What the search page does for a query, against what `ILIKE` would.

    The search's answer is the page's: `query.window` (the newest matches and the count up
    to SEARCH_COUNT_LIMIT), the first page of the window by relevance with its snippets, and
    the facets over the window. Two windows side by side: `walked` (the catalogue's date
    index walked newest first, each entry checked against the token index: the window of a
    filtered search, and of every search before the date slices) and `sliced` (the index
    table's date slices: an unfiltered search on PostgreSQL). `ILIKE '%…%'` over title and
    body answers the same page with a count of its matches and the newest 20. All uncached
    (the page caches each query's window and facets), each side best of `repeat`.
    """
    from django.db import connection
    from django.db.models import Q
    from django.test.utils import CaptureQueriesContext

    from disclosure.models import Disclosure
    from disclosure.search import query

    published = Disclosure.objects.filter(status="published")
    started = time.perf_counter()
    bounds = query._slice_bounds()
    print(
        f"\ndate slices: {len(bounds) + 1} (bounds {', '.join(map(str, bounds))}; read from "
        f"the statistics in {(time.perf_counter() - started) * 1000:.1f} ms)",
        file=out,
    )
    print(
        f"\n{'query':<16}{'matches':>10}{'walked':>9}{'sliced':>9}{'page':>9}{'facets':>9}"
        f"{'before':>10}{'search':>10}{'queries':>8}{'ILIKE':>10}{'before':>8}{'ratio':>8}",
        file=out,
    )
    ratios, rare_ratios, before_ratios = [], [], []
    for words in [(w,) for w in ONE_WORD[:6]] + TWO_WORDS[:6] + RARE:
        text = " ".join(words)
        matched = query.search(published, text)
        terms = query.parse(text)

        def answer(sliced, text=text, matched=matched, terms=terms):
            started = time.perf_counter()
            found = query.window(matched, terms=terms if sliced else None)
            t_window = time.perf_counter() - started
            rows = list(query.shown(published, found, text, by_date=False)[:20])
            query.attach_snippets(rows, text)
            t_page = time.perf_counter() - started - t_window
            query.facets(published.filter(id__in=found.ids), rows=found.facet_rows)
            t_facets = time.perf_counter() - started - t_window - t_page
            return found, (t_window, t_page, t_facets)

        best = {}
        for sliced in (False, True):
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as ctx:
                    found, parts = answer(sliced)
                if sliced not in best or sum(parts) < sum(best[sliced]):
                    best[sliced] = parts
            if not sliced:
                walked_ids = found.ids
        assert found.ids == walked_ids, f"{text}: the sliced window differs from the walked one"
        t_before, t_search = sum(best[False]), sum(best[True])
        condition = Q()
        for word in words:
            condition &= Q(title__icontains=word) | Q(body__icontains=word)
        scan = published.filter(condition)

        def ilike(scan=scan):
            scan.count()
            list(scan.order_by("-published_on", "-id").values_list("id", flat=True)[:20])

        t_ilike = _best(ilike, repeat)
        ratio = t_ilike / max(t_search, 1e-6)
        before_ratio = t_ilike / max(t_before, 1e-6)
        (rare_ratios if words in RARE else ratios).append(ratio)
        if words not in RARE:
            before_ratios.append(before_ratio)
        matches = f"{'>' if found.more else ''}{found.total:,}"
        page, facets = best[True][1], best[True][2]
        print(
            f"{text:<14}{matches:>12}{best[False][0] * 1000:>7.1f}ms{best[True][0] * 1000:>7.1f}ms"
            f"{page * 1000:>7.1f}ms{facets * 1000:>7.1f}ms{t_before * 1000:>8.1f}ms"
            f"{t_search * 1000:>8.1f}ms{len(ctx.captured_queries):>8}"
            f"{t_ilike * 1000:>8.0f}ms{before_ratio:>7.0f}x{ratio:>7.0f}x",
            file=out,
        )
    figures = {
        "median_ratio": statistics.median(ratios),
        "min_ratio": min(ratios),
        "before_median_ratio": statistics.median(before_ratios),
        "rare_median_ratio": statistics.median(rare_ratios) if rare_ratios else None,
    }
    print(
        f"ratio ILIKE / search over the one- and two-word queries: median "
        f"{figures['median_ratio']:.0f}x, min {figures['min_ratio']:.0f}x (walked window: "
        f"median {figures['before_median_ratio']:.0f}x)"
        + (f"; rare words: median {figures['rare_median_ratio']:.0f}x" if rare_ratios else ""),
        file=out,
    )
    return figures


def quality(out=sys.stdout) -> None:
    """Recall and precision against a substring check of the generated text."""
    from disclosure.models import Disclosure
    from disclosure.search import query, segment
    from disclosure.search.index import plain_text

    queries = [(w,) for w in ONE_WORD] + TWO_WORDS
    relevant: dict[tuple, set[int]] = {q: set() for q in queries}
    rows = Disclosure.objects.filter(status="published").values_list("id", "title", "body")
    only_body = 0
    for pk, title, body in rows.iterator(chunk_size=10_000):
        text = segment.normalize(plain_text(body))
        head = segment.normalize(title)
        for words in queries:
            # A document holds the words when its text does (a word may be in the title).
            if all(w in text or w in head for w in words):
                relevant[words].add(pk)
                only_body += not any(w in head for w in words)
    recalls, precisions = [], []
    total_relevant = total_found = total_hits = 0
    print(f"\n{'query':<16}{'relevant':>9}{'found':>9}{'recall':>8}{'precision':>10}", file=out)
    for words in queries:
        found = set(
            query.search(Disclosure.objects.all(), " ".join(words)).values_list("id", flat=True)
        )
        hits = len(found & relevant[words])
        recall = hits / len(relevant[words]) if relevant[words] else 1.0
        precision = hits / len(found) if found else 1.0
        recalls.append(recall)
        precisions.append(precision)
        total_relevant += len(relevant[words])
        total_found += len(found)
        total_hits += hits
        print(
            f"{' '.join(words):<14}{len(relevant[words]):>9,}{len(found):>9,}"
            f"{recall:>8.3f}{precision:>10.3f}",
            file=out,
        )
    print(
        f"recall {statistics.mean(recalls):.3f} (micro {total_hits / max(total_relevant, 1):.3f}), "
        f"precision {statistics.mean(precisions):.3f} "
        f"(micro {total_hits / max(total_found, 1):.3f}) over {len(queries)} queries; "
        f"{only_body:,} of the relevant (query, document) pairs hold the words in the body only",
        file=out,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--disclosures", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--segmenters", action="store_true", help="only jieba vs rjieba")
    parser.add_argument("--skip-fill", action="store_true", help="reuse a filled database")
    parser.add_argument("--skip-quality", action="store_true", help="timings only")
    args = parser.parse_args(argv)
    setup_django()
    if args.segmenters:
        segmenters()
        return 0
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("benchmarks/search.py measures PostgreSQL: set DATABASE_URL")
    if not args.skip_fill:
        call_command("migrate", verbosity=0)
        fill(args.disclosures)
        build_index()
    timings(args.repeat)
    if not args.skip_quality:
        quality()
    return 0


if __name__ == "__main__":
    sys.exit(main())
