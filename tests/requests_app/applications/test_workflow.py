"""Every workflow step and every refusal, on the official calendar in the database."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from disclosure.models.calendar import load_work_calendar
from requests_app.applications.fees import FeeMethod
from requests_app.applications.models import (
    Application,
    ApplicationStatus,
    EventKind,
    Outcome,
    SubmissionChannel,
)
from requests_app.applications.selectors import allowed_steps, explain_due_date
from requests_app.applications.services import workflow as wf
from requests_app.applications.services.registration import register_application
from requests_app.tracking import new_query_code
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

from .conftest import HOLIDAYS_ON_WEEKDAYS, WORKED_WEEKEND_DAYS, at

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _english():
    # Refusal messages are matched in English; the site's default language is Chinese.
    with translation.override("en"):
        yield


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自贡市自流井区人民政府")


@pytest.fixture
def staff(org):
    return UserFactory(organization=org)


def register(org, staff, received_on, **fields):
    values = {
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": "510302199001011239",
        "email": "zhangsan@example.com",
        "description": "2025年本区老旧小区改造项目清单",
    }
    values.update(fields)
    return register_application(
        organization=org,
        by=staff,
        channel=SubmissionChannel.IN_PERSON,
        received_on=D(received_on),
        **values,
    )


def kinds(app):
    return list(app.events.values_list("kind", flat=True))


def test_database_calendar_matches_the_hand_written_schedule():
    cal = load_work_calendar()
    for day in HOLIDAYS_ON_WEEKDAYS:
        assert not cal.is_workday(D(day)), day
    for day in WORKED_WEEKEND_DAYS:
        assert cal.is_workday(D(day)), day


# --- registration -----------------------------------------------------------


def test_register_in_person_starts_the_period_on_the_day_handed_in(org, staff, frozen):
    frozen("2025-09-26")
    app = register(org, staff, "2025-09-26")
    assert app.tracking_number == "ZLJ-2025-000001"
    assert app.status == ApplicationStatus.IN_PROGRESS
    assert app.received_on == D("2025-09-26")
    # Counted by hand over National Day 2025 (28 Sep and 11 Oct worked).
    assert app.due_on == D("2025-10-30")
    assert kinds(app) == [EventKind.REGISTERED]
    assert len(app.query_code) == 10
    assert app.check_query_code(app.query_code)
    assert app.query_code not in app.query_code_hash
    assert app.created_by == staff


def test_register_refuses_online_channel(org, staff, frozen):
    frozen("2026-03-02")
    with pytest.raises(wf.WorkflowError):
        register_application(
            organization=org,
            by=staff,
            channel=SubmissionChannel.ONLINE,
            received_on=D("2026-03-02"),
            applicant_type="natural_person",
            applicant_name="张三",
            description="x",
        )
    assert not Application.objects.exists()


def test_register_refuses_a_future_date_of_receipt(org, staff, frozen):
    frozen("2026-03-02")
    with pytest.raises(ValidationError) as info:
        register(org, staff, "2026-03-03")
    assert "received_on" in info.value.message_dict
    assert not Application.objects.exists()


def test_register_refuses_a_bad_identity_number_and_writes_nothing(org, staff, frozen):
    frozen("2026-03-02")
    with pytest.raises(ValidationError) as info:
        register(org, staff, "2026-03-02", id_number="510302199001011234")
    assert "id_number" in info.value.message_dict
    assert not Application.objects.exists()
    # The failed attempt did not consume a serial.
    assert register(org, staff, "2026-03-02").tracking_number == "ZLJ-2026-000001"


# --- confirmation -----------------------------------------------------------


def online(org, submitted="2026-03-02"):
    return ApplicationFactory(
        organization=org,
        channel=SubmissionChannel.ONLINE,
        received_on=None,
        status=ApplicationStatus.AWAITING_CONFIRMATION,
        submitted_at=at(submitted),
    )


def test_confirm_receipt_sets_the_date_of_receipt_and_mails(
    org, staff, frozen, django_capture_on_commit_callbacks
):
    frozen("2026-03-04")
    app = online(org)
    assert app.status == ApplicationStatus.AWAITING_CONFIRMATION
    assert app.due_on is None
    with django_capture_on_commit_callbacks(execute=True):
        wf.confirm_receipt(application=app, by=staff, on=D("2026-03-03"))
    assert app.received_on == D("2026-03-03")
    assert app.status == ApplicationStatus.IN_PROGRESS
    # After Tue 3 Mar: 4–6, 9–13, 16–20, 23–27, 30–31 Mar = 20th on 31 Mar.
    assert app.due_on == D("2026-03-31")
    assert len(mail.outbox) == 1
    assert app.tracking_number in mail.outbox[0].subject


def test_confirm_receipt_refuses_a_date_before_submission(org, staff, frozen):
    frozen("2026-03-04")
    app = online(org, submitted="2026-03-03")
    with pytest.raises(wf.WorkflowError, match="before the application was submitted"):
        wf.confirm_receipt(application=app, by=staff, on=D("2026-03-02"))


def test_confirm_receipt_twice_is_refused(org, staff, frozen):
    frozen("2026-03-04")
    app = online(org)
    wf.confirm_receipt(application=app, by=staff, on=D("2026-03-03"))
    with pytest.raises(wf.WorkflowError, match="in progress"):
        wf.confirm_receipt(application=app, by=staff, on=D("2026-03-04"))


def test_steps_in_the_future_are_refused(org, staff, frozen):
    frozen("2026-03-04")
    app = online(org)
    with pytest.raises(wf.WorkflowError, match="future"):
        wf.confirm_receipt(application=app, by=staff, on=D("2026-03-05"))
    app.refresh_from_db()
    assert app.received_on is None


def test_steps_before_the_last_recorded_step_are_refused(org, staff, frozen):
    frozen("2026-03-20")
    app = register(org, staff, "2026-03-02")
    wf.start_consultation(application=app, by=staff, on=D("2026-03-10"), party="李四", kind="organ")
    with pytest.raises(wf.WorkflowError, match="last recorded step"):
        wf.end_consultation(application=app, by=staff, on=D("2026-03-09"))


# --- correction (第三十条) ----------------------------------------------------


def test_correction_restarts_the_period(org, staff, frozen, django_capture_on_commit_callbacks):
    frozen("2026-03-20")
    app = register(org, staff, "2026-03-02")
    with django_capture_on_commit_callbacks(execute=True):
        wf.request_correction(
            application=app,
            by=staff,
            on=D("2026-03-06"),
            deadline=D("2026-03-20"),
            message="请写明所需信息的名称或文号。",
        )
    assert app.status == ApplicationStatus.AWAITING_CORRECTION
    assert app.due_on is None
    assert app.wait_until == D("2026-03-20")
    assert "请写明所需信息的名称或文号" in mail.outbox[0].body

    wf.record_correction(application=app, by=staff, on=D("2026-03-20"))
    assert app.status == ApplicationStatus.IN_PROGRESS
    # 20 working days after Fri 20 Mar, Mon 6 Apr (Qingming) not counted.
    assert app.due_on == D("2026-04-20")


def test_correction_on_the_seventh_working_day_is_allowed(org, staff, frozen):
    frozen("2026-03-12")
    app = register(org, staff, "2026-03-02")
    # 3, 4, 5, 6, 9, 10, 11 Mar: the 7th working day after Mon 2 Mar is Wed 11 Mar.
    wf.request_correction(
        application=app, by=staff, on=D("2026-03-11"), deadline=D("2026-03-25"), message="补正"
    )
    assert app.status == ApplicationStatus.AWAITING_CORRECTION


def test_correction_after_seven_working_days_is_refused(org, staff, frozen):
    frozen("2026-03-12")
    app = register(org, staff, "2026-03-02")
    with pytest.raises(wf.WorkflowError, match="7 working days"):
        wf.request_correction(
            application=app, by=staff, on=D("2026-03-12"), deadline=D("2026-03-25"), message="x"
        )
    assert app.events.count() == 1


def test_seven_working_days_for_correction_skip_spring_festival(org, staff, frozen):
    frozen("2026-02-27")
    app = register(org, staff, "2026-02-12")
    # After Thu 12 Feb: 13 Feb 1, Sat 14 Feb (worked) 2, 24–27 Feb 3–6, so 27 Feb is the 6th.
    wf.request_correction(
        application=app, by=staff, on=D("2026-02-27"), deadline=D("2026-03-13"), message="补正"
    )
    assert app.status == ApplicationStatus.AWAITING_CORRECTION


def test_correction_can_be_requested_only_once(org, staff, frozen):
    frozen("2026-03-20")
    app = register(org, staff, "2026-03-02")
    wf.request_correction(
        application=app, by=staff, on=D("2026-03-03"), deadline=D("2026-03-10"), message="x"
    )
    wf.record_correction(application=app, by=staff, on=D("2026-03-05"))
    with pytest.raises(wf.WorkflowError, match="only once"):
        wf.request_correction(
            application=app, by=staff, on=D("2026-03-06"), deadline=D("2026-03-13"), message="y"
        )


def test_correction_deadline_must_follow_the_request(org, staff, frozen):
    frozen("2026-03-05")
    app = register(org, staff, "2026-03-02")
    with pytest.raises(wf.WorkflowError, match="deadline"):
        wf.request_correction(
            application=app, by=staff, on=D("2026-03-05"), deadline=D("2026-03-05"), message="x"
        )


def test_correction_request_needs_a_message(org, staff, frozen):
    frozen("2026-03-05")
    app = register(org, staff, "2026-03-02")
    with pytest.raises(wf.WorkflowError, match="correct"):
        wf.request_correction(
            application=app, by=staff, on=D("2026-03-05"), deadline=D("2026-03-12"), message=" "
        )


def test_late_correction_is_refused_and_lapse_closes(org, staff, frozen):
    frozen("2026-03-20")
    app = register(org, staff, "2026-03-02")
    wf.request_correction(
        application=app, by=staff, on=D("2026-03-03"), deadline=D("2026-03-10"), message="x"
    )
    with pytest.raises(wf.WorkflowError, match="late"):
        wf.record_correction(application=app, by=staff, on=D("2026-03-11"))
    with pytest.raises(wf.WorkflowError, match="not passed"):
        wf.lapse_correction(application=app, by=staff, on=D("2026-03-10"))
    wf.lapse_correction(application=app, by=staff, on=D("2026-03-11"))
    assert app.status == ApplicationStatus.CLOSED
    assert app.outcome == Outcome.OTHER_NO_CORRECTION
    assert app.closed_on == D("2026-03-11")


def test_record_correction_needs_a_pending_request(org, staff, frozen):
    frozen("2026-03-05")
    app = register(org, staff, "2026-03-02")
    with pytest.raises(wf.WorkflowError, match="in progress"):
        wf.record_correction(application=app, by=staff, on=D("2026-03-05"))
    with pytest.raises(wf.WorkflowError):
        wf.lapse_correction(application=app, by=staff, on=D("2026-03-05"))


# --- consultation (第三十二条, 第三十四条) -------------------------------------


def test_consultation_pauses_the_period(org, staff, frozen):
    frozen("2026-04-24")
    app = register(org, staff, "2026-04-01")
    assert app.due_on == D("2026-04-30")
    wf.start_consultation(
        application=app, by=staff, on=D("2026-04-10"), party="某某公司", kind="third_party"
    )
    assert app.status == ApplicationStatus.IN_CONSULTATION
    # At the latest: the pause lasts until the party's 15th working day, 6 May (issue 10).
    assert app.due_on == D("2026-05-25")
    assert app.wait_until == D("2026-05-06")
    wf.end_consultation(application=app, by=staff, on=D("2026-04-24"))
    assert app.status == ApplicationStatus.IN_PROGRESS
    # 13–24 Apr paused; 14 days left after 24 Apr across Labour Day (9 May worked).
    assert app.due_on == D("2026-05-18")
    started = app.events.get(kind=EventKind.CONSULTATION_STARTED)
    assert started.data == {"kind": "third_party", "party": "某某公司"}
    # The party's name stays out of the public explanation.
    assert "某某公司" not in " ".join(s.detail + s.label for s in explain_due_date(app))


def test_consultation_refusals(org, staff, frozen):
    frozen("2026-05-06")
    app = register(org, staff, "2026-04-01")
    with pytest.raises(wf.WorkflowError, match="third party or another organ"):
        wf.start_consultation(application=app, by=staff, on=D("2026-04-10"), party="x", kind="x")
    with pytest.raises(wf.WorkflowError, match="Name"):
        wf.start_consultation(
            application=app, by=staff, on=D("2026-04-10"), party=" ", kind="organ"
        )
    with pytest.raises(wf.WorkflowError, match="ended on"):
        wf.start_consultation(
            application=app, by=staff, on=D("2026-05-06"), party="x", kind="organ"
        )
    with pytest.raises(wf.WorkflowError, match="in progress"):
        wf.end_consultation(application=app, by=staff, on=D("2026-04-10"))
    wf.start_consultation(application=app, by=staff, on=D("2026-04-10"), party="x", kind="organ")
    with pytest.raises(wf.WorkflowError, match="in consultation"):
        wf.start_consultation(
            application=app, by=staff, on=D("2026-04-13"), party="y", kind="organ"
        )


# --- extension (第三十三条) ----------------------------------------------------


def test_extension_once_and_the_applicant_is_told(
    org, staff, frozen, django_capture_on_commit_callbacks
):
    frozen("2026-04-20")
    app = register(org, staff, "2026-04-01")
    with django_capture_on_commit_callbacks(execute=True):
        wf.extend(
            application=app,
            by=staff,
            on=D("2026-04-20"),
            workdays=20,
            approved_by="王主任",
            reason="涉及档案较多，需调阅核对",
        )
    assert app.due_on == D("2026-06-01")
    assert len(mail.outbox) == 1
    assert "涉及档案较多" in mail.outbox[0].body
    ev = app.events.get(kind=EventKind.EXTENDED)
    assert ev.data["approved_by"] == "王主任"
    with pytest.raises(wf.WorkflowError, match="once"):
        wf.extend(
            application=app, by=staff, on=D("2026-04-20"), workdays=1, approved_by="王", reason="x"
        )


@pytest.mark.parametrize("workdays", [0, 21, -1])
def test_extension_outside_one_to_twenty_working_days_is_refused(org, staff, frozen, workdays):
    frozen("2026-04-20")
    app = register(org, staff, "2026-04-01")
    with pytest.raises(wf.WorkflowError, match="at most 20"):
        wf.extend(
            application=app,
            by=staff,
            on=D("2026-04-20"),
            workdays=workdays,
            approved_by="王主任",
            reason="x",
        )


def test_extension_needs_approver_and_reason_and_a_running_period(org, staff, frozen):
    frozen("2026-05-06")
    app = register(org, staff, "2026-04-01")
    with pytest.raises(wf.WorkflowError, match="head of the disclosure office"):
        wf.extend(
            application=app, by=staff, on=D("2026-04-20"), workdays=5, approved_by="", reason="x"
        )
    with pytest.raises(wf.WorkflowError, match="reason"):
        wf.extend(
            application=app, by=staff, on=D("2026-04-20"), workdays=5, approved_by="王", reason=""
        )
    # Due 30 Apr: too late on 6 May.
    with pytest.raises(wf.WorkflowError, match="no longer be extended"):
        wf.extend(
            application=app, by=staff, on=D("2026-05-06"), workdays=5, approved_by="王", reason="x"
        )


# --- fees (国办函〔2020〕109号) -----------------------------------------------


def test_fee_by_pages_pauses_until_paid(org, staff, frozen, django_capture_on_commit_callbacks):
    frozen("2026-06-17")
    app = register(org, staff, "2026-06-01")
    with django_capture_on_commit_callbacks(execute=True):
        wf.notify_fee(
            application=app, by=staff, on=D("2026-06-05"), method=FeeMethod.BY_PAGES, pages=101
        )
    assert app.status == ApplicationStatus.AWAITING_PAYMENT
    assert app.wait_until == D("2026-07-06")
    notice = app.events.get(kind=EventKind.FEE_NOTIFIED)
    assert notice.data["amount"] == "720"
    assert "720" in mail.outbox[0].body
    wf.record_payment(application=app, by=staff, on=D("2026-06-17"))
    assert app.status == ApplicationStatus.IN_PROGRESS
    assert app.fee_amount == Decimal("720")
    assert app.due_on == D("2026-07-10")


def test_fee_up_to_thirty_pages_is_refused(org, staff, frozen):
    frozen("2026-06-05")
    app = register(org, staff, "2026-06-01")
    with pytest.raises(wf.WorkflowError, match="30 pages"):
        wf.notify_fee(
            application=app, by=staff, on=D("2026-06-05"), method=FeeMethod.BY_PAGES, pages=30
        )
    with pytest.raises(wf.WorkflowError, match="number of pages"):
        wf.notify_fee(application=app, by=staff, on=D("2026-06-05"), method=FeeMethod.BY_PAGES)
    with pytest.raises(wf.WorkflowError, match="how the fee"):
        wf.notify_fee(application=app, by=staff, on=D("2026-06-05"), method="by_weight")


def test_fee_by_count_counts_the_applicants_requests_in_the_month_of_receipt(org, staff, frozen):
    frozen("2026-03-31")
    other_org = OrganizationFactory(code="jyj")
    same_id = "510302199001011239"
    # A request in February, one by someone else and the applicant's requests to another
    # organ (each organ counts the requests made to it) do not count towards March.
    register(org, staff, "2026-02-27")
    register(org, staff, "2026-03-02", id_number="11010519491231002X")
    for _ in range(5):
        register(other_org, staff, "2026-03-02")
    apps = [register(org, staff, "2026-03-02") for _ in range(10)]
    tenth = apps[-1]
    with pytest.raises(wf.WorkflowError, match="number 10"):
        wf.notify_fee(application=tenth, by=staff, on=D("2026-03-03"), method=FeeMethod.BY_COUNT)
    eleventh = register(org, staff, "2026-03-03", id_number=same_id.lower())
    wf.notify_fee(application=eleventh, by=staff, on=D("2026-03-04"), method=FeeMethod.BY_COUNT)
    notice = eleventh.events.get(kind=EventKind.FEE_NOTIFIED)
    assert notice.data["nth_request"] == 11
    assert notice.data["amount"] == "100"


def test_fee_by_count_at_the_thirty_first_request(org, staff, frozen):
    frozen("2026-03-31")
    apps = [register(org, staff, "2026-03-02") for _ in range(31)]
    wf.notify_fee(application=apps[29], by=staff, on=D("2026-03-03"), method=FeeMethod.BY_COUNT)
    wf.notify_fee(application=apps[30], by=staff, on=D("2026-03-03"), method=FeeMethod.BY_COUNT)
    amounts = [apps[i].events.get(kind=EventKind.FEE_NOTIFIED).data["amount"] for i in (29, 30)]
    assert amounts == ["100", "200"]


def test_fee_by_count_needs_an_identity_number(org, staff, frozen):
    frozen("2026-03-03")
    app = register(org, staff, "2026-03-02", id_type="", id_number="")
    with pytest.raises(wf.WorkflowError, match="identity document"):
        wf.notify_fee(application=app, by=staff, on=D("2026-03-03"), method=FeeMethod.BY_COUNT)


def test_a_second_fee_notice_is_refused(org, staff, frozen):
    frozen("2026-06-10")
    app = register(org, staff, "2026-06-01")
    wf.notify_fee(application=app, by=staff, on=D("2026-06-02"), method="by_pages", pages=40)
    wf.record_payment(application=app, by=staff, on=D("2026-06-03"))
    with pytest.raises(wf.WorkflowError, match="already sent"):
        wf.notify_fee(application=app, by=staff, on=D("2026-06-04"), method="by_pages", pages=40)


def test_unpaid_fee_lapses_only_after_the_deadline(org, staff, frozen):
    frozen("2026-07-07")
    app = register(org, staff, "2026-06-01")
    wf.notify_fee(application=app, by=staff, on=D("2026-06-05"), method="by_pages", pages=31)
    with pytest.raises(wf.WorkflowError, match="not passed"):
        wf.lapse_fee(application=app, by=staff, on=D("2026-07-06"))
    with pytest.raises(wf.WorkflowError, match="record the lapse"):
        wf.record_payment(application=app, by=staff, on=D("2026-07-07"))
    wf.lapse_fee(application=app, by=staff, on=D("2026-07-07"))
    assert app.status == ApplicationStatus.CLOSED
    assert app.outcome == Outcome.OTHER_FEE_UNPAID
    assert app.fee_amount is None


# --- answer and withdrawal ----------------------------------------------------


def test_answer_closes_with_outcome_reply_and_attachments(
    org, staff, frozen, django_capture_on_commit_callbacks
):
    frozen("2026-03-20")
    app = register(org, staff, "2026-03-02")
    upload = SimpleUploadedFile("清单.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        wf.answer(
            application=app,
            by=staff,
            on=D("2026-03-20"),
            outcome=Outcome.PARTIALLY_GRANTED,
            reply_text="经审查，现将可以公开的部分提供给您。",
            attachments=[("项目清单", upload)],
        )
    assert app.status == ApplicationStatus.CLOSED
    assert app.outcome == Outcome.PARTIALLY_GRANTED
    assert app.closed_on == D("2026-03-20")
    assert app.reply_attachments.get().title == "项目清单"
    assert len(mail.outbox) == 1
    assert allowed_steps(app) == []
    with pytest.raises(wf.WorkflowError, match="closed"):
        wf.withdraw(application=app, on=D("2026-03-20"))


@pytest.mark.parametrize("outcome", [Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID])
def test_answer_with_a_lapse_outcome_is_refused(org, staff, frozen, outcome):
    frozen("2026-03-20")
    app = register(org, staff, "2026-03-02")
    with pytest.raises(wf.WorkflowError, match="lapse"):
        wf.answer(application=app, by=staff, on=D("2026-03-20"), outcome=outcome, reply_text="x")


def test_answer_refusals(org, staff, frozen):
    frozen("2026-03-20")
    app = register(org, staff, "2026-03-02")
    with pytest.raises(wf.WorkflowError, match="outcomes"):
        wf.answer(application=app, by=staff, on=D("2026-03-20"), outcome="yes", reply_text="x")
    with pytest.raises(wf.WorkflowError, match="reply"):
        wf.answer(application=app, by=staff, on=D("2026-03-20"), outcome="granted", reply_text="")
    wf.start_consultation(application=app, by=staff, on=D("2026-03-03"), party="x", kind="organ")
    with pytest.raises(wf.WorkflowError, match="End the consultation"):
        wf.answer(application=app, by=staff, on=D("2026-03-20"), outcome="granted", reply_text="x")
    pending = online(org)
    with pytest.raises(wf.WorkflowError, match="awaiting confirmation"):
        wf.answer(
            application=pending, by=staff, on=D("2026-03-20"), outcome="granted", reply_text="x"
        )


def test_withdrawal_closes_as_other_from_any_open_state(org, frozen):
    frozen("2026-03-04")
    app = online(org)
    wf.withdraw(application=app, on=D("2026-03-04"))
    assert app.status == ApplicationStatus.CLOSED
    assert app.outcome == Outcome.OTHER
    assert app.events.filter(kind=EventKind.WITHDRAWN, actor__isnull=True).exists()


def test_internal_note_is_not_public_and_changes_nothing(org, staff, frozen):
    frozen("2026-03-04")
    app = register(org, staff, "2026-03-02")
    due = app.due_on
    note = wf.add_note(application=app, by=staff, on=D("2026-03-04"), text="电话联系申请人")
    assert note.public is False
    app.refresh_from_db()
    assert app.due_on == due


# --- derivation ---------------------------------------------------------------


def test_without_the_next_years_calendar_the_due_date_is_provisional(org, staff, frozen):
    # Issue 10: the due date used to be left empty (None) until 2027 was entered.
    frozen("2026-12-10")
    app = register(org, staff, "2026-12-10")
    assert app.status == ApplicationStatus.IN_PROGRESS
    assert app.due_on == D("2027-01-08")
    assert app.dates_provisional
    steps = explain_due_date(app)
    assert steps[-2].date == D("2027-01-08")
    assert steps[-1].date is None
    assert "暂定" in steps[-1].label
    assert "2027" in steps[-1].detail


def test_refresh_derived_leaves_imported_history_alone(org):
    app = ApplicationFactory(
        organization=org,
        is_historical=True,
        status=ApplicationStatus.CLOSED,
        outcome=Outcome.GRANTED,
        received_on=D("2016-05-10"),
        closed_on=D("2016-05-20"),
    )
    wf.refresh_derived(app)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CLOSED
    assert app.events.count() == 0


def test_allowed_steps_follow_status_and_once_rules(org, staff, frozen):
    frozen("2026-03-10")
    app = register(org, staff, "2026-03-02")
    assert "request_correction" in allowed_steps(app)
    wf.extend(
        application=app, by=staff, on=D("2026-03-03"), workdays=5, approved_by="王", reason="x"
    )
    assert "extend" not in allowed_steps(app)
    wf.start_consultation(application=app, by=staff, on=D("2026-03-04"), party="x", kind="organ")
    assert allowed_steps(app) == ["end_consultation", "withdraw"]


def test_query_codes_use_the_unambiguous_alphabet():
    code = new_query_code()
    assert not set(code) & set("01OIL")


# --- review fixes -------------------------------------------------------------------------


def test_pay_by_date_counts_from_the_day_after_the_notice_arrived(org, staff, frozen):
    frozen("2026-03-06")
    app = register(org, staff, "2026-03-02", delivery_method="post")
    # The applicant gets replies by post: the day the notice arrived must be given.
    with pytest.raises(wf.WorkflowError, match="by post"):
        wf.notify_fee(
            application=app, by=staff, on=D("2026-03-03"), method=FeeMethod.BY_PAGES, pages=150
        )
    with pytest.raises(wf.WorkflowError, match="before it was sent"):
        wf.notify_fee(
            application=app,
            by=staff,
            on=D("2026-03-03"),
            method=FeeMethod.BY_PAGES,
            pages=150,
            delivered_on=D("2026-03-02"),
        )
    with pytest.raises(wf.WorkflowError, match="future"):
        wf.notify_fee(
            application=app,
            by=staff,
            on=D("2026-03-03"),
            method=FeeMethod.BY_PAGES,
            pages=150,
            delivered_on=D("2026-03-09"),
        )
    # Sent Tue 3 Mar, received Fri 6 Mar: 9–13 Mar 5, 16–20 Mar 10, 23–27 Mar 15,
    # 30 Mar – 3 Apr 20 working days.
    wf.notify_fee(
        application=app,
        by=staff,
        on=D("2026-03-03"),
        method=FeeMethod.BY_PAGES,
        pages=150,
        delivered_on=D("2026-03-06"),
    )
    assert app.status == ApplicationStatus.AWAITING_PAYMENT
    assert app.wait_until == D("2026-04-03")
    notice = app.events.get(kind=EventKind.FEE_NOTIFIED)
    assert notice.data["delivered_on"] == "2026-03-06"
    assert notice.data["pay_by"] == "2026-04-03"
    fee_step = next(s for s in explain_due_date(app) if s.date == D("2026-03-03"))
    assert "April 3, 2026" in fee_step.detail


def test_emailed_fee_notice_arrives_on_the_notice_date(org, staff, frozen):
    frozen("2026-03-03")
    app = register(org, staff, "2026-03-02", delivery_method="email")
    wf.notify_fee(
        application=app, by=staff, on=D("2026-03-03"), method=FeeMethod.BY_PAGES, pages=150
    )
    # After Tue 3 Mar: 4–6 Mar 3, 9–13 8, 16–20 13, 23–27 18, 30–31 Mar 20.
    assert app.wait_until == D("2026-03-31")
    assert app.events.get(kind=EventKind.FEE_NOTIFIED).data["delivered_on"] == "2026-03-03"


def test_fee_notice_after_the_reply_period_ended_is_refused(org, staff, frozen):
    frozen("2026-04-10")
    app = register(org, staff, "2026-03-02")
    assert app.due_on == D("2026-03-30")
    with pytest.raises(wf.WorkflowError, match="fee notice can no longer be sent"):
        wf.notify_fee(
            application=app, by=staff, on=D("2026-04-10"), method=FeeMethod.BY_PAGES, pages=150
        )
    app.refresh_from_db()
    assert app.status == ApplicationStatus.IN_PROGRESS
    assert not app.events.filter(kind=EventKind.FEE_NOTIFIED).exists()


def test_fee_by_count_counts_only_requests_to_the_same_organization(org, staff, frozen):
    frozen("2026-03-20")
    elsewhere = OrganizationFactory(code="hbj")
    for _ in range(10):
        register(org, staff, "2026-03-02")
    first_to_elsewhere = register(elsewhere, staff, "2026-03-03")
    with pytest.raises(wf.WorkflowError, match="number 1 to this organ"):
        wf.notify_fee(
            application=first_to_elsewhere, by=staff, on=D("2026-03-20"), method=FeeMethod.BY_COUNT
        )
    assert wf.nth_request_in_month(first_to_elsewhere) == 1
    eleventh_here = register(org, staff, "2026-03-03")
    assert wf.nth_request_in_month(eleventh_here) == 11


def test_internal_note_does_not_block_a_step_dated_before_it(org, staff, frozen):
    frozen("2026-03-05")
    app = register(org, staff, "2026-03-02")
    wf.request_correction(
        application=app, by=staff, on=D("2026-03-03"), deadline=D("2026-03-13"), message="请补正"
    )
    wf.add_note(application=app, by=staff, on=D("2026-03-05"), text="电话联系申请人")
    # The corrected application arrived yesterday; staff record it today.
    wf.record_correction(application=app, by=staff, on=D("2026-03-04"))
    assert app.status == ApplicationStatus.IN_PROGRESS
    # A legal step still may not go before another legal step.
    with pytest.raises(wf.WorkflowError, match="before the last recorded step"):
        wf.extend(
            application=app, by=staff, on=D("2026-03-03"), workdays=5, approved_by="王", reason="x"
        )


def test_extension_before_a_correction_does_not_carry_into_the_restarted_period(org, staff, frozen):
    frozen("2026-03-11")
    app = register(org, staff, "2026-03-02")
    wf.extend(
        application=app,
        by=staff,
        on=D("2026-03-03"),
        workdays=20,
        approved_by="主任",
        reason="量大",
    )
    assert "extend" not in allowed_steps(app)
    wf.request_correction(
        application=app, by=staff, on=D("2026-03-04"), deadline=D("2026-03-20"), message="补正"
    )
    wf.record_correction(application=app, by=staff, on=D("2026-03-10"))
    # Article 30: 20 working days after Tue 10 Mar, not 40: 11–13 Mar 3, 16–20 8,
    # 23–27 13, 30 Mar – 3 Apr 18, (6 Apr 清明), 7–8 Apr 20.
    assert app.due_on == D("2026-04-08")
    assert "no longer applies" in " ".join(s.detail for s in explain_due_date(app))
    # The once-only extension applies to the new period.
    assert "extend" in allowed_steps(app)
    wf.extend(
        application=app,
        by=staff,
        on=D("2026-03-11"),
        workdays=10,
        approved_by="主任",
        reason="量大",
    )
    # 30 working days after 10 Mar: 9–10 Apr 22, 13–17 Apr 27, 20–22 Apr 30.
    assert app.due_on == D("2026-04-22")
    assert "extend" not in allowed_steps(app)
    with pytest.raises(wf.WorkflowError, match="already extended"):
        wf.extend(
            application=app,
            by=staff,
            on=D("2026-03-11"),
            workdays=5,
            approved_by="主任",
            reason="x",
        )


def test_unclear_after_correction_needs_a_corrected_application(org, staff, frozen):
    frozen("2026-03-05")
    app = register(org, staff, "2026-03-02")
    with pytest.raises(wf.WorkflowError, match="only after a corrected application"):
        wf.answer(
            application=app,
            by=staff,
            on=D("2026-03-05"),
            outcome=Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION,
            reply_text="不明确",
        )
    assert not app.events.filter(kind=EventKind.ANSWERED).exists()
    wf.request_correction(
        application=app, by=staff, on=D("2026-03-03"), deadline=D("2026-03-13"), message="补正"
    )
    wf.record_correction(application=app, by=staff, on=D("2026-03-04"))
    wf.answer(
        application=app,
        by=staff,
        on=D("2026-03-05"),
        outcome=Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION,
        reply_text="补正后仍不明确",
    )
    assert app.outcome == Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION
