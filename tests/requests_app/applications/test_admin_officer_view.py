"""What the officer sees of an application: the queue's columns, the deadline warning at
the top of its page, and an event log in words."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from disclosure.roles import ensure_staff_groups
from requests_app.applications import event_data
from requests_app.applications.models import Application, ApplicationEvent, EventKind
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(username="zlj-staff", organization=OrganizationFactory(code="zlj"))
    user.groups.add(staff_group)
    return user


def page(client, user, url):
    client.force_login(user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def change_url(app):
    return reverse("admin:requests_app_application_change", args=[app.pk])


def test_the_queue_shows_the_deadline_columns_first_and_the_masked_data_last():
    columns = admin.site._registry[Application].list_display
    assert columns[:4] == ("tracking_number", "status", "due_date", "days_left_display")
    assert "outcome" in columns[:6]
    assert columns[-2:] == ("masked_id", "masked_phone")
    assert "channel" not in columns


def test_the_queue_keeps_the_tracking_number_on_one_line(client, staff, frozen):
    frozen("2026-03-10")
    ApplicationFactory(organization=staff.organization)
    html = page(client, staff, reverse("admin:requests_app_application_changelist"))
    assert "css/admin/requests_app/application/change_list.css" in html
    css = Path(settings.BASE_DIR, "static/css/admin/requests_app/application/change_list.css")
    rule = css.read_text().split("{ white-space: nowrap; }")[0]
    assert ".field-tracking_number" in rule


def test_an_overdue_application_says_so_at_the_top_of_its_page(client, staff, frozen):
    frozen("2026-03-10")
    app = ApplicationFactory(organization=staff.organization)
    app.refresh_from_db()
    due = app.due_on
    frozen("2026-04-20")
    html = page(client, staff, change_url(app))
    warning = html.split('class="deadline-warning deadline-overdue"', 1)[1].split("</p>")[0]
    assert "Overdue by" in warning
    assert due.isoformat() in warning
    assert html.index("deadline-warning") < html.index('id="workflow-steps-title"')


def test_an_application_due_soon_says_so_and_one_with_time_left_does_not(client, staff, frozen):
    frozen("2026-03-03")
    app = ApplicationFactory(organization=staff.organization)
    app.refresh_from_db()
    assert "deadline-warning" not in page(client, staff, change_url(app))
    frozen(app.due_on.replace(day=app.due_on.day - 1).isoformat())
    html = page(client, staff, change_url(app))
    assert 'class="deadline-warning deadline-soon"' in html
    assert "Due soon" in html


def test_no_save_and_add_another_and_history_points_to_the_event_log(client, staff, frozen):
    frozen("2026-03-10")
    app = ApplicationFactory(organization=staff.organization)
    html = page(client, staff, change_url(app))
    assert 'name="_addanother"' not in html
    assert 'href="#events-group" class="historylink"' in html
    assert 'id="events-group"' in html
    assert reverse("admin:requests_app_application_history", args=[app.pk]) not in html


def test_the_event_log_reads_in_words_without_codes_or_keys(client, staff, frozen):
    frozen("2026-03-10")
    app = ApplicationFactory(organization=staff.organization)
    day = date(2026, 3, 5)
    for kind, shape in (
        (
            EventKind.CONSULTATION_STARTED,
            event_data.ConsultationStarted(
                consulted=event_data.CONSULTATION_ORGAN, party="区住建局", delivered_on=day
            ),
        ),
        (
            EventKind.EXTENDED,
            event_data.Extended(workdays=20, approved_by="王主任", reason="需调取档案"),
        ),
        (
            EventKind.FEE_NOTIFIED,
            event_data.FeeNotified(method="by_request", amount=Decimal("100"), pay_by=day),
        ),
    ):
        ApplicationEvent.objects.create(
            application=app, kind=kind, occurred_on=day, data=shape.to_data()
        )
    html = page(client, staff, change_url(app))
    log = html.split('id="events-group"', 1)[1]
    for raw in (
        "consultation_started",
        "fee_notified",
        ">registered<",
        f"{app.pk} registered",
        "<code>",
    ):
        assert raw not in log
    for key in ("kind:", "party:", "workdays", "approved_by", "pay_by", "delivered_on"):
        assert key not in log
    assert "another organ (Article 34)" in log
    assert "区住建局" in log
    assert "20 working days" in log
    assert "王主任" in log
    assert "Reply period extended" in log
