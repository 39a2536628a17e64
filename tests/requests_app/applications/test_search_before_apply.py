"""Search before you apply: published documents matching what a person asks for, on /apply/
(as they type, and without JavaScript) and on the staff application page (第三十六条第（一）项)."""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from disclosure.models import DisclosureStatus
from disclosure.roles import ensure_staff_groups
from requests_app.applications.models import Application
from requests_app.applications.views import suggest as suggest_views
from tests.factories import ApplicationFactory, DisclosureFactory, OrganizationFactory, UserFactory

from .public_helpers import application_post

pytestmark = pytest.mark.django_db

SUGGEST = "/apply/suggest/"


@pytest.fixture
def organ():
    return OrganizationFactory(code="zljjy", name="自贡市自流井区教育局")


@pytest.fixture
def canteen(organ, django_capture_on_commit_callbacks):
    """One published document about school canteens, a draft and a withdrawn one about the
    same, and an unrelated published one (indexed as the catalogue's signals do)."""
    with django_capture_on_commit_callbacks(execute=True):
        published = DisclosureFactory(
            organization=organ,
            title="2025年全区学校食堂食品安全检查结果公告",
            document_number="自流井教〔2025〕12号",
            published_on=date(2025, 6, 3),
            written_on=date(2025, 6, 1),
        )
        DisclosureFactory(
            organization=organ,
            title="学校食堂检查草稿",
            status=DisclosureStatus.DRAFT,
            published_on=None,
        )
        DisclosureFactory(
            organization=organ,
            title="学校食堂检查已撤回",
            status=DisclosureStatus.WITHDRAWN,
        )
        DisclosureFactory(organization=organ, title="区教育局2025年部门预算")
    return published


def _json(response):
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content.decode())


def test_suggest_returns_published_matches_only(client, canteen):
    data = _json(client.get(SUGGEST, {"q": "我想要学校食堂的检查结果"}))
    assert [r["title"] for r in data["results"]] == [canteen.title]
    result = data["results"][0]
    assert set(result) == {
        "title",
        "url",
        "document_number",
        "index_number",
        "organization",
        "published_on",
    }
    assert result["url"] == canteen.get_absolute_url()
    assert result["document_number"] == "自流井教〔2025〕12号"
    assert result["published_on"] == "2025-06-03"
    assert result["organization"] == "自贡市自流井区教育局"
    assert data["search_url"].startswith(reverse("disclosure:list") + "?q=")


