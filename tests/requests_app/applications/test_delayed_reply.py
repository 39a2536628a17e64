"""第三十五条: a later reply date set by the organ and told to the applicant."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from disclosure.roles import ensure_staff_groups
from requests_app.applications.deadlines import EventRecord, derive
from requests_app.applications.models import (
    Application,
    ApplicationStatus,
    EventKind,
    SubmissionChannel,
)
from requests_app.applications.selectors import allowed_steps, public_events
from requests_app.applications.services import workflow as wf
from requests_app.applications.services.registration import register_application
from tests.factories import OrganizationFactory, UserFactory

D = date.fromisoformat
REASON = "申请人一个月内提出120件申请，经说明理由认为合理，但无法在法定期限内答复"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def ev(event_kind, day, **data):
    return EventRecord(kind=event_kind, occurred_on=D(day), data=data)


# --- the clock -----------------------------------------------------------------------------


def test_the_set_date_becomes_the_due_date(cal):
    # Received 1 Apr 2026, due 30 Apr; on 20 Apr the organ sets 30 June.
    events = [ev(EventKind.REPLY_DELAYED, "2026-04-20", reply_by="2026-06-30", reason=REASON)]
    result = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
    assert result.status == ApplicationStatus.IN_PROGRESS
    assert result.due_on == D("2026-06-30")
    delayed = result.steps[-2]
    assert (delayed.label, delayed.date) == ("Reply delayed", D("2026-04-20"))
    assert "Article 35" in delayed.detail and "June 30, 2026" in delayed.detail
    due = result.steps[-1]
    assert (due.label, due.date) == ("Reply due", D("2026-06-30"))
    assert "Article 35" in due.detail


def test_a_counted_period_ending_later_still_counts(cal):
    # Delay to 8 May, then an extension of 20: 20 + 20 working days end on 1 June.
    events = [
        ev(EventKind.REPLY_DELAYED, "2026-04-20", reply_by="2026-05-08", reason=REASON),
        ev(EventKind.EXTENDED, "2026-04-21", workdays=20),
    ]
    result = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
    assert result.due_on == D("2026-06-01")


def test_a_correction_abandons_the_delay_with_the_period(cal):
    # 第三十条: counted afresh from 10 Apr: 13–17, 20–24, 27–30 Apr 1–14, 6–8 May 15–17,
    # Sat 9 May 18, 11–12 May 19–20.
    events = [
        ev(EventKind.REPLY_DELAYED, "2026-04-02", reply_by="2026-06-30", reason=REASON),
        ev(EventKind.CORRECTION_REQUESTED, "2026-04-03", deadline="2026-04-17"),
        ev(EventKind.CORRECTED, "2026-04-10"),
    ]
    result = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
    assert result.due_on == D("2026-05-12")
    assert "Article 35" in next(s for s in result.steps if s.date == D("2026-04-10")).detail


def test_a_date_set_by_the_organ_is_not_provisional(cal):
    # The calendar has 2025 and 2026 only; the date the organ set lies in 2027.
    events = [ev(EventKind.REPLY_DELAYED, "2026-11-10", reply_by="2027-02-26", reason=REASON)]
    result = derive(received_on=D("2026-11-02"), events=events, calendar=cal)
    assert result.due_on == D("2027-02-26")
    assert result.provisional_years == ()


# --- the service -----------------------------------------------------------------------------


@pytest.fixture
def org(db):
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


@pytest.fixture
def staff(org):
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(username="zlj-staff", organization=org)
    user.groups.add(staff_group)
    return user


@pytest.fixture
def app(org, staff, frozen):
    frozen("2026-04-01")
    return register_application(
        organization=org,
        by=staff,
        channel=SubmissionChannel.IN_PERSON,
        received_on=D("2026-04-01"),
        applicant_type="natural_person",
        applicant_name="张三",
        email="zhangsan@example.com",
        description="本区2016年以来全部行政处罚决定书",
    )


def delay(app, staff, on="2026-04-20", reply_by="2026-06-30", reason=REASON):
    return wf.delay_reply(
        application=app,
        by=staff,
        on=D(on),
        reply_by=D(reply_by) if reply_by else reply_by,
        reason=reason,
    )


def test_the_delayed_application_is_not_overdue_until_the_set_date(
    app, staff, frozen, django_capture_on_commit_callbacks
):
    assert app.due_on == D("2026-04-30")
    frozen("2026-04-20")
    assert "delay_reply" in allowed_steps(app)
    with django_capture_on_commit_callbacks(execute=True):
        delay(app, staff)

    assert (app.status, app.due_on) == (ApplicationStatus.IN_PROGRESS, D("2026-06-30"))
    assert not Application.objects.overdue(on=D("2026-05-06")).exists()
    assert not Application.objects.overdue(on=D("2026-06-30")).exists()
    assert Application.objects.overdue(on=D("2026-07-01")).get() == app
    # The applicant is told: by mail, and on the status page (the event and its reason).
    (message,) = mail.outbox
    assert "June 30, 2026" in message.body and REASON in message.body
    assert "Article 35" in message.body
    event = public_events(app).get(kind=EventKind.REPLY_DELAYED)
    assert event.message == REASON
    assert event.get_kind_display() == "Reply delayed (Article 35)"
    assert event.data == {"reply_by": "2026-06-30", "reason": REASON}


def test_the_new_date_must_be_after_the_due_date_and_a_reason_given(app, staff, frozen):
    frozen("2026-04-20")
    with pytest.raises(wf.WorkflowError, match="after the current due date"):
        delay(app, staff, reply_by="2026-04-30")
    with pytest.raises(wf.WorkflowError, match="reason"):
        delay(app, staff, reason="  ")
    with pytest.raises(wf.WorkflowError, match="give the date"):
        delay(app, staff, reply_by=None)
    assert not app.events.filter(kind=EventKind.REPLY_DELAYED).exists()
    assert app.due_on == D("2026-04-30")


def test_a_delay_after_the_period_ended_is_refused(app, staff, frozen):
    frozen("2026-05-06")
    with pytest.raises(wf.WorkflowError, match="ended on"):
        delay(app, staff, on="2026-05-06")


def test_a_delay_is_not_possible_while_the_period_is_stopped(app, staff, frozen):
    frozen("2026-04-10")
    wf.start_consultation(application=app, by=staff, on=D("2026-04-10"), party="x", kind="organ")
    with pytest.raises(wf.WorkflowError, match="in consultation"):
        delay(app, staff, on="2026-04-10")


def test_the_admin_step_records_the_delay(app, staff, client, frozen):
    frozen("2026-04-20")
    client.force_login(staff)
    change = client.get(reverse("admin:requests_app_application_change", args=[app.pk]))
    url = reverse("admin:requests_app_application_step", args=[app.pk, "delay_reply"])
    assert f'href="{url}"' in change.text
    refused = client.post(url, {"on": "2026-04-20", "reply_by": "2026-04-28", "reason": REASON})
    assert refused.status_code == 200  # shown on the form, nothing saved
    assert not app.events.filter(kind=EventKind.REPLY_DELAYED).exists()
    response = client.post(url, {"on": "2026-04-20", "reply_by": "2026-06-30", "reason": REASON})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.due_on == D("2026-06-30")
