"""The read-only public API (/api/): schema, catalogue as the page, detail, reports, proposals,
pages, cache, rate limit, CORS, query budget."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from drf_spectacular.validation import validate_schema

from disclosure.filters import DisclosureFilter
from disclosure.models import Attachment, Disclosure, DisclosureStatus, Genre
from disclosure.search import index as search_index
from reports.services import publish_report
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    DisclosureFactory,
    EnteredFigureFactory,
    OrganizationFactory,
    ProposalFactory,
    ProposalProposerFactory,
    ReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.API_RATE = "1000/min"
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def catalogue():
    """Two organizations, a column with a sub-column, genres and years, a draft, a withdrawn."""
    district = OrganizationFactory(code="zlj", name="自流井区人民政府")
    office = OrganizationFactory(code="hbj", name="自流井区环境保护局", parent=district)
    policy = CategoryFactory(name="政策文件")
    sub = CategoryFactory(name="规范性文件", parent=policy)
    other = CategoryFactory(name="工作动态")
    items = [
        DisclosureFactory(
            organization=district, category=policy, genre=Genre.NOTICE,
            title="关于开展环境监测工作的通知",
            body="<p>各镇街：现就开展全区环境监测工作通知如下。</p>", published_on=date(2025, 4, 1),
        ),
        DisclosureFactory(
            organization=office, category=sub, genre=Genre.NORMATIVE_DOCUMENT,
            title="自流井区大气环境监测管理办法", document_number="自环发〔2024〕3号",
            published_on=date(2024, 6, 1),
        ),
        DisclosureFactory(
            organization=office, category=other, genre=Genre.NEWS,
            title="区环保局召开工作会议", published_on=date(2024, 7, 9),
        ),
        DisclosureFactory(
            organization=district, category=other, genre=Genre.NOTICE,
            title="关于招聘工作人员的公告", published_on=date(2025, 1, 15),
        ),
    ]  # fmt: skip
    draft = DisclosureFactory(
        organization=district, category=policy, title="环境监测草稿", status=DisclosureStatus.DRAFT,
        published_on=None,
    )  # fmt: skip
    withdrawn = DisclosureFactory(
        organization=district, category=policy, title="已撤回的环境监测通知",
        status=DisclosureStatus.WITHDRAWN,
    )  # fmt: skip
    # The search index is kept current after commit; these tests run in one transaction.
    search_index.rebuild()
    return {
        "district": district,
        "office": office,
        "policy": policy,
        "sub": sub,
        "items": items,
        "draft": draft,
        "withdrawn": withdrawn,
    }


def api_ids(client, params) -> list[int]:
    response = client.get("/api/disclosures/", {**params, "page_size": 100})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def page_ids(client, params) -> list[int]:
    response = client.get("/disclosures/", params)
    assert response.status_code == 200
    return [d.pk for d in response.context["disclosures"]]


def filter_ids(params) -> list[int]:
    filterset = DisclosureFilter(params or None, queryset=Disclosure.objects.published())
    assert not filterset.is_bound or filterset.is_valid()
    return list(filterset.qs.values_list("pk", flat=True))


# --- schema and page -------------------------------------------------------------------------


def test_the_openapi_document_is_served_and_valid(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    paths = schema["paths"]
    for expected in (
        "/api/disclosures/",
        "/api/disclosures/{id}/",
        "/api/organizations/",
        "/api/reports/",
        "/api/reports/{code}/{year}/{report_format}/",
        "/api/proposals/",
        "/api/proposals/{id}/",
    ):
        assert expected in paths
    names = {p["name"] for p in paths["/api/disclosures/"]["get"]["parameters"]}
    assert {"org", "category", "genre", "year", "validity", "q", "page", "page_size"} <= names
    # Read-only: no method but GET.
    assert all(set(ops) <= {"get", "parameters"} for ops in paths.values())


def test_the_schema_generates_without_a_warning(tmp_path):
    # drf-spectacular's deploy check generates it too: a warning there fails `check --deploy`.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert "openapi:" in (tmp_path / "schema.yaml").read_text(encoding="utf-8")


def test_the_docs_page_uses_our_static_files_only(client):
    response = client.get("/api/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html and "/static/" in html
    assert "<style" not in html
    assert "<script>" not in html and "http://" not in html.replace(
        f"http://{response.wsgi_request.get_host()}", ""
    )
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_api_writes_nothing(client, catalogue):
    pk = catalogue["items"][0].pk
    assert client.post("/api/disclosures/", {}).status_code == 405
    assert client.delete(f"/api/disclosures/{pk}/").status_code == 405
    assert client.put(f"/api/disclosures/{pk}/", {}).status_code == 405
    assert Disclosure.objects.filter(pk=pk).exists()


# --- the catalogue, as the page --------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"org": "hbj"},
        {"org": "zlj"},
        {"category": "policy"},
        {"genre": "notice"},
        {"year": "2024"},
        {"org": "zlj", "year": "2025", "genre": "notice"},
        {"q": "环境监测"},
        {"q": "招聘"},
        {"q": "自环发〔2024〕3号"},
        {"q": "环境", "org": "hbj"},
    ],
)
def test_the_catalogue_filters_and_searches_like_the_page(client, catalogue, params):
    if params.get("category") == "policy":
        params = {**params, "category": str(catalogue["policy"].pk)}
    expected = page_ids(client, params)
    assert expected  # every case finds something: the comparison is not between two empties
    assert api_ids(client, params) == expected
    assert sorted(expected) == sorted(filter_ids(params))
    assert catalogue["draft"].pk not in expected
    assert catalogue["withdrawn"].pk not in expected


def test_a_column_includes_its_sub_columns(client, catalogue):
    ids = api_ids(client, {"category": str(catalogue["policy"].pk)})
    assert set(ids) == {catalogue["items"][0].pk, catalogue["items"][1].pk}


def test_a_keyword_finds_the_published_items_only(client, catalogue):
    ids = api_ids(client, {"q": "环境监测"})
    assert catalogue["items"][0].pk in ids
    rows = client.get("/api/disclosures/", {"q": "环境监测"}).json()["results"]
    assert all(isinstance(row["snippet_html"], str) for row in rows)
    first = next(row for row in rows if row["id"] == catalogue["items"][0].pk)
    assert "<mark>" in first["snippet_html"]
    assert client.get("/api/disclosures/").json()["results"][0]["snippet_html"] is None
    assert catalogue["draft"].pk not in ids and catalogue["withdrawn"].pk not in ids


def test_bad_filter_values_answer_400_with_a_message(client, catalogue):
    response = client.get("/api/disclosures/", {"org": "nobody"})
    assert response.status_code == 400
    assert "org" in response.json()
    assert client.get("/api/disclosures/", {"year": "abc"}).status_code == 400


def test_list_items_have_english_keys_and_chinese_values(client, catalogue):
    row = client.get("/api/disclosures/", {"org": "hbj", "genre": "normative_document"}).json()[
        "results"
    ][0]
    assert row["title"] == "自流井区大气环境监测管理办法"
    assert row["document_number"] == "自环发〔2024〕3号"
    assert row["organization"] == {"code": "hbj", "name": "自流井区环境保护局"}
    assert row["genre"] == "normative_document" and row["genre_name"] == "行政规范性文件"
    assert row["published_on"] == "2024-06-01"
    assert row["html_url"].endswith(f"/disclosures/{row['id']}/")
    assert row["url"].endswith(f"/api/disclosures/{row['id']}/")
    assert all(key == key.lower() and key.isascii() for key in row)
    # Chinese names whatever language the client asks for.
    english = client.get(
        "/api/disclosures/",
        {"org": "hbj", "genre": "normative_document"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()["results"][0]
    assert english["genre_name"] == "行政规范性文件"


# --- one document ----------------------------------------------------------------------------


def test_a_document_with_its_attachments_addresses(client, catalogue):
    item = catalogue["items"][1]
    attachment = Attachment.objects.create(
        disclosure=item, title="附件1", file=SimpleUploadedFile("办法.pdf", b"%PDF-1.4 test")
    )
    response = client.get(f"/api/disclosures/{item.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["index_number"] == item.index_number
    assert data["body_html"] == item.body
    [entry] = data["attachments"]
    assert entry["title"] == "附件1" and entry["file_name"] == "办法.pdf"
    assert entry["extension"] == "pdf" and entry["size"] == attachment.size
    # The address is the public one, and it serves the file.
    path = entry["url"].removeprefix("http://testserver")
    assert path.startswith("/files/")
    assert client.get(path).status_code == 200


def test_drafts_and_withdrawn_documents_answer_404(client, catalogue):
    for item in (catalogue["draft"], catalogue["withdrawn"]):
        assert client.get(f"/api/disclosures/{item.pk}/").status_code == 404
    assert client.get("/api/disclosures/999999/").status_code == 404


def test_an_article_44_entry_appears_without_personal_data(client, catalogue):
    application = ApplicationFactory(organization=catalogue["district"])
    item = DisclosureFactory(
        organization=catalogue["district"], category=catalogue["policy"],
        title="2025年老旧小区改造项目清单", origin="on_request",
    )  # fmt: skip
    row = client.get(f"/api/disclosures/{item.pk}/").json()
    assert row["origin"] == "on_request"
    assert (
        "44" in row["origin_name"] or "四十四" in row["origin_name"] or "申请" in row["origin_name"]
    )
    text = json.dumps(row, ensure_ascii=False)
    for private in (application.applicant_name, application.id_number, application.phone):
        assert private not in text


def test_organizations(client, catalogue):
    data = client.get("/api/organizations/").json()
    codes = [row["code"] for row in data["results"]]
    assert {"zlj", "hbj"} <= set(codes)
    office = client.get("/api/organizations/hbj/").json()
    assert office["parent"] == "zlj" and office["name"] == "自流井区环境保护局"
    assert client.get("/api/organizations/nobody/").status_code == 404


# --- reports and proposals -------------------------------------------------------------------


def test_a_published_report_gives_every_figure_by_key_and_drafts_are_hidden(client):
    district = OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")
    ApplicationFactory(
        organization=district, received_on=date(2016, 3, 2), status="closed",
        outcome="granted", closed_on=date(2016, 3, 20), is_historical=True,
    )  # fmt: skip
    EnteredFigureFactory(organization=district, year=2016, key="window.visitors", value=37000)
    report = ReportFactory(
        organization=district,
        year=2016,
        texts={"overview": "全年新收申请{applications.received}件。"},
    )
    draft = ReportFactory(organization=district, year=2015)
    publish_report(report=report, by=UserFactory(is_superuser=True), on=date(2017, 3, 20))

    listing = client.get("/api/reports/").json()
    assert [(r["year"], r["revision"]) for r in listing["results"]] == [(2016, 1)]
    detail = client.get(listing["results"][0]["url"].removeprefix("http://testserver"))
    assert detail.status_code == 200
    data = detail.json()
    assert data["figure_values"]["applications.received"] == 1
    assert data["figure_values"]["window.visitors"] == 37000
    assert {f["key"] for f in data["figures"]} == set(data["figure_values"])
    assert data["revision"]["number"] == 1
    # The same document as the revision's .json download.
    download = client.get(f"/reports/zlj/2016/{report.format}/r1.json")
    downloaded = json.loads(download.content)
    assert downloaded["figures"] == data["figures"]
    assert client.get(f"/api/reports/zlj/2015/{draft.format}/").status_code == 404
    assert client.get(f"/api/reports/zlj/2016/{report.format}/?revision=2").status_code == 404


def test_proposal_replies_published_only_without_personal_data(client):
    organization = OrganizationFactory(code="zjj", name="区住建局")
    published = ProposalFactory(
        lead_organization=organization, answered_on=date(2016, 5, 1), category="solved",
        satisfaction="satisfied", reply_text="已完成改造。", publish_reply=True,
        content="建议人电话13912345678，住址隐私路88号",
    )  # fmt: skip
    ProposalProposerFactory(proposal=published, name="李代表", affiliation="五星街街道代表团")
    hidden = ProposalFactory(
        lead_organization=organization, answered_on=date(2016, 5, 1), publish_reply=False,
        category="in_progress", reply_text="未公开的答复",
    )  # fmt: skip
    data = client.get("/api/proposals/").json()
    assert [row["id"] for row in data["results"]] == [published.pk]
    row = data["results"][0]
    assert row["reply"] == "已完成改造。" and row["result_name"].startswith("A")
    assert row["proposers"] == [{"name": "李代表", "affiliation": "五星街街道代表团"}]
    text = json.dumps(data, ensure_ascii=False)
    assert "13912345678" not in text and "隐私路" not in text and "content" not in row
    assert client.get(f"/api/proposals/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/proposals/{published.pk}/").json()["title"] == published.title


# --- pages, cache, limits --------------------------------------------------------------------


def _many(count):
    organization = OrganizationFactory(code="many")
    category = CategoryFactory()
    Disclosure.objects.bulk_create(
        [
            Disclosure(
                title=f"测试信息{i}", organization=organization, category=category,
                written_on=date(2024, 1, 1), published_on=date(2024, 1, 1 + i % 28),
                status=DisclosureStatus.PUBLISHED, index_number=f"many/2024-{i:05d}",
            )
            for i in range(count)
        ]
    )  # fmt: skip


def test_pages_walk_the_whole_list_once_and_the_size_is_capped(client):
    _many(130)
    response = client.get("/api/disclosures/", {"page_size": 1000})
    assert len(response.json()["results"]) == 100
    seen, url, pages = [], "/api/disclosures/?page_size=7", 0
    while url:
        data = client.get(url.removeprefix("http://testserver")).json()
        assert data["count"] == 130
        seen += [row["id"] for row in data["results"]]
        url, pages = data["next"], pages + 1
    assert pages == 19
    assert len(seen) == len(set(seen)) == 130
    assert seen == list(Disclosure.objects.published().values_list("pk", flat=True))


def test_query_count_does_not_grow_with_the_page_size(client):
    _many(120)
    client.get("/api/disclosures/", {"page_size": 5})  # warm the catalogue's cached aggregates

    def queries(size):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/disclosures/", {"page_size": size}).status_code == 200
        return len(captured)

    small, large = queries(5), queries(100)
    assert small == large
    assert large <= 3


def test_answers_are_cacheable_with_an_etag_that_changes_with_the_catalogue(client, catalogue):
    response = client.get("/api/disclosures/")
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get("/api/disclosures/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    DisclosureFactory(organization=catalogue["district"], category=catalogue["policy"])
    changed = client.get("/api/disclosures/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "no-store" in client.get("/api/disclosures/999999/")["Cache-Control"]


def test_the_rate_limit_answers_429(client, settings, catalogue):
    settings.API_RATE = "3/min"
    codes = [client.get("/api/organizations/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/disclosures/")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    # Counted per client address.
    assert client.get("/api/organizations/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_no_cors_headers(client, catalogue):
    response = client.get("/api/disclosures/", HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code == 200
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]
    preflight = client.options(
        "/api/disclosures/",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers


# --- the docs page in a browser --------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_and_open_data_pages_run_under_the_policy(browser, live_server, tmp_path):
    from disclosure.open_data import export_open_data

    DisclosureFactory(title="关于开展环境监测工作的通知")
    export_open_data()
    violations, errors, outside = [], [], []
    for width in (1280, 390):
        page = browser.new_page(locale="zh-CN", viewport={"width": width, "height": 900})
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "request",
            lambda r: (
                None if r.url.startswith((live_server.url, "data:")) else outside.append(r.url)
            ),
        )
        response = page.goto(f"{live_server.url}/api/")
        assert response.status == 200
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        # Swagger UI read the OpenAPI document and lists the endpoints.
        page.wait_for_selector(".opblock-summary", state="attached")
        assert page.locator(".opblock").count() >= 7
        page.screenshot(path=str(tmp_path / f"api-{width}.png"), full_page=True)
        # No wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        response = page.goto(f"{live_server.url}/open-data/")
        assert response.status == 200
        assert page.locator("a[href='/open-data/files/catalogue.csv']").count() == 1
        page.screenshot(path=str(tmp_path / f"open-data-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.close()
    assert violations == [] and errors == [] and outside == []
