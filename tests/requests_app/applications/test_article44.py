"""依申请公开转主动公开 (条例第四十四条): an answered application's released information
published as a catalogue entry, without the applicant's personal data."""

import json
from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from disclosure.models import Attachment, Disclosure, DisclosureOrigin, DisclosureStatus
from disclosure.roles import ensure_staff_groups
from disclosure.services.publishing import withdraw_disclosure
from requests_app.applications.models import (
    ApplicationDisclosure,
    ApplicationEvent,
    EventKind,
    Outcome,
)
from requests_app.applications.services import article44
from requests_app.applications.services import workflow as wf
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    DisclosureFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = date.fromisoformat

NAME = "王小明"
ID_NUMBER = "510302199001011239"
PHONE = "13800005678"
EMAIL = "wangxm@example.com"
ADDRESS = "四川省自贡市自流井区测试路8号"
PERSONAL = (NAME, ID_NUMBER, PHONE, EMAIL, ADDRESS, "138-0000-5678")

TITLE = "2025年全区学校食堂检查结果"
BODY = "2025年全区32所学校食堂的检查结果。\n\n检查由区教育局会同区市场监管局开展。"


@pytest.fixture
def organ():
    return OrganizationFactory(code="zljjy", name="自贡市自流井区教育局")


def staff_user(org, username):
    group, _ = ensure_staff_groups()
    user = UserFactory(username=username, organization=org)
    user.groups.add(group)
    return user


@pytest.fixture
def staff(organ):
    return staff_user(organ, "jy-staff")


@pytest.fixture
def column():
    return CategoryFactory(name="其他信息", slug="other-info")


def _answered(organ, staff, *, outcome=Outcome.GRANTED, **kwargs):
    app = ApplicationFactory(
        organization=organ,
        applicant_name=NAME,
        id_number=ID_NUMBER,
        phone=PHONE,
        email=EMAIL,
        address=ADDRESS,
        information_title="学校食堂检查结果",
        description="请公开2025年全区学校食堂检查结果，联系电话13800005678。",
        received_on=D("2026-03-02"),
    )
    wf.answer(
        application=app,
        by=staff,
        on=D("2026-03-10"),
        outcome=outcome,
        reply_text=f"{NAME}：您申请的信息见附件。",
        attachments=[("检查结果表", SimpleUploadedFile("result.pdf", b"%PDF-1.4 test"))],
        **kwargs,
    )
    app.refresh_from_db()
    return app


@pytest.fixture
def app(organ, staff):
    return _answered(organ, staff)


