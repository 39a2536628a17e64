"""The catalogue list with a keyword: ranking, snippets, facets, hints, the header box."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CategoryFactory, DisclosureFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("disclosure:list")


@pytest.fixture
def documents():
    hbj = OrganizationFactory(code="hbj", name="区环境保护局")
    rsj = OrganizationFactory(code="rsj", name="区人力资源和社会保障局")
    column = CategoryFactory(name="通知公告")
    return {
        "both": DisclosureFactory(
            organization=hbj,
            category=column,
            title="关于开展大气质量监测的通知",
            document_number="自环发〔2016〕12号",
            body="<p>为改善环境质量，现开展监测。<script>x</script></p>",
            published_on=date(2016, 5, 3),
        ),
        "body_only": DisclosureFactory(
            organization=hbj,
            category=column,
            title="区环境保护局2017年工作要点",
            body="<p>全年完成水质监测十二次，持续改善生态环境。</p>",
            published_on=date(2017, 2, 1),
        ),
        "other": DisclosureFactory(
            organization=rsj,
            category=column,
            title="关于公开招聘工作人员的公告",
            body="<p>公开招聘事业单位工作人员。</p>",
            published_on=date(2018, 3, 1),
        ),
    }


def test_two_words_anywhere_with_snippets_and_facets(client, documents):
    response = client.get(LIST_URL, {"q": "环境 监测"})
    html = response.content.decode()
    assert response.status_code == 200
    assert documents["both"].title in html and documents["body_only"].title in html
    assert documents["other"].title not in html
    # Snippets from the body, words marked, the body's HTML escaped.
    assert "<mark>监测</mark>" in html and "<mark>环境</mark>" in html
    assert "<script>x" not in html
    # Facets with counts of this query, links that add the filter.
    assert '区环境保护局</a> <span class="muted">(2)</span>' in html
    assert "?q=%E7%8E%AF%E5%A2%83+%E7%9B%91%E6%B5%8B&amp;org=hbj" in html
    assert 'href="?q=%E7%8E%AF%E5%A2%83+%E7%9B%91%E6%B5%8B&amp;sort=date"' in html


def test_document_number_with_ascii_brackets(client, documents):
    html = client.get(LIST_URL, {"q": "自环发[2016]12号"}).content.decode()
    assert documents["both"].title in html and documents["body_only"].title not in html


def test_sort_by_date_and_relevance(client, documents):
    relevance = client.get(LIST_URL, {"q": "监测"}).context["disclosures"]
    by_date = client.get(LIST_URL, {"q": "监测", "sort": "date"}).context["disclosures"]
    assert [d.pk for d in by_date] == [documents["body_only"].pk, documents["both"].pk]
    # The word in the title ranks first.
    assert relevance[0].pk == documents["both"].pk


def test_nothing_found_suggests_fewer_words(client, documents):
    html = client.get(LIST_URL, {"q": "监测 招聘 自环发[2099]1号"}).content.decode()
    assert "没有符合筛选条件的信息" in html or "No disclosure matches" in html
    assert "?q=%E7%9B%91%E6%B5%8B+%E6%8B%9B%E8%81%98" in html  # 监测 招聘
    assert "[2016]" in html  # how to type a 文号


def test_search_box_on_public_pages(client, documents):
    for url in [reverse("disclosure:home"), documents["other"].get_absolute_url()]:
        html = client.get(url).content.decode()
        assert 'role="search"' in html and 'name="q"' in html
        assert f'action="{LIST_URL}"' in html


def test_search_page_queries_do_not_grow(client, settings, documents):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST_URL, {"q": "监测", "page": 1})
        assert response.status_code == 200
        return len(captured)

    cold_small = count()  # choices, count and facets read, then cached
    warm_small = count()
    for n in range(60):
        DisclosureFactory(
            title=f"水质监测月报（第{n}期）", organization=documents["both"].organization
        )
    assert count() == cold_small
    assert count() == warm_small
    # Warm: the page's rows (with their stored text for the snippets), nothing else.
    assert warm_small == 1
