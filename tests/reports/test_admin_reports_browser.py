"""Staff write a report's prose with the live preview, publish it, and the public reads it.

Playwright drives Debian's chromium (/usr/bin/chromium) against pytest-django's live server.
"""

import re
from datetime import date

import pytest

from disclosure.roles import ensure_staff_groups
from reports.models import ReportRevision
from tests.factories import (
    ApplicationFactory,
    EnteredFigureFactory,
    OrganizationFactory,
    ReportFactory,
    UserFactory,
)

PASSWORD = "pw-for-tests-123"  # UserFactory's

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_write_with_the_live_preview_publish_and_the_public_reads_it(browser, live_server):
    dept = OrganizationFactory(code="zlj-hbj", name="自贡市自流井区环境保护局")
    ApplicationFactory(
        organization=dept,
        received_on=date(2016, 3, 2),
        status="closed",
        outcome="granted",
        closed_on=date(2016, 3, 20),
        is_historical=True,
    )
    EnteredFigureFactory(organization=dept, year=2016, key="window.visitors", value=37000)
    report = ReportFactory(organization=dept, year=2016)
    clerk = UserFactory(username="clerk", organization=dept)
    clerk.groups.add(ensure_staff_groups()[0])

    page = browser.new_page(locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/reports/report/{report.pk}/change/")

    # Typing refreshes the preview, with the figure resolved, before anything is saved.
    overview = report.sections.get(key="overview")
    index = page.get_attribute(f"input[name$='-id'][value='{overview.pk}']", "name").split("-")[1]
    textarea = page.locator(f"textarea[name='sections-{index}-text']")
    textarea.fill("本年新收申请{applications.received}件，窗口接待{window.visitors}人次。")
    preview = page.locator("#report-preview .report-preview")
    preview.get_by_text("本年新收申请1件，窗口接待3.7万人次。").wait_for()

    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(rf"/admin/reports/report/{report.pk}/change/$"))
    assert "本年新收申请{applications.received}件" in report.sections.get(key="overview").text

    page.click(f"a[href$='/admin/reports/report/{report.pk}/publish/']")
    page.click("input[type=submit].default")
    page.wait_for_url(re.compile(rf"/admin/reports/report/{report.pk}/change/$"))
    revision = ReportRevision.objects.get(report=report)

    page.goto(f"{live_server.url}{revision.get_absolute_url()}")
    assert page.get_by_text("本年新收申请1件，窗口接待3.7万人次。").is_visible()
    with page.expect_download() as download:
        page.click("a.report-download[href$='.docx']")
    assert download.value.suggested_filename.endswith("年政府信息公开工作年度报告.docx")
