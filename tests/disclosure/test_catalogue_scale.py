"""The public catalogue at scale: cached aggregates and pages made stale by every change,
keyset pages equal to numbered pages, no count of the catalogue per request."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from disclosure.models import Disclosure, DisclosureStatus, Genre
from disclosure.pagination import CURSOR_FROM_PAGE, parse_cursor
from disclosure.services import catalogue_cache
from disclosure.services.publishing import publish_disclosure, withdraw_disclosure
from tests.factories import CategoryFactory, DisclosureFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("disclosure:list")
HOME_URL = reverse("disclosure:home")


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def district():
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


@pytest.fixture
def column():
    return CategoryFactory(name="通知公告", slug="notices")


def _bulk(organization, category, count: int, *, start: int = 0, first=date(2026, 3, 1)):
    """`count` published disclosures, several per day (ties on the date test the id order)."""
    Disclosure.objects.bulk_create(
        Disclosure(
            index_number=f"BULK/{start + i:06d}",
            title=f"批量信息{start + i}",
            organization=organization,
            category=category,
            genre=Genre.NOTICE,
            written_on=date(2020, 1, 1),
            published_on=first - timedelta(days=i // 3),
            status=DisclosureStatus.PUBLISHED,
        )
        for i in range(count)
    )
    catalogue_cache.catalogue_changed()


def _html(response) -> str:
    return response.content.decode()


# --- invalidation --------------------------------------------------------------------------


def test_publishing_shows_at_once_on_list_home_year_choices_and_catalogue(
    client, settings, district, column
):
    DisclosureFactory(organization=district, category=column, published_on=date(2026, 3, 3))
    draft = DisclosureFactory(
        title="二〇二四年的通知",
        organization=district,
        category=column,
        status=DisclosureStatus.DRAFT,
        written_on=date(2024, 1, 2),
        published_on=None,
    )
    catalogue_url = reverse("disclosure:catalogue", args=["zlj"])
    # Warm every cache: the aggregates and the pages.
    for url in (LIST_URL, HOME_URL, catalogue_url, LIST_URL + "?org=zlj"):
        client.get(url)
    assert catalogue_cache.published_years() == [2026]

    publish_disclosure(disclosure=draft, by=None, on=date(2024, 5, 6))

    assert catalogue_cache.published_years() == [2026, 2024]
    response = client.get(LIST_URL)
    assert "二〇二四年的通知" in _html(response)
    assert "共找到信息 2 条。" in _html(response)
    assert ("2024", "2024") in response.context["form"].fields["year"].choices
    assert "二〇二四年的通知" in _html(client.get(HOME_URL))
    assert catalogue_cache.column_counts() == {column.pk: 2}
    assert catalogue_cache.column_counts(district.pk) == {column.pk: 2}
    assert "共找到信息 2 条。" in _html(client.get(LIST_URL + "?org=zlj"))
    assert "共找到信息 1 条。" in _html(client.get(LIST_URL, {"year": "2024"}))
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # rendered again, to read the context
    home_counts = {c.name: c.total for c in client.get(HOME_URL).context["columns"]}
    assert home_counts["通知公告"] == 2
    assert client.get(catalogue_url).context["total"] == 2


def test_withdrawing_removes_at_once_from_every_cached_page(client, district, column):
    kept = DisclosureFactory(title="保留的信息", organization=district, category=column)
    gone = DisclosureFactory(
        title="将撤回的信息",
        organization=district,
        category=column,
        published_on=date(2025, 6, 1),
        written_on=date(2025, 5, 1),
    )
    for url in (LIST_URL, HOME_URL, gone.get_absolute_url(), kept.get_absolute_url()):
        assert client.get(url).status_code == 200
    assert catalogue_cache.published_years() == [2026, 2025]

    withdraw_disclosure(disclosure=gone, by=None, reason="内容有误")

    assert client.get(gone.get_absolute_url()).status_code == 404
    assert "将撤回的信息" not in _html(client.get(LIST_URL))
    assert "将撤回的信息" not in _html(client.get(HOME_URL))
    assert "共找到信息 1 条。" in _html(client.get(LIST_URL))
    assert catalogue_cache.published_years() == [2026]
    assert client.get(kept.get_absolute_url()).status_code == 200


def test_edit_and_delete_make_the_cache_stale(client, district, column):
    item = DisclosureFactory(title="旧标题", organization=district, category=column)
    assert "旧标题" in _html(client.get(item.get_absolute_url()))

    item.title = "新标题"
    item.save()
    assert "新标题" in _html(client.get(item.get_absolute_url()))
    assert "新标题" in _html(client.get(LIST_URL))

    item.delete()
    assert "新标题" not in _html(client.get(LIST_URL))
    assert "共找到信息 0 条。" in _html(client.get(LIST_URL))


def test_a_change_announces_itself_at_once_and_again_when_it_commits(district, column):
    before = catalogue_cache.catalogue_version()
    with transaction.atomic():
        DisclosureFactory.create_batch(3, organization=district, category=column)
        during = catalogue_cache.catalogue_version()
        assert during != before
    # pytest-django's test transaction never commits; run what waits for the commit.
    for _sids, callback, _robust in connection.run_on_commit:
        callback()
    # Again after the commit: a page cached in between (old rows, new version) is stale.
    assert catalogue_cache.catalogue_version() not in (before, during)


def test_one_transaction_saving_many_rows_announces_one_change(district, column):
    # The test runs in one transaction that never commits (the fixtures saved in it too).
    DisclosureFactory.create_batch(5, organization=district, category=column)
    waiting = [
        entry for entry in connection.run_on_commit if entry[1] is catalogue_cache.catalogue_changed
    ]
    assert len(waiting) == 1


def test_catalogue_changed_survives_an_evicted_version(district, column):
    old = catalogue_cache.catalogue_version()
    catalogue_cache.cached("years", lambda: [1999])
    from django.core.cache import cache

    cache.delete(catalogue_cache.VERSION_KEY)
    catalogue_cache.catalogue_changed()

    new = catalogue_cache.catalogue_version()
    assert new != old
    assert catalogue_cache.published_years() == [2026] or catalogue_cache.published_years() == []


# --- no count of the catalogue per request --------------------------------------------------


def _sql(client, url, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return [q["sql"].upper() for q in ctx.captured_queries]


@pytest.mark.parametrize("params", [{}, {"org": "zlj"}, {"genre": Genre.NOTICE, "page": "2"}])
def test_the_list_counts_once_then_reads_only_its_page(client, settings, district, column, params):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the rendered page itself, each time
    _bulk(district, column, 45)

    first = _sql(client, LIST_URL, params)
    again = _sql(client, LIST_URL, params)

    assert any("COUNT(" in sql for sql in first)
    assert not any("COUNT(" in sql for sql in again), again
    assert not any("DISTINCT" in sql or "GROUP BY" in sql for sql in again), again
    assert len(again) == 1  # the page's rows


def test_home_reads_only_the_latest_items_when_counts_are_cached(
    client, settings, district, column
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    _bulk(district, column, 30)
    client.get(HOME_URL)

    again = _sql(client, HOME_URL)

    assert len(again) == 1
    assert "GROUP BY" not in again[0]


def test_a_cached_page_gets_the_visitors_own_csrf_token(client, district):
    first = client.get(HOME_URL)
    other = type(client)()
    second = other.get(HOME_URL)

    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _html(r)).group(1)
        for r in (first, second)
    ]
    assert "placeholder" not in _html(second)
    assert all(len(t) == 64 for t in tokens)
    # The second visitor's token matches the CSRF cookie it was given: the language
    # switch works from a cached page.
    other_csrf = type(client)(enforce_csrf_checks=True)
    page = other_csrf.get(HOME_URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _html(page)).group(1)
    response = other_csrf.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_unknown_query_parameters_are_not_cached(client, district, column):
    _bulk(district, column, 5)
    for _ in range(2):
        with_unknown = _sql(client, LIST_URL, {"utm_source": "x"})
        known = _sql(client, LIST_URL, {"org": "zlj"})
    assert len(with_unknown) >= 1  # rendered every time
    assert known == []  # served from the page cache


# --- keyset pages ---------------------------------------------------------------------------


def _titles(response) -> list[str]:
    return [d.title for d in response.context["disclosures"]]


def test_walking_with_cursors_gives_the_same_pages_as_page_numbers(
    client, settings, district, column
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the pages' context is read
    _bulk(district, column, 20 * 9 + 7)  # 10 pages, the last one short
    pages = 10

    by_number = [_titles(client.get(LIST_URL, {"page": n})) for n in range(1, pages + 1)]
    assert sum(len(p) for p in by_number) == 187
    assert len({t for p in by_number for t in p}) == 187

    # Forwards through the "next page" links.
    response = client.get(LIST_URL)
    walked, cursor_links = [_titles(response)], 0
    while response.context["page_obj"].has_next():
        link = response.context["page_obj"].next_url
        cursor_links += "after=" in link
        response = client.get(LIST_URL + link)
        walked.append(_titles(response))
        assert "after=" not in link or response.context["page_obj"].number == len(walked)
    assert walked == by_number
    assert cursor_links == pages - CURSOR_FROM_PAGE + 1
    assert "下一页" not in _html(response)

    # Backwards through the "previous page" links, from the last page.
    response = client.get(LIST_URL, {"page": pages})
    back = [_titles(response)]
    while response.context["page_obj"].has_previous():
        response = client.get(LIST_URL + response.context["page_obj"].previous_url)
        back.append(_titles(response))
    assert back[::-1] == by_number
    assert response.context["page_obj"].number == 1


def test_numbered_pages_read_from_the_end_match_reading_from_the_start(
    client, settings, district, column
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    _bulk(district, column, 500)
    ordered = list(
        Disclosure.objects.published()
        .order_by("-published_on", "-id")
        .values_list("title", flat=True)
    )

    for number in (1, 2, 12, 13, 14, 24, 25):
        expected = ordered[(number - 1) * 20 : number * 20]
        assert _titles(client.get(LIST_URL, {"page": number})) == expected, number


def test_cursor_links_keep_the_filters_and_the_page_number_shown(client, district, column):
    other = OrganizationFactory(code="other")
    _bulk(district, column, 200)
    _bulk(other, column, 50, start=1000)

    response = client.get(LIST_URL, {"org": "zlj", "page": CURSOR_FROM_PAGE - 1})
    link = response.context["page_obj"].next_url
    assert "after=" in link and "org=zlj" in link
    response = client.get(LIST_URL + link)
    assert response.context["page_obj"].number == CURSOR_FROM_PAGE
    assert f"第 {CURSOR_FROM_PAGE} 页，共 10 页。" in _html(response)
    assert all(d.organization_id == district.pk for d in response.context["disclosures"])
    html = _html(response)
    # The numbered links carry no cursor.
    assert re.search(r'href="\?org=zlj&amp;page=1"', html)


@pytest.mark.parametrize("value", ["x", "2026-13-01,5", "2026-01-01,abc", ",", "2026-01-01"])
def test_a_malformed_cursor_shows_a_page_not_an_error(client, district, column, value):
    _bulk(district, column, 30)
    assert parse_cursor(value) is None
    for name in ("after", "before"):
        response = client.get(LIST_URL, {name: value})
        assert response.status_code == 200
        assert len(response.context["disclosures"]) == 20


def test_a_cursor_past_the_end_shows_an_empty_last_page(client, district, column):
    _bulk(district, column, 30)
    response = client.get(LIST_URL, {"after": "1990-01-01,1", "page": "2"})
    assert response.status_code == 200
    assert _titles(response) == []


# --- the filter form ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "b", None, "<x>"])
def test_the_fast_select_renders_what_django_s_select_renders(value):
    from django import forms
    from django.test.html import parse_html

    from disclosure.filters import FastSelect

    choices = [("", "全部机关"), ("a", "区政府"), ("b", "\u3000财政局 & <审计>"), (3, "三")]
    attrs = {"id": "id_org", "aria-invalid": "true", "aria-describedby": "id_org_helptext"}
    fast = FastSelect(choices=choices).render("org", value, attrs=attrs)
    slow = forms.Select(choices=choices).render("org", value, attrs=attrs)

    # The same elements, attributes and text (parse_html ignores the attributes' order).
    assert parse_html(fast) == parse_html(slow)
    assert ('value="b" selected' in fast) == (value == "b")


def test_while_another_process_rebuilds_the_previous_value_is_shown_and_not_cached(
    client, district, column
):
    from django.core.cache import cache

    DisclosureFactory(organization=district, category=column)
    assert catalogue_cache.published_years() == [2026]
    DisclosureFactory(
        organization=district,
        category=column,
        written_on=date(2025, 1, 1),
        published_on=date(2025, 1, 2),
    )
    # Another process holds the rebuild of the year list of the new version.
    cache.add(catalogue_cache.cache_key("years") + ":building", 1, timeout=30)

    catalogue_cache.begin_request()
    assert catalogue_cache.published_years() == [2026]  # the previous value, no query
    assert catalogue_cache.served_previous()
    html = client.get(LIST_URL).content.decode()
    assert "共找到信息 2 条。" in html  # the items and counts are current
    # The page built on the previous year list was not cached: once the rebuild is done,
    # the next request shows the new year.
    cache.delete(catalogue_cache.cache_key("years") + ":building")
    assert 'value="2025"' in client.get(LIST_URL).content.decode()
