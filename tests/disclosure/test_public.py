"""The public site: pages, filters, what stays hidden, feeds, sitemap, query budgets."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from disclosure import views
from disclosure.models import (
    Attachment,
    Disclosure,
    DisclosureStatus,
    Genre,
    Validity,
)
from disclosure.search import index as search_index
from disclosure.services.catalogue_cache import catalogue_changed
from tests.factories import (
    CategoryFactory,
    DisclosureFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("disclosure:list")


@pytest.fixture(autouse=True)
def _chinese():
    # The site's default language; the client sends no Accept-Language header.
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def district():
    return OrganizationFactory(
        code="zlj",
        name="自贡市自流井区人民政府",
        office_name="区政府办公室",
        address="自贡市自流井区五星街1号",
        postcode="643000",
        phone="0813-2200000",
        fax="0813-2200001",
        email="zwgk@example.gov.cn",
        guide_text="第一段补充说明。\n\n第二段补充说明。",
    )


@pytest.fixture
def department(district):
    return OrganizationFactory(code="zljcz", name="自流井区财政局", parent=district)


@pytest.fixture
def columns():
    finance = CategoryFactory(name="财政信息", slug="finance", sort_order=1)
    budget = CategoryFactory(name="预算", slug="budget", parent=finance)
    notices = CategoryFactory(name="通知公告", slug="notices", sort_order=2)
    return {"finance": finance, "budget": budget, "notices": notices}


def text(response) -> str:
    return response.content.decode()


def titles(response) -> set[str]:
    return {d.title for d in response.context["disclosures"]}


# --- pages answer in Chinese ------------------------------------------------------------


def test_home_lists_latest_disclosures_and_columns_with_counts_including_sub_columns(
    client, district, columns
):
    DisclosureFactory(title="二〇二六年区级预算", organization=district, category=columns["budget"])
    DisclosureFactory(organization=district, category=columns["finance"])
    DisclosureFactory(title="草稿不应出现", organization=district, status=DisclosureStatus.DRAFT)

    response = client.get(reverse("disclosure:home"))

    assert response.status_code == 200
    html = text(response)
    assert '<html lang="zh-hans">' in html
    for label in ("最新信息", "信息公开目录", "政府信息公开指南", "依申请公开", "年度报告"):
        assert label in html
    assert "二〇二六年区级预算" in html
    assert "草稿不应出现" not in html
    counts = {c.name: c.total for c in response.context["columns"]}
    assert counts["财政信息"] == 2  # its own item and the one in 预算
    assert counts["通知公告"] == 0
    assert 'href="/apply/"' in html
    assert 'href="/reports/"' in html


def test_base_layout_has_landmarks_skip_link_feed_and_one_h1(client, district):
    html = text(client.get(reverse("disclosure:home")))
    assert 'class="skip-link" href="#main"' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert html.count("<h1") == 1
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<label for="lang-select">语言</label>' in html


def test_language_switch_to_english(client, district):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302

    html = text(client.get(reverse("disclosure:home")))

    assert '<html lang="en">' in html
    assert "Disclosure catalogue" in html
    assert "信息公开目录" not in html


def test_detail_shows_the_metadata_block_in_chinese(client, district, columns):
    disclosure = DisclosureFactory(
        title="关于印发某办法的通知",
        index_number="zlj/2026-00042",
        document_number="自井府发〔2026〕3号",
        organization=district,
        category=columns["budget"],
        genre=Genre.NORMATIVE_DOCUMENT,
        written_on=date(2026, 2, 10),
        published_on=date(2026, 2, 12),
        validity=Validity.REPEALED,
        repealed_on=date(2026, 6, 1),
    )

    response = client.get(disclosure.get_absolute_url())

    assert response.status_code == 200
    html = text(response)
    labels = ("索引号", "发布机构", "成文日期", "发布日期", "文号", "主题分类", "有效性", "体裁")
    for label in labels:
        assert f"<dt>{label}</dt>" in html
    for value in (
        "zlj/2026-00042",
        "自流井区人民政府",
        "2026-02-10",
        "2026-02-12",
        "自井府发〔2026〕3号",
        "2026-06-01",
        "财政信息 › 预算",
        "行政规范性文件",
        "<dd>废止",
    ):
        assert value in html
    assert html.count("<h1") == 1


def test_detail_lists_attachments_with_type_and_size(client, district):
    disclosure = DisclosureFactory(organization=district)
    Attachment.objects.create(
        disclosure=disclosure,
        title="附件1 申请表",
        file=SimpleUploadedFile("form.pdf", b"%PDF-1.4 " + b"x" * 2039),
    )

    html = text(client.get(disclosure.get_absolute_url()))

    assert "附件1 申请表" in html
    assert "PDF" in html
    assert re.search(r"2\.0\s*KB", html)


def test_interpretation_and_document_link_each_other(client, district):
    document = DisclosureFactory(title="某某管理办法", organization=district)
    interpretation = DisclosureFactory(
        title="《某某管理办法》政策解读",
        organization=district,
        genre=Genre.INTERPRETATION,
        interprets=document,
    )
    DisclosureFactory(
        title="未发布的解读",
        organization=district,
        genre=Genre.INTERPRETATION,
        interprets=document,
        status=DisclosureStatus.DRAFT,
    )

    document_html = text(client.get(document.get_absolute_url()))
    interpretation_html = text(client.get(interpretation.get_absolute_url()))

    assert f'href="{interpretation.get_absolute_url()}"' in document_html
    assert "未发布的解读" not in document_html
    assert f'href="{document.get_absolute_url()}"' in interpretation_html


def test_interpretation_of_an_unpublished_document_does_not_link_to_it(client, district):
    document = DisclosureFactory(title="尚未公开的文件", status=DisclosureStatus.DRAFT)
    interpretation = DisclosureFactory(
        organization=district, genre=Genre.INTERPRETATION, interprets=document
    )

    html = text(client.get(interpretation.get_absolute_url()))

    assert "尚未公开的文件" not in html


def test_guide_shows_office_contacts_application_link_periods_and_remedies(
    client, district, department
):
    response = client.get(reverse("disclosure:guide", args=["zlj"]))

    assert response.status_code == 200
    html = text(response)
    assert "<h1>自贡市自流井区人民政府政府信息公开指南</h1>" in html
    for value in (
        "区政府办公室",
        "自贡市自流井区五星街1号",
        "643000",
        "0813-2200000",
        "0813-2200001",
        "zwgk@example.gov.cn",
        "工作日 9:00-17:00",
        "第一段补充说明。",
        "第二段补充说明。",
    ):
        assert value in html
    assert 'href="/apply/?org=zlj"' in html
    assert "20个工作日内予以答复" in html
    assert "最长不超过20个工作日" in html
    assert "第三十三条" in html
    assert "行政复议" in html
    assert "行政诉讼" in html
    assert reverse("disclosure:guide", args=["zljcz"]) in html


def test_guide_of_unknown_or_inactive_organization_is_404(client, district):
    OrganizationFactory(code="old", is_active=False)

    assert client.get(reverse("disclosure:guide", args=["nope"])).status_code == 404
    assert client.get(reverse("disclosure:guide", args=["old"])).status_code == 404


def test_guide_index_leads_to_the_top_organization(client, district, department):
    response = client.get(reverse("disclosure:guide_index"))

    assert response.status_code == 302
    assert response.url == reverse("disclosure:guide", args=["zlj"])


def test_catalogue_groups_published_items_by_column_and_links_to_the_filtered_list(
    client, district, department, columns
):
    DisclosureFactory.create_batch(2, organization=district, category=columns["budget"])
    DisclosureFactory(organization=district, category=columns["notices"])
    DisclosureFactory(organization=district, category=columns["notices"], status="withdrawn")
    DisclosureFactory(organization=department, category=columns["notices"])

    response = client.get(reverse("disclosure:catalogue", args=["zlj"]))

    assert response.status_code == 200
    html = text(response)
    assert "自贡市自流井区人民政府政府信息公开目录" in html
    totals = {row.name: row.total for row in response.context["rows"]}
    assert totals == {"财政信息": 2, "预算": 2, "通知公告": 1}
    assert response.context["total"] == 3
    assert f"?org=zlj&amp;category={columns['budget'].pk}" in html


# --- the filters --------------------------------------------------------------------


@pytest.fixture
def catalogue(district, department, columns):
    return {
        "budget": DisclosureFactory(
            title="区级预算公开",
            organization=department,
            category=columns["budget"],
            genre=Genre.BUDGET,
            written_on=date(2025, 1, 5),
            published_on=date(2025, 1, 10),
        ),
        "finance": DisclosureFactory(
            title="财政资金管理办法",
            document_number="自井财发〔2026〕7号",
            organization=department,
            category=columns["finance"],
            genre=Genre.NORMATIVE_DOCUMENT,
        ),
        "notice": DisclosureFactory(
            title="停水通知",
            organization=district,
            category=columns["notices"],
            genre=Genre.NOTICE,
        ),
        "repealed": DisclosureFactory(
            title="旧办法",
            organization=district,
            category=columns["notices"],
            genre=Genre.NORMATIVE_DOCUMENT,
            written_on=date(2020, 1, 1),
            published_on=date(2020, 1, 2),
            validity=Validity.REPEALED,
            repealed_on=date(2025, 1, 1),
        ),
    }


def test_list_without_filters_shows_every_published_item(client, catalogue):
    DisclosureFactory(title="草稿", status=DisclosureStatus.DRAFT)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert titles(response) == {"区级预算公开", "财政资金管理办法", "停水通知", "旧办法"}
    assert "共找到信息 4 条。" in text(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"org": "zljcz"}, {"区级预算公开", "财政资金管理办法"}),
        ({"org": "zlj"}, {"停水通知", "旧办法"}),
        ({"category": "finance"}, {"区级预算公开", "财政资金管理办法"}),  # includes 预算
        ({"category": "budget"}, {"区级预算公开"}),
        ({"genre": Genre.NORMATIVE_DOCUMENT}, {"财政资金管理办法", "旧办法"}),
        ({"year": "2025"}, {"区级预算公开"}),
        ({"validity": Validity.REPEALED}, {"旧办法"}),
        ({"q": "通知"}, {"停水通知"}),
        ({"q": "自井财发"}, {"财政资金管理办法"}),  # 文号
        ({"org": "zlj", "genre": Genre.NORMATIVE_DOCUMENT}, {"旧办法"}),
        ({"org": "zljcz", "category": "finance", "year": "2026"}, {"财政资金管理办法"}),
        ({"org": "zlj", "q": "预算"}, set()),
    ],
)
def test_each_filter_and_their_combinations(client, catalogue, columns, params, expected):
    if "category" in params:
        params = {**params, "category": columns[params["category"]].pk}

    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert not response.context["form"].errors
    assert titles(response) == expected


def test_empty_result_says_so(client, catalogue):
    html = text(client.get(LIST_URL, {"q": "不存在的标题"}))
    assert "没有符合筛选条件的信息。" in html


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"org": "nope"}, "org"),
        ({"category": "abc"}, "category"),
        ({"category": "999999"}, "category"),
        ({"genre": "poem"}, "genre"),
        ({"year": "20x5"}, "year"),
        ({"year": "1900"}, "year"),
        ({"validity": "maybe"}, "validity"),
        ({"q": "长" * 101}, "q"),
    ],
)
def test_bad_filter_values_give_a_form_error_not_a_500(client, catalogue, params, field):
    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = text(response)
    assert "以下筛选条件无法使用，请更正：" in html
    assert 'aria-invalid="true"' in html
    assert titles(response) == set()


def test_bad_page_number_shows_a_page_not_an_error(client, catalogue):
    assert client.get(LIST_URL, {"page": "abc"}).status_code == 200
    assert client.get(LIST_URL, {"page": "999"}).status_code == 200


def test_pagination_has_20_per_page_and_keeps_the_filters(client, district, department):
    category = CategoryFactory()
    Disclosure.objects.bulk_create(
        Disclosure(
            index_number=f"zlj/2026-{i:05d}",
            title=f"分页测试{i}",
            organization=district,
            category=category,
            written_on=date(2026, 1, 1),
            published_on=date(2026, 1, 2),
            status=DisclosureStatus.PUBLISHED,
            genre=Genre.NOTICE,
        )
        for i in range(45)
    )
    DisclosureFactory(organization=department)

    first = client.get(LIST_URL, {"org": "zlj", "genre": Genre.NOTICE})
    html = text(first)

    assert len(first.context["disclosures"]) == 20
    assert "第 1 页，共 3 页。" in html
    next_links = re.findall(r'href="(\?[^"]*page=2[^"]*)"', html)
    assert next_links
    for link in next_links:
        assert "org=zlj" in link
        assert "genre=notice" in link
    third = client.get(LIST_URL + next_links[0].replace("page=2", "page=3").replace("&amp;", "&"))
    assert len(third.context["disclosures"]) == 5
    assert all(d.organization_id == district.pk for d in third.context["disclosures"])


# --- nothing unpublished or personal is public --------------------------------------


@pytest.mark.parametrize("status", [DisclosureStatus.DRAFT, DisclosureStatus.WITHDRAWN])
def test_unpublished_disclosures_are_nowhere_public(client, district, status):
    DisclosureFactory(title="已公开的信息", organization=district)
    hidden = DisclosureFactory(title="不公开的信息", organization=district, status=status)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in (
        reverse("disclosure:home"),
        LIST_URL,
        LIST_URL + "?q=不公开",
        reverse("disclosure:catalogue", args=["zlj"]),
        reverse("disclosure:feed"),
        reverse("disclosure:organization_feed", args=["zlj"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "不公开的信息" not in text(response), url
    sitemap = text(client.get("/sitemap.xml"))
    assert hidden.get_absolute_url() not in sitemap
    assert "已公开的信息" not in sitemap  # the sitemap lists addresses, not titles


def test_script_in_a_body_never_reaches_the_page(client, district):
    disclosure = DisclosureFactory(
        organization=district,
        body=(
            '<p onclick="steal()">正文段落</p><script>alert("x")</script>'
            '<a href="javascript:alert(1)">链接</a><img src="x" onerror="alert(2)">'
        ),
    )

    html = text(client.get(disclosure.get_absolute_url()))

    assert "正文段落" in html
    assert "<script>alert" not in html
    assert "alert(" not in html
    assert "onclick" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_public_pages_show_no_personal_data_of_staff(client, district):
    author = UserFactory(
        username="zhangsan_staff", email="zhangsan@example.com", organization=district
    )
    disclosure = DisclosureFactory(organization=district)
    Disclosure.objects.filter(pk=disclosure.pk).update(created_by=author, updated_by=author)

    for url in (disclosure.get_absolute_url(), LIST_URL, reverse("disclosure:feed")):
        html = text(client.get(url))
        assert "zhangsan" not in html, url


# --- feeds, sitemap, error pages ---------------------------------------------------------


def test_feed_is_valid_rss_with_the_50_newest_published_items(client, district):
    category = CategoryFactory()
    Disclosure.objects.bulk_create(
        Disclosure(
            index_number=f"zlj/2026-{i:05d}",
            title=f"订阅测试{i:02d}",
            organization=district,
            category=category,
            written_on=date(2026, 1, 1),
            published_on=date(2026, 1, 1 + i % 28),
            status=DisclosureStatus.PUBLISHED,
        )
        for i in range(55)
    )

    response = client.get(reverse("disclosure:feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert len(items) == 50
    newest = Disclosure.objects.published().order_by("-published_on", "-id")[:50]
    assert [item.findtext("title") for item in items] == [d.title for d in newest]
    assert items[0].findtext("link").endswith(newest[0].get_absolute_url())


def test_organization_feed_has_only_that_organization(client, district, department):
    DisclosureFactory(title="区政府的信息", organization=district)
    DisclosureFactory(title="财政局的信息", organization=department)

    response = client.get(reverse("disclosure:organization_feed", args=["zljcz"]))

    items = ET.fromstring(response.content).find("channel").findall("item")
    assert [item.findtext("title") for item in items] == ["财政局的信息"]
    assert client.get(reverse("disclosure:organization_feed", args=["nope"])).status_code == 404


def test_every_url_in_the_sitemap_answers_200(client, district, department, columns):
    published = DisclosureFactory(organization=district, category=columns["budget"])
    DisclosureFactory(organization=department, status=DisclosureStatus.DRAFT)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]
    paths = [re.sub(r"^https?://[^/]+", "", url) for url in urls]
    assert published.get_absolute_url() in paths
    assert reverse("disclosure:guide", args=["zljcz"]) in paths
    assert reverse("disclosure:catalogue", args=["zlj"]) in paths
    assert reverse("disclosure:home") in paths
    # home and list, two pages per organization, the disclosure, and /reports/ (its index).
    assert len(paths) == 2 + 2 * 2 + 1 + 1
    assert reverse("reports:list") in paths
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_404_page_is_in_chinese(client, district):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = text(response)
    assert "页面不存在" in html
    assert '<html lang="zh-hans">' in html


def test_500_page_needs_no_database_and_no_request_context(django_assert_num_queries):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = views.server_error(request)

    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


# --- query budgets -------------------------------------------------------------------


def _bulk_disclosures(organization, category, start: int, count: int) -> None:
    created = Disclosure.objects.bulk_create(
        Disclosure(
            index_number=f"BULK/2026-{start + i:05d}",
            title=f"批量信息{start + i}",
            document_number=f"自井府发〔2026〕{start + i}号",
            organization=organization,
            category=category,
            genre=Genre.NOTICE if i % 2 else Genre.NORMATIVE_DOCUMENT,
            written_on=date(2026, 1, 5),
            published_on=date(2026, 1 + i % 3, 6),
            status=DisclosureStatus.PUBLISHED,
            body="<p>正文</p>",
        )
        for i in range(count)
    )
    # bulk_create sends no signals: a bulk path announces its change itself, and indexes
    # what it published for the search.
    catalogue_changed()
    search_index.update_disclosures(d.pk for d in created)


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _measure(client, organization, columns, detail) -> dict[str, int]:
    return {
        "home": _queries(client, reverse("disclosure:home")),
        "list": _queries(client, LIST_URL),
        "list filtered, page 2": _queries(
            client,
            LIST_URL,
            {
                "org": "zlj",
                "category": columns["finance"].pk,
                "genre": Genre.NOTICE,
                "year": "2026",
                "validity": Validity.VALID,
                "q": "批量",
                "page": 2,
            },
        ),
        # A word in every bulk title: 8 matches, then 9,998 (more than the search's window).
        "search": _queries(client, LIST_URL, {"q": "批量"}),
        "detail": _queries(client, detail.get_absolute_url()),
        "catalogue": _queries(client, reverse("disclosure:catalogue", args=["zlj"])),
        "feed": _queries(client, reverse("disclosure:feed")),
    }


def test_query_counts_do_not_grow_from_10_to_10000_disclosures(client, settings, district, columns):
    document = DisclosureFactory(organization=district, category=columns["budget"])
    DisclosureFactory(organization=district, genre=Genre.INTERPRETATION, interprets=document)
    Attachment.objects.create(disclosure=document, file=SimpleUploadedFile("a.pdf", b"%PDF"))
    _bulk_disclosures(district, columns["budget"], start=1, count=8)

    at_10 = _measure(client, district, columns, document)
    _bulk_disclosures(district, columns["budget"], start=100, count=9990)
    assert Disclosure.objects.published().count() == 10000
    at_10000 = _measure(client, district, columns, document)

    # The same pages again, pages rendered: the catalogue's aggregates come from the cache.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    warm = _measure(client, district, columns, document)
    # … and with whole pages cached (the default), they read nothing at all.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    _measure(client, district, columns, document)
    cached_pages = _measure(client, district, columns, document)

    print(f"\nqueries at 10 disclosures: {at_10}\nqueries at 10000 disclosures: {at_10000}")
    assert at_10 == at_10000
    assert at_10000["list"] <= 8
    assert at_10000["detail"] <= 6
    assert warm["list"] == 1  # the page's rows; no count, no year list, no choices
    assert warm["list filtered, page 2"] == 1
    assert warm["home"] == 1  # the latest items; the column counts are cached
    assert warm["catalogue"] == 1
    assert cached_pages == {**dict.fromkeys(cached_pages, 0), "feed": 1}
