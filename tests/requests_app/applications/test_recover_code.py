"""A lost 查询码: /apply/status/recover/ says the same whatever was typed, and mails a new code."""

import re
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from requests_app.applications.models import Application, EventKind, hash_query_code
from requests_app.applications.services.recovery import Recovery, reissue_query_code
from tests.factories import ApplicationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

RECOVER = reverse("applications:status_recover")
SENT = reverse("applications:status_recover_sent")
STATUS = reverse("applications:status")
OLD_CODE = "ABCDEFGH23"
FULL_ID = "510302199001011239"


@pytest.fixture
def org():
    return OrganizationFactory(
        code="zlj", name="自流井区人民政府", phone="0813-2202345", office_hours="工作日 9:00-17:00"
    )


@pytest.fixture
def app(org, frozen):
    frozen("2026-03-10")
    return ApplicationFactory(
        organization=org,
        tracking_number="ZLJ-2026-000042",
        query_code_hash=hash_query_code(OLD_CODE),
        id_number=FULL_ID,
        phone="13812345678",
        email="Wang.Xiaoming@example.com",
        received_on=date(2026, 3, 2),
    )


@pytest.fixture
def recover(django_capture_on_commit_callbacks):
    """POST the form; the request's after-commit mails go as it ends, as in production."""

    def _post(client, number, contact, *, website="", **extra):
        data = {"tracking_number": number, "contact": contact, "website": website}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RECOVER, data, **extra)

    return _post


@pytest.fixture
def sent_page(recover):
    """The page a well-formed request ends on."""

    def _sent(client, number, contact, **extra) -> str:
        response = recover(client, number, contact, **extra)
        assert response.status_code == 302 and response["Location"] == SENT
        page = client.get(SENT)
        assert page.status_code == 200
        return page.content.decode()

    return _sent


def code_in(message) -> str:
    return re.search(r"[：:]\s*([2-9A-HJKMNP-Z]{10})\s*$", message.body, re.M).group(1)


def look_up(client, number, code):
    return client.post(STATUS, {"tracking_number": number, "query_code": code})


def test_match_and_no_match_answer_alike(client, app, sent_page):
    matched = sent_page(client, app.tracking_number, "wang.xiaoming@example.com")
    assert len(mail.outbox) == 1
    wrong_address = sent_page(Client(), app.tracking_number, "someone@example.com")
    unknown_number = sent_page(Client(), "ZLJ-2026-999999", "wang.xiaoming@example.com")
    assert len(mail.outbox) == 1
    strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    assert strip(matched) == strip(wrong_address) == strip(unknown_number)
    # The same office (read off the number's prefix), and nothing of the application.
    assert "0813-2202345" in matched
    for private in ("Wang", "xiaoming", "13812345678", FULL_ID, app.applicant_name):
        assert private not in matched


def test_new_code_works_and_the_old_one_does_not(client, app, sent_page):
    # The browser that proved the old pair loses the application too.
    follower = Client()
    assert look_up(follower, app.tracking_number, OLD_CODE).status_code == 302
    assert follower.get(STATUS).context.get("application") == app

    sent_page(client, app.tracking_number, "+86 138-1234-5678")  # the phone, written loosely
    (message,) = mail.outbox
    assert message.to == ["Wang.Xiaoming@example.com"]
    new_code = code_in(message)
    assert new_code != OLD_CODE

    app.refresh_from_db()
    assert app.query_code_hash == hash_query_code(new_code)  # only the hash is stored
    assert new_code not in repr(Application.objects.filter(pk=app.pk).values().get())
    assert follower.get(STATUS).context.get("application") is None
    assert look_up(Client(), app.tracking_number, OLD_CODE).status_code == 200
    fresh = Client()
    assert look_up(fresh, app.tracking_number, new_code).status_code == 302
    assert fresh.get(STATUS).context["application"] == app


def test_reissue_is_logged_in_words_for_staff_only(client, app, sent_page):
    sent_page(client, app.tracking_number, "wang.xiaoming@example.com")
    note = app.events.get(kind=EventKind.NOTE)
    assert not note.public and note.actor is None
    assert "W***@example.com" in note.message
    assert "Wang.Xiaoming" not in note.message
    assert "查询码" in note.message or "query code" in note.message


def test_mail_holds_the_codes_and_nothing_of_the_applicant(client, app, sent_page):
    sent_page(client, app.tracking_number, "wang.xiaoming@example.com")
    (message,) = mail.outbox
    text = message.subject + message.body
    assert app.tracking_number in message.subject
    assert app.tracking_number in message.body
    assert "/apply/status/" in message.body
    for private in (FULL_ID, "13812345678", app.address, app.applicant_name):
        assert private not in text


