"""The generator's query count does not depend on the amount of data.

Ten applications or a thousand (with petitions, proposals, cases and catalogue
documents in proportion): the same number of queries, for both formats.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.report_generation import populate
from reports.engine.generate import build_report
from reports.outputs.html import to_html
from reports.outputs.json import to_json
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
BUDGET = 20  # a ceiling that does not grow with data; the exact count is compared below


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def small_and_large():
    small = OrganizationFactory(code="small", name="小机关")
    large = OrganizationFactory(code="large", name="大机关")
    counts = populate(small, applications=10, year=YEAR)
    assert counts["petitions"] == 5 and counts["proposals"] == 6
    counts = populate(large, applications=1000, year=YEAR)
    assert counts["petitions"] == 100 and counts["proposals"] == 20
    return small, large


def queries(organization, format_key, **kwargs):
    with CaptureQueriesContext(connection) as ctx:
        doc = build_report(organization=organization, year=YEAR, format=format_key, **kwargs)
        to_json(doc)
        to_html(doc)
    return len(ctx.captured_queries), doc


@pytest.mark.parametrize("format_key", ["gb2021", "narrative2007"])
def test_same_query_count_for_10_and_1000_applications(
    small_and_large, format_key, django_assert_max_num_queries
):
    small, large = small_and_large
    n_small, small_doc = queries(small, format_key)
    n_large, large_doc = queries(large, format_key)

    assert n_small == n_large
    with django_assert_max_num_queries(BUDGET):
        build_report(organization=large, year=YEAR, format=format_key)
    # The data really differ in size (and were counted, not skipped).
    assert small_doc.value("applications.received") < 10
    assert large_doc.value("applications.received") > 400
    assert large_doc.value("petitions.records") > small_doc.value("petitions.records")
    assert large_doc.value("proposals.npc.count") > small_doc.value("proposals.npc.count")


def test_including_sub_organizations_costs_the_same_for_small_and_large_trees(small_and_large):
    small, large = small_and_large
    populate(OrganizationFactory(code="small-0", parent=small), applications=5, year=YEAR)
    for i in range(3):
        child = OrganizationFactory(code=f"large-{i}", parent=large)
        populate(child, applications=50 * (i + 1), year=YEAR)
    n_small, _ = queries(small, "gb2021", include_children=True)
    n_large, doc = queries(large, "gb2021", include_children=True)
    assert n_small == n_large
    alone = build_report(organization=large, year=YEAR, format="gb2021")
    assert doc.value("applications.received") > alone.value("applications.received")
