"""Publishing one report concurrently on PostgreSQL: consecutive numbers, one catalogue entry."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection

from disclosure.models import Disclosure
from reports.models import ReportRevision
from reports.services import publish_report
from tests.factories import OrganizationFactory, ReportFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PUBLISHERS = 6


def test_concurrent_publications_get_consecutive_numbers_and_one_catalogue_entry(on_postgres):
    organization = OrganizationFactory(code="zlj", kind="government")
    report = ReportFactory(organization=organization, year=2016)
    publisher = UserFactory(is_superuser=True, organization=organization)
    start = threading.Barrier(PUBLISHERS)

    def publish(i: int) -> int:
        try:
            start.wait(timeout=30)
            revision = publish_report(
                report=report,
                by=publisher,
                note=f"第{i}次更正。",  # every revision may be a correction: all carry a note
                on=date(2017, 3, 20),
                confirm_failing_checks=True,
            )
            return revision.number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=PUBLISHERS) as pool:
        numbers = list(pool.map(publish, range(PUBLISHERS)))

    assert sorted(numbers) == list(range(1, PUBLISHERS + 1))
    assert ReportRevision.objects.filter(report=report).count() == PUBLISHERS
    assert Disclosure.objects.count() == 1
