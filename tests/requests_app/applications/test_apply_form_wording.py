"""Issue 12 items 10 and 14: the apply form's choices, messages and dates, and "：" after labels."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from disclosure.validators import validate_resident_id
from requests_app.applications.forms import ApplicationForm
from requests_app.applications.models import (
    ApplicationStatus,
    DeliveryMethod,
    SubmissionChannel,
    hash_query_code,
)
from requests_app.applications.services.registration import check_identity_number
from tests.factories import ApplicationFactory, OrganizationFactory

from .public_helpers import VALID_ID, application_post, apply_url

pytestmark = pytest.mark.django_db

DONE = reverse("applications:done")
STATUS = reverse("applications:status")
CODE = "ABCDEFGH23"


@pytest.fixture
def zlj():
    return OrganizationFactory(code="zlj", name="自流井区人民政府", kind="government")


@pytest.fixture
def monday(frozen):
    frozen("2026-03-02", hour=9)


# -- item 10: the way of obtaining ---------------------------------------------------------


def test_way_of_obtaining_online_is_not_called_an_online_application():
    with translation.override("zh-hans"):
        assert str(DeliveryMethod.ONLINE.label) == "网上获取"
        # The channel keeps its own wording; the stored values do not change.
        assert str(SubmissionChannel.ONLINE.label) == "网上申请"
    assert DeliveryMethod.ONLINE.value == "online"


def test_the_form_offers_no_online_application_as_a_way_of_obtaining(client, zlj):
    html = client.get(apply_url()).content.decode()
    assert "网上获取" in html
    start = html.index('name="delivery_method"')
    assert "网上申请" not in html[start - 2000 : start + 3000]


def test_no_way_of_obtaining_is_preselected(client, zlj):
    form = client.get(apply_url()).context["form"]
    assert form["delivery_method"].initial is None
    html = client.get(apply_url()).content.decode()
    radios = [tag for tag in html.split("<input") if 'name="delivery_method"' in tag]
    assert radios
    assert not any("checked" in tag.split(">")[0] for tag in radios)


def test_email_is_not_required_when_another_way_is_chosen(client, zlj, monday):
    response = client.post(apply_url(), application_post(zlj, email="", delivery_method="post"))
    assert response.status_code == 302


def test_missing_way_of_obtaining_says_so_and_keeps_the_input(client, zlj):
    response = client.post(apply_url(), application_post(zlj, email="", delivery_method=None))
    form = response.context["form"]
    assert form.has_error("delivery_method", "required")
    assert not form.has_error("email")
    assert "请选择获取信息的方式" in response.content.decode()
    assert form["applicant_name"].value() == "王小明"


def test_email_delivery_without_an_address_says_why(client, zlj):
    response = client.post(apply_url(), application_post(zlj, email="", delivery_method="email"))
    form = response.context["form"]
    assert form.has_error("email", "email_needed_for_delivery")
    html = response.content.decode()
    assert "您选择了通过电子邮件获取信息" in html
    assert "仅在选择通过电子邮件获取信息时需要填写" in html
    assert form["information_title"].value() == "2025年老旧小区改造项目清单"


# -- item 10: the identity number in plain words -------------------------------------------


def test_a_wrong_check_digit_says_check_the_last_digit(client, zlj):
    wrong = VALID_ID[:-1] + "0"
    response = client.post(apply_url(), application_post(zlj, id_number=wrong))
    assert response.context["form"].has_error("id_number", "invalid_resident_id")
    html = response.content.decode()
    assert "请核对最后一位" in html
    assert "GB 11643" not in html
    assert "校验码" not in html


def test_a_number_of_the_wrong_shape_is_described_not_blamed_on_the_last_digit():
    with translation.override("zh-hans"), pytest.raises(Exception) as exc:
        validate_resident_id("12345")
    assert exc.value.code == "invalid_resident_id"
    message = exc.value.messages[0]
    assert "18位" in message
    assert "最后一位" in message  # "最后一位可以是X"
    assert "核对" not in message


def test_staff_registration_uses_the_same_plain_words():
    with translation.override("zh-hans"):
        assert check_identity_number("resident_id", VALID_ID[:-1] + "0") == (
            "身份证号码有误，请核对最后一位。"
        )
        assert "18位" in check_identity_number("resident_id", "123")
        assert check_identity_number("resident_id", VALID_ID) is None


# -- item 10: the confirmation page says when the answer is due ----------------------------


def test_confirmation_page_of_an_application_received_today_gives_the_due_date(client, zlj, monday):
    client.post(apply_url(), application_post(zlj))
    page = client.get(DONE)
    app = page.context["application"]
    assert app.due_on
    html = page.content.decode()
    assert f"答复截止日期为{date_format(app.due_on, 'DATE_FORMAT')}" in html
    if app.dates_provisional:
        assert "暂定" in html


def test_confirmation_page_says_provisional_when_the_dates_are(client, zlj, monday):
    client.post(apply_url(), application_post(zlj))
    from requests_app.applications.models import Application

    Application.objects.update(dates_provisional=True)
    html = client.get(DONE).content.decode()
    assert 'id="reply-due"' in html
    assert "暂定" in html.split('id="reply-due"')[1].split("</p>")[0]


def test_confirmation_page_awaiting_confirmation_says_when_the_period_starts(client, monday):
    org = OrganizationFactory(code="jyj", receipt_confirmation="staff")
    client.post(apply_url(), application_post(org))
    html = client.get(DONE).content.decode()
    part = html.split('id="reply-due"')[1].split("</p>")[0]
    assert "自行政机关确认收到您的申请之日起计算" in part


# -- item 10: the status page before the clock starts --------------------------------------


def test_status_before_confirmation_says_the_period_starts_on_confirmation(client, frozen):
    frozen("2026-03-10")
    org = OrganizationFactory(code="jyj", receipt_confirmation="staff")
    app = ApplicationFactory(
        organization=org,
        channel="online",
        received_on=None,
        due_on=None,
        status=ApplicationStatus.AWAITING_CONFIRMATION,
        tracking_number="JYJ-2026-000001",
        query_code_hash=hash_query_code(CODE),
    )
    client.post(STATUS, {"tracking_number": app.tracking_number, "query_code": CODE})
    html = client.get(STATUS).content.decode()
    due = html.split('id="due-date">')[1].split("</dd>")[0]
    assert "答复期限自行政机关确认收到申请之日起计算" in due
    assert "暂停计算" not in due


# -- item 14: full-width colon after labels ------------------------------------------------


def test_form_labels_end_with_a_full_width_colon(client, zlj):
    html = client.get(apply_url()).content.decode()
    assert "电话：</label>" in html
    assert ":</label>" not in html
    with translation.override("zh-hans"):
        label = ApplicationForm()["phone"].label_tag()
    assert label.endswith("：</label>")
    assert ":</label>" not in label


def test_the_status_lookup_and_mailbox_forms_use_the_full_width_colon(client):
    for url in (STATUS, reverse("petitions:mailbox")):
        html = client.get(url).content.decode()
        assert "：</label>" in html
        assert ":</label>" not in html


def test_admin_change_form_labels_end_with_a_full_width_colon(admin_client):
    html = admin_client.get(reverse("admin:disclosure_organization_add")).content.decode()
    assert "：</label>" in html
    assert ":</label>" not in html
