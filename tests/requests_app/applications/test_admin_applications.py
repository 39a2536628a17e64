"""The staff queue over HTTP: scoping, masking, deadline filters, steps and registration."""

from datetime import date

import pytest
from django.urls import reverse

from disclosure.roles import ensure_staff_groups
from requests_app.applications.models import Application, ApplicationStatus, EventKind, ReviewCase
from requests_app.applications.services import workflow as wf
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat

FULL_ID = "510302199001011239"
MASKED_ID = "5103**********1239"


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


@pytest.fixture
def other_org():
    return OrganizationFactory(code="gxq", name="高新区管委会")


def staff_user(org, username):
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(username=username, organization=org)
    user.groups.add(staff_group)
    return user


@pytest.fixture
def staff(org):
    return staff_user(org, "zlj-staff")


@pytest.fixture
def client_for(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def change_url(app):
    return reverse("admin:requests_app_application_change", args=[app.pk])


def step_url(app, step):
    return reverse("admin:requests_app_application_step", args=[app.pk, step])


def test_list_masks_identity_number_and_phone(org, staff, client_for, frozen):
    frozen("2026-03-10")
    ApplicationFactory(organization=org, id_number=FULL_ID, phone="13800005678")
    html = client_for(staff).get(reverse("admin:requests_app_application_changelist")).text
    assert MASKED_ID in html
    assert "138****5678" in html
    assert FULL_ID not in html
    assert "13800005678" not in html
    assert "测试路8号" not in html


def test_change_page_shows_full_values_to_staff_of_the_organization(org, staff, client_for, frozen):
    frozen("2026-03-10")
    app = ApplicationFactory(organization=org, id_number=FULL_ID, phone="13800005678")
    response = client_for(staff).get(change_url(app))
    assert response.status_code == 200
    html = response.text
    assert FULL_ID in html
    assert "13800005678" in html
    assert "四川省自贡市自流井区测试路8号" in html
    # The due-date explanation and the steps allowed in progress.
    assert "2026-03-30" in html
    assert f'href="{step_url(app, "answer")}"' in html
    assert f'href="{step_url(app, "confirm_receipt")}"' not in html


def test_staff_of_another_organization_get_403(org, other_org, client_for, frozen):
    frozen("2026-03-10")
    app = ApplicationFactory(organization=org)
    outsider = staff_user(other_org, "gxq-staff")
    client = client_for(outsider)
    assert client.get(change_url(app)).status_code == 403
    assert client.get(step_url(app, "answer")).status_code == 403
    response = client.post(
        step_url(app, "withdraw"), {"on": "2026-03-10", "note": ""}, follow=False
    )
    assert response.status_code == 403
    app.refresh_from_db()
    assert app.status == ApplicationStatus.IN_PROGRESS
    listing = client.get(reverse("admin:requests_app_application_changelist")).text
    assert app.tracking_number not in listing


def test_supervisor_sees_every_organization(org, other_org, client_for, frozen):
    frozen("2026-03-10")
    a = ApplicationFactory(organization=org)
    b = ApplicationFactory(organization=other_org)
    boss = UserFactory(username="boss", organization=None, is_superuser=True)
    html = client_for(boss).get(reverse("admin:requests_app_application_changelist")).text
    assert a.tracking_number in html and b.tracking_number in html


def test_deadline_filters_use_working_days(org, staff, client_for, frozen):
    # Today Fri 2026-04-24; +5 working days: 27, 28, 29, 30 Apr, (1–5 May off), 6 May.
    frozen("2026-04-24")
    overdue = ApplicationFactory(organization=org, received_on=D("2026-03-20"))  # due 20 Apr
    # After Thu 2 Apr: 3 Apr 1, (6 Apr Qingming), 7–10 Apr 5, 13–17 Apr 10, 20–24 Apr 15,
    # 27–30 Apr 19, (1–5 May off), 6 May 20.
    soon = ApplicationFactory(organization=org, received_on=D("2026-04-02"))
    later = ApplicationFactory(organization=org, received_on=D("2026-04-03"))  # one day later
    assert (overdue.due_on, soon.due_on, later.due_on) == (
        D("2026-04-20"),
        D("2026-05-06"),
        D("2026-05-07"),
    )
    client = client_for(staff)
    url = reverse("admin:requests_app_application_changelist")
    html = client.get(url, {"deadline": "overdue"}).text
    assert overdue.tracking_number in html
    assert soon.tracking_number not in html
    html = client.get(url, {"deadline": "soon"}).text
    assert soon.tracking_number in html
    assert later.tracking_number not in html
    assert overdue.tracking_number not in html
    # Days left: 4 working days after 20 Apr up to 24 Apr, shown as late.
    html = client.get(url).text
    assert "逾期4个工作日" in html


def test_changelist_queries_do_not_grow_with_rows(
    org, staff, client_for, frozen, django_assert_max_num_queries
):
    frozen("2026-04-24")
    client = client_for(staff)
    url = reverse("admin:requests_app_application_changelist")
    for _ in range(3):
        ApplicationFactory(organization=org)
    client.get(url)  # warm the calendar cache and the session
    with django_assert_max_num_queries(14):
        client.get(url)
    for _ in range(20):
        ApplicationFactory(organization=org)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200


def test_step_form_calls_the_service(org, staff, client_for, frozen):
    frozen("2026-03-04")
    app = ApplicationFactory(organization=org, received_on=D("2026-03-02"))
    response = client_for(staff).post(
        step_url(app, "extend"),
        {"on": "2026-03-04", "workdays": "10", "approved_by": "王主任", "reason": "材料较多"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    # 20 + 10 working days after Mon 2 Mar 2026 (6 Apr Qingming off): 14 Apr.
    assert app.due_on == D("2026-04-14")
    assert app.events.filter(kind=EventKind.EXTENDED, actor=staff).exists()


def test_refused_step_shows_the_reason_and_keeps_the_input(org, staff, client_for, frozen):
    frozen("2026-03-20")
    app = ApplicationFactory(organization=org, received_on=D("2026-03-02"))
    response = client_for(staff).post(
        step_url(app, "request_correction"),
        {"on": "2026-03-20", "deadline": "2026-03-30", "message": "请补充文号"},
    )
    assert response.status_code == 200
    html = response.text
    assert "errornote" in html
    # 7 working days after 2 Mar end on 11 Mar (in Chinese or English).
    assert "2026年3月11日" in html or "March 11, 2026" in html
    assert "请补充文号" in html
    assert app.events.count() == 1


def test_invalid_step_form_shows_field_errors(org, staff, client_for, frozen):
    frozen("2026-03-20")
    app = ApplicationFactory(organization=org, received_on=D("2026-03-02"))
    response = client_for(staff).post(
        step_url(app, "extend"), {"on": "2026-03-20", "workdays": "25", "approved_by": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"workdays", "approved_by", "reason"}


def test_answer_with_an_attachment_over_http(org, staff, client_for, frozen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    frozen("2026-03-20")
    app = ApplicationFactory(organization=org, received_on=D("2026-03-02"))
    upload = SimpleUploadedFile("reply.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client_for(staff).post(
        step_url(app, "answer"),
        {
            "on": "2026-03-20",
            "outcome": "granted",
            "reply_text": "现提供如下信息。",
            "attachments": [upload],
        },
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CLOSED
    assert app.reply_attachments.count() == 1


def test_unknown_step_is_404(org, staff, client_for, frozen):
    frozen("2026-03-20")
    app = ApplicationFactory(organization=org)
    assert client_for(staff).get(step_url(app, "approve_everything")).status_code == 404


def test_register_in_person_shows_codes_once(org, staff, client_for, frozen):
    frozen("2026-03-02")
    response = client_for(staff).post(
        reverse("admin:requests_app_application_add"),
        {
            "organization": org.pk,
            "channel": "registered_mail",
            "received_on": "2026-03-02",
            "applicant_type": "natural_person",
            "applicant_name": "王五",
            "id_type": "resident_id",
            "id_number": FULL_ID,
            "description": "某某文件",
            "client_token": "R" * 32,
        },
        follow=True,  # post/redirect/get: the codes are on the page after the redirect
    )
    assert response.status_code == 200
    app = Application.objects.get()
    assert app.tracking_number == "ZLJ-2026-000001"
    assert app.channel == "registered_mail"
    assert app.status == ApplicationStatus.IN_PROGRESS
    code = response.context["query_code"]
    assert code in response.text
    assert app.check_query_code(code)


def test_register_rejects_bad_input_and_keeps_it(org, other_org, staff, client_for, frozen):
    frozen("2026-03-02")
    response = client_for(staff).post(
        reverse("admin:requests_app_application_register"),
        {
            "organization": other_org.pk,  # out of scope: not a valid choice
            "channel": "online",
            "received_on": "2026-03-05",
            "applicant_type": "natural_person",
            "applicant_name": "王五",
            "id_type": "resident_id",
            "id_number": "510302199001011234",
            "description": "某某文件",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors.keys() >= {"organization", "channel", "received_on", "id_number"}
    assert "王五" in response.text
    assert not Application.objects.exists()


def test_reviews_admin_is_scoped(org, other_org, staff, client_for, frozen):
    frozen("2026-03-02")
    mine = ReviewCase.objects.create(
        case_number="(2026)川0302行初1号",
        organization=org,
        kind="litigation_direct",
        received_on=D("2026-01-05"),
    )
    theirs = ReviewCase.objects.create(
        case_number="(2026)川0302行初2号",
        organization=other_org,
        kind="reconsideration",
        received_on=D("2026-01-06"),
    )
    client = client_for(staff)
    html = client.get(reverse("admin:requests_app_reviewcase_changelist")).text
    assert mine.case_number in html
    assert theirs.case_number not in html
    url = reverse("admin:requests_app_reviewcase_change", args=[theirs.pk])
    assert client.get(url).status_code == 403


def test_reviews_admin_explains_pending_with_a_closing_date(org, staff, client_for, frozen):
    frozen("2026-03-02")
    response = client_for(staff).post(
        reverse("admin:requests_app_reviewcase_add"),
        {
            "case_number": "复议〔2026〕3号",
            "organization": org.pk,
            "kind": "reconsideration",
            "received_on": "2026-01-05",
            "result": "pending",
            "closed_on": "2026-02-01",
            "notes": "",
        },
    )
    assert response.status_code == 200
    assert not ReviewCase.objects.exists()
    assert "review_pending_iff_open" not in response.text


def test_withdraw_step_from_the_change_page(org, staff, client_for, frozen):
    frozen("2026-03-04")
    app = ApplicationFactory(organization=org, received_on=D("2026-03-02"))
    wf.start_consultation(application=app, by=staff, on=D("2026-03-03"), party="x", kind="organ")
    html = client_for(staff).get(change_url(app)).text
    assert f'href="{step_url(app, "end_consultation")}"' in html
    assert f'href="{step_url(app, "answer")}"' not in html


# --- registration: one form, one application ---------------------------------------------


def register_post(org, **overrides):
    data = {
        "organization": org.pk,
        "channel": "in_person",
        "received_on": "2026-03-02",
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": FULL_ID,
        "description": "某文件",
        "client_token": "K" * 32,
    }
    data.update(overrides)
    return data


def test_register_twice_with_the_same_form_makes_one_application(org, staff, client_for, frozen):
    frozen("2026-03-02")
    client = client_for(staff)
    url = reverse("admin:requests_app_application_register")
    done = reverse("admin:requests_app_application_registered")
    first = client.post(url, register_post(org))
    second = client.post(url, register_post(org))  # double click
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == done
    app = Application.objects.get()
    assert app.tracking_number == "ZLJ-2026-000001"
    # The result page (GET) shows the codes of the one application, once.
    page = client.get(done)
    assert page.status_code == 200
    assert app.check_query_code(page.context["query_code"])
    assert f'id="query-code">{page.context["query_code"]}<' in page.text
    # A refresh neither registers again nor shows the code again.
    again = client.get(done)
    assert again.status_code == 302
    assert Application.objects.count() == 1
    # The same form sent once more after that: the number, no code, no new application.
    client.post(url, register_post(org))
    page = client.get(done)
    assert app.tracking_number in page.text
    assert 'id="query-code"' not in page.text
    assert Application.objects.count() == 1
    # Another form registers another application.
    client.post(url, register_post(org, client_token="L" * 32))
    assert Application.objects.count() == 2


def test_register_without_the_forms_token_is_refused_and_keeps_the_input(
    org, staff, client_for, frozen
):
    frozen("2026-03-02")
    response = client_for(staff).post(
        reverse("admin:requests_app_application_register"), register_post(org, client_token="")
    )
    assert response.status_code == 200
    assert "client_token" in response.context["form"].errors
    assert "张三" in response.text
    assert not Application.objects.exists()


def test_register_form_carries_a_fresh_token(org, staff, client_for):
    client = client_for(staff)
    url = reverse("admin:requests_app_application_register")
    tokens = [client.get(url).context["form"].initial["client_token"] for _ in range(2)]
    assert tokens[0] != tokens[1]
    assert 'name="client_token"' in client.get(url).text


# --- online applications waiting for confirmation -----------------------------------------


def test_unconfirmed_filter_lists_online_applications_waiting_over_a_working_day(
    org, staff, client_for, frozen
):
    from datetime import datetime

    from .conftest import SHANGHAI

    def online(day, hour):
        return ApplicationFactory(
            organization=org,
            channel="online",
            received_on=None,
            status="awaiting_confirmation",
            submitted_at=datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI),
        )

    frozen("2026-04-28")  # Tuesday
    waiting = online("2026-04-24", 16)  # Fri: 27 Apr and 28 Apr have passed since
    fresh = online("2026-04-27", 9)  # Mon: one working day (28 Apr)
    html = (
        client_for(staff)
        .get(reverse("admin:requests_app_application_changelist"), {"deadline": "unconfirmed"})
        .text
    )
    assert waiting.tracking_number in html
    assert fresh.tracking_number not in html


# --- privacy: full values only to staff of the application's organization -----------------


def test_parent_organization_staff_see_masked_personal_data_on_the_change_page(client_for, frozen):
    frozen("2026-03-10")
    district = OrganizationFactory(code="zgs", name="自贡市人民政府")
    department = OrganizationFactory(code="zlj-jyj", name="教育局", parent=district)
    app = ApplicationFactory(
        organization=department,
        id_number=FULL_ID,
        phone="13800005678",
        email="zhangsan@example.com",
    )
    parent_staff = staff_user(district, "zgs-staff")
    response = client_for(parent_staff).get(change_url(app))
    assert response.status_code == 200
    html = response.text
    assert MASKED_ID in html
    assert "138****5678" in html
    assert "z***@example.com" in html
    for full in (FULL_ID, "13800005678", "zhangsan@example.com", "测试路8号"):
        assert full not in html
    # Masked values are not form fields: a save cannot overwrite them.
    assert 'name="id_number"' not in html
    assert 'name="phone"' not in html


def test_supervisor_sees_masked_values_and_superuser_sees_full_values(client_for, frozen):
    from disclosure.roles import ensure_staff_groups

    frozen("2026-03-10")
    org = OrganizationFactory(code="zlj")
    app = ApplicationFactory(organization=org, id_number=FULL_ID)
    _, supervisor_group = ensure_staff_groups()
    supervisor = UserFactory(username="office", organization=OrganizationFactory(code="gkb"))
    supervisor.groups.add(supervisor_group)
    html = client_for(supervisor).get(change_url(app)).text
    assert MASKED_ID in html and FULL_ID not in html

    root = UserFactory(username="root", organization=None, is_superuser=True)
    html = client_for(root).get(change_url(app)).text
    assert FULL_ID in html


def test_fee_notice_step_takes_the_date_the_notice_was_received(org, staff, client_for, frozen):
    frozen("2026-03-06")
    app = ApplicationFactory(organization=org, received_on=D("2026-03-02"), delivery_method="post")
    client = client_for(staff)
    url = step_url(app, "notify_fee")
    # By post, without the date received: refused with the reason, the input kept.
    response = client.post(url, {"on": "2026-03-03", "method": "by_pages", "pages": "150"})
    assert response.status_code == 200
    assert "errornote" in response.text
    assert response.context["form"]["pages"].value() == "150"
    response = client.post(
        url,
        {"on": "2026-03-03", "method": "by_pages", "pages": "150", "delivered_on": "2026-03-02"},
    )
    assert "delivered_on" in response.context["form"].errors
    response = client.post(
        url,
        {"on": "2026-03-03", "method": "by_pages", "pages": "150", "delivered_on": "2026-03-06"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.wait_until == D("2026-04-03")  # 20 working days after Fri 6 Mar
