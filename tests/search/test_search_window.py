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


@pytest.fixture
def dated_archive():
    """Ninety published documents over ninety days (three on some days), some holding
    河长制, some 巡河, some both; one dated ahead of today."""
    organization = OrganizationFactory(code="slj", name="区水利局")
    category = CategoryFactory(name="工作动态")
    start = date(2019, 3, 1)
    docs = []
    for i in range(90):
        words = ["河长制"] * (i % 2 == 0) + ["巡河"] * (i % 3 == 0) + ["简报"]
        docs.append(
            DisclosureFactory(
                # Some name 河长制 in the title as well (ranked higher), some twice in the body.
                title=f"水利简报第{i}期" + ("（河长制）" if i % 7 == 0 else ""),
                body=f"<p>{'，'.join(words)}，第{i}期。</p>" + "<p>河长制。</p>" * (i % 5 == 0),
                organization=organization,
                category=category,
                published_on=start + timedelta(days=i - i % 10 * (i % 3 == 0)),
                status=DisclosureStatus.PUBLISHED,
            )
        )
    # Dated ahead (a date typed wrong, or set in advance): newest of all.
    docs.append(
        DisclosureFactory(
            title="水利简报（预发）",
            body="<p>河长制，巡河，简报。</p>",
            organization=organization,
            category=category,
            published_on=date.today() + timedelta(days=70),
            status=DisclosureStatus.PUBLISHED,
        )
    )
    return docs


@pytest.mark.skipif(connection.vendor != "postgresql", reason="date slices are PostgreSQL's")
def test_sliced_window_is_the_walked_window(dated_archive, settings, monkeypatch):
    """The window of an unfiltered search read by date slices (the index table alone) is
    the window walked down the catalogue's date index: the same ids, count and 'more'."""
    from disclosure.models import Disclosure

    monkeypatch.setattr(query, "SLICE_FIRST", 4)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE disclosure_searchdocument")
    assert len(query._slice_bounds()) >= 3  # 4, 8, 16 and 32 entries, then the rest
    for text in ["河长制", "巡河", "河长制 巡河", '"河长制，巡河"', "简报", "无此词"]:
        matched = query.search(Disclosure.objects.published(), text)
        for size in (1, 5, 20, 200):
            settings.SEARCH_RESULT_WINDOW = settings.SEARCH_COUNT_LIMIT = size
            walked = query.window(matched)
            sliced = query.window(matched, terms=query.parse(text))
            assert (sliced.ids, sliced.total, sliced.more) == (
                walked.ids,
                walked.total,
                walked.more,
            ), (text, size)
            # Its pages, by relevance or newest first, are the walked window's pages.
            base = Disclosure.objects.published()
            ranks = set(sliced.ranks)
            if text == "河长制" and size == 200:
                assert len(ranks) > 2, ranks  # the order by relevance is not the date's
            for by_date in (False, True):
                rows = query.shown(base, sliced, text, by_date=by_date)
                assert isinstance(rows, query.WindowRows)
                expected = query.shown(base, walked, text, by_date=by_date)
                assert [d.pk for d in rows[0 : len(rows)]] == [d.pk for d in expected]
                assert [d.pk for d in rows[1:3]] == [d.pk for d in expected[1:3]]
                assert all(d.search_text for d in rows[0:3])
            # The facets counted from the rows the window read are the facets' query's.
            assert query.facets(None, rows=sliced.facet_rows) == query.facets(
                Disclosure.objects.filter(id__in=walked.ids)
            )
        # A count limit above the window: the count is the walked one too.
        settings.SEARCH_RESULT_WINDOW, settings.SEARCH_COUNT_LIMIT = 5, 30
        walked, sliced = query.window(matched), query.window(matched, terms=query.parse(text))
        assert (sliced.ids, sliced.total, sliced.more) == (walked.ids, walked.total, walked.more)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="date slices are PostgreSQL's")
def test_sliced_window_never_shows_a_withdrawn_document(dated_archive, settings):
    """An index entry left behind (a failed update) does not bring back a document that is
    no longer published."""
    from disclosure.models import Disclosure

    newest = max(dated_archive, key=lambda d: (d.published_on, d.pk))
    Disclosure.objects.filter(pk=newest.pk).update(status=DisclosureStatus.WITHDRAWN)
    found = query.window(
        query.search(Disclosure.objects.published(), "简报"), terms=query.parse("简报")
    )
    assert newest.pk not in found.ids and found.total == 90


@pytest.mark.skipif(connection.vendor != "postgresql", reason="month tokens are PostgreSQL's")
def test_entries_hold_their_month_token_and_the_migration_adds_it(dated_archive):
    import importlib

    from disclosure.search import segment

    migration = importlib.import_module("disclosure.migrations.0012_search_document_date")
    doc = dated_archive[0]
    token = segment.month_token(doc.published_on)
    assert token == "@201903"

    def has_token():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT vector @@ %s::tsquery FROM disclosure_searchdocument "
                "WHERE disclosure_id = %s",
                [f"'{token}'", doc.pk],
            )
            return cursor.fetchone()[0]

    assert has_token()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE disclosure_searchdocument SET vector = ts_delete(vector, %s)", [token]
        )
    assert not has_token()
    with connection.cursor() as cursor:
        cursor.execute(migration.ADD_MONTH_TOKENS)
    assert has_token()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statistics are PostgreSQL's")
def test_rebuild_analyses_the_index_for_the_date_slices(dated_archive, monkeypatch):
    """After indexing many rows the date statistics the slices are cut by are there at
    once, not at autovacuum's next pass."""
    from disclosure.search import index

    monkeypatch.setattr(query, "SLICE_FIRST", 4)
    monkeypatch.setattr(index, "ANALYSE_AFTER", 50)
    assert index.rebuild() == 91
    assert len(query._slice_bounds()) >= 3
