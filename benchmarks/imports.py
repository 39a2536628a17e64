"""Benchmark: `import_records` of N disclosures (and N applications) against PostgreSQL COPY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zwgk_bench \\
        .venv/bin/python benchmarks/imports.py --rows 10000

It never touches the developer's data: like the test runner, it creates a throwaway
database (`test_<NAME>_imports_<pid>`, or an in-memory one on SQLite), builds the schema from
the models, writes N disclosures as a CSV file the way a ledger export looks (most rows
without 索引号, so that numbers are generated; every fifth given; columns by name and by
path; HTML bodies to sanitise; drafts, repealed documents), imports it with
`run_import` (the code of `manage.py import_records` and of the admin's import job),
then loads the same CSV with `COPY` into a table with the same columns and indexes of
the same kinds, and prints rows per second, the ratio and the peak memory side by side.
The same for N applications. The database is dropped at the end.

`run(n, ...)` returns the figures as a dict, for the `make bench` harness.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DISCLOSURE_HEADERS = [
    "索引号", "机关代码", "标题", "文号", "栏目", "体裁",
    "成文日期", "发布日期", "有效性", "废止日期", "正文",
]  # fmt: skip
APPLICATION_HEADERS = [
    "受理编号", "机关代码", "申请人类型", "申请人", "申请方式", "收到日期",
    "申请内容", "办理结果", "办结日期", "信息处理费(元)",
]  # fmt: skip
COLUMNS = ["通知公告", "政策文件", "政府信息公开目录/规划计划", "政府重点信息公开专栏/环境保护"]
GENRES = ["通知公告", "规范性文件", "其他公文", "政策解读", "工作动态", "统计信息"]
APPLICANT_TYPES = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
CHANNELS = ["网上申请", "当面提交", "邮寄", "传真", "电子邮件"]
OUTCOMES = ["予以公开", "部分公开", "属于国家秘密", "本机关不掌握相关政府信息", "重复申请"]

# Comparable tables for COPY: the CSV's columns typed as the models type them, a serial
# key, and indexes like those of the model tables (a unique 索引号 / 受理编号, the public
# list's indexes, one per foreign key the CSV has as a code). The model tables also check
# their foreign keys on every row, which these tables, holding codes, do not.
COPY_DISCLOSURES = """
CREATE TABLE bench_copy_disclosures (
    id bigserial PRIMARY KEY,
    index_number varchar(64) UNIQUE,
    organization_code varchar(64) NOT NULL,
    title varchar(300) NOT NULL,
    document_number varchar(100),
    category text NOT NULL,
    genre varchar(30) NOT NULL,
    written_on date NOT NULL,
    published_on date,
    validity varchar(20),
    repealed_on date,
    body text
);
CREATE INDEX bench_copy_disclosures_list ON bench_copy_disclosures (published_on DESC, id DESC);
CREATE INDEX bench_copy_disclosures_org ON bench_copy_disclosures (organization_code);
CREATE INDEX bench_copy_disclosures_category ON bench_copy_disclosures (category);
CREATE INDEX bench_copy_disclosures_org_validity
    ON bench_copy_disclosures (organization_code, validity);
CREATE INDEX bench_copy_disclosures_genre ON bench_copy_disclosures (genre, written_on);
CREATE INDEX bench_copy_disclosures_pub_org ON bench_copy_disclosures
    (organization_code, published_on DESC, id DESC) WHERE published_on IS NOT NULL;
CREATE INDEX bench_copy_disclosures_pub_category ON bench_copy_disclosures
    (category, published_on DESC, id DESC) WHERE published_on IS NOT NULL;
CREATE INDEX bench_copy_disclosures_pub_genre ON bench_copy_disclosures
    (genre, published_on DESC, id DESC) WHERE published_on IS NOT NULL;
