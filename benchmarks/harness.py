"""`make bench`: the platform's throughput side by side with what the machine can do at all.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zwgk_bench \\
        .venv/bin/python benchmarks/harness.py --scales 10000 1000000 [--seed 2016]

For each scale (number of disclosures; applications as many, petitions a tenth, proposals
a fiftieth) it creates the database named in DATABASE_URL (and refuses to touch one it did
not create: its databases carry the comment `zwgk bench`), migrates it, fills it with
`benchmarks/generate.py` (COPY), then measures, each against its own ceiling:

1. the public pages (/disclosures/, a filtered list, ?page=50, a detail, /) under gunicorn
   (2 workers) with wrk (16 connections, 10 s each after a 2 s warm-up), against
   `/bench/bare/` of the same settings doing one primary-key query;
2. the gb2021 report of the city (1,000 organizations) with its sub-organizations
   (`annual_report --include-children`: `build_report`), against one grouped query
   (outcome × applicant type) over the same applications;
3. public applications submitted per second (POST /apply/ through gunicorn, rate limit off;
   counted as rows saved), against PostgreSQL's single-row INSERT + COMMIT loop
   (psycopg2, one connection and 16 connections);
4. `import_records` against COPY of the same CSV (`benchmarks/imports.py`, in a database
   of its own).

Finally it prints one table with every figure and ratio per scale, and drops the database
(`--keep` leaves it for inspection).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MARK = "zwgk bench"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zwgk_bench"
REPORT_YEAR = 2025
BARE = "bare view (ceiling)"
VALID_ID = "510302199001011239"  # GB 11643 check digit 9

POST_SCRIPT = r"""
-- A valid application per request, each with a client token of its own.
local counter = 0
local threads = 0
function setup(thread)
  -- runs in the main state; `tid` becomes a global of each thread's own state
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  local token = string.format("bench%s%03dn%010d", RUN, tid or 0, counter)
  local org = ORGS[(counter + (tid or 0)) % #ORGS + 1]
  local body = BODY .. "&client_token=" .. token .. "&organization=" .. org
  return wrk.format("POST", "/apply/", HEADERS, body)
end
"""


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# The database ------------------------------------------------------------------------------


def _admin_connection(url: str):
    import psycopg2

    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    conn = psycopg2.connect(maintenance)
    conn.autocommit = True
    return conn


def recreate_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    conn = _admin_connection(url)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            )
            row = cur.fetchone()
            if row is not None:
                if row[0] != MARK:
                    raise SystemExit(
                        f"database {name} exists and was not made by the benchmark: "
                        "choose another DATABASE_URL"
                    )
                cur.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{name}"')
            cur.execute(f"COMMENT ON DATABASE \"{name}\" IS '{MARK}'")
    finally:
        conn.close()


def drop_database(url: str) -> None:
    from django.db import connections

    connections.close_all()
    name = urlsplit(url).path.lstrip("/")
    conn = _admin_connection(url)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            )
            row = cur.fetchone()
            if row is not None and row[0] == MARK:
                cur.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        conn.close()


# gunicorn and wrk --------------------------------------------------------------------------


class Server:
    """gunicorn on a free port of 8100–8999 (another one if the port is taken)."""

    def __init__(self, *, workers: int, env: dict):
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (open while gunicorn runs)
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )
        for _attempt in range(5):
            self.port = random.Random().randrange(8100, 9000)
            self.base = f"http://127.0.0.1:{self.port}"
            self.process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "config.wsgi",
                    "--workers",
                    str(workers),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--timeout",
                    "60",
                ],
                cwd=ROOT,
                env=env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            if self._ready():
                return
            self.stop()
        raise SystemExit(f"gunicorn did not come up; see {self.log.name}")

    def _ready(self) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False  # exited: the port was taken, say
            try:
                with urllib.request.urlopen(self.base + "/bench/bare/", timeout=5) as response:
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def wrk(url: str, *, connections: int, seconds: int, script: str | None = None) -> dict:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = re.search(r"Latency\s+([\d.]+\w+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    requests = re.search(r"(\d+) requests in", out)
    return {
        "rps": rps,
        "latency": latency.group(1) if latency else "",
        "requests": int(requests.group(1)) if requests else 0,
        "bad": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


def measure_pages(base: str, pages: dict[str, str], args) -> dict[str, dict]:
    figures = {}
    for name, path in pages.items():
        url = base + path
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        if status != 200:
            # Measured is what answers 200; a broken page is reported, not timed.
            log(f"    {name:<24} HTTP {status}: not measured")
            figures[name] = {"rps": 0.0, "error": f"HTTP {status}", "bad": 0, "timeouts": 0}
            continue
        wrk(url, connections=args.connections, seconds=2)  # warm-up
        figures[name] = wrk(url, connections=args.connections, seconds=args.seconds)
        f = figures[name]
        log(f"    {name:<24}{f['rps']:>9.1f} req/s  latency {f['latency']}")
    # The ceiling again after the pages, on a machine whose load changes: the higher of the
    # two runs is the ceiling, so that a share is never flattered by a slow first run.
    bare = pages.get(BARE)
    if bare:
        again = wrk(base + bare, connections=args.connections, seconds=args.seconds)
        log(f"    {BARE + ' again':<24}{again['rps']:>9.1f} req/s  latency {again['latency']}")
        figures[BARE]["first_rps"] = figures[BARE]["rps"]
        figures[BARE]["again_rps"] = again["rps"]
        if again["rps"] > figures[BARE]["rps"]:
            figures[BARE] = {**again, "first_rps": figures[BARE]["rps"], "again_rps": again["rps"]}
    return figures


def measure_submissions(base: str, args) -> dict:
    from disclosure.models import Organization
    from requests_app.applications.models import Application

    # Applications go to the city and its 19 districts in turn: each organization and year
    # has a 受理编号 sequence of its own, locked by the transaction that takes a number.
    organizations = list(
        Organization.objects.filter(parent__isnull=True).values_list("code", flat=True)
    ) + list(
        Organization.objects.filter(parent__parent__isnull=True, parent__isnull=False)
        .order_by("pk")
        .values_list("code", flat=True)
    )
    secret = "B" * 32  # the CSRF cookie's secret; the unmasked form token is accepted
    body = "&".join(
        f"{k}={urllib.request.quote(v)}"
        for k, v in {
            "csrfmiddlewaretoken": secret,
            "applicant_category": "natural_person",
            "organization_kind": "",
            "applicant_name": "王小明",
            "id_type": "resident_id",
            "id_number": VALID_ID,
            "phone": "13912345678",
            "email": "wang@example.com",
            "address": "四川省自贡市自流井区五星街88号",
            "postcode": "643000",
            "information_title": "基准测试申请的信息",
            "description": "",
            "provision_form": "electronic",
            "delivery_method": "email",
            "consent": "on",
            "website": "",
        }.items()
    )
    run = f"{random.Random().randrange(16**6):06x}"
    script = (
        f'RUN = "{run}"\nBODY = "{body}"\n'
        + "ORGS = {"
        + ", ".join(f'"{code}"' for code in organizations)
        + "}\n"
        "HEADERS = {\n"
        '  ["Content-Type"] = "application/x-www-form-urlencoded",\n'
        f'  ["Cookie"] = "csrftoken={secret}",\n'
        "}\n" + POST_SCRIPT
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        before = Application.objects.count()
        result = wrk(
            base + "/apply/", connections=args.connections, seconds=args.seconds, script=f.name
        )
        saved = Application.objects.count() - before
    finally:
        os.unlink(f.name)
    result["saved"] = saved
    result["saved_per_second"] = saved / args.seconds
    log(
        f"    POST /apply/             {result['saved_per_second']:>9.1f} saved/s "
        f"({result['requests']} requests, {result['bad']} not 2xx/3xx, "
        f"{result['timeouts']} timeouts)"
    )
    return result


def insert_commit_rate(url: str, *, seconds: float, connections: int) -> float:
    """Single-row INSERT + COMMIT per second, from `connections` psycopg2 loops at once."""
    import psycopg2

    setup = psycopg2.connect(url)
    setup.autocommit = True
    with setup.cursor() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS bench_insert "
            "(id bigserial PRIMARY KEY, payload text NOT NULL, at timestamptz DEFAULT now())"
        )
    counts = [0] * connections
    stop = time.monotonic() + seconds

    def loop(i: int) -> None:
        conn = psycopg2.connect(url)
        conn.autocommit = True  # every INSERT is its own transaction: one commit per row
        with conn.cursor() as cur:
            while time.monotonic() < stop:
                cur.execute("INSERT INTO bench_insert (payload) VALUES (%s)", ["基准测试申请"])
                counts[i] += 1
        conn.close()

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(connections)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    with setup.cursor() as cur:
        cur.execute("DROP TABLE bench_insert")
    setup.close()
    return sum(counts) / elapsed


# The report --------------------------------------------------------------------------------


def _timed(fn, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries


def measure_report(repeat: int) -> dict:
    from django.db.models import Count

    from disclosure.models import Organization
    from reports.engine.generate import build_report
    from requests_app.applications.models import Application

    city = Organization.objects.get(code="city")
    ids = Organization.objects.scope_ids(city, include_children=True)

    def report():
        return build_report(
            organization=city, year=REPORT_YEAR, format="gb2021", include_children=True
        )

    def grouped():
        return list(
            Application.objects.filter(organization_id__in=ids, received_on__isnull=False)
            .values("outcome", "applicant_type")
            .annotate(n=Count("id"))
            .order_by()
        )

    report_s, report_q = _timed(report, repeat)
    grouped_s, _ = _timed(grouped, repeat)
    # Where one build spends its database time: the applications, the catalogue, the rest.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        report()
    split = {"applications": 0.0, "catalogue": 0.0, "other": 0.0}
    for query in ctx.captured_queries:
        sql = query["sql"]
        table = sql[sql.find(" FROM ") :][:60]
        kind = (
            "applications"
            if '"requests_app_application"' in table
            else "catalogue"
            if '"disclosure_disclosure"' in table
            else "other"
        )
        split[kind] += float(query["time"]) * 1000
    from reports.summary import organization_summary

    summary_s, summary_q = _timed(
        lambda: organization_summary(
            organization_ids=None, year=REPORT_YEAR, today=date(REPORT_YEAR + 1, 2, 1)
        ),
        repeat,
    )
    rows = Application.objects.filter(organization_id__in=ids).count()
    log(
        f"    report {report_s * 1000:.0f} ms in {report_q} queries; grouped query "
        f"{grouped_s * 1000:.0f} ms over {rows:,} applications of {len(ids)} organizations"
    )
    return {
        "organizations": len(ids),
        "applications": rows,
        "report_ms": report_s * 1000,
        "report_queries": report_q,
        "grouped_ms": grouped_s * 1000,
        "split_ms": split,
        "summary_ms": summary_s * 1000,
        "summary_queries": summary_q,
    }


# One scale ---------------------------------------------------------------------------------


def run_scale(scale: int, args, url: str) -> dict:
    from django.core.management import call_command
    from django.db import connections

    from benchmarks.generate import generate
    from disclosure.models import Disclosure, Organization

    log(f"== {scale:,} disclosures ==")
    connections.close_all()
    recreate_database(url)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"  migrated in {time.perf_counter() - started:.1f} s; generating (seed {args.seed})")
    started = time.perf_counter()
    counts = generate(disclosures=scale, seed=args.seed, out=sys.stderr)
    generated = time.perf_counter() - started
    log(f"  generated in {generated:.1f} s")

    published = Disclosure.objects.published()
    detail = published.order_by("-published_on", "-id").values_list("pk", flat=True)[
        min(5000, scale // 4)
    ]
    org = Organization.objects.get(pk=2)  # a district, with its departments
    pages = {
        BARE: "/bench/bare/",
        "/disclosures/": "/disclosures/",
        "filtered list": f"/disclosures/?org={org.code}&year={REPORT_YEAR}",
        "/disclosures/?page=50": "/disclosures/?page=50",
        "/disclosures/<id>/": f"/disclosures/{detail}/",
        "/ (home)": "/",
    }
    figures: dict = {"scale": scale, "counts": counts, "generate_s": generated}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DATABASE_URL": url,
        "PYTHONPATH": str(ROOT),
    }
    server = Server(workers=args.workers, env=env)
    try:
        log(
            f"  pages (gunicorn {args.workers} workers on :{server.port}, wrk -c{args.connections})"
        )
        figures["pages"] = measure_pages(server.base, pages, args)
        figures["submit"] = measure_submissions(server.base, args)
    finally:
        server.stop()
    log("  PostgreSQL single-row INSERT + COMMIT")
    figures["insert_1"] = insert_commit_rate(url, seconds=5, connections=1)
    figures["insert_16"] = insert_commit_rate(url, seconds=5, connections=args.connections)
    log(f"    {figures['insert_1']:.0f}/s (1 connection), {figures['insert_16']:.0f}/s (16)")
    log("  report")
    figures["report"] = measure_report(args.repeat)
    return figures


def run_import(n: int, url: str) -> dict | None:
    """`benchmarks/imports.py` in a freshly migrated database of the harness's own (the
    schema of the migrations, raw SQL included), dropped afterwards. A failure is reported
    and the other figures are still printed."""
    from django.core.management import call_command
    from django.db import connections

    try:
        from benchmarks import imports
    except ImportError:
        log("  benchmarks/imports.py is missing: import not measured")
        return None
    log(f"== import of {n:,} rows (benchmarks/imports.py) ==")
    connections.close_all()
    recreate_database(url)
    try:
        call_command("migrate", verbosity=0, interactive=False)
        return imports.run(n, applications=True, own_database=False)
    except Exception as exc:  # report it and print the rest
        log(f"  the import benchmark failed: {exc}")
        return {"n": n, "error": str(exc).splitlines()[0][:120]}
    finally:
        drop_database(url)


# Output ------------------------------------------------------------------------------------


def print_table(results: list[dict], imports: dict | None, args) -> None:
    scales = [r["scale"] for r in results]
    head = f"{'':<40}" + "".join(f"{f'{s:,} disclosures':>26}" for s in scales)
    print()
    print(
        f"make bench: gunicorn {args.workers} workers, wrk {args.connections} connections "
        f"x {args.seconds} s, seed {args.seed}, {os.cpu_count()} CPUs"
    )
    print(head)
    print("-" * len(head))

    def row(label, cells):
        print(f"{label:<40}" + "".join(f"{c:>26}" for c in cells))

    row("generated (COPY)", [f"{r['generate_s']:.0f} s" for r in results])
    bares = [r["pages"][BARE] for r in results]
    row(
        "  bare view, before / after the pages",
        [f"{b.get('first_rps', 0):,.0f} / {b.get('again_rps', 0):,.0f}" for b in bares],
    )
    ceilings = [r["pages"][BARE]["rps"] for r in results]
    for name in results[0]["pages"]:
        cells = []
        for r, ceiling in zip(results, ceilings, strict=True):
            f = r["pages"][name]
            if f.get("error"):
                cells.append(f["error"])
                continue
            share = f["rps"] / ceiling
            note = "" if not (f["bad"] or f["timeouts"]) else f" !{f['bad'] + f['timeouts']}"
            cells.append(
                f"{f['rps']:,.0f}/s" + ("" if name.startswith("bare") else f" = {share:.1%}") + note
            )
        row(f"page {name}", cells)
    if len(results) > 1:
        first, last = results[0], results[-1]
        for name in first["pages"]:
            if name.startswith("bare"):
                continue
            if not (first["pages"][name]["rps"] and last["pages"][name]["rps"]):
                continue
            ratio = first["pages"][name]["rps"] / last["pages"][name]["rps"]
            row(
                f"  {name}: {scales[0]:,} / {scales[-1]:,}",
                [""] * (len(results) - 1) + [f"{ratio:.2f}x"],
            )
    cells = []
    for r in results:
        rep = r["report"]
        ratio = rep["report_ms"] / rep["grouped_ms"]
        cells.append(f"{rep['report_ms']:,.0f} ms = {ratio:.1f}x")
    row("gb2021 report, city + children", cells)
    row(
        "  grouped query, same rows",
        [f"{r['report']['grouped_ms']:,.0f} ms" for r in results],
    )
    row("  queries", [str(r["report"]["report_queries"]) for r in results])
    row(
        "  SQL: applications / catalogue / other",
        [
            " / ".join(f"{v:,.0f}" for v in r["report"]["split_ms"].values()) + " ms"
            for r in results
        ],
    )
    row(
        "supervisor summary, every organization",
        [
            f"{r['report']['summary_ms']:,.0f} ms in {r['report']['summary_queries']} queries"
            for r in results
        ],
    )
    row(
        "  organizations / applications",
        [f"{r['report']['organizations']} / {r['report']['applications']:,}" for r in results],
    )

    def submitted(r, ceiling):
        saved = r["submit"]["saved_per_second"]
        return f"{saved:,.0f}/s = {saved / ceiling:.1%}"

    row("POST /apply/ saved per second", [submitted(r, r["insert_1"]) for r in results])
    row("  INSERT+COMMIT, 1 connection", [f"{r['insert_1']:,.0f}/s" for r in results])
    row(
        f"  INSERT+COMMIT, {args.connections} connections",
        [f"{r['insert_16']:,.0f}/s (apply {submitted(r, r['insert_16'])})" for r in results],
    )
    if imports and imports.get("error"):
        row(f"import {imports['n']:,} rows", [imports["error"][:26]])
    elif imports:
        for kind in ("disclosures", "applications"):
            if kind not in imports:
                continue
            f, copied = imports[kind], imports.get(f"{kind}_copy")
            text = f"{f['rows_per_second']:,.0f} rows/s"
            if copied:
                text += f" = {f['rows_per_second'] / copied['rows_per_second']:.1%} of COPY"
            row(f"import {imports['n']:,} {kind}", [text])
            if copied:
                row("  COPY of the same CSV", [f"{copied['rows_per_second']:,.0f} rows/s"])
            if f.get("search_index"):
                i = f["search_index"]
                row(
                    "  then the search index job",
                    [f"{i['rows']:,} rows, {i['rows_per_second']:,.0f} rows/s"],
                )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[10000])
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the report")
    parser.add_argument(
        "--import-rows", type=int, default=None, help="default: the largest scale, at most 100,000"
    )
    parser.add_argument("--no-import", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the last scale's database")
    args = parser.parse_args(argv)

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("make bench needs PostgreSQL: set DATABASE_URL=postgres://…")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"
    import django

    django.setup()

    results = []
    # The largest first: its data takes longest to generate, and the smaller scale is then
    # measured on the machine as it is at the end of the run.
    scales = sorted(set(args.scales), reverse=True)
    try:
        for scale in scales:
            results.append(run_scale(scale, args, url))
            if not args.keep or scale != scales[-1]:
                drop_database(url)
        results.sort(key=lambda r: r["scale"])
        imports = None
        if not args.no_import:
            n = args.import_rows or min(max(args.scales), 100_000)
            imports = run_import(n, url)
    finally:
        if not args.keep:
            drop_database(url)
    print_table(results, imports, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