def test_suggest_gives_at_most_five(client, organ, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(7):
            DisclosureFactory(organization=organ, title=f"学校食堂检查通报第{n}期")
    assert len(_json(client.get(SUGGEST, {"q": "学校食堂检查"}))["results"]) == 5


def test_suggest_short_or_empty_queries(client, canteen):
    assert _json(client.get(SUGGEST))["results"] == []
    assert _json(client.get(SUGGEST, {"q": "食"}))["results"] == []
    assert client.post(SUGGEST, {"q": "食堂"}).status_code == 405


def test_suggest_escapes_markup(client, organ, django_capture_on_commit_callbacks):
    title = "<script>alert(1)</script>学校食堂&检查"
    with django_capture_on_commit_callbacks(execute=True):
        DisclosureFactory(organization=organ, title=title)
    response = client.get(SUGGEST, {"q": "学校食堂检查"})
    raw = response.content.decode()
    assert "<script>" not in raw and "&" not in raw.split('"search_url"')[0]
    assert _json(response)["results"][0]["title"] == title
    assert response["Cache-Control"] == "no-store"


def test_suggest_is_rate_limited(client, canteen, monkeypatch):
    monkeypatch.setattr(suggest_views, "SUGGEST_RATE", 3)
    codes = [client.get(SUGGEST, {"q": "学校食堂"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "error" in _json(client.get(SUGGEST, {"q": "学校食堂"}))


def test_the_apply_page_offers_the_search_and_still_works_without_js(client, organ, canteen):
    html = client.get(reverse("applications:apply")).content.decode()
    assert 'src="/static/js/apply_suggest.js"' in html
    assert 'data-suggest-url="/apply/suggest/"' in html
    assert 'aria-live="polite"' in html
    # No inline script (strict CSP).
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    # Without JavaScript: a button that sends the description to the search in a new tab…
    assert re.search(r'formaction="/apply/presearch/"[^>]*formtarget="_blank"', html)
    # … and, first in the form, the application's own submit button for the Enter key.
    form = html[html.index('<form class="apply-form"') :]
    first_submit = re.search(r"<button[^>]*type=\"submit\"[^>]*>([^<]*)<", form)
    assert "presearch" not in first_submit.group(0)

    response = client.post(
        reverse("applications:apply"),
        application_post(organ, description="学校食堂的检查结果"),
    )
    assert response.status_code == 302
    assert Application.objects.get().description == "学校食堂的检查结果"


def test_presearch_without_js_lists_matches_and_stores_nothing(client, organ, canteen):
    page = client.get(reverse("applications:apply"))  # a session and its CSRF cookie
    assert page.status_code == 200
    response = client.post(
        reverse("applications:presearch"),
        application_post(organ, description="学校食堂的检查结果", information_title=""),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert canteen.title in html and canteen.get_absolute_url() in html
    assert "学校食堂检查草稿" not in html and "学校食堂检查已撤回" not in html
    assert "王小明" not in html and "13912345678" not in html
    assert not Application.objects.exists()


def test_presearch_needs_the_csrf_token(organ, canteen):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("applications:presearch"), {"description": "学校食堂"})
    assert response.status_code == 403


def test_the_staff_page_lists_the_matches(client, organ, canteen):
    group, _ = ensure_staff_groups()
    staff = UserFactory(username="jy-staff", organization=organ)
    staff.groups.add(group)
    app = ApplicationFactory(
        organization=organ,
        information_title="",
        description="请公开本区学校食堂的食品安全检查结果",
    )
    client.force_login(staff)
    html = client.get(
        reverse("admin:requests_app_application_change", args=[app.pk])
    ).content.decode()
    panel = html[html.index('class="published-matches"') :]
    assert canteen.get_absolute_url() in panel and canteen.title in panel
    assert "学校食堂检查草稿" not in panel
    assert "区教育局2025年部门预算" not in panel


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_the_description_shows_suggestions(browser, live_server, tmp_path):
    import os

    organ = OrganizationFactory(code="zljjy", name="自贡市自流井区教育局")
    canteen = DisclosureFactory(
        organization=organ,
        title="2025年全区学校食堂食品安全检查结果公告",
        document_number="自流井教〔2025〕12号",
    )
    DisclosureFactory(organization=organ, title="学校食堂检查草稿", status=DisclosureStatus.DRAFT)
    shots = os.environ.get("SCREENSHOT_DIR") or str(tmp_path)

    for width, height in ((1280, 900), (390, 844)):
        page = browser.new_page(locale="zh-CN", viewport={"width": width, "height": height})
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/apply/")
        assert page.locator("button[data-presearch]").count() == 0  # the no-JS fallback
        page.fill("#id_description", "我想要本区学校食堂的检查结果")
        item = page.locator("#apply-suggestions li a")
        item.first.wait_for()
        assert item.count() == 1
        assert item.first.inner_text() == canteen.title
        assert item.first.get_attribute("href") == canteen.get_absolute_url()
        assert page.get_attribute("#apply-suggestions", "aria-live") == "polite"
        page.locator("#id_description").scroll_into_view_if_needed()
        page.screenshot(path=f"{shots}/apply-suggestions-{width}.png")
        # Emptied: the list goes away.
        page.fill("#id_description", "")
        page.locator("#apply-suggestions li").first.wait_for(state="detached")
        page.close()
