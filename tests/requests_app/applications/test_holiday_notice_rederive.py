"""Entering the State Council's notice re-derives the due dates of open applications."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from disclosure.models.calendar import CalendarYear, DayException
from disclosure.signals import calendar_changed
from requests_app.applications.selectors import explain_due_date
from tests.factories import ApplicationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

NOTICE_2026 = Path(__file__).parents[2] / "disclosure" / "holiday_notices" / "2026.txt"
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_holiday_notice_re_derives_the_due_dates_of_open_applications(
    frozen, django_capture_on_commit_callbacks
):
    frozen("2026-09-21")
    with django_capture_on_commit_callbacks(execute=True):
        # 2026's arrangement is not entered (as on a server before the notice came out).
        CalendarYear.objects.filter(year=2026).delete()
        DayException.objects.filter(date__year=2026).delete()
    app = ApplicationFactory(
        organization=OrganizationFactory(code="zlj"), received_on=D("2026-09-21")
    )
    # No due date yet, or a provisional one counted without the notice's 调休.
    assert app.due_on != D("2026-10-26")
    sent = []

    def listener(sender, **kwargs):
        sent.append(sender)

    calendar_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("holiday_notice", str(NOTICE_2026), stdout=StringIO(), stderr=StringIO())
    finally:
        calendar_changed.disconnect(listener)

    assert len(sent) == 1
    app.refresh_from_db()
    # After Mon 21 Sep: 22–24 Sep 3, (25 Sep 中秋), 28–30 Sep 6, (1–7 Oct 国庆),
    # 8–9 Oct 8, Sat 10 Oct worked 9, 12–16 Oct 14, 19–23 Oct 19, 26 Oct 20.
    assert app.due_on == D("2026-10-26")
    steps = explain_due_date(app)
    assert steps[-1].date == D("2026-10-26")
    assert not any("暂定" in f"{s.label} {s.detail}" for s in steps)
