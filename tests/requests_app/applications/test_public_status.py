"""The status page at /apply/status/: tracking number + query code, nothing else."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from requests_app.applications.models import ApplicationEvent, EventKind, hash_query_code
from requests_app.applications.selectors import explain_due_date
from requests_app.applications.services import workflow
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

STATUS = reverse("applications:status")
CODE = "ABCDEFGH23"


@pytest.fixture
def app(frozen):
    frozen("2026-03-10")
    org = OrganizationFactory(code="zlj", name="自流井区人民政府")
    return ApplicationFactory(
        organization=org,
        tracking_number="ZLJ-2026-000042",
        query_code_hash=hash_query_code(CODE),
        received_on=date(2026, 3, 2),
    )


def look_up(client, number, code, **extra):
    return client.post(STATUS, {"tracking_number": number, "query_code": code}, **extra)


def answer(app, *, attachments=()):
    staff = UserFactory(organization=app.organization)
    workflow.answer(
        application=app,
        by=staff,
        on=date(2026, 3, 10),
        outcome="granted",
        reply_text="经审查，现将该信息提供给您。",
        attachments=attachments,
    )
    app.refresh_from_db()
    return app


def test_right_pair_shows_status_receipt_due_date_and_how_it_was_computed(client, app):
    response = look_up(client, app.tracking_number, CODE)
    assert response.status_code == 302 and response["Location"] == STATUS
    page = client.get(STATUS)
    html = page.content.decode()
    assert page.context["application"] == app
    assert app.get_status_display() in html
    assert date_format(date(2026, 3, 2), "DATE_FORMAT") in html
    assert app.due_on is not None
    assert date_format(app.due_on, "DATE_FORMAT") in html
    steps = explain_due_date(app)
    assert steps
    for step in steps:
        assert str(step.label) in html


def test_the_pair_is_read_without_regard_to_case_or_spaces(client, app):
    response = look_up(client, " zlj-2026-000042 ", "abcd efgh23")
    assert response.status_code == 302
    assert client.get(STATUS).context["application"] == app


def test_only_events_meant_for_the_applicant_are_listed(client, app):
    ApplicationEvent.objects.create(
        application=app,
        kind=EventKind.NOTE,
        occurred_on=date(2026, 3, 3),
        public=False,
        message="内部备注：请法规科把关",
    )
    ApplicationEvent.objects.create(
        application=app,
        kind=EventKind.NOTE,
        occurred_on=date(2026, 3, 4),
        public=True,
        message="已转业务科室检索",
    )
    look_up(client, app.tracking_number, CODE)
    html = client.get(STATUS).content.decode()
    assert "已转业务科室检索" in html
    assert "内部备注" not in html


def test_wrong_code_and_unknown_number_get_the_same_single_message(client, app):
    wrong_code = look_up(client, app.tracking_number, "WRONGCODE2")
    unknown = look_up(client, "ZLJ-2026-999999", CODE)
    assert wrong_code.status_code == unknown.status_code == 200
    assert "application" not in wrong_code.context
    assert (
        wrong_code.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    )
    assert len(wrong_code.context["form"].non_field_errors()) == 1
    assert not wrong_code.context["form"].errors.get("tracking_number")
    # Nothing of the application leaks through the error page.
    assert app.organization.name not in wrong_code.content.decode()
    assert client.get(STATUS).context.get("application") is None


def test_wrong_pairs_are_rate_limited_per_client_address(client, app, settings):
    settings.PUBLIC_FORM_RATE = 3
    for _ in range(3):
        assert look_up(client, app.tracking_number, "WRONGCODE2").status_code == 200
    limited = look_up(client, app.tracking_number, CODE)
    assert limited.status_code == 429
    assert "application" not in limited.context
    # Another address is not affected.
    assert look_up(client, app.tracking_number, CODE, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_status_form_requires_csrf(app):
    strict = Client(enforce_csrf_checks=True)
    assert look_up(strict, app.tracking_number, CODE).status_code == 403


def test_awaiting_confirmation_says_the_receipt_is_not_confirmed(client, frozen):
    frozen("2026-03-10")
    org = OrganizationFactory(code="jyj", receipt_confirmation="staff")
    app = ApplicationFactory(
        organization=org,
        channel="online",
        received_on=None,
        tracking_number="JYJ-2026-000001",
        query_code_hash=hash_query_code(CODE),
    )
    look_up(client, app.tracking_number, CODE)
    page = client.get(STATUS)
    assert page.context["application"] == app
    assert app.get_status_display() in page.content.decode()


def test_answer_outcome_reply_and_attachments_are_shown_once_answered(client, app):
    before = client.post(STATUS, {"tracking_number": app.tracking_number, "query_code": CODE})
    assert before.status_code == 302
    assert client.get(STATUS).context["attachments"] == []

    answer(app, attachments=[SimpleUploadedFile("答复材料.pdf", b"%PDF-1.4 reply")])
    page = client.get(STATUS)
    html = page.content.decode()
    assert app.get_outcome_display() in html
    assert "经审查，现将该信息提供给您。" in html
    attachment = app.reply_attachments.get()
    url = reverse("applications:status_attachment", args=[attachment.pk])
    assert url in html
    # Never a public media address.
    assert attachment.file.name not in html  # private storage: no public media URL exists

    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 reply"
    assert "attachment" in download["Content-Disposition"]


def test_attachment_download_requires_the_pair_in_this_session(client, app):
    answer(app, attachments=[SimpleUploadedFile("r.pdf", b"%PDF-1.4 reply")])
    url = reverse("applications:status_attachment", args=[app.reply_attachments.get().pk])

    assert Client().get(url).status_code == 404  # a stranger with the link

    look_up(client, app.tracking_number, CODE)
    assert client.get(url).status_code == 200
    client.post(reverse("applications:status_leave"))
    assert client.get(url).status_code == 404


def test_attachment_of_another_application_is_not_served(client, app):
    answer(app, attachments=[SimpleUploadedFile("r.pdf", b"%PDF-1.4 mine")])
    other = ApplicationFactory(
        organization=app.organization,
        tracking_number="ZLJ-2026-000043",
        query_code_hash=hash_query_code("OTHERCODE2"),
        received_on=date(2026, 3, 2),
    )
    answer(other, attachments=[SimpleUploadedFile("o.pdf", b"%PDF-1.4 theirs")])
    look_up(client, app.tracking_number, CODE)
    theirs = other.reply_attachments.get()
    url = reverse("applications:status_attachment", args=[theirs.pk])
    assert client.get(url).status_code == 404


def test_a_changed_query_code_ends_access_held_in_the_session(client, app):
    look_up(client, app.tracking_number, CODE)
    assert client.get(STATUS).context.get("application") == app
    app.query_code_hash = hash_query_code("NEWCODE234")
    app.save(update_fields=["query_code_hash"])
    assert client.get(STATUS).context.get("application") is None


def test_status_page_query_count_does_not_grow_with_events(
    client, app, django_assert_max_num_queries
):
    look_up(client, app.tracking_number, CODE)
    for day in range(3, 9):
        ApplicationEvent.objects.create(
            application=app, kind=EventKind.NOTE, occurred_on=date(2026, 3, day), message="进展"
        )
    with django_assert_max_num_queries(5):
        client.get(STATUS)


def test_the_session_holding_the_query_code_lasts_minutes_and_is_never_cached(client, app):
    assert look_up(client, app.tracking_number, CODE).status_code == 302
    assert client.session.get_expiry_age() == 30 * 60
    page = client.get(STATUS)
    assert page.context["application"] == app
    assert "no-store" in page["Cache-Control"]
