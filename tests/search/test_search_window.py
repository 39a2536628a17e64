"""A search reads a bounded window of its matches whatever the catalogue holds: the newest
SEARCH_RESULT_WINDOW; the count is exact up to SEARCH_COUNT_LIMIT. Small limits here stand
for the 1,000 and 10,000 of production."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from disclosure.models import DisclosureStatus
from disclosure.search import query
from tests.factories import CategoryFactory, DisclosureFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(settings):
    """Six documents that mention 河长制 in the body, newest last; the oldest names it in
    its title; one draft."""
    settings.SEARCH_RESULT_WINDOW = 2
    settings.SEARCH_COUNT_LIMIT = 4
    organization = OrganizationFactory(code="slj", name="区水利局")
    category = CategoryFactory(name="工作动态")
    start = date(2020, 1, 6)
    docs = [
        DisclosureFactory(
            title="关于全面推行河长制的实施意见",
            body="<p>全面推行河长制，落实属地责任。</p>",
            organization=organization,
            category=category,
            published_on=start,
            status=DisclosureStatus.PUBLISHED,
        )
    ]
    for i in range(1, 6):
        docs.append(
            DisclosureFactory(
                title=f"水利工作简报第{i}期",
                body=f"<p>本期简报：各镇街落实河长制巡河{i}次。</p>",
                organization=organization,
                category=category,
                published_on=start + timedelta(days=30 * i),
                status=DisclosureStatus.PUBLISHED,
            )
        )
    DisclosureFactory(
        title="河长制草稿",
        body="<p>河长制</p>",
        organization=organization,
        category=category,
        status=DisclosureStatus.DRAFT,
        published_on=None,
    )
    return docs


def test_window_holds_the_newest_matches(archive):
    from disclosure.models import Disclosure

    matched = query.search(Disclosure.objects.all(), "河长制")
    found = query.window(matched)
    assert found.ids == [archive[5].pk, archive[4].pk]
    assert (found.total, found.more, found.complete) == (4, True, False)


def test_small_results_are_complete_and_exact(archive, settings):
    from disclosure.models import Disclosure

    settings.SEARCH_RESULT_WINDOW = 10
    matched = query.search(Disclosure.objects.all(), "河长制")
    found = query.window(matched)
    assert (found.total, found.more, found.complete) == (6, False, True)
    assert len(found.ids) == 6


def test_page_says_more_than_the_limit_and_how_to_narrow(client, archive):
    with translation.override("en"):
        response = client.get("/disclosures/", {"q": "河长制"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "More than 4 disclosures found." in page
    assert "Add words or choose an organization" in page
    assert "Counts among the results shown." in page
    assert {d.title for d in response.context["disclosures"]} == {
        "水利工作简报第5期",
        "水利工作简报第4期",
    }
    narrowed = client.get("/disclosures/", {"q": "河长制 实施意见"})
    assert [d.title for d in narrowed.context["disclosures"]] == ["关于全面推行河长制的实施意见"]


def test_api_gives_the_total_and_whether_more_match(client, archive):
    body = client.get("/api/disclosures/", {"q": "河长制"}).json()
    assert body["total"] == 4 and body["total_is_lower_bound"] is True
    assert body["count"] == 2 and len(body["results"]) == 2
    body = client.get("/api/disclosures/", {"q": "实施意见"}).json()
    assert (body["total"], body["total_is_lower_bound"], body["count"]) == (1, False, 1)


def test_search_page_reads_the_same_number_of_rows_however_many_match(client, archive, settings):
    """The queries of a search page are the same in number with 6 matches (all shown) or
    60 (more than the window and the count limit)."""
    settings.SEARCH_RESULT_WINDOW = 10
    settings.SEARCH_COUNT_LIMIT = 20

    def queries():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/disclosures/", {"q": "河长制"}).status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    organization, category = archive[0].organization, archive[0].category
    for i in range(54):
        DisclosureFactory(
            title=f"巡河记录{i}",
            body="<p>河长制巡河记录。</p>",
            organization=organization,
            category=category,
            published_on=date(2021, 1, 1) + timedelta(days=i),
            status=DisclosureStatus.PUBLISHED,
        )
    assert queries() == before
    page = client.get("/disclosures/", {"q": "河长制", "sort": "date"})
    assert page.context["search_more"] is True and page.context["search_total"] == 20
