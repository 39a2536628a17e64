"""Due dates follow the official calendar when staff enter a year or correct a holiday."""

from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from disclosure import signals as disclosure_signals
from disclosure.models.calendar import CalendarYear, DayException
from requests_app.applications.models import Application, ApplicationStatus
from requests_app.applications.selectors import explain_due_date
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj")


def test_entering_next_years_calendar_derives_the_provisional_due_dates_again(
    org, frozen, django_capture_on_commit_callbacks
):
    frozen("2026-12-10")
    app = ApplicationFactory(organization=org, received_on=D("2026-12-10"))
    historical = ApplicationFactory(
        organization=org, received_on=D("2026-12-10"), is_historical=True, due_on=None
    )
    # Issue 10: 2027 is not in the calendar; the date used to be left empty (None). It is
    # now counted on the provisional 2027 (元旦 off, no 调休) and marked 暂定.
    assert app.due_on == D("2027-01-08")
    assert app.dates_provisional

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        DayException.objects.create(date=D("2027-01-01"), is_workday=False, note="元旦")
        DayException.objects.create(date=D("2027-01-04"), is_workday=False, note="元旦")
        CalendarYear.objects.create(year=2027, notice="国办发明电〔2026〕")

    # One re-derivation after commit for the whole change, not one per row saved.
    announcements = [c for c in callbacks if isinstance(c, disclosure_signals._Announcement)]
    assert len(announcements) == 1
    app.refresh_from_db()
    # After Thu 10 Dec: 11 Dec 1, 14–18 Dec 6, 21–25 Dec 11, 28–31 Dec 15,
    # (1 Jan 元旦, 4 Jan off as entered), 5–8 Jan 19, 11 Jan 20.
    assert app.due_on == D("2027-01-11")
    assert not app.dates_provisional
    assert app.status == ApplicationStatus.IN_PROGRESS
    assert explain_due_date(app)[-1].date == D("2027-01-11")
    assert not any("暂定" in step.label for step in explain_due_date(app))
    historical.refresh_from_db()
    assert historical.due_on is None  # imported history is left as imported


def test_correcting_a_holiday_moves_the_due_dates(org, frozen, django_capture_on_commit_callbacks):
    frozen("2026-09-21")
    app = ApplicationFactory(organization=org, received_on=D("2026-09-21"))
    closed = ApplicationFactory(organization=org, received_on=D("2026-09-21"))
    Application.objects.filter(pk=closed.pk).update(
        status=ApplicationStatus.CLOSED, outcome="granted", closed_on=D("2026-09-21"), due_on=None
    )
    # After Mon 21 Sep: 22–24 Sep 3, (25 Sep 中秋), 28–30 Sep 6, (1–7 Oct 国庆),
    # 8–9 Oct 8, Sat 10 Oct worked 9, 12–16 Oct 14, 19–23 Oct 19, 26 Oct 20.
    assert app.due_on == D("2026-10-26")

    with django_capture_on_commit_callbacks(execute=True):
        extra = DayException.objects.create(date=D("2026-10-12"), is_workday=False, note="x")
    app.refresh_from_db()
    assert app.due_on == D("2026-10-27")

    with django_capture_on_commit_callbacks(execute=True):
        extra.delete()
    app.refresh_from_db()
    assert app.due_on == D("2026-10-26")
    closed.refresh_from_db()
    assert closed.status == ApplicationStatus.CLOSED and closed.due_on is None


def test_years_added_from_the_package_at_migrate_fill_the_due_dates(org, frozen, monkeypatch):
    frozen("2026-12-10")
    app = ApplicationFactory(organization=org, received_on=D("2026-12-10"))
    assert app.due_on == D("2027-01-08") and app.dates_provisional  # issue 10: was None
    # The package learns 2027 (a new release): post_migrate adds it.
    monkeypatch.setattr(
        "disclosure.services.reference_data.package_schedule",
        lambda: ({2026, 2027}, {D("2027-01-01"): (False, "元旦")}),
    )
    disclosure_signals._prefill(sender=None, app_config=apps.get_app_config("disclosure"))
    app.refresh_from_db()
    assert app.due_on == D("2027-01-08")
    assert not app.dates_provisional


def test_remind_deadlines_first_derives_again_what_the_calendar_now_allows(org, frozen):
    UserFactory(organization=org, email="staff@zlj.example")
    frozen("2026-12-10")
    app = ApplicationFactory(organization=org, received_on=D("2026-12-10"))
    assert app.due_on == D("2027-01-08") and app.dates_provisional  # issue 10: was None
    # Rows written without model signals (a bulk load): only the reminder notices.
    CalendarYear.objects.bulk_create([CalendarYear(year=2027)])

    frozen("2027-02-01")
    out = StringIO()
    call_command("remind_deadlines", "--dry-run", stdout=out, stderr=StringIO())
    app.refresh_from_db()
    assert app.due_on == D("2027-01-07")  # no 2027 holiday entered: 1 Jan counts
    assert not app.dates_provisional
    assert app.tracking_number in out.getvalue()
    assert "Overdue (1)" in out.getvalue()
