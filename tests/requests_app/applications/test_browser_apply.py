"""A person applies in a real browser, then follows the application with the codes shown.

Playwright drives Debian's chromium (/usr/bin/chromium, installed by the Makefile/CI
from Debian packages) against pytest-django's live server.
"""

import re

import pytest
from django.utils import translation

from requests_app.applications.models import Application
from tests.factories import OrganizationFactory

from .public_helpers import ADDRESS, PHONE, VALID_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_in_the_browser_and_follow_the_application_with_the_codes_shown(
    browser, live_server, tmp_path
):
    OrganizationFactory(code="zlj", name="自流井区人民政府", kind="government")
    OrganizationFactory(code="jyj", name="自流井区教育局")

    page = browser.new_page(locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/apply/?org=zlj")
    assert page.input_value("#id_organization") == "zlj"  # preselected from ?org=

    page.check("input[name=applicant_category][value=natural_person]")
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
    page.click("form.apply-form button[type=submit]")

    page.wait_for_url(re.compile(r"/apply/done/$"))
    assert "受理编号" in page.content() and "查询码" in page.content()
    number = page.inner_text("#tracking-number").strip()
    code = page.inner_text("#query-code").strip()
    assert re.fullmatch(r"ZLJ-\d{4}-\d{6}", number)
    page.screenshot(path=str(tmp_path / "done.png"), full_page=True)

    app = Application.objects.get()
    assert app.tracking_number == number
    with translation.override("zh-hans"):
        expected_status = app.get_status_display()

    page.goto(f"{live_server.url}/apply/status/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_query_code", code)
    page.click("form.apply-form button[type=submit]")
    page.wait_for_selector("#application-status")
    assert page.inner_text("#application-status").strip() == expected_status
    html = page.content()
    assert number in html
    for secret in (VALID_ID, PHONE, ADDRESS):
        assert secret not in html
    page.screenshot(path=str(tmp_path / "status.png"), full_page=True)


def test_a_wrong_code_in_the_browser_gets_the_generic_message(browser, live_server):
    org = OrganizationFactory(code="zlj")
    from requests_app.applications.models import hash_query_code
    from tests.factories import ApplicationFactory

    ApplicationFactory(
        organization=org, tracking_number="ZLJ-2026-000001", query_code_hash=hash_query_code("X")
    )
    page = browser.new_page(locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/apply/status/")
    page.fill("#id_tracking_number", "ZLJ-2026-000001")
    page.fill("#id_query_code", "WRONGCODE2")
    page.click("form.apply-form button[type=submit]")
    page.wait_for_selector(".form-errors")
    assert page.query_selector("#application-status") is None
