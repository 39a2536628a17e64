"""The public application form at /apply/ (第二十九条, 第三十一条第三项)."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from requests_app.applications.models import (
    Application,
    ApplicationStatus,
    EventKind,
    SubmissionChannel,
)
from requests_app.tracking import QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH
from tests.factories import OrganizationFactory

from .public_helpers import (
    ADDRESS,
    PHONE,
    VALID_ID,
    VALID_USCC,
    application_post,
    apply_url,
    codes_from,
)

pytestmark = pytest.mark.django_db

DONE = reverse("applications:done")
STATUS = reverse("applications:status")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


@pytest.fixture
def zlj():
    return OrganizationFactory(code="zlj", name="自流井区人民政府", kind="government")


@pytest.fixture
def monday(frozen):
    frozen("2026-03-02", hour=9)


def submit(client, org, **overrides):
    return client.post(apply_url(), application_post(org, **overrides))


def test_form_preselects_the_organization_named_in_the_address(client, zlj):
    OrganizationFactory(code="other")
    response = client.get(apply_url(org="zlj"))
    assert response.status_code == 200
    assert re.search(r'<option value="zlj" selected>', response.content.decode())


def test_form_offers_only_active_organizations(client, zlj):
    OrganizationFactory(code="gone", name="已撤销的机关", is_active=False)
    html = client.get(apply_url()).content.decode()
    assert "自流井区人民政府" in html
    assert "已撤销的机关" not in html


def test_valid_application_is_saved_with_events_and_codes_and_mailed(
    client, zlj, monday, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, zlj)
    assert response.status_code == 302
    assert response["Location"] == DONE

    app = Application.objects.get()
    assert re.fullmatch(r"ZLJ-2026-\d{6}", app.tracking_number)
    assert app.tracking_number == "ZLJ-2026-000001"
    assert app.channel == SubmissionChannel.ONLINE
    assert app.applicant_type == "natural_person"
    assert app.id_number == VALID_ID
    assert app.consent_given_at is not None
    # Automatic confirmation (第三十一条第三项): the submission day is the date of receipt.
    assert app.received_on == date(2026, 3, 2)
    assert app.status == ApplicationStatus.IN_PROGRESS
    assert app.due_on is not None
    kinds = list(app.events.values_list("kind", flat=True))
    assert kinds == [EventKind.SUBMITTED, EventKind.RECEIPT_CONFIRMED]

    page = client.get(DONE).content.decode()
    assert "受理编号" in page and "查询码" in page
    number, code = codes_from(page)
    assert number == app.tracking_number
    assert len(code) == QUERY_CODE_LENGTH and set(code) <= set(QUERY_CODE_ALPHABET)
    assert app.check_query_code(code)
    assert code not in app.query_code_hash

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["wang@example.com"]
    assert number in mail.body and code in mail.body
    assert "/apply/status/" in mail.body

    # The query code works on the status page.
    status = client.post(STATUS, {"tracking_number": number, "query_code": code}, follow=True)
    assert app.get_status_display() in status.content.decode()


def test_confirmation_codes_are_shown_once(client, zlj, monday):
    submit(client, zlj)
    assert client.get(DONE).status_code == 200
    again = client.get(DONE)
    assert again.status_code == 302
    assert again["Location"] == STATUS


def test_no_mail_without_an_email_address(
    client, zlj, monday, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, zlj, email="", delivery_method="post")
    assert Application.objects.count() == 1
    assert mailoutbox == []


def test_staff_confirmation_leaves_the_date_of_receipt_open(client, monday):
    org = OrganizationFactory(code="jyj", receipt_confirmation="staff")
    submit(client, org)
    app = Application.objects.get()
    assert app.tracking_number == "JYJ-2026-000001"
    assert app.received_on is None
    assert app.status == ApplicationStatus.AWAITING_CONFIRMATION
    assert list(app.events.values_list("kind", flat=True)) == [EventKind.SUBMITTED]


def test_serials_count_per_organization_and_year(client, zlj, monday):
    other = OrganizationFactory(code="jyj")
    for i, org in enumerate([zlj, zlj, other]):
        submit(client, org, client_token=f"token-{i:030d}")
    numbers = sorted(Application.objects.values_list("tracking_number", flat=True))
    assert numbers == ["JYJ-2026-000001", "ZLJ-2026-000001", "ZLJ-2026-000002"]


def test_organization_applicant_with_valid_credit_code(client, zlj, monday):
    response = submit(
        client,
        zlj,
        applicant_category="organization",
        organization_kind="legal_service_org",
        applicant_name="某某律师事务所",
        id_type="credit_code",
        id_number=VALID_USCC.lower(),
        contact_person="李律师",
        phone="0813-2201234",
    )
    assert response.status_code == 302
    app = Application.objects.get()
    assert app.applicant_type == "legal_service_org"
    assert app.id_number == VALID_USCC
    assert app.contact_person == "李律师"


def test_identity_proof_is_stored_under_a_random_name(client, zlj, monday):
    upload = SimpleUploadedFile("王小明身份证.png", PNG, content_type="image/png")
    response = client.post(apply_url(), {**application_post(zlj), "identity_proof": upload})
    assert response.status_code == 302
    name = Application.objects.get().identity_proof.name
    assert name.endswith(".png")
    assert "王小明" not in name


# -- bad input: the form comes back with the input and one message on the field ------------


def assert_error_on(response, field: str, *, kept: dict) -> str:
    """The form came back (nothing saved) with the input and one message on `field`;
    returns that message's code."""
    assert response.status_code == 200
    assert Application.objects.count() == 0
    form = response.context["form"]
    errors = form.errors.as_data()
    assert field in errors, form.errors
    assert len(errors[field]) == 1
    html = response.content.decode()
    # The message is shown next to its field and listed at the top with a link to it.
    assert f'id="id_{field}_group"' in html
    assert f'href="#id_{field}_group"' in html
    assert str(form.errors[field][0]) in html.replace("&quot;", '"').replace("&#x27;", "'")
    for value in kept.values():
        assert value in html
    return errors[field][0].code


KEPT = {"applicant_name": "王小明", "phone": PHONE, "address": ADDRESS}
TEXT_INPUTS = {"applicant_name", "id_number", "phone", "email", "address", "postcode"}

ORG = {
    "applicant_category": "organization",
    "organization_kind": "commercial_enterprise",
    "contact_person": "张经理",
    "id_type": "credit_code",
    "id_number": VALID_USCC,
}


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"id_number": "510302199001011238"}, "id_number", "invalid_resident_id"),
        ({**ORG, "id_number": "91510300MA6234567K"}, "id_number", "invalid_uscc"),
        (
            {"information_title": "", "information_number": "", "description": ""},
            "description",
            "information_not_identified",
        ),
        ({"email": "", "delivery_method": "email"}, "email", "email_needed_for_delivery"),
        ({"email": "not-an-address"}, "email", "invalid"),
        ({"consent": None}, "consent", "required"),
        ({"phone": "12345"}, "phone", "invalid_phone"),
        ({"phone": "0813-12"}, "phone", "invalid_phone"),
        ({**ORG, "organization_kind": ""}, "organization_kind", "required"),
        ({**ORG, "contact_person": ""}, "contact_person", "required"),
        ({**ORG, "id_type": "resident_id"}, "id_type", "person_document_for_organization"),
        (
            {"id_type": "credit_code", "id_number": VALID_USCC},
            "id_type",
            "organization_document_for_person",
        ),
        (
            {"delivery_method": "post", "address": "", "email": ""},
            "address",
            "address_needed_for_delivery",
        ),
        (
            {"provision_form": "disc", "delivery_method": "email"},
            "provision_form",
            "form_not_deliverable_by_email",
        ),
        ({"postcode": "64300"}, "postcode", "invalid"),
        ({"organization": "nonexistent"}, "organization", "invalid_choice"),
        ({"applicant_name": ""}, "applicant_name", "required"),
    ],
)
def test_bad_input_keeps_the_input_and_names_the_field(client, zlj, overrides, field, code):
    response = submit(client, zlj, **overrides)
    kept = {k: v for k, v in KEPT.items() if k not in overrides}
    assert assert_error_on(response, field, kept=kept) == code
    # The wrong value itself comes back too, for the person to correct it.
    html = response.content.decode()
    for name, value in overrides.items():
        if name in TEXT_INPUTS and value:
            assert f'value="{value}"' in html


def test_the_organization_chosen_is_kept_when_the_form_comes_back(client, zlj):
    OrganizationFactory(code="jyj")
    response = submit(client, zlj, consent=None)
    assert re.search(r'<option value="zlj" selected>', response.content.decode())


@pytest.mark.parametrize(
    ("name", "content", "content_type", "code"),
    [
        ("proof.exe", b"MZ" + b"\x00" * 64, "application/octet-stream", "file_type_not_allowed"),
        # The extension says PDF, the first bytes say GIF.
        ("proof.pdf", b"GIF89a" + b"\x00" * 64, "application/pdf", "file_content_mismatch"),
        ("proof.jpg", PDF, "image/jpeg", "file_content_mismatch"),
    ],
)
def test_bad_attachment_type_is_refused_and_the_reselect_note_shown(
    client, zlj, name, content, content_type, code
):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client.post(apply_url(), {**application_post(zlj), "identity_proof": upload})
    assert assert_error_on(response, "identity_proof", kept=KEPT) == code
    assert response.context["file_was_dropped"] is True
    assert 'class="apply-note"' in response.content.decode()


def test_attachment_over_the_size_limit_is_refused(client, zlj, settings):
    settings.MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("proof.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")
    response = client.post(apply_url(), {**application_post(zlj), "identity_proof": upload})
    assert assert_error_on(response, "identity_proof", kept=KEPT) == "file_too_large"


def test_an_attachment_at_the_size_limit_is_accepted(client, zlj, monday, settings):
    settings.MAX_UPLOAD_MB = 1
    content = PDF + b"0" * (1024 * 1024 - len(PDF))
    upload = SimpleUploadedFile("proof.pdf", content, "application/pdf")
    response = client.post(apply_url(), {**application_post(zlj), "identity_proof": upload})
    assert response.status_code == 302


def test_resident_id_with_x_check_character_is_accepted(client, zlj, monday):
    response = submit(client, zlj, id_number="11010519491231002x")
    assert response.status_code == 302
    assert Application.objects.get().id_number == "11010519491231002X"


def test_other_document_types_take_a_free_number(client, zlj, monday):
    response = submit(client, zlj, id_type="passport", id_number="E12345678")
    assert response.status_code == 302


# -- abuse -----------------------------------------------------------------------------------


def test_honeypot_filled_creates_nothing(client, zlj, monday):
    response = submit(client, zlj, website="http://spam.example")
    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_rate_limit_answers_429_and_keeps_the_input(client, zlj, monday, settings):
    settings.PUBLIC_FORM_RATE = 2
    for i in range(2):
        assert submit(client, zlj, client_token=f"token-{i:030d}").status_code == 302
    response = submit(client, zlj, client_token="token-" + "9" * 30)
    assert response.status_code == 429
    assert response.context["blocking_error"]
    html = response.content.decode()
    assert str(response.context["blocking_error"]) in html
    assert "王小明" in html and PHONE in html and ADDRESS in html
    assert Application.objects.count() == 2


def test_rate_limit_is_per_client_address(client, zlj, monday, settings):
    settings.PUBLIC_FORM_RATE = 1
    assert submit(client, zlj, client_token="a" * 30).status_code == 302
    assert submit(client, zlj, client_token="b" * 30).status_code == 429
    other = client.post(
        apply_url(), application_post(zlj, client_token="c" * 30), REMOTE_ADDR="10.9.9.9"
    )
    assert other.status_code == 302


def test_double_submission_with_the_same_token_makes_one_application(client, zlj, monday):
    first = submit(client, zlj)
    second = submit(client, zlj)
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    # The browser shows the answer to the last click: the same confirmation, codes included.
    number, code = codes_from(client.get(DONE).content.decode())
    app = Application.objects.get()
    assert number == app.tracking_number
    assert app.check_query_code(code)


def test_resubmission_after_the_confirmation_shows_the_number_but_makes_nothing(
    client, zlj, monday
):
    submit(client, zlj)
    client.get(DONE)
    submit(client, zlj)
    page = client.get(DONE).content.decode()
    assert Application.objects.count() == 1
    assert Application.objects.get().tracking_number in page
    assert 'id="query-code"' not in page


def test_serial_is_not_used_up_by_a_duplicate(client, zlj, monday):
    submit(client, zlj)
    submit(client, zlj)
    submit(client, zlj, client_token="n" * 30)
    assert sorted(Application.objects.values_list("tracking_number", flat=True)) == [
        "ZLJ-2026-000001",
        "ZLJ-2026-000002",
    ]


def test_a_post_without_csrf_token_is_refused(zlj):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(apply_url(), application_post(zlj))
    assert response.status_code == 403
    assert Application.objects.count() == 0


