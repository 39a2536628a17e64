"""The pages people use run under the strict Content-Security-Policy without a violation:
every script and style they need is a static file.

Playwright drives Debian's chromium (/usr/bin/chromium) against pytest-django's live server.
"""

from datetime import date

import pytest
from django.urls import reverse

from disclosure.roles import ensure_staff_groups
from reports.services import publish_report
from tests.factories import (
    ApplicationFactory,
    DisclosureFactory,
    OrganizationFactory,
    ReportFactory,
    UserFactory,
)

PASSWORD = "pw-for-tests-123"  # UserFactory's

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_and_admin_pages_run_without_a_policy_violation(browser, live_server):
    dept = OrganizationFactory(code="zlj-hbj", name="自贡市自流井区环境保护局")
    disclosure = DisclosureFactory(organization=dept)
    application = ApplicationFactory(organization=dept)
    ApplicationFactory(  # something for the trend charts to draw
        organization=dept,
        received_on=date(2022, 5, 2),
        status="closed",
        outcome="granted",
        closed_on=date(2022, 5, 6),
        derive=False,
    )
    report = ReportFactory(organization=dept, year=2016)
    revision = publish_report(report=report, by=UserFactory(is_superuser=True), on=date(2017, 3, 1))
    clerk = UserFactory(username="clerk", organization=dept)
    clerk.groups.add(ensure_staff_groups()[0])

    page = browser.new_page(locale="zh-CN")
    page.set_default_timeout(15_000)
    violations, errors = [], []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))

    def visit(path):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_load_state("load")

    for path in [
        "/",
        "/disclosures/",
        disclosure.get_absolute_url(),
        "/apply/status/",
        revision.get_absolute_url(),
        "/mailbox/",
        f"/reports/{dept.code}/trends/",
    ]:
        visit(path)
    assert page.locator("svg[role=img]").count() >= 1  # the trends page draws its charts

    # The application form's one script: a second submit sends nothing.
    visit("/apply/")
    sent = page.evaluate(
        """() => {
            const form = document.querySelector(".apply-form");
            form.dispatchEvent(new Event("submit", {cancelable: true}));
            const second = new Event("submit", {cancelable: true});
            form.dispatchEvent(second);
            return [form.dataset.sent, second.defaultPrevented];
        }"""
    )
    assert sent == ["1", True]

    visit("/admin/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state("load")
    for path in [
        "/admin/",
        "/admin/disclosure/disclosure/",
        f"/admin/disclosure/disclosure/{disclosure.pk}/change/",
        "/admin/requests_app/application/",
        f"/admin/requests_app/application/{application.pk}/change/",
        reverse("applications:letter", args=[application.pk]),
    ]:
        visit(path)

    # The report editor's live preview is a static script: typing refreshes the panel.
    visit(f"/admin/reports/report/{report.pk}/change/")
    overview = report.sections.get(key="overview")
    index = page.get_attribute(f"input[name$='-id'][value='{overview.pk}']", "name").split("-")[1]
    page.locator(f"textarea[name='sections-{index}-text']").fill("预览里的这一句话。")
    page.locator("#report-preview .report-preview").get_by_text("预览里的这一句话。").wait_for()

    assert violations == []
    assert errors == []
