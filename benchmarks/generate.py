"""Benchmark data: a city's archive on PostgreSQL, written with COPY, reproducible from a seed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zwgk_bench \\
        .venv/bin/python benchmarks/generate.py --disclosures 10000 [--seed 2016]

The database named in DATABASE_URL must exist with the schema migrated and empty (the
harness, `benchmarks/harness.py`, creates it, migrates it, calls `generate` and drops it).

What it writes, for N disclosures (default 1,000,000):
- 1,000 organizations: a city government, 19 districts and 980 departments below them;
- 20 catalogue columns (two of them key areas);
- N disclosures over the first 500 organizations and 10 years, nine in ten published;
- N applications (`--applications`) over all 1,000 organizations and the same 10 years,
  about 85% closed over the 21 outcomes, the rest open or awaiting confirmation;
- N/10 petitions and N/50 proposals (one proposer each), N/100 review cases.

Disclosures, applications and petitions are written in the order of their dates, as an
archive grows over the years (ids rise with the dates, so the table's physical order
follows time); the seed drives everything else (columns, genres, outcomes, delays).

Rows are model instances built in Python (so every default of the models applies and a
new column with a default needs no change here), serialised to PostgreSQL's text format
in blocks of 50,000 rows and streamed with `COPY … FROM STDIN` (psycopg2 `copy_expert`).
索引号 and 受理编号 are the allocators' formats (`<identifier>/<year>-<serial>` and
`<CODE>-<year>-<serial>`), and the sequences (`IndexSequence`, `TrackingSequence`) are
advanced past them afterwards, as an import does, so that the next number handed out is new.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
SHANGHAI = ZoneInfo("Asia/Shanghai")
BLOCK = 50_000

N_ORGANIZATIONS = 1000
N_DISTRICTS = 19
DISCLOSURE_ORGANIZATIONS = 500
YEARS = 10
LAST_YEAR = 2025  # the last full year: the report year of the harness

APPLICANT_WEIGHTS = {
    "natural_person": 70,
    "commercial_enterprise": 12,
    "research_institution": 2,
    "social_welfare_org": 3,
    "legal_service_org": 8,
    "other_org": 5,
}


# COPY --------------------------------------------------------------------------------------


_SPECIAL = re.compile(r"[\\\t\n\r]")


def _text(value: str) -> str:
    if _SPECIAL.search(value) is None:  # nearly always: one scan in C
        return value
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _converter(field):
    kind = field.get_internal_type()
    if kind == "BooleanField":
        return lambda v: "t" if v else "f"
    if kind == "JSONField":
        return lambda v: _text(json.dumps(v, ensure_ascii=False))
    if kind in ("DateField", "DateTimeField", "TimeField"):
        return lambda v: v.isoformat()
    if kind in ("CharField", "TextField", "SlugField", "EmailField", "URLField", "FileField"):
        return lambda v: _text(str(v))
    return str  # integers, decimals, foreign keys


class Copier:
    """Streams model instances into their table with COPY, in blocks of BLOCK rows."""

    def __init__(self, model, connection, now: datetime):
        self.model = model
        self.connection = connection
        self.fields = list(model._meta.concrete_fields)
        self.convert = [_converter(f) for f in self.fields]
        self.now_fields = {
            f.attname
            for f in self.fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        }
        self.now = now
        self.now_text = now.isoformat()
        self.plan = [(f.attname, c) for f, c in zip(self.fields, self.convert, strict=True)]
        self.buffer = io.StringIO()
        self.pending = 0
        self.count = 0
        self.sql = "COPY {} ({}) FROM STDIN".format(
            connection.ops.quote_name(model._meta.db_table),
            ", ".join(connection.ops.quote_name(f.column) for f in self.fields),
        )

    def add(self, obj) -> None:
        # The instance's __dict__, not getattr: no descriptor per field and row.
        values = obj.__dict__
        row = []
        for attname, convert in self.plan:
            value = values.get(attname)
            if value is None:
                row.append(self.now_text if attname in self.now_fields else "\\N")
            else:
                row.append(convert(value))
        self.buffer.write("\t".join(row))
        self.buffer.write("\n")
        self.pending += 1
        if self.pending >= BLOCK:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self.buffer.seek(0)
        with self.connection.cursor() as cursor:
            cursor.cursor.copy_expert(self.sql, self.buffer)
        self.count += self.pending
        self.pending = 0
        self.buffer = io.StringIO()


_TEMPLATES: dict = {}


def build(model, **values):
    """An unsaved instance of `model` with its defaults and `values`, without `__init__`'s
    cost per row: the defaults are those of one instance made once per model."""
    template = _TEMPLATES.get(model)
    if template is None:
        template = _TEMPLATES[model] = dict(model().__dict__)
    obj = model.__new__(model)
    obj.__dict__ = {**template, **values}
    return obj


def reset_sequences(connection, models) -> None:
    sql = connection.ops.sequence_reset_sql(_NoStyle(), models)
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


class _NoStyle:
    def __getattr__(self, name):
        return lambda text: text


# The data ----------------------------------------------------------------------------------


def generate(
    *,
    disclosures: int,
    applications: int | None = None,
    seed: int = 2016,
    out=sys.stdout,
) -> dict[str, int]:
    """Fill the (empty, migrated) database of the default connection. Returns row counts."""
    from django.db import connection, transaction

    from disclosure.models import Category, Disclosure, Genre, Organization
    from disclosure.models.calendar import load_work_calendar
    from disclosure.models.catalogue import IndexSequence
    from requests_app.applications.models import (
        Application,
        Outcome,
        ReviewCase,
        SubmissionChannel,
    )
    from requests_app.petitions.models import Petition
    from requests_app.proposals.models import Proposal, ProposalProposer
    from requests_app.tracking import TrackingSequence

    if connection.vendor != "postgresql":
        raise SystemExit("benchmarks/generate.py writes with COPY: it needs PostgreSQL")
    if Organization.objects.exists():
        raise SystemExit("the database is not empty: the generator fills a fresh one")

    applications = disclosures if applications is None else applications
    rng = random.Random(seed)
    now = datetime(LAST_YEAR + 1, 1, 15, 9, 0, tzinfo=SHANGHAI)
    first_day = date(LAST_YEAR - YEARS + 1, 1, 1)
    span = (date(LAST_YEAR, 12, 31) - first_day).days
    counts: dict[str, int] = {}

    def log(what: str, n: int, started: float) -> None:
        counts[what] = n
        seconds = time.perf_counter() - started
        print(f"  {what:<14}{n:>10,} rows in {seconds:6.1f} s", file=out, flush=True)

    with transaction.atomic():
        # Organizations: a city, its districts, departments under each district.
        started = time.perf_counter()
        organizations = [
            Organization(id=1, code="city", name="基准市人民政府", kind="government", sort_order=0)
        ]
        for d in range(N_DISTRICTS):
            organizations.append(
                Organization(
                    id=2 + d,
                    code=f"d{d + 1:02d}",
                    name=f"基准市第{d + 1}区人民政府",
                    kind="government",
                    parent_id=1,
                    sort_order=d + 1,
                )
            )
        for i in range(N_ORGANIZATIONS - 1 - N_DISTRICTS):
            pk = 2 + N_DISTRICTS + i
            organizations.append(
                Organization(
                    id=pk,
                    code=f"o{pk:04d}",
                    name=f"基准市第{i % N_DISTRICTS + 1}区第{i // N_DISTRICTS + 1}部门",
                    kind="department",
                    parent_id=2 + i % N_DISTRICTS,
                    sort_order=pk,
                )
            )
        copier = Copier(Organization, connection, now)
        for org in organizations:
            copier.add(org)
        copier.flush()
        log("organizations", copier.count, started)

        categories = [
            Category(
                id=i + 1,
                name=f"栏目{i + 1}",
                slug=f"column-{i + 1}",
                is_key_area=i < 2,
                sort_order=i,
            )
            for i in range(20)
        ]
        copier = Copier(Category, connection, now)
        for category in categories:
            copier.add(category)
        copier.flush()

        # Disclosures: 索引号 `<code>/<year>-<serial>`, serials per organization and year.
        started = time.perf_counter()
        # Mostly notices and work news; 规章 and 规范性文件 are a few in a hundred.
        genres = [
            *[Genre.NOTICE] * 40,
            *[Genre.OTHER] * 33,
            *[Genre.PICTURE_NEWS] * 10,
            *[Genre.INTERPRETATION] * 8,
            *[Genre.NORMATIVE_DOCUMENT] * 5,
            *[Genre.BUDGET] * 3,
            Genre.REGULATION,
        ]
        index_serials: dict[tuple[str, int], int] = {}
        copier = Copier(Disclosure, connection, now)
        for i in range(disclosures):
            org = organizations[i % DISCLOSURE_ORGANIZATIONS]
            # In the order of time, as an archive grows: ids rise with the dates.
            written = first_day + timedelta(days=i * (span + 1) // disclosures)
            key = (org.index_identifier, written.year)
            serial = index_serials[key] = index_serials.get(key, 0) + 1
            published = i % 10 != 9
            repealed = i % 23 == 0
            copier.add(
                build(
                    Disclosure,
                    id=i + 1,
                    index_number=f"{key[0]}/{key[1]}-{serial:05d}",
                    title=f"关于基准测试事项的通知（第{i + 1}号）",
                    organization_id=org.id,
                    category_id=1 + rng.randrange(len(categories)),
                    genre=genres[rng.randrange(len(genres))],
                    written_on=written,
                    published_on=written + timedelta(days=i % 9) if published else None,
                    published_at=(
                        datetime.combine(
                            written + timedelta(days=i % 9), datetime.min.time(), SHANGHAI
                        )
                        if published
                        else None
                    ),
                    status="published" if published else "draft",
                    validity="repealed" if repealed else "valid",
                    repealed_on=written + timedelta(days=200) if repealed else None,
                    summary="基准测试信息摘要。",
                    body="基准测试信息正文。" * 20,
                    publication_delay_workdays=i % 9,
                )
            )
        copier.flush()
        log("disclosures", copier.count, started)
        IndexSequence.objects.bulk_create(
            [
                IndexSequence(identifier=identifier, year=year, last=last)
                for (identifier, year), last in sorted(index_serials.items())
            ],
            batch_size=5000,
        )

        # Applications: 受理编号 `<CODE>-<year>-<serial>` per organization and year of receipt.
        started = time.perf_counter()
        types = list(APPLICANT_WEIGHTS)
        weights = list(APPLICANT_WEIGHTS.values())
        outcomes = list(Outcome.values)
        channels = list(SubmissionChannel.values)
        tracking_serials: dict[tuple[str, int], int] = {}
        copier = Copier(Application, connection, now)
        for i in range(applications):
            org = organizations[i % N_ORGANIZATIONS]
            received = first_day + timedelta(days=i * (span + 1) // applications)
            prefix = org.code.upper()
            key = (prefix, received.year)
            serial = tracking_serials[key] = tracking_serials.get(key, 0) + 1
            submitted = datetime.combine(received, datetime.min.time(), SHANGHAI)
            application = build(
                Application,
                id=i + 1,
                tracking_number=f"{prefix}-{received.year}-{serial:06d}",
                organization_id=org.id,
                applicant_type=rng.choices(types, weights)[0],
                applicant_name=f"申请人{i}",
                description="基准测试申请内容",
                channel=channels[i % len(channels)],
                submitted_at=submitted,
                received_on=received,
                status="in_progress",
                due_on=received + timedelta(days=28),
                is_historical=True,
                created_at=submitted,
                updated_at=submitted,
            )
            if i % 37 == 0:
                # Online, receipt not yet confirmed (第三十一条): counted nowhere.
                application.received_on = None
                application.due_on = None
                application.status = "awaiting_confirmation"
            elif i % 7 != 0:
                application.status = "closed"
                application.outcome = outcomes[i % len(outcomes)]
                application.closed_on = received + timedelta(days=rng.randrange(1, 45))
                if i % 50 == 1:
                    application.fee_amount = Decimal(rng.choice(["100.00", "200.00", "350.50"]))
            copier.add(application)
        copier.flush()
        log("applications", copier.count, started)
        TrackingSequence.objects.bulk_create(
            [
                TrackingSequence(prefix=prefix, year=year, last=last)
                for (prefix, year), last in sorted(tracking_serials.items())
            ],
            batch_size=5000,
        )

        # Petitions: the deadline of acceptance on the official calendar, once per day.
        started = time.perf_counter()
        calendar = load_work_calendar()
        copier = Copier(Petition, connection, now)
        n_petitions = max(5, applications // 10)
        for i in range(n_petitions):
            received = first_day + timedelta(days=i * (span + 1) // n_petitions)
            visit = i % 4 == 0
            petition = build(
                Petition,
                id=i + 1,
                organization_id=organizations[i % N_ORGANIZATIONS].id,
                channel="visit" if visit else ["letter", "online", "phone"][i % 3],
                received_on=received,
                persons=(1 + i % 7) if visit else 1,
                visit_kind=("first" if i % 3 else "repeat") if visit else "",
                subject=f"反映问题{i}",
                created_at=now,
                updated_at=now,
            )
            if i % 2:
                petition.decision = "accepted"
                petition.accepted_on = received + timedelta(days=rng.randrange(1, 20))
            petition.derive(calendar)  # status, persons; accept_by from the calendar
            copier.add(petition)
        copier.flush()
        log("petitions", copier.count, started)

        started = time.perf_counter()
        copier = Copier(Proposal, connection, now)
        proposers = Copier(ProposalProposer, connection, now)
        for i in range(max(6, applications // 50)):
            y = LAST_YEAR - i % YEARS
            org = organizations[i % N_ORGANIZATIONS]
            proposal = build(
                Proposal,
                id=i + 1,
                kind=["deputy_suggestion", "cppcc_proposal"][i % 2],
                session=f"基准市{y}年会议",
                number=f"{i + 1:07d}",
                title=f"关于基准测试事项的建议{i}",
                lead_organization_id=org.id,
                assigned_on=date(y, 3, 9),
                year=y,
                due_on=date(y, 6, 9),
            )
            if i % 5:
                proposal.answered_on = date(y, 5, 1) + timedelta(days=i % 60)
                proposal.category = ["solved", "in_progress", "for_reference"][i % 3]
                proposal.satisfaction = ["satisfied", "basically_satisfied", "dissatisfied"][i % 3]
                proposal.reply_text = "答复正文"
            copier.add(proposal)
            proposers.add(build(ProposalProposer, id=i + 1, proposal_id=i + 1, name=f"代表{i}"))
        copier.flush()
        proposers.flush()
        log("proposals", copier.count, started)

        started = time.perf_counter()
        kinds = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
        results = ["upheld", "corrected", "other", "pending"]
        copier = Copier(ReviewCase, connection, now)
        for i in range(max(3, applications // 100)):
            received = first_day + timedelta(days=rng.randrange(span + 1))
            result = results[i % 4]
            copier.add(
                build(
                    ReviewCase,
                    id=i + 1,
                    case_number=f"BM-案{i:07d}",
                    organization_id=organizations[i % N_ORGANIZATIONS].id,
                    kind=kinds[i % 3],
                    received_on=received,
                    result=result,
                    closed_on=None if result == "pending" else received + timedelta(days=60),
                    is_historical=True,
                )
            )
        copier.flush()
        log("review cases", copier.count, started)

        reset_sequences(
            connection,
            [
                Organization,
                Category,
                Disclosure,
                Application,
                Petition,
                Proposal,
                ProposalProposer,
                ReviewCase,
            ],
        )
    started = time.perf_counter()
    # What autovacuum does on a live database within minutes of a bulk load: statistics for
    # the planner, and the visibility map that lets the report's covering indexes answer
    # without reading the table (rows written by COPY are not marked all-visible yet).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  {'vacuum analyze':<14}{'':>10} in {time.perf_counter() - started:6.1f} s", file=out)
    return counts


def setup_django(settings_module: str = "benchmarks.bench_settings") -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--disclosures", type=int, default=1_000_000)
    parser.add_argument("--applications", type=int, help="default: as many as disclosures")
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args(argv)
    setup_django()
    started = time.perf_counter()
    generate(disclosures=args.disclosures, applications=args.applications, seed=args.seed)
    print(f"generated in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
