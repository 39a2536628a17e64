"""Every public page passes axe-core's WCAG 2.0/2.1 A and AA rules with no serious or critical
violation, on a desktop (1280×800) and a phone (390×844), and shows the site's identity and a
breadcrumb.

axe-core is the copy bundled by the `axe-playwright-python` package (no download at run time);
Playwright drives Debian's chromium against pytest-django's live server. The pages are reached
as a person reaches them: the forms are filled and sent in the browser, so the pages after a
submission (errors, the confirmation, a found application or letter) are checked too.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from disclosure.models import Attachment
from disclosure.roles import ensure_staff_groups
from disclosure.views import server_error
from reports.services import publish_report
from requests_app.petitions.services import decide_acceptance, publish_petition, reply_to_petition
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    DisclosureFactory,
    OrganizationFactory,
    PetitionFactory,
    ReportFactory,
    UserFactory,
)
from tests.requests_app.applications.public_helpers import ADDRESS, PHONE, VALID_ID
from tests.requests_app.proposals.test_proposals_public import published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IDENTITY = {
    "SITE_NAME": "自流井区政府信息公开",
    "SITE_SPONSOR": "自贡市自流井区人民政府办公室",
    "SITE_ORGANIZER": "自贡市自流井区大数据中心",
    "SITE_CODE": "5103020001",
    "SITE_ICP": "蜀ICP备00000000号",
    "SITE_PSB": "川公网安备 51030202000000号",
    "SITE_CONTACT": "电话 0813-0000000",
}
WIDTHS = {1280: 800, 390: 844}
# WCAG 2.0 and 2.1, levels A and AA: what the Done-when of issue 12 asks.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}


@dataclass
class Site:
    dept: object
    disclosure: object
    report: object
    revision: object
    national: object
    proposal: object
    letter: object
    foreign_application: object
    clerk_session: str


def build_site() -> Site:
    top = OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")
    dept = OrganizationFactory(code="zlj-hbj", name="自贡市自流井区环境保护局", parent=top)
    other = OrganizationFactory(code="zlj-jyj", name="自贡市自流井区教育局", parent=top)
    column = CategoryFactory(name="通知公告")
    # One page more than the catalogue's 20 a page, so page 2 exists.
    for n in range(21):
        DisclosureFactory(
            organization=dept, category=column, title=f"关于环境监测事项的通知（{n}）"
        )
    disclosure = DisclosureFactory(
        organization=dept,
        category=column,
        title="自流井区2025年环境质量状况公报",
        body="<p>2025年，全区环境空气质量优良天数比例为85.2%。</p><h2>一、空气</h2><p>正文。</p>",
    )
    Attachment.objects.create(
        disclosure=disclosure,
        file=SimpleUploadedFile("公报.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    for year, outcome in [(2022, "granted"), (2023, "withheld_state_secret")]:
        ApplicationFactory(  # something for the trend charts to draw
            organization=dept,
            received_on=date(year, 5, 2),
            status="closed",
            outcome=outcome,
            closed_on=date(year, 5, 6),
            derive=False,
        )
    admin = UserFactory(is_superuser=True)
    report = ReportFactory(organization=dept, year=2016)
    revision = publish_report(report=report, by=admin, on=date(2017, 3, 1))
    # The national format's tables (表一 to 表四) too.
    national = ReportFactory(organization=top, year=2025, format="gb2021")
    publish_report(report=national, by=admin, on=date(2026, 3, 20), confirm_failing_checks=True)
    proposal = published(dept, "关于加强釜溪河水质监测的建议")
    letter = PetitionFactory(organization=dept, channel="online", consent_to_publish=True)
    decide_acceptance(petition=letter, accepted=True, on=date(2016, 3, 2))
    reply_to_petition(petition=letter, reply="已安排修复。", on=date(2016, 3, 20))
    publish_petition(
        petition=letter,
        public_title="关于小区路灯损坏的来信",
        public_summary="有群众反映小区路灯损坏。",
        public_reply="路灯已修复。",
    )
    foreign = ApplicationFactory(organization=other)
    clerk = UserFactory(username="clerk", organization=dept)
    clerk.groups.add(ensure_staff_groups()[0])
    client = Client()
    client.force_login(clerk)
    return Site(
        dept=dept,
        disclosure=disclosure,
        report=report,
        revision=revision,
        national=national,
        proposal=proposal,
        letter=letter,
        foreign_application=foreign,
        clerk_session=client.cookies["sessionid"].value,
    )


class Audit:
    """Visits pages in one browser context and collects what fails on each."""

    def __init__(self, browser, live_server, width: int, settings):
        self.base = live_server.url
        self.width = width
        self.settings = settings
        self.context = browser.new_context(
            locale="zh-CN", viewport={"width": width, "height": WIDTHS[width]}
        )
        # axe-core is put in every page as it opens (as a browser extension would be): the
        # page's Content-Security-Policy does not apply to scripts the browser is given so.
        self.context.add_init_script(script=Axe().axe_script)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.failures: list[str] = []
        self.checked: list[str] = []

    def goto(self, path: str, status: int = 200):
        response = self.page.goto(self.base + path)
        assert response.status == status, (path, response.status)
        self.page.wait_for_load_state("load")

    def check(self, name: str):
        """axe, the identity in header and footer, and a breadcrumb, on the page shown."""
        where = f"{name} ({self.page.url.removeprefix(self.base)}) at {self.width}px"
        self.checked.append(where)
        results = self.page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        for violation in results["violations"]:
            if violation["impact"] not in BLOCKING:
                continue
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
            self.failures.append(
                f"{where}: {violation['id']} ({violation['impact']}) {violation['help']} — "
                f"{targets}"
            )
        # axe 4.x no longer counts duplicate ids under WCAG (4.1.1 is obsolete in WCAG 2.2),
        # but a label, aria-labelledby or skip link pointing at a doubled id still misleads.
        doubled = self.page.evaluate(
            """() => {
                const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
                return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
            }"""
        )
        if doubled:
            self.failures.append(f"{where}: duplicate ids {doubled}")
        header = self.page.locator("header.site-header")
        footer = self.page.locator("footer.site-footer .site-identity-list")
        header_text = header.inner_text() if header.count() else ""
        if IDENTITY["SITE_NAME"] not in header_text:
            self.failures.append(f"{where}: no site name in the header")
        if IDENTITY["SITE_SPONSOR"] not in header_text:
            self.failures.append(f"{where}: no 主办单位 in the header")
        footer_text = footer.inner_text() if footer.count() else ""
        for key in IDENTITY.keys() - {"SITE_NAME"}:
            if IDENTITY[key] not in footer_text:
                self.failures.append(f"{where}: {key} missing from the footer")
        crumbs = self.page.locator("nav.breadcrumbs[aria-label] li")
        if crumbs.count() == 0:
            self.failures.append(f"{where}: no breadcrumb")
        elif self.page.locator("nav.breadcrumbs [aria-current=page]").count() != 1:
            self.failures.append(f"{where}: the breadcrumb does not mark the current page")

    def visit(self, name: str, path: str, status: int = 200):
        self.goto(path, status)
        self.check(name)

    def submit(self, selector: str = "main form button[type=submit]") -> int:
        with self.page.expect_navigation() as navigation:
            self.page.click(selector)
        return navigation.value.status


def audit_public_site(audit: Audit, site: Site):
    dept, disclosure = site.dept, site.disclosure
    audit.visit("home", "/")
    audit.visit("catalogue", "/disclosures/")
    audit.visit("catalogue filtered", f"/disclosures/?org={dept.code}&genre=notice&q=通知")
    audit.visit("catalogue page 2", "/disclosures/?page=2")
    audit.visit("catalogue, bad filter", "/disclosures/?org=nobody")
    audit.visit("disclosure with attachment", disclosure.get_absolute_url())
    audit.visit("guide", reverse("disclosure:guide", args=[dept.code]))
    audit.visit("organization catalogue", reverse("disclosure:catalogue", args=[dept.code]))

    # Applying: the empty form, a submission with errors, then a good one and its codes.
    audit.visit("apply form", "/apply/")
    page = audit.page
    page.check("input[name=applicant_category][value=natural_person]")
    page.fill("#id_id_number", "510302199001011230")  # wrong check digit
    audit.submit("form.apply-form button[type=submit]")
    audit.check("apply form with errors")
    page.check("input[name=applicant_category][value=natural_person]")
    page.select_option("#id_organization", dept.code)
    page.fill("#id_applicant_name", "王小明")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", VALID_ID)
    page.fill("#id_phone", PHONE)
    page.fill("#id_email", "wang@example.com")
    page.fill("#id_address", ADDRESS)
    page.fill("#id_information_title", "2025年老旧小区改造项目清单")
    page.check("input[name=provision_form][value=electronic]")
    page.check("input[name=delivery_method][value=email]")
    page.check("#id_consent")
    audit.submit("form.apply-form button[type=submit]")
    assert page.url.endswith("/apply/done/"), page.url
    audit.check("apply done")
    number = page.inner_text("#tracking-number").strip()
    code = page.inner_text("#query-code").strip()

    audit.visit("status form", "/apply/status/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_query_code", "WRONGCODE2")
    audit.submit("form.apply-form button[type=submit]")
    audit.check("status, not found")
    page.fill("#id_tracking_number", number)
    page.fill("#id_query_code", code)
    audit.submit("form.apply-form button[type=submit]")
    page.wait_for_selector("#application-status")
    audit.check("status of an application")

    # A lost query code: the form, its errors, and the page after a request.
    audit.visit("recover the query code", reverse("applications:status_recover"))
    audit.submit("form.apply-form button[type=submit]")
    audit.check("recover the query code, with errors")
    page.fill("#id_tracking_number", number)
    page.fill("#id_contact", "wang@example.com")
    audit.submit("form.apply-form button[type=submit]")
    assert page.url.endswith(reverse("applications:status_recover_sent")), page.url
    audit.check("query code sent")

    # The leader's mailbox: the form, its errors, the confirmation, the reply, the letters.
    audit.visit("mailbox form", "/mailbox/")
    audit.submit()
    audit.check("mailbox form with errors")
    page.select_option("#id_organization", dept.code)
    page.fill("#id_subject", "反映小区路灯损坏问题")
    page.fill("#id_content", "我家楼下的三盏路灯坏了两个月，晚上出行不便。")
    page.fill("#id_petitioner_name", "钱多多")
    page.fill("#id_phone", "13812345678")
    audit.submit()
    assert page.url.endswith("/mailbox/filed/"), page.url
    audit.check("mailbox letter filed")
    filed = page.locator("main dd strong").all_inner_texts()
    audit.visit("mailbox status form", "/mailbox/status/")
    page.fill("#id_tracking_number", filed[0])
    page.fill("#id_query_code", filed[1])
    audit.submit()
    audit.check("mailbox status of a letter")
    audit.visit("published letters", "/mailbox/letters/")
    audit.visit("published letter", reverse("petitions:letter_detail", args=[site.letter.pk]))

    audit.visit("proposals", "/proposals/")
    audit.visit("proposal", reverse("proposals:proposal_detail", args=[site.proposal.pk]))
    audit.visit("reports", "/reports/")
    audit.visit("report", site.report.get_absolute_url())
    audit.visit("report revision", site.revision.get_absolute_url())
    audit.visit("national-format report", site.national.get_absolute_url())
    audit.visit("trends", reverse("trends:organization", args=[dept.code]))
    audit.visit("open data", "/open-data/")
    audit.goto("/api/")
    audit.page.wait_for_selector(".opblock-summary", state="attached")  # Swagger UI drawn
    audit.check("api")
    audit.visit("not found", "/no-such-page/", status=404)

    # 500: the page the server answers when a view fails (rendered here, served with the
    # site's real stylesheet).
    error_page = server_error(RequestFactory().get("/")).content
    page.route(
        audit.base + "/server-error/",
        lambda route: route.fulfill(
            status=500, body=error_page, content_type="text/html; charset=utf-8"
        ),
    )
    audit.visit("server error", "/server-error/", status=500)
    page.unroute(audit.base + "/server-error/")

    # 413: a body over the public limit, refused before it is read.
    audit.goto("/mailbox/")
    limit = audit.settings.MAX_PUBLIC_REQUEST_MB
    audit.settings.MAX_PUBLIC_REQUEST_MB = 0
    try:
        page.fill("#id_subject", "过大的来信")
        status = audit.submit()
    finally:
        audit.settings.MAX_PUBLIC_REQUEST_MB = limit
    assert status == 413, status
    audit.check("request too large")

    # 403: a member of staff opening another organization's letter.
    audit.context.add_cookies(
        [{"name": "sessionid", "value": site.clerk_session, "url": audit.base}]
    )
    audit.visit(
        "access denied",
        reverse("applications:letter", args=[site.foreign_application.pk]),
        status=403,
    )
    audit.context.clear_cookies()

    # The same page in English, switched with the header's language form.
    audit.goto("/disclosures/")
    page.select_option("#lang-select", "en")
    audit.submit(".lang-switch button[type=submit]")
    assert page.locator("html").get_attribute("lang") == "en"
    audit.check("catalogue in English")


def test_every_public_page_passes_axe_and_shows_identity_and_breadcrumb(
    browser, live_server, settings
):
    for key, value in IDENTITY.items():
        setattr(settings, key, value)
    site = build_site()
    failures, checked = [], []
    for width in WIDTHS:
        audit = Audit(browser, live_server, width, settings)
        try:
            audit_public_site(audit, site)
        finally:
            audit.context.close()
        failures += audit.failures
        checked += audit.checked
    assert len(checked) >= 2 * 30, checked
    assert failures == [], "\n" + "\n".join(failures)


def test_the_audit_reports_what_a_broken_page_gets_wrong(browser, live_server, settings):
    """The check can fail: an unlabelled field, grey-on-white text, no identity, no breadcrumb."""
    for key, value in IDENTITY.items():
        setattr(settings, key, value)
    broken = (
        '<!DOCTYPE html><html lang="zh-hans"><head><title>坏页面</title></head><body>'
        '<header class="site-header"><p>政府信息公开</p></header><main><h1>坏页面</h1>'
        '<input type="text"><p style="color:#bbb;background:#fff">浅色文字</p>'
        '<p id="twice">一</p><p id="twice">二</p></main></body></html>'
    )
    audit = Audit(browser, live_server, 390, settings)
    try:
        audit.page.route(
            audit.base + "/broken/",
            lambda route: route.fulfill(body=broken, content_type="text/html; charset=utf-8"),
        )
        audit.visit("broken", "/broken/")
    finally:
        audit.context.close()
    report = "\n".join(audit.failures)
    assert "broken (/broken/) at 390px: label (critical)" in report
    assert "color-contrast (serious)" in report
    assert "no 主办单位 in the header" in report
    assert "SITE_ICP missing from the footer" in report
    assert "no breadcrumb" in report
    assert "duplicate ids ['twice']" in report
