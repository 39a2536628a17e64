"""Issue 10: a due date that reaches a year whose State Council arrangement is not entered is
counted on the provisional schedule, marked 暂定 wherever it shows, treated as a date by the
filters and the reminder, and derived again (losing 暂定) when the year is entered."""

from datetime import date

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from disclosure.models.calendar import CalendarYear, DayException
from disclosure.roles import ensure_staff_groups
from requests_app import signals as requests_signals
from requests_app.applications.models import Application, hash_query_code
from requests_app.applications.services import workflow as wf
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat
STATUS = reverse("applications:status")
CHANGELIST = reverse("admin:requests_app_application_changelist")
CODE = "ABCDEFGH23"
# The staff instruction and the false "stopped" the public used to see.
STAFF_INSTRUCTION = "请先在管理后台"
STOPPED = ("The period is stopped", "暂停计算")


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


@pytest.fixture
def staff(org):
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(username="zlj-staff", organization=org)
    user.groups.add(staff_group)
    return user


@pytest.fixture
def confirmed(org, staff, frozen, django_capture_on_commit_callbacks):
    """An online application submitted and confirmed on Thu 10 Dec 2026 (2027 not entered)."""
    frozen("2026-12-10")
    app = ApplicationFactory(
        organization=org,
        received_on=None,
        channel="online",
        query_code_hash=hash_query_code(CODE),
        email="applicant@example.com",
    )
    with django_capture_on_commit_callbacks(execute=True):
        wf.confirm_receipt(application=app, by=staff, on=D("2026-12-10"))
    app.refresh_from_db()
    return app


def status_page(client, app):
    client.post(STATUS, {"tracking_number": app.tracking_number, "query_code": CODE})
    return client.get(STATUS).content.decode()


def test_confirmed_in_december_has_a_provisional_due_date(confirmed):
    # After Thu 10 Dec: 11 Dec 1, 14–18 Dec 6, 21–25 Dec 11, 28–31 Dec 15, (1 Jan 元旦),
    # 4–8 Jan 20.
    assert confirmed.due_on == D("2027-01-08")
    assert confirmed.dates_provisional


def test_the_receipt_mail_gives_the_date_marked_provisional_with_the_reason(confirmed):
    body = mail.outbox[-1].body
    assert "—" not in body.split("\n")[0]
    assert "2027" in body
    assert "暂定" in body
    assert "2027" in body.split("暂定", 1)[1]  # the reason names the year
    assert STAFF_INSTRUCTION not in body


def test_the_status_page_says_provisional_and_why_without_staff_instructions(client, confirmed):
    html = status_page(client, confirmed)
    due = html.split('id="due-date">', 1)[1].split("</dd>")[0]
    assert "2027" in due and "暂定" in due
    note = html.split('id="provisional-note">', 1)[1].split("</p>")[0]
    assert "暂定" in note and "2027" in note
    assert "admin" not in note.lower()
    steps = html.split('class="due-steps"', 1)[1].split("</ol>")[0]
    assert "暂定" in steps.split("<li>")[-1]  # the last step says why
    assert STAFF_INSTRUCTION not in html
    for text in STOPPED:
        assert text not in html


def test_the_admin_list_and_change_page_mark_the_date(client, staff, confirmed):
    client.force_login(staff)
    listing = client.get(CHANGELIST).content.decode()
    row = listing.split(confirmed.tracking_number, 1)[1].split("</tr>")[0]
    assert "2027-01-08" in row and "暂定" in row
    page = client.get(
        reverse("admin:requests_app_application_change", args=[confirmed.pk])
    ).content.decode()
    assert "2027-01-08" in page and "暂定" in page


def test_a_step_that_leaves_a_provisional_date_warns_staff_with_a_link(client, staff, org, frozen):
    frozen("2026-12-14")
    app = ApplicationFactory(organization=org, received_on=None, channel="online")
    client.force_login(staff)
    response = client.post(
        reverse("admin:requests_app_application_step", args=[app.pk, "confirm_receipt"]),
        {"on": "2026-12-14"},
        follow=True,
    )
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "2027" in warnings[0] and "暂定" in warnings[0]
    assert reverse("admin:disclosure_calendaryear_holiday_notice") in warnings[0]


def test_filters_treat_a_provisional_date_as_a_date(client, staff, confirmed, frozen):
    def listed(day, deadline):
        frozen(day)
        client.force_login(staff)
        return confirmed.tracking_number in client.get(CHANGELIST, {"deadline": deadline}).text

    # Thu 31 Dec: + 5 working days is Fri 8 Jan on the provisional 2027 (1 Jan off).
    assert listed("2026-12-31", "soon")
    assert not listed("2026-12-30", "soon")  # + 5 working days is Thu 7 Jan: not yet
    assert listed("2027-01-11", "overdue")
    assert not listed("2027-01-11", "stopped")


def test_entering_the_year_removes_provisional_everywhere(
    client, confirmed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        DayException.objects.create(date=D("2027-01-01"), is_workday=False, note="元旦")
        CalendarYear.objects.create(year=2027)
    confirmed.refresh_from_db()
    assert confirmed.due_on == D("2027-01-08")
    assert not confirmed.dates_provisional
    html = status_page(client, confirmed)
    assert "暂定" not in html
    assert 'id="provisional-note"' not in html


def test_after_an_upgrade_migrate_derives_the_empty_dates_again(org, frozen):
    # Before issue 10 the clock left the date empty; the stored row still says so.
    frozen("2026-12-10")
    app = ApplicationFactory(organization=org, received_on=D("2026-12-10"))
    Application.objects.filter(pk=app.pk).update(due_on=None, dates_provisional=False)
    requests_signals._prefill(
        sender=None, app_config=apps.get_app_config("requests_app"), apps=apps
    )
    app.refresh_from_db()
    assert app.due_on == D("2027-01-08") and app.dates_provisional


# --- the admin's front page --------------------------------------------------------------


@pytest.fixture
def supervisor(org):
    _, supervisors = ensure_staff_groups()
    user = UserFactory(username="supervisor", organization=org)
    user.groups.add(supervisors)
    return user


def front_page(client, user):
    client.force_login(user)
    return client.get(reverse("admin:index")).content.decode()


def test_from_1_october_supervisors_are_warned_that_next_year_is_missing(
    client, supervisor, frozen
):
    frozen("2026-09-30")
    assert "calendar-warning" not in front_page(client, supervisor)
    frozen("2026-10-01")
    html = front_page(client, supervisor)
    assert "calendar-warning" in html
    warning = html.split("calendar-warning", 1)[1].split("</ul>")[0]
    assert "2027" in warning
    assert reverse("admin:disclosure_calendaryear_holiday_notice") in warning


def test_the_warning_is_for_supervisors_only_and_ends_when_the_year_is_entered(
    client, supervisor, staff, frozen
):
    frozen("2026-11-02")
    assert "calendar-warning" not in front_page(client, staff)
    superuser = UserFactory(username="root", organization=None, is_superuser=True)
    assert "calendar-warning" in front_page(client, superuser)
    CalendarYear.objects.create(year=2027)
    assert "calendar-warning" not in front_page(client, supervisor)


def test_a_current_year_still_missing_is_warned_about_all_year(client, supervisor, frozen):
    frozen("2027-03-01")
    html = front_page(client, supervisor)
    assert "calendar-warning" in html
    assert "2027" in html.split("calendar-warning", 1)[1].split("</ul>")[0]
