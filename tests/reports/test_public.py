"""The public report pages: list, report, revisions, query budgets; catalogue, feed, sitemap."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from reports.models import EnteredFigure, ReportRevision
from reports.services import publish_report
from reports.sitemaps import SITEMAPS
from requests_app.applications.models import Application
from tests.factories import (
    ApplicationFactory,
    EnteredFigureFactory,
    OrganizationFactory,
    ReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("reports:list")
OVERVIEW = "全年新收申请{applications.received}件，政务服务窗口接待群众{window.visitors}人次。"


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def publisher():
    return UserFactory(is_superuser=True, organization=None)


@pytest.fixture
def district():
    return OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")


def make_report(organization, year=2016, **kwargs):
    ApplicationFactory(
        organization=organization,
        received_on=date(year, 3, 2),
        status="closed",
        outcome="granted",
        closed_on=date(year, 3, 20),
        is_historical=True,
    )
    EnteredFigureFactory(organization=organization, year=year, key="window.visitors", value=37000)
    return ReportFactory(
        organization=organization, year=year, texts={"overview": OVERVIEW}, **kwargs
    )


def publish(report, by, on=date(2017, 3, 20), note=""):
    return publish_report(report=report, by=by, on=on, note=note)


def text(response) -> str:
    return response.content.decode()


def report_body(response) -> str:
    """The report itself on the page (the page around it carries a per-request CSRF token)."""
    body = text(response)
    start = body.index('<div class="report-body">')
    return body[start : body.index('<section class="report-revisions"', start)]


# --- pages ----------------------------------------------------------------------------------


def test_the_list_shows_published_reports_grouped_by_organization_and_not_drafts(
    client, district, publisher
):
    dept = OrganizationFactory(code="zlj-hbj", name="自贡市自流井区环境保护局", parent=district)
    publish(make_report(district, 2016), publisher)
    publish(make_report(district, 2017), publisher, on=date(2018, 3, 1))
    publish(make_report(dept, 2016), publisher)
    make_report(dept, 2017)  # a draft

    response = client.get(LIST_URL)

    assert response.status_code == 200
    groups = response.context["groups"]
    assert [g["organization"].code for g in groups] == ["zlj", "zlj-hbj"]
    assert [r.year for r in groups[0]["reports"]] == [2017, 2016]
    assert [r.year for r in groups[1]["reports"]] == [2016]
    body = text(response)
    assert "自贡市自流井区环境保护局2016年政府信息公开工作年度报告" in body
    assert "自贡市自流井区环境保护局2017年" not in body
    assert "政府信息公开工作年度报告" in body


def test_the_report_page_renders_the_latest_revision_and_lists_the_earlier_ones(
    client, district, publisher
):
    report = make_report(district)
    first = publish(report, publisher)
    EnteredFigure.objects.filter(key="window.visitors").update(value=41000)
    second = publish(report, publisher, on=date(2017, 4, 6), note="更正窗口接待人次。")

    response = client.get(report.get_absolute_url())

    assert response.status_code == 200
    body = text(response)
    assert "政务服务窗口接待群众4.1万人次" in body
    assert "政务服务窗口接待群众3.7万人次" not in body
    assert "更正窗口接待人次。" in body
    assert first.get_absolute_url() in body
    assert second.download_url("docx") in body
    assert "css/report.css" in body


def test_an_earlier_revision_stays_readable_at_its_own_address(client, district, publisher):
    report = make_report(district)
    first = publish(report, publisher)
    EnteredFigure.objects.filter(key="window.visitors").update(value=41000)
    publish(report, publisher, on=date(2017, 4, 6), note="更正窗口接待人次。")

    response = client.get(first.get_absolute_url())

    assert response.status_code == 200
    body = text(response)
    assert "政务服务窗口接待群众3.7万人次" in body
    assert "政务服务窗口接待群众4.1万人次" not in body
    assert response.context["is_latest"] is False
    assert 'rel="canonical"' not in body  # its own text, not a copy of the current one
    latest = text(client.get(report.revisions.first().get_absolute_url()))
    assert f'rel="canonical" href="{report.get_absolute_url()}"' in latest
    assert first.download_url("json") in body


def test_the_published_page_does_not_change_when_records_change(client, district, publisher):
    report = make_report(district)
    publish(report, publisher)
    before = report_body(client.get(report.get_absolute_url()))
    assert "全年新收申请1件" in before

    Application.objects.filter(organization=district).update(outcome="other")
    ApplicationFactory(organization=district, received_on=date(2016, 6, 1), is_historical=True)
    EnteredFigure.objects.update(value=1)
    report.sections.filter(key="overview").update(text="改写。")

    assert report_body(client.get(report.get_absolute_url())) == before


def test_drafts_unknown_reports_and_unknown_revisions_answer_404(client, district, publisher):
    draft = make_report(district, 2016)
    assert client.get(draft.get_absolute_url()).status_code == 404
    revision = publish(draft, publisher)

    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("reports:report", args=["zlj", 2015, "gb2021"])).status_code == 404
    url = reverse("reports:revision", args=["zlj", 2016, "narrative2007", 2])
    assert client.get(url).status_code == 404
    assert client.get(revision.download_url("pdf")).status_code == 404


def test_tables_are_wrapped_to_scroll_on_a_phone_and_the_print_stylesheet_keeps_them_whole(
    client, district, publisher
):
    report = ReportFactory(organization=district, year=2016, format="gb2021")
    publish_report(report=report, by=publisher, on=date(2017, 3, 20), confirm_failing_checks=True)

    body = text(client.get(report.get_absolute_url()))

    # Each frame scrolls on a phone: reachable from the keyboard and named (WCAG 2.1.1).
    frames = re.findall(r'<div class="report-table-wrap" ([^>]*)>', body)
    assert len(frames) == 3
    assert all('tabindex="0" role="region" aria-label="' in f for f in frames), frames
    assert 'aria-label="二、主动公开政府信息情况"' in body
    stylesheet = (settings.BASE_DIR / "static/css/report.css").read_text()
    assert "@page" in stylesheet and "counter(page)" in stylesheet
    assert "break-inside: avoid" in stylesheet
    assert "overflow-x: auto" in stylesheet


def test_the_pages_link_to_the_organizations_trends_when_there_is_one(client, district, publisher):
    report = make_report(district)
    publish(report, publisher)
    try:
        trends = reverse("trends:organization", args=["zlj"])
    except NoReverseMatch:  # the trends page is another issue's; without it there is no link
        pytest.skip("no trends page")

    assert trends in text(client.get(LIST_URL))
    assert trends in text(client.get(report.get_absolute_url()))


# --- query budgets --------------------------------------------------------------------------


def _publish_many(district, publisher, count):
    for i in range(count):
        org = OrganizationFactory(code=f"dept{i}", parent=district)
        publish(make_report(org, 2016), publisher)


@pytest.mark.parametrize("count", [1, 6])
def test_the_list_page_reads_a_fixed_number_of_queries(
    client, district, publisher, django_assert_max_num_queries, count
):
    _publish_many(district, publisher, count)

    with django_assert_max_num_queries(1):
        response = client.get(LIST_URL)
    assert len(response.context["groups"]) == count


@pytest.mark.parametrize("revisions", [1, 5])
def test_the_report_page_reads_a_fixed_number_of_queries(
    client, district, publisher, django_assert_max_num_queries, revisions
):
    report = make_report(district)
    for n in range(revisions):
        publish(report, publisher, note=f"第{n + 1}次更正。" if n else "")

    with django_assert_max_num_queries(2):
        response = client.get(report.get_absolute_url())
    assert len(response.context["revisions"]) == revisions
    url = report.revisions.last().download_url("xlsx")
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200


# --- the catalogue, the feed and the sitemap ------------------------------------------------


def test_a_published_report_is_in_the_catalogue_under_its_column(client, district, publisher):
    report = make_report(district)
    revision = publish(report, publisher)
    entry = report.disclosure
    column = entry.category

    listing = text(client.get(reverse("disclosure:list") + f"?category={column.pk}"))
    detail = text(client.get(entry.get_absolute_url()))

    assert revision.title in listing
    assert f'href="{report.get_absolute_url()}"' in detail
    assert revision.download_url("xlsx") in detail


def test_a_published_report_is_in_the_feed(client, district, publisher):
    revision = publish(make_report(district), publisher)

    feed = text(client.get(reverse("disclosure:feed")))

    assert revision.title in feed


def test_a_published_report_is_in_the_sitemap(client, district, publisher):
    report = make_report(district)
    publish(report, publisher)
    draft = make_report(OrganizationFactory(code="zlj-draft", parent=district))

    site_map = text(client.get(reverse("sitemap")))
    assert report.disclosure.get_absolute_url() in site_map  # through the catalogue

    request = RequestFactory().get("/sitemap.xml")
    response = sitemap(request, sitemaps=SITEMAPS)
    response.render()
    reports_map = response.content.decode()
    assert report.get_absolute_url() in reports_map
    assert LIST_URL in reports_map
    assert draft.get_absolute_url() not in reports_map


def test_a_revision_stored_before_the_frames_took_focus_is_shown_with_focusable_frames(
    client, district, publisher
):
    report = ReportFactory(organization=district, year=2016, format="gb2021")
    revision = publish_report(
        report=report, by=publisher, on=date(2017, 3, 20), confirm_failing_checks=True
    )
    bare = '<div class="report-table-wrap">'
    stored = re.sub(r'<div class="report-table-wrap" [^>]*>', bare, revision.html)
    assert stored.count(bare) == 3
    ReportRevision.objects.filter(pk=revision.pk).update(html=stored)

    body = text(client.get(report.get_absolute_url()))

    assert bare not in body
    assert body.count('class="report-table-wrap" tabindex="0" role="region"') == 3
    assert 'aria-label="二、主动公开政府信息情况"' in body
