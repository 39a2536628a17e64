"""The site's identity (主办单位, 网站标识码, filing numbers, contact) in every public page's
footer, the favicon, and the breadcrumbs of the application, mailbox and proposal pages."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.views import serve
from django.test import RequestFactory, override_settings
from django.urls import reverse

from tests.factories import OrganizationFactory
from tests.project.test_security_headers import public_addresses, published_site  # noqa: F401
from tests.requests_app.proposals.test_proposals_public import published

pytestmark = pytest.mark.django_db

IDENTITY = {
    "SITE_SPONSOR": "自贡市自流井区人民政府办公室",
    "SITE_ORGANIZER": "自贡市自流井区大数据中心",
    "SITE_CODE": "5103020001",
    "SITE_ICP": "蜀ICP备00000000号",
    "SITE_PSB": "川公网安备 51030202000000号",
    "SITE_CONTACT": "电话 0813-0000000",
}
LABELS = ["主办单位", "承办单位", "网站标识码", "ICP备案号", "公安机关备案号", "联系我们"]
EMPTY = dict.fromkeys(IDENTITY, "")


def html_pages(client, site):
    for path in public_addresses():
        path = path.replace("<id>", site["<id>"]).replace("<code>", site["<code>"])
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, path
        if response["Content-Type"].startswith("text/html"):
            yield path, response.content.decode()


def footer(page: str) -> str:
    return page.split('<footer class="site-footer">', 1)[1]


@override_settings(**IDENTITY)
def test_every_public_page_shows_the_identity_in_its_footer(client, published_site):  # noqa: F811
    pages = list(html_pages(client, published_site))
    assert len(pages) >= 10
    for path, page in pages:
        bottom = footer(page)
        for label, value in zip(LABELS, IDENTITY.values(), strict=True):
            assert f"{label}：{value}" in re.sub(r"<[^>]+>", "", bottom), (path, label)
        assert '<a href="https://beian.miit.gov.cn/"' in bottom, path
        assert '<p class="site-sponsor">自贡市自流井区人民政府办公室</p>' in page, path


@override_settings(**EMPTY)
def test_without_the_settings_no_empty_label_is_shown(client, published_site):  # noqa: F811
    for path, page in html_pages(client, published_site):
        for label in LABELS:
            assert label not in footer(page), (path, label)
        assert "site-identity-list" not in page, path
        assert "site-sponsor" not in page, path
        assert "beian.miit.gov.cn" not in page, path


@override_settings(**{**EMPTY, "SITE_CONTACT": "https://gk.example.gov.cn/contact/"})
def test_a_contact_address_is_linked(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<a href="https://gk.example.gov.cn/contact/">' in footer(page)


def test_the_favicon_is_linked_and_served(client):
    page = client.get("/").content.decode()
    match = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert match, "no favicon link"
    assert match.group(1).endswith("favicon.svg")
    path = finders.find("favicon.svg")
    assert path and Path(path).read_text(encoding="utf-8").startswith("<svg")
    # Served as every static file is (the test client runs without the static server).
    response = serve(RequestFactory().get(match.group(1)), "favicon.svg", insecure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"


def crumbs(page: str) -> list[str]:
    nav = page.split('<nav class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", nav)]


def test_the_application_mailbox_and_proposal_pages_have_breadcrumbs(client):
    proposal = published(OrganizationFactory(code="zlj"), "关于增设公交站点的建议")
    expected = {
        reverse("applications:apply"): ["首页", "依申请公开"],
        reverse("applications:status"): ["首页", "依申请公开", "申请办理查询"],
        reverse("petitions:mailbox"): ["首页", "领导信箱"],
        reverse("petitions:mailbox_status"): ["首页", "领导信箱", "来信答复查询"],
        reverse("petitions:letter_list"): ["首页", "领导信箱", "来信选登"],
        reverse("proposals:proposal_list"): ["首页", "建议提案办理"],
        reverse("proposals:proposal_detail", args=[proposal.pk]): [
            "首页",
            "建议提案办理",
            "关于增设公交站点的建议",
        ],
    }
    for path, trail in expected.items():
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, path
        assert crumbs(response.content.decode()) == trail, path