def test_phone_only_sends_nothing_and_points_to_the_office(client, org, frozen, sent_page):
    frozen("2026-03-10")
    app = ApplicationFactory(
        organization=org,
        tracking_number="ZLJ-2026-000043",
        query_code_hash=hash_query_code(OLD_CODE),
        email="",
        phone="13812345678",
    )
    html = sent_page(client, app.tracking_number, "13812345678")
    assert mail.outbox == []
    app.refresh_from_db()
    assert app.check_query_code(OLD_CODE)  # nothing replaced
    assert "0813-2202345" in html and "工作日 9:00-17:00" in html
    note = app.events.get(kind=EventKind.NOTE)
    assert not note.public
    assert reissue_query_code(tracking_number=app.tracking_number, contact="13812345678") == (
        Recovery.NO_EMAIL
    )


def test_rate_limited_per_address(client, app, settings, recover):
    for n in range(5):
        recover(client, f"ZLJ-2026-00010{n}", "a@example.com")
    limited = recover(client, app.tracking_number, "wang.xiaoming@example.com")
    assert limited.status_code == 429
    assert mail.outbox == []
    # Another address is not affected.
    other = recover(
        Client(), app.tracking_number, "wang.xiaoming@example.com", REMOTE_ADDR="10.9.9.9"
    )
    assert other.status_code == 302


def test_rate_limited_per_tracking_number_from_any_address(app, recover):
    for n in range(3):
        response = recover(
            Client(), app.tracking_number, f"guess{n}@example.com", REMOTE_ADDR=f"10.0.0.{n}"
        )
        assert response.status_code == 302
    limited = recover(
        Client(), app.tracking_number, "wang.xiaoming@example.com", REMOTE_ADDR="10.0.0.99"
    )
    assert limited.status_code == 429
    assert mail.outbox == []
    # An unknown number is limited alike: the limit says nothing about existence.
    for n in range(3):
        recover(Client(), "ZLJ-2026-999999", f"g{n}@example.com", REMOTE_ADDR=f"10.1.0.{n}")
    assert recover(Client(), "ZLJ-2026-999999", "x@example.com").status_code == 429


def test_honeypot_gets_the_same_page_and_changes_nothing(client, app, recover):
    response = recover(
        client, app.tracking_number, "wang.xiaoming@example.com", website="http://spam.example"
    )
    assert response.status_code == 302 and response["Location"] == SENT
    assert mail.outbox == []
    app.refresh_from_db()
    assert app.check_query_code(OLD_CODE)


def test_bad_input_is_explained_and_kept(client, app, recover):
    response = recover(client, app.tracking_number, "not a contact")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="not a contact"' in html
    assert response.context["form"].errors["contact"]
    assert mail.outbox == []


def test_form_requires_csrf(app, recover):
    strict = Client(enforce_csrf_checks=True)
    assert recover(strict, app.tracking_number, "wang.xiaoming@example.com").status_code == 403


def test_page_has_breadcrumb_full_width_colons_and_is_linked_from_status(client):
    html = client.get(RECOVER).content.decode()
    assert 'class="breadcrumbs"' in html
    assert f'href="{STATUS}"' in html
    assert "受理编号：" in html
    assert 'name="website"' in html
    assert f'href="{RECOVER}"' in client.get(STATUS).content.decode()


def test_sent_page_without_a_request_goes_back_to_the_form(client):
    response = client.get(SENT)
    assert response.status_code == 302 and response["Location"] == RECOVER


def test_staff_give_a_caller_without_email_a_new_code_once(client, org, frozen):
    from disclosure.roles import ensure_staff_groups
    from tests.factories import UserFactory

    frozen("2026-03-10")
    app = ApplicationFactory(
        organization=org, query_code_hash=hash_query_code(OLD_CODE), email="", phone="13812345678"
    )
    staff_group, _ = ensure_staff_groups()
    staff = UserFactory(username="zlj-desk", organization=org)
    staff.groups.add(staff_group)
    client.force_login(staff)
    url = reverse("admin:requests_app_application_query_code", args=[app.pk])
    assert url in client.get(reverse("admin:requests_app_application_change", args=[app.pk])).text
    assert client.get(url).status_code == 200
    app.refresh_from_db()
    assert app.check_query_code(OLD_CODE)  # a GET changes nothing

    response = client.post(url)
    assert "no-store" in response["Cache-Control"]
    new_code = re.search(r'id="query-code">([^<]+)<', response.text).group(1)
    app.refresh_from_db()
    assert app.check_query_code(new_code) and not app.check_query_code(OLD_CODE)
    note = app.events.get(kind=EventKind.NOTE)
    assert note.actor == staff and not note.public

    # Staff of another organization cannot.
    other = UserFactory(username="gxq-desk", organization=OrganizationFactory(code="gxq"))
    other.groups.add(staff_group)
    client.force_login(other)
    assert client.post(url).status_code == 403
