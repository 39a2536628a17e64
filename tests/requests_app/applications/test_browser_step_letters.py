"""The letters in a browser: each kind's print page at 1280 px is a proper letter (one
column, title centred, 文号 under it, signature right), the admin's letter section, and no
Content-Security-Policy violation. LETTER_SCREENSHOTS=DIR keeps the screenshots."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from disclosure.roles import ensure_staff_groups
from requests_app.applications.event_data import CONSULTATION_THIRD_PARTY
from requests_app.applications.fees import FeeMethod
from requests_app.applications.models import LetterKind
from requests_app.applications.services import workflow as wf
from requests_app.applications.services.letters import issue_letter
from requests_app.applications.step_letters import letter_slots
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-123"  # UserFactory's
D = date.fromisoformat


def _issue_all(organ, staff):
    """One application per kind, with its step recorded and its letter issued."""
    made = {}
    a = ApplicationFactory(
        organization=organ,
        applicant_name="王小明",
        received_on=D("2026-03-02"),
        information_title="2025年学校食堂检查结果",
    )
    wf.request_correction(
        application=a,
        by=staff,
        on=D("2026-03-04"),
        deadline=D("2026-03-18"),
        message="请写明所需检查结果涉及的学校名称和检查时间段。",
    )
    made[LetterKind.CORRECTION] = a
    b = ApplicationFactory(organization=organ, applicant_name="李华", received_on=D("2026-03-02"))
    wf.extend(
        application=b,
        by=staff,
        on=D("2026-03-20"),
        workdays=20,
        approved_by="陈主任",
        reason="申请涉及多所学校近三年的检查记录，需要逐一检索、汇总",
    )
    made[LetterKind.EXTENSION] = b
    f = ApplicationFactory(organization=organ, applicant_name="周杰", received_on=D("2026-03-02"))
    wf.delay_reply(
        application=f,
        by=staff,
        on=D("2026-03-20"),
        reply_by=D("2026-05-29"),
        reason="您本月提出的申请达45件，需要逐件检索、核对",
    )
    made[LetterKind.DELAY] = f
    c = ApplicationFactory(organization=organ, applicant_name="张伟", received_on=D("2026-03-02"))
    wf.notify_fee(application=c, by=staff, on=D("2026-03-10"), method=FeeMethod.BY_PAGES, pages=101)
    made[LetterKind.FEE] = c
    d = ApplicationFactory(organization=organ, applicant_name="赵敏", received_on=D("2026-03-02"))
    wf.start_consultation(
        application=d,
        by=staff,
        on=D("2026-03-06"),
        party="自贡市盐都餐饮管理有限公司",
        kind=CONSULTATION_THIRD_PARTY,
        delivered_on=D("2026-03-09"),
    )
    made[LetterKind.CONSULTATION] = d
    e = ApplicationFactory(organization=organ, applicant_name="孙丽", received_on=D("2026-03-02"))
    wf.answer(
        application=e,
        by=staff,
        on=D("2026-03-12"),
        outcome="granted",
        reply_text="现将2025年学校食堂检查结果汇总表提供给您，请查收。",
    )
    e.refresh_from_db()
    made[LetterKind.REPLY] = e
    issued = {}
    for kind, app in made.items():
        slot = next(s for s in letter_slots(app) if s.kind == kind)
        issued[kind] = issue_letter(application=app, key=slot.key, by=staff)
    return made, issued


def test_each_letter_prints_as_a_letter(browser, live_server, frozen, tmp_path):
    frozen("2026-03-20")
    district = OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")
    organ = OrganizationFactory(
        code="zljjy",
        name="自贡市自流井区教育局",
        short_name="区教育局",
        parent=district,
        office_name="区教育局办公室",
        address="自贡市自流井区檀木林大街1号",
        postcode="643000",
        phone="0813-2201234",
        email="zljjy@example.org",
    )
    staff = UserFactory(username="jy-clerk", organization=organ)
    staff.groups.add(ensure_staff_groups()[0])
    made, issued = _issue_all(organ, staff)
    out = Path(os.environ.get("LETTER_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)

    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    violations = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "jy-clerk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state("load")

    for kind, letter in issued.items():
        response = page.goto(
            live_server.url + reverse("applications:issued_letter", args=[letter.pk])
        )
        assert response.status == 200
        title = page.locator("article.letter h1")
        number = page.locator("article.letter .number")
        assert title.inner_text() == letter.title
        assert number.inner_text() == letter.number
        # A letter: one centred column, title and 文号 centred, the signature to the right.
        box = page.locator("article.letter").bounding_box()
        assert 500 < box["width"] < 800
        assert abs((box["x"] + box["width"] / 2) - 640) < 20
        assert (
            page.evaluate("getComputedStyle(document.querySelector('article h1')).textAlign")
            == "center"
        )
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.sign')).textAlign") == "right"
        )
        page.screenshot(path=str(out / f"letter-{kind}.png"), full_page=True)

    app = made[LetterKind.CORRECTION]
    page.goto(live_server.url + reverse("admin:requests_app_application_change", args=[app.pk]))
    section = page.locator(".workflow-letters")
    assert issued[LetterKind.CORRECTION].number in section.inner_text()
    page.locator("#issued_letters-group").scroll_into_view_if_needed()
    page.screenshot(path=str(out / "admin-letters.png"), full_page=True)
    assert violations == []