"""
COPY_DISCLOSURE_COLUMNS = [
    "index_number", "organization_code", "title", "document_number", "category", "genre",
    "written_on", "published_on", "validity", "repealed_on", "body",
]  # fmt: skip
COPY_APPLICATION_COLUMNS = [
    "tracking_number", "organization_code", "applicant_type", "applicant_name", "channel",
    "received_on", "description", "outcome", "closed_on", "fee",
]  # fmt: skip
COPY_APPLICATIONS = """
CREATE TABLE bench_copy_applications (
    id bigserial PRIMARY KEY,
    tracking_number varchar(40) UNIQUE NOT NULL,
    organization_code varchar(64) NOT NULL,
    applicant_type varchar(40) NOT NULL,
    applicant_name varchar(200) NOT NULL,
    channel varchar(40) NOT NULL,
    received_on date NOT NULL,
    description text NOT NULL,
    outcome varchar(60),
    closed_on date,
    fee numeric(10, 2)
);
CREATE INDEX bench_copy_applications_org ON bench_copy_applications (organization_code);
"""


def write_disclosures_csv(path: Path, n: int, *, organizations: int = 20, seed: int = 2019):
    """N catalogue rows over `organizations` organizations and ten years, reproducible."""
    rng = random.Random(seed)
    first = date(2016, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(DISCLOSURE_HEADERS)
        for i in range(n):
            written = first + timedelta(days=rng.randrange(3650))
            org = i % organizations
            repealed = i % 23 == 0
            draft = i % 17 == 0
            writer.writerow(
                [
                    f"bm{org:03d}/{written.year}-9{i:07d}" if i % 5 == 0 else "",
                    f"bm{org:03d}",
                    f"关于基准测试事项{i}的通知（第{rng.randrange(1000)}号）",
                    f"基测发〔{written.year}〕{i % 400}号" if i % 3 else "",
                    COLUMNS[i % len(COLUMNS)],
                    GENRES[i % len(GENRES)],
                    written.isoformat(),
                    "" if draft else (written + timedelta(days=rng.randrange(30))).isoformat(),
                    "废止" if repealed else "有效",
                    (written + timedelta(days=400)).isoformat() if repealed else "",
                    f"<p>第{i}号文件正文，<strong>依法公开</strong>。</p>"
                    + ('<p onclick="x()">联系电话见附件。</p>' if i % 11 == 0 else "")
                    + "<p>"
                    + "政务公开" * rng.randrange(5, 20)
                    + "</p>",
                ]
            )
    return path


def write_applications_csv(path: Path, n: int, *, organizations: int = 20, seed: int = 2019):
    rng = random.Random(seed)
    first = date(2019, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(APPLICATION_HEADERS)
        for i in range(n):
            received = first + timedelta(days=rng.randrange(2000))
            closed = i % 9 != 0
            writer.writerow(
                [
                    f"BMA-{received.year}-{i:07d}",
                    f"bm{i % organizations:03d}",
                    APPLICANT_TYPES[i % len(APPLICANT_TYPES)],
                    f"申请人{i}",
                    CHANNELS[i % len(CHANNELS)],
                    received.isoformat(),
                    f"申请公开第{i}号文件及其附件",
                    OUTCOMES[i % len(OUTCOMES)] if closed else "",
                    (received + timedelta(days=rng.randrange(1, 30))).isoformat() if closed else "",
                    "",
                ]
            )
    return path


def _setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def _max_rss_mb() -> float:
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _time_import(kind: str, path: Path, *, memory: bool, profile: str | None) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from core.importing import run_import

    stages: dict[str, float] = {}
    started = time.perf_counter()

    def progress(stage, done, total):
        if done == total:
            stages[stage] = time.perf_counter() - started

    reset_queries()
    if memory:
        tracemalloc.start()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    # The catalogue import starts a job that indexes its published rows for the search once
    # it commits (disclosure/jobs/search_index.py). In production a worker runs it while the
    # import's worker is free again; here the start is only recorded, so that the import is
    # timed to its commit, and the job's work is timed on its own below.
    from unittest import mock

    started_jobs = []
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch(
            "disclosure.jobs.search_index.start_indexing",
            side_effect=lambda *args, **kwargs: started_jobs.append(args),
        ),
    ):
        cpu = time.process_time()
        start = time.perf_counter()
        result = run_import(kind, path, progress=progress)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
    index = None
    if started_jobs:
        from disclosure.search.index import index_missing

        index_start = time.perf_counter()
        indexed = index_missing()
        index_seconds = time.perf_counter() - index_start
        index = {
            "jobs": len(started_jobs),
            "rows": indexed,
            "seconds": index_seconds,
            "rows_per_second": indexed / index_seconds if index_seconds else 0.0,
        }
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    peak = None
    if memory:
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    if result.errors:
        raise SystemExit(f"the generated {kind} file was refused: {result.errors[:5]}")
    return {
        "rows": result.rows,
        "created": result.created,
        "seconds": seconds,
        # This process's CPU time: on a busy machine, what the import itself costs.
        "cpu_seconds": cpu,
        "rows_per_second": result.rows / seconds,
        "queries": len(queries.captured_queries),
        "check_seconds": stages.get("check"),
        "peak_python_mb": peak,
        "search_index": index,
    }


def _time_copy(table_sql: str, table: str, columns: list[str], path: Path) -> dict | None:
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(table_sql)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor, path.open("rb") as f:
        cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, HEADER true)", f
        )
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        rows = cursor.fetchone()[0]
    return {"rows": rows, "seconds": seconds, "rows_per_second": rows / seconds}


def run(
    n: int,
    *,
    applications: bool = True,
    organizations: int = 20,
    seed: int = 2019,
    memory: bool = False,
    profile: str | None = None,
    own_database: bool = True,
) -> dict:
    """Import N disclosures (and N applications) and COPY the same files; return the figures.

    `memory`: trace Python allocations (tracemalloc) during the import for the peak; it
    slows the import down, so rows/s of such a run are not comparable. `own_database`
    False runs in the database Django is connected to (the caller made it, e.g. `make
    bench`'s harness); True creates and drops one for this run.
    """
    _setup_django()
    from django.db import connection

    from disclosure.models import Organization

    real_name = connection.settings_dict["NAME"]
    if own_database:
        # A migrated database of its own: the migrations add what the models do not
        # describe (the search index's tsvector column and GIN index, or FTS5).
        if connection.vendor == "postgresql":
            # One per process: two runs at once (the harness, a developer) never meet.
            connection.settings_dict.setdefault("TEST", {})["NAME"] = (
                f"test_{real_name}_imports_{os.getpid()}"
            )
        test_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
    else:
        test_name = real_name
    figures: dict = {"database": connection.vendor, "database_name": test_name, "n": n}
    try:
        Organization.objects.bulk_create(
            [Organization(code=f"bm{i:03d}", name=f"基准测试局{i}") for i in range(organizations)],
            ignore_conflicts=True,
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = write_disclosures_csv(
                Path(tmp) / "disclosures.csv", n, organizations=organizations, seed=seed
            )
            figures["disclosures_csv_mb"] = path.stat().st_size / 1024 / 1024
            rss_before = _max_rss_mb()
            figures["disclosures"] = _time_import(
                "disclosures", path, memory=memory, profile=profile
            )
            figures["disclosures"]["max_rss_mb"] = _max_rss_mb()
            figures["disclosures"]["max_rss_before_mb"] = rss_before
            figures["disclosures_copy"] = _time_copy(
                COPY_DISCLOSURES,
                "bench_copy_disclosures",
                COPY_DISCLOSURE_COLUMNS,
                path,
            )
            if applications:
                path = write_applications_csv(
                    Path(tmp) / "applications.csv", n, organizations=organizations, seed=seed
                )
                figures["applications"] = _time_import(
                    "applications", path, memory=memory, profile=None
                )
                figures["applications_copy"] = _time_copy(
                    COPY_APPLICATIONS,
                    "bench_copy_applications",
                    COPY_APPLICATION_COLUMNS,
                    path,
                )
        for kind in ("disclosures", "applications"):
            copied = figures.get(f"{kind}_copy")
            if kind in figures and copied:
                figures[kind]["share_of_copy"] = (
                    figures[kind]["rows_per_second"] / copied["rows_per_second"]
                )
    finally:
        if own_database:
            connection.creation.destroy_test_db(real_name, verbosity=0)
    return figures


def print_figures(figures: dict) -> None:
    print(
        f"database: {figures['database']} ({figures['database_name']}); "
        f"{figures['n']:,} rows per kind; disclosures CSV {figures['disclosures_csv_mb']:.1f} MB"
    )
    print(
        f"{'kind':<14}{'import s':>10}{'rows/s':>10}{'queries':>9}{'COPY s':>9}"
        f"{'COPY rows/s':>13}{'share':>8}{'peak MB':>9}"
    )
    for kind in ("disclosures", "applications"):
        if kind not in figures:
            continue
        f, copied = figures[kind], figures.get(f"{kind}_copy")
        peak = f["peak_python_mb"]
        print(
            f"{kind:<14}{f['seconds']:>10.1f}{f['rows_per_second']:>10,.0f}{f['queries']:>9}"
            + (
                f"{copied['seconds']:>9.2f}{copied['rows_per_second']:>13,.0f}"
                f"{f['share_of_copy']:>8.1%}"
                if copied
                else f"{'-':>9}{'-':>13}{'-':>8}"
            )
            + (f"{peak:>9.0f}" if peak is not None else f"{'-':>9}")
        )
    for kind in ("disclosures", "applications"):
        if kind in figures:
            f = figures[kind]
            print(
                f"{kind}: {f['cpu_seconds']:.1f} s of CPU in this process "
                f"({f['rows'] / f['cpu_seconds']:,.0f} rows per CPU second), "
                f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
            )
    d = figures["disclosures"]
    if d.get("search_index"):
        i = d["search_index"]
        print(
            f"disclosures: the search index job ({i['jobs']} started after the commit) "
            f"indexed {i['rows']:,} published rows in {i['seconds']:.1f} s "
            f"({i['rows_per_second']:,.0f} rows/s)"
        )
    print(
        f"disclosures: checked in {d['check_seconds'] or 0:.1f} s; process peak RSS "
        f"{d['max_rss_before_mb']:.0f} MB before the import, {d['max_rss_mb']:.0f} MB after"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--organizations", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--no-applications", action="store_true")
    parser.add_argument(
        "--memory", action="store_true", help="trace Python allocations (slower) for the peak"
    )
    parser.add_argument("--profile", metavar="FILE", help="cProfile the disclosures import")
    args = parser.parse_args(argv)
    figures = run(
        args.rows,
        applications=not args.no_applications,
        organizations=args.organizations,
        seed=args.seed,
        memory=args.memory,
        profile=args.profile,
    )
    print_figures(figures)
    if args.profile:
        import pstats

        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
