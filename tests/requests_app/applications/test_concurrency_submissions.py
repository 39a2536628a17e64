"""Concurrent online submissions on PostgreSQL: unique serials, one application per form."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from requests_app.applications.models import Application, EventKind
from requests_app.applications.services.submission import (
    OnlineApplicationData,
    submit_online_application,
)
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SUBMISSIONS = 200
# PostgreSQL's default max_connections is 100: 50 threads, each with its own connection,
# keep well under it while still contending for the same sequence row all the time.
THREADS = 50


def data(org, token: str) -> OnlineApplicationData:
    return OnlineApplicationData(
        organization=org,
        applicant_type="natural_person",
        applicant_name="并发测试",
        id_type="resident_id",
        id_number="510302199001011239",
        phone="13912345678",
        description="并发提交测试",
        provision_form="electronic",
        delivery_method="email",
        email="load@example.com",
        client_token=token,
    )


def run_in_threads(calls, *, threads: int):
    """Run the calls at once from `threads` threads, each closing its own connection."""
    start = threading.Barrier(min(threads, len(calls)))

    def worker(call):
        try:
            if len(calls) <= threads:
                start.wait(timeout=30)
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(worker, calls))


def test_200_concurrent_submissions_get_200_distinct_tracking_numbers(on_postgres, frozen):
    frozen("2026-03-02")
    org = OrganizationFactory(code="zlj")
    calls = [
        (lambda i=i: submit_online_application(data=data(org, f"load-token-{i:026d}")))
        for i in range(SUBMISSIONS)
    ]
    results = run_in_threads(calls, threads=THREADS)

    assert all(r.created for r in results)
    numbers = [r.application.tracking_number for r in results]
    assert len(set(numbers)) == SUBMISSIONS
    assert Application.objects.count() == SUBMISSIONS
    # No gaps and no duplicates: the serials are exactly 1..200.
    assert set(Application.objects.values_list("tracking_number", flat=True)) == {
        f"ZLJ-2026-{n:06d}" for n in range(1, SUBMISSIONS + 1)
    }
    assert (
        Application.objects.filter(events__kind=EventKind.RECEIPT_CONFIRMED).count() == SUBMISSIONS
    )
    assert len({r.query_code for r in results}) == SUBMISSIONS


def test_the_same_form_sent_many_times_at_once_makes_one_application(on_postgres, frozen):
    frozen("2026-03-02")
    org = OrganizationFactory(code="zlj")
    token = "double-click-token-" + "x" * 12
    calls = [(lambda: submit_online_application(data=data(org, token))) for _ in range(20)]
    results = run_in_threads(calls, threads=20)

    assert Application.objects.count() == 1
    assert sum(r.created for r in results) == 1
    assert {r.application.pk for r in results} == {Application.objects.get().pk}
    # The duplicates gave their serial back: the next application gets 000002.
    nxt = submit_online_application(data=data(org, "next-token-" + "y" * 20))
    assert nxt.application.tracking_number == "ZLJ-2026-000002"
