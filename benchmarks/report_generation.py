"""Benchmark: generating one organization-year's annual report with N applications.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zwgk_bench \\
        .venv/bin/python benchmarks/report_generation.py --applications 10000

It never touches the developer's data: like the test runner, it creates a
throwaway database (`test_<NAME>`, or an in-memory one on SQLite), builds the
schema from the models, fills it with `bulk_create`, times `build_report` for
both formats several times, prints the query count and the median/mean time,
and drops the database again.

Not a test: speed targets live here, correctness (including "the query count
does not grow with the data", which uses `populate` below) in tests/reports/.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
SHANGHAI = ZoneInfo("Asia/Shanghai")

# Applicant types roughly as offices see them: mostly natural persons.
APPLICANT_WEIGHTS = {
    "natural_person": 70,
    "commercial_enterprise": 12,
    "research_institution": 2,
    "social_welfare_org": 3,
    "legal_service_org": 8,
    "other_org": 5,
}


def populate(organization, *, applications: int, year: int, seed: int = 2016) -> dict[str, int]:
    """Fill the database for `organization` around `year` with bulk inserts.

    `applications` applications received from 1 January of `year - 1` to 31
    December of `year` (a few from `year - 2`, still open), spread over the 21
    outcomes, the six applicant types and the channels; about 85% closed, some
    with a fee, some awaiting confirmation. Plus petitions (one per ten
    applications), proposals (one per fifty), review cases (one per hundred),
    catalogue documents (one per ten) and the entered figures of 表二. Returns
    the number of rows created per kind.
    """
    from disclosure.models import Category, Disclosure, Genre
    from reports.models import EnteredFigure
    from requests_app.applications.models import Application, Outcome, ReviewCase, SubmissionChannel
    from requests_app.petitions.models import Petition
    from requests_app.proposals.models import Proposal, ProposalProposer

    rng = random.Random(seed)
    code = organization.code
    first = date(year - 1, 1, 1)
    span = (date(year, 12, 31) - first).days
    types = list(APPLICANT_WEIGHTS)
    weights = list(APPLICANT_WEIGHTS.values())
    outcomes = list(Outcome.values)
    channels = list(SubmissionChannel.values)

    rows = []
    for i in range(applications):
        received = first + timedelta(days=rng.randrange(span + 1))
        if i % 97 == 0:
            received = date(year - 2, 11, 1) + timedelta(days=i % 60)  # long-running
        fields = {
            "tracking_number": f"BM-{code}-{i:07d}",
            "organization": organization,
            "applicant_type": rng.choices(types, weights)[0],
            "applicant_name": f"申请人{i}",
            "description": "基准测试申请内容",
            "channel": channels[i % len(channels)],
            "submitted_at": datetime.combine(received, datetime.min.time(), tzinfo=SHANGHAI),
            "received_on": received,
            "status": "in_progress",
            "is_historical": True,
        }
        if i % 37 == 0:
            # Online, receipt not yet confirmed (第三十一条): counted nowhere.
            fields.update(received_on=None, status="awaiting_confirmation")
        elif i % 7 != 0:
            closed = received + timedelta(days=rng.randrange(1, 45))
            fields.update(status="closed", outcome=outcomes[i % len(outcomes)], closed_on=closed)
            if i % 50 == 1:
                fields["fee_amount"] = Decimal(rng.choice(["100.00", "200.00", "350.50"]))
        rows.append(Application(**fields))
    Application.objects.bulk_create(rows, batch_size=1000)

    n_petitions = max(5, applications // 10)
    petitions = []
    for i in range(n_petitions):
        received = first + timedelta(days=rng.randrange(span + 1))
        visit = i % 4 == 0
        petition = Petition(
            organization=organization,
            channel="visit" if visit else ["letter", "online", "phone"][i % 3],
            received_on=received,
            persons=(1 + i % 7) if visit else 1,
            visit_kind=("first" if i % 3 else "repeat") if visit else "",
            subject=f"反映问题{i}",
        )
        if i % 2:
            petition.decision = "accepted"
            petition.accepted_on = received + timedelta(days=rng.randrange(1, 20))
        petition.derive()
        petitions.append(petition)
    Petition.objects.bulk_create(petitions, batch_size=1000)

    n_proposals = max(6, applications // 50)
    proposals = []
    for i in range(n_proposals):
        y = year - (i % 2)
        assigned = date(y, 3, 9)
        proposal = Proposal(
            kind=["deputy_suggestion", "cppcc_proposal"][i % 2],
            session=f"{code} 第{y}次会议",
            number=f"{i:04d}",
            title=f"关于基准测试事项的建议{i}",
            lead_organization=organization,
            assigned_on=assigned,
            year=y,  # bulk_create skips save(), which derives it
            due_on=date(y, 6, 9),
        )
        if i % 5:
            proposal.answered_on = date(y, 5, 1) + timedelta(days=i % 60)
            proposal.category = ["solved", "in_progress", "for_reference"][i % 3]
            proposal.satisfaction = ["satisfied", "basically_satisfied", "dissatisfied"][i % 3]
            proposal.reply_text = "答复正文"
        proposals.append(proposal)
    Proposal.objects.bulk_create(proposals, batch_size=1000)
    ProposalProposer.objects.bulk_create(
        [ProposalProposer(proposal=p, name=f"代表{p.number}") for p in proposals], batch_size=1000
    )

    n_cases = max(3, applications // 100)
    kinds = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
    results = ["upheld", "corrected", "other", "pending"]
    cases = []
    for i in range(n_cases):
        received = first + timedelta(days=rng.randrange(span + 1))
        result = results[i % 4]
        cases.append(
            ReviewCase(
                case_number=f"BM-{code}-案{i:05d}",
                organization=organization,
                kind=kinds[i % 3],
                received_on=received,
                result=result,
                closed_on=None if result == "pending" else received + timedelta(days=60),
                is_historical=True,
            )
        )
    ReviewCase.objects.bulk_create(cases, batch_size=1000)

    category, _ = Category.objects.get_or_create(
        slug=f"bm-{code}", defaults={"name": f"基准测试 {code}"}
    )
    genres = [Genre.REGULATION, Genre.NORMATIVE_DOCUMENT, Genre.NOTICE, Genre.INTERPRETATION]
    n_documents = max(5, applications // 10)
    documents = []
    for i in range(n_documents):
        written = first + timedelta(days=rng.randrange(span + 1))
        repealed = i % 9 == 0
        documents.append(
            Disclosure(
                index_number=f"BM-{code}/{written.year}-{i:06d}",
                title=f"基准测试文件{i}",
                organization=organization,
                category=category,
                genre=genres[i % len(genres)],
                written_on=written,
                published_on=written,
                status="published",
                validity="repealed" if repealed else "valid",
                repealed_on=written + timedelta(days=200) if repealed else None,
            )
        )
    Disclosure.objects.bulk_create(documents, batch_size=1000)

    entered = {
        "table2.administrative_licensing.decisions": 1024,
        "table2.administrative_penalty.decisions": 37,
        "table2.administrative_coercion.decisions": 5,
        "table2.administrative_fees.amount_10k_yuan": Decimal("12.35"),
        "window.visitors": 37000,
    }
    EnteredFigure.objects.bulk_create(
        [
            EnteredFigure(organization=organization, year=year, key=k, value=v)
            for k, v in entered.items()
        ]
    )
    return {
        "applications": applications,
        "petitions": n_petitions,
        "proposals": n_proposals,
        "review cases": n_cases,
        "documents": n_documents,
    }


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _time(fn, repeat: int) -> tuple[int, list[float]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up: imports, template loading, the registry
    times, queries = [], set()
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        queries.add(len(ctx.captured_queries))
    if len(queries) != 1:
        raise SystemExit(f"the query count varied between runs: {sorted(queries)}")
    return queries.pop(), times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=10000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per format")
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args(argv)

    _setup_django()
    from django.conf import settings
    from django.db import connection

    from disclosure.models import Organization
    from reports.engine.generate import build_report
    from reports.outputs.html import to_html
    from reports.outputs.json import to_json

    # The schema straight from the models (as `pytest --no-migrations`), in a database of
    # its own: the developer's database is never opened for writing.
    settings.MIGRATION_MODULES = {app.label: None for app in _apps()}
    vendor = connection.vendor
    real_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        organization = Organization.objects.create(code="bench", name="基准测试区人民政府")
        start = time.perf_counter()
        counts = populate(
            organization, applications=args.applications, year=args.year, seed=args.seed
        )
        load_seconds = time.perf_counter() - start

        print(f"database: {vendor} ({test_name}, created for this run; {real_name} untouched)")
        print(
            "data: "
            + ", ".join(f"{n} {kind}" for kind, n in counts.items())
            + f" (loaded in {load_seconds:.1f} s); report year {args.year}"
        )
        print(f"{'format':<16}{'queries':>8}{'median ms':>12}{'mean ms':>10}{'min ms':>9}")
        for format_key in ("gb2021", "narrative2007"):

            def build(format_key=format_key):
                return build_report(organization=organization, year=args.year, format=format_key)

            queries, times = _time(build, args.repeat)
            print(
                f"{format_key:<16}{queries:>8}{statistics.median(times) * 1000:>12.1f}"
                f"{statistics.mean(times) * 1000:>10.1f}{min(times) * 1000:>9.1f}"
            )
        doc = build_report(organization=organization, year=args.year, format="gb2021")
        for name, render in (("gb2021 + json", to_json), ("gb2021 + html", to_html)):
            queries, times = _time(lambda render=render: render(doc), args.repeat)
            print(
                f"{name:<16}{queries:>8}{statistics.median(times) * 1000:>12.1f}"
                f"{statistics.mean(times) * 1000:>10.1f}{min(times) * 1000:>9.1f}"
            )
        failing = [f"{c.rule}" for c in doc.failing_checks]
        t3 = doc.as_json()["tables"]["table3"]
        print(
            f"表三: new_received {t3['new_received']['total']}, carried_over "
            f"{t3['carried_over']['total']}, total_processed {t3['total_processed']['total']}, "
            f"carried_forward {t3['carried_forward']['total']}; failing checks: "
            f"{', '.join(failing) or 'none'}"
        )
    finally:
        connection.creation.destroy_test_db(real_name, verbosity=0)
    return 0


def _apps():
    from django.apps import apps

    return apps.get_app_configs()


if __name__ == "__main__":
    sys.exit(main())