def test_the_form_page_carries_csrf_token_honeypot_and_a_fresh_client_token(client, zlj):
    first = client.get(apply_url()).content.decode()
    second = client.get(apply_url()).content.decode()
    assert "csrfmiddlewaretoken" in first
    assert 'name="website"' in first
    token = re.compile(r'name="client_token" value="([^"]+)"')
    assert token.search(first).group(1) != token.search(second).group(1)


def test_form_renders_in_chinese_by_default(client, zlj):
    html = client.get(apply_url()).content.decode()
    assert 'lang="zh-hans"' in html


def test_double_click_from_two_new_sessions_still_shows_the_query_code(zlj, monday):
    from django.test import Client

    # A first-time visitor has no session cookie: each POST of the double click gets its
    # own new session, and the browser follows the answer to the second one.
    first, second = Client(), Client()
    assert submit(first, zlj).status_code == 302
    assert submit(second, zlj).status_code == 302
    assert Application.objects.count() == 1
    number, code = codes_from(second.get(DONE).content.decode())
    app = Application.objects.get()
    assert number == app.tracking_number
    assert app.check_query_code(code)
    # Shown once: sending the same form again afterwards gives the number only.
    third = Client()
    submit(third, zlj)
    page = third.get(DONE).content.decode()
    assert app.tracking_number in page
    assert 'id="query-code"' not in page


def test_query_code_is_recoverable_only_with_the_forms_token_and_for_15_minutes(
    client, zlj, frozen
):
    from django.core.cache import cache

    from requests_app.applications.services.query_codes import _cache_key, recall_query_code

    frozen("2026-03-02", hour=9)
    submit(client, zlj)
    app = Application.objects.get()
    assert recall_query_code(token="X" * 32, application=app) is None
    code = recall_query_code(token=app.client_token, application=app)
    assert code and app.check_query_code(code)
    # What the shared cache holds names neither the token nor the plain code.
    key = _cache_key(app.client_token)
    assert app.client_token not in key
    kept = cache.get(key)
    assert kept and code not in str(kept)
    frozen("2026-03-02", hour=10)  # an hour later
    assert recall_query_code(token=app.client_token, application=app) is None


def test_identity_proof_of_a_failed_submission_is_removed_from_private_storage(zlj, settings):
    from django.db import IntegrityError

    from requests_app.applications.services.submission import (
        OnlineApplicationData,
        submit_online_application,
    )

    data = OnlineApplicationData(
        organization=zlj,
        applicant_type="not-a-type",  # refused by the database's check constraint
        applicant_name="王小明",
        id_type="resident_id",
        id_number=VALID_ID,
        phone=PHONE,
        description="某文件",
        provision_form="electronic",
        delivery_method="email",
        client_token="F" * 32,
        identity_proof=SimpleUploadedFile("身份证.png", PNG, "image/png"),
    )
    with pytest.raises(IntegrityError):
        submit_online_application(data=data)
    assert not Application.objects.exists()
    left = [f for root in (settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT) for f in _files(root)]
    assert left == []


def _files(root):
    import os

    return [os.path.join(d, f) for d, _, names in os.walk(root) for f in names]


def test_the_session_that_shows_the_query_code_lasts_minutes(client, zlj, monday):
    assert submit(client, zlj).status_code == 302
    assert client.session.get_expiry_age() == 30 * 60
    assert "no-store" in client.get(DONE)["Cache-Control"]


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    readline = read


def test_a_60_mb_post_is_refused_before_its_body_is_read(client, zlj):
    response = client.generic(
        "POST",
        apply_url(),
        b"x",
        content_type="multipart/form-data; boundary=BoUnDaRy",
        **{"wsgi.input": UnreadableBody(), "CONTENT_LENGTH": str(60 * 1024 * 1024)},
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "21 MB" in html and "20 MB" in html
    assert not Application.objects.exists()


def test_the_admin_takes_several_attachments_but_not_any_size(admin_client, settings):
    settings.MAX_ADMIN_REQUEST_MB = 100
    too_big = {"wsgi.input": UnreadableBody(), "CONTENT_LENGTH": str(101 * 1024 * 1024)}
    response = admin_client.generic("POST", "/admin/disclosure/disclosure/add/", b"x", **too_big)
    assert response.status_code == 413
    settings.MAX_PUBLIC_REQUEST_MB = 1
    two_mb = b"x" * (2 * 1024 * 1024)
    response = admin_client.generic("POST", "/admin/disclosure/disclosure/add/", two_mb)
    assert response.status_code != 413