def _convert(app, staff, column, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return article44.make_public(
            application=app,
            by=staff,
            title=kwargs.pop("title", TITLE),
            body=kwargs.pop("body", BODY),
            category=column,
            attachments=kwargs.pop("attachments", list(app.reply_attachments.all())),
            **kwargs,
        )


def _public_fields(disclosure: Disclosure) -> str:
    """Every stored value of the entry and its attachments (what any API could expose)."""
    row = Disclosure.objects.filter(pk=disclosure.pk).values().get()
    attachments = list(Attachment.objects.filter(disclosure=disclosure).values())
    return json.dumps([row, attachments], default=str, ensure_ascii=False)


def test_conversion_publishes_an_entry_without_personal_data(
    app, staff, column, client, django_capture_on_commit_callbacks
):
    link = _convert(app, staff, column, django_capture_on_commit_callbacks)
    d = link.disclosure
    d.refresh_from_db()
    assert d.status == DisclosureStatus.PUBLISHED
    assert d.origin == DisclosureOrigin.ON_REQUEST
    assert d.index_number.startswith(app.organization.index_identifier)
    assert d.organization == app.organization and d.category == column
    assert d.title == TITLE and "32所学校食堂" in d.body
    assert [a.title for a in d.attachments.all()] == ["检查结果表"]
    assert d.attachments.get().original_name == "检查结果表.pdf"

    stored = _public_fields(d)
    detail = client.get(d.get_absolute_url()).content.decode()
    listing = client.get(reverse("disclosure:on_request")).content.decode()
    for value in PERSONAL:
        assert value not in stored
        assert value not in detail
        assert value not in listing
    assert app.tracking_number not in detail

    # Findable by the catalogue's search, like any published document.
    from disclosure.search.query import search

    found = search(Disclosure.objects.all(), "食堂 检查")
    assert d.pk in {x.pk for x in found}


def test_the_api_shows_no_personal_data(
    app, staff, column, client, django_capture_on_commit_callbacks
):
    link = _convert(app, staff, column, django_capture_on_commit_callbacks)
    try:
        url = reverse("api:disclosure-detail", args=[link.disclosure.pk])
    except Exception:
        pytest.skip("the public API is not in this tree")
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert link.disclosure.index_number in text
    for value in PERSONAL:
        assert value not in text
    listing = client.get(reverse("api:disclosure-list"), {"q": "食堂"}).content.decode()
    assert link.disclosure.index_number in listing
    for value in PERSONAL:
        assert value not in listing


def test_links_both_ways_event_log_and_audit(
    app, staff, column, client, django_capture_on_commit_callbacks
):
    link = _convert(app, staff, column, django_capture_on_commit_callbacks)
    d = link.disclosure
    app.refresh_from_db()
    assert app.made_public.disclosure == d
    assert d.from_application.application == app
    event = ApplicationEvent.objects.get(application=app, kind=EventKind.MADE_PUBLIC)
    assert d.index_number in event.message and TITLE in event.message
    assert event.data == {"disclosure_id": d.pk, "index_number": d.index_number}
    assert event.actor == staff and event.public
    # Closed, with its outcome: the log entry changes nothing of the handling.
    assert app.status == "closed" and app.outcome == Outcome.GRANTED
    assert LogEntry.objects.filter(object_id=str(app.pk), change_message__contains=d.index_number)
    assert LogEntry.objects.filter(
        object_id=str(d.pk), change_message__contains=app.tracking_number
    )

    client.force_login(staff)
    page = client.get(reverse("admin:requests_app_application_change", args=[app.pk]))
    html = page.content.decode()
    assert d.get_absolute_url() in html
    assert reverse("admin:disclosure_disclosure_change", args=[d.pk]) in html
    assert reverse("admin:requests_app_application_make_public", args=[app.pk]) not in html


def test_admin_form_prefills_and_publishes(app, staff, column, client):
    client.force_login(staff)
    url = reverse("admin:requests_app_application_make_public", args=[app.pk])
    change = client.get(reverse("admin:requests_app_application_change", args=[app.pk]))
    assert url in change.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "学校食堂检查结果" in html  # the title, prefilled
    attachment = app.reply_attachments.get()
    response = client.post(
        url,
        {
            "title": TITLE,
            "body": BODY,
            "category": column.pk,
            "genre": "other",
            "attachments": [attachment.pk],
        },
    )
    assert response.status_code == 302
    link = ApplicationDisclosure.objects.get(application=app)
    assert link.made_by == staff
    assert link.disclosure.attachments.count() == 1


def test_a_body_with_the_applicants_phone_is_refused_and_kept(app, staff, column, client):
    client.force_login(staff)
    url = reverse("admin:requests_app_application_make_public", args=[app.pk])
    body = BODY + "\n\n如有疑问请联系 138-0000-5678。"
    before = Disclosure.objects.count()
    response = client.post(
        url, {"title": TITLE, "body": body, "category": column.pk, "genre": "other"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "errornote" in html
    assert "138-0000-5678" in html  # the input is kept
    assert TITLE in html
    assert Disclosure.objects.count() == before
    assert not ApplicationDisclosure.objects.exists()
    assert not ApplicationEvent.objects.filter(kind=EventKind.MADE_PUBLIC).exists()


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        (f"{NAME}申请的信息", BODY, "applicant_name"),
        (TITLE, f"身份证号{ID_NUMBER}", "id_number"),
        (TITLE, f"邮箱 {EMAIL.upper()}", "email"),
        (TITLE, f"电话 {PHONE[:3]} {PHONE[3:7]} {PHONE[7:]}", "phone"),
        (TITLE, f"住址：{ADDRESS}", "address"),
    ],
)
def test_each_kind_of_personal_data_is_refused(app, staff, column, title, body, field):
    with pytest.raises(article44.MadePublicError) as info:
        article44.make_public(application=app, by=staff, title=title, body=body, category=column)
    label = str(app._meta.get_field(field).verbose_name)
    assert label in info.value.message
    assert str(article44.personal_data_in(app, title, body).fields) == str((label,))
    assert not Disclosure.objects.filter(origin=DisclosureOrigin.ON_REQUEST).exists()


def test_the_prefilled_body_is_refused_until_cleaned(app, staff, column):
    # The reply greets the applicant by name: the offered text must be edited first.
    with pytest.raises(article44.MadePublicError):
        article44.make_public(
            application=app,
            by=staff,
            title=article44.suggested_title(app),
            body=article44.suggested_body(app),
            category=column,
        )


def test_only_answered_applications_that_released_information_qualify(organ, staff, column, client):
    in_progress = ApplicationFactory(organization=organ, received_on=D("2026-03-02"))
    withheld = _answered(organ, staff, outcome=Outcome.WITHHELD_THIRD_PARTY_RIGHTS)
    for app in (in_progress, withheld):
        assert article44.refusal(app)
        with pytest.raises(article44.MadePublicError):
            article44.make_public(
                application=app, by=staff, title=TITLE, body=BODY, category=column
            )
    partial = _answered(organ, staff, outcome=Outcome.PARTIALLY_GRANTED)
    assert article44.refusal(partial) is None

    client.force_login(staff)
    page = client.get(reverse("admin:requests_app_application_change", args=[in_progress.pk]))
    assert (
        reverse("admin:requests_app_application_make_public", args=[in_progress.pk])
        not in page.content.decode()
    )
    response = client.post(
        reverse("admin:requests_app_application_make_public", args=[in_progress.pk]),
        {"title": TITLE, "body": BODY, "category": column.pk, "genre": "other"},
    )
    assert response.status_code == 200
    assert not Disclosure.objects.filter(origin=DisclosureOrigin.ON_REQUEST).exists()


def test_an_answer_pointing_to_published_information_has_nothing_to_publish(organ, staff, column):
    published = DisclosureFactory(organization=organ)
    app = _answered(organ, staff, published=[published])
    with translation.override("en"):
        assert "36(1)" in article44.refusal(app)
    with translation.override("zh-hans"):
        assert "第三十六条第（一）项" in article44.refusal(app)


def test_made_public_once(app, staff, column, django_capture_on_commit_callbacks):
    _convert(app, staff, column, django_capture_on_commit_callbacks)
    with pytest.raises(article44.MadePublicError):
        _convert(app, staff, column, django_capture_on_commit_callbacks, title="另一个标题")
    assert ApplicationDisclosure.objects.count() == 1


def test_other_organizations_staff_get_403(app, column, client):
    other = staff_user(OrganizationFactory(code="zljws", name="区卫健局"), "ws-staff")
    client.force_login(other)
    url = reverse("admin:requests_app_application_make_public", args=[app.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"title": TITLE, "body": BODY, "category": column.pk, "genre": "other"}
    )
    assert response.status_code == 403
    assert not ApplicationDisclosure.objects.exists()


def test_the_public_list(app, staff, column, client, django_capture_on_commit_callbacks):
    proactive = DisclosureFactory(organization=app.organization, title="区教育局2025年工作总结")
    link = _convert(app, staff, column, django_capture_on_commit_callbacks)
    html = client.get(reverse("disclosure:on_request")).content.decode()
    assert TITLE in html and link.disclosure.get_absolute_url() in html
    assert proactive.title not in html
    # Linked from the catalogue, the home page and the apply page.
    on_request_url = reverse("disclosure:on_request")
    assert on_request_url in client.get(reverse("disclosure:list")).content.decode()
    assert on_request_url in client.get(reverse("disclosure:home")).content.decode()
    assert on_request_url in client.get(reverse("applications:apply")).content.decode()
    # The detail page says where it came from.
    assert on_request_url in client.get(link.disclosure.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_disclosure(disclosure=link.disclosure, by=staff, reason="更正")
    assert TITLE not in client.get(reverse("disclosure:on_request")).content.decode()


def test_counted_per_year_for_the_annual_report(
    app, staff, column, django_capture_on_commit_callbacks
):
    from reports.engine.providers import compute_figures

    assert compute_figures(app.organization, 2026)["applications.made_public"].value == 0
    _convert(app, staff, column, django_capture_on_commit_callbacks, on=D("2026-03-12"))
    figures = compute_figures(app.organization, 2026)
    assert figures["applications.made_public"].value == 1
    assert compute_figures(app.organization, 2025)["applications.made_public"].value == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_make_public_in_the_browser_and_the_public_list(browser, live_server, tmp_path):
    import os
    from pathlib import Path

    organ = OrganizationFactory(code="zljjy", name="自贡市自流井区教育局")
    staff = staff_user(organ, "jy-clerk")
    column = CategoryFactory(name="其他信息", slug="other-info")
    DisclosureFactory(organization=organ, title="2024年全区学校食堂检查结果公告")
    app = _answered(organ, staff)
    out = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    violations = []

    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "jy-clerk")
    page.fill("#id_password", "pw-for-tests-123")
    page.click("input[type=submit]")
    page.wait_for_load_state("load")
    page.goto(live_server.url + reverse("admin:requests_app_application_change", args=[app.pk]))
    assert "2024年全区学校食堂检查结果公告" in page.inner_text(".published-matches")
    page.locator(".workflow-made-public").scroll_into_view_if_needed()
    page.screenshot(path=str(out / "admin-application-article44.png"))
    page.click("a[data-step=make_public]")
    page.fill("#id_title", TITLE)
    page.fill("#id_body", BODY + "\n\n联系电话：13800005678")
    page.select_option("#id_category", str(column.pk))
    page.check("input[name=attachments]")
    page.click("input[type=submit]")
    assert "13800005678" in page.input_value("#id_body")  # refused, input kept
    page.screenshot(path=str(out / "admin-make-public-refused.png"), full_page=True)
    page.fill("#id_body", BODY)
    page.click("input[type=submit]")
    page.wait_for_selector("#made-public")
    assert TITLE in page.inner_text("#made-public")

    for width, height in ((1280, 900), (390, 844)):
        public = browser.new_page(locale="zh-CN", viewport={"width": width, "height": height})
        public.goto(live_server.url + reverse("disclosure:on_request"))
        assert TITLE in public.inner_text("main")
        public.screenshot(path=str(out / f"on-request-list-{width}.png"), full_page=True)
        public.click(f"text={TITLE}")
        public.wait_for_load_state("load")
        text = public.inner_text("main")
        assert "32所学校食堂" in text
        for value in PERSONAL:
            assert value not in text
        public.screenshot(path=str(out / f"on-request-detail-{width}.png"), full_page=True)
        public.close()
    assert violations == []
