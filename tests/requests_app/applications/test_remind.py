"""The daily reminder command."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from requests_app.applications.services import workflow as wf
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def setup(frozen):
    # Today Fri 24 Apr 2026; +5 working days reaches Wed 6 May (1–5 May off).
    frozen("2026-04-24")
    zlj = OrganizationFactory(code="zlj", name="自流井区人民政府")
    gxq = OrganizationFactory(code="gxq", name="高新区管委会")
    UserFactory(username="a", organization=zlj, email="a@zlj.example")
    UserFactory(username="b", organization=zlj, email="b@zlj.example")
    UserFactory(username="c", organization=zlj, email="", is_staff=True)
    UserFactory(username="d", organization=zlj, email="gone@zlj.example", is_active=False)
    apps = {
        "overdue": ApplicationFactory(organization=zlj, received_on=D("2026-03-20")),  # 20 Apr
        "soon": ApplicationFactory(organization=zlj, received_on=D("2026-04-02")),  # 6 May
        "later": ApplicationFactory(organization=zlj, received_on=D("2026-04-03")),  # 7 May
        "elsewhere": ApplicationFactory(organization=gxq, received_on=D("2026-03-20")),
    }
    stalled = ApplicationFactory(organization=zlj, received_on=D("2026-04-01"))
    wf.request_correction(
        application=stalled, by=None, on=D("2026-04-02"), deadline=D("2026-04-16"), message="x"
    )
    apps["stalled"] = stalled
    return apps


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("remind_deadlines", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_mails_each_organizations_staff_with_its_lists(setup):
    out, err = run()
    assert len(mail.outbox) == 1  # gxq has no staff with an address
    message = mail.outbox[0]
    assert sorted(message.to) == ["a@zlj.example", "b@zlj.example"]
    assert "1 overdue, 1 nearly due" in message.subject
    body = message.body
    assert setup["overdue"].tracking_number in body
    assert "4 working days late" in body
    assert setup["soon"].tracking_number in body
    assert setup["stalled"].tracking_number in body  # correction deadline 16 Apr passed
    assert setup["later"].tracking_number not in body
    assert setup["elsewhere"].tracking_number not in body
    assert "510302199001011239" not in body
    assert "高新区管委会: no staff user" in err
    assert setup["elsewhere"].tracking_number in out


def test_dry_run_prints_and_sends_nothing(setup):
    out, _ = run("--dry-run")
    assert mail.outbox == []
    assert setup["overdue"].tracking_number in out
    assert "would mail: a@zlj.example, b@zlj.example" in out


def test_days_option_and_single_organization(setup):
    out, _ = run("--days", "10", "--org", "ZLJ", "--dry-run")
    assert setup["later"].tracking_number in out
    assert setup["elsewhere"].tracking_number not in out


def test_bad_arguments_are_explained(setup):
    with pytest.raises(CommandError, match="no-such"):
        run("--org", "no-such")
    with pytest.raises(CommandError, match="between 0 and 60"):
        run("--days", "-1")


def test_nothing_to_remind(frozen):
    frozen("2026-04-24")
    out, _ = run()
    assert "No overdue" in out
    assert mail.outbox == []


def test_online_applications_awaiting_confirmation_over_a_working_day_are_listed(frozen):
    from datetime import datetime

    from .conftest import SHANGHAI

    zlj = OrganizationFactory(code="zlj", name="自流井区人民政府")
    UserFactory(username="a", organization=zlj, email="a@zlj.example")

    def online(day, hour):
        return ApplicationFactory(
            organization=zlj,
            channel="online",
            received_on=None,
            status="awaiting_confirmation",
            submitted_at=datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI),
        )

    frozen("2026-01-05")
    waiting = online("2025-12-31", 20)  # Wed evening; 1–3 Jan off, 4 Jan (Sun) worked
    fresh = online("2026-01-04", 9)  # the worked Sunday: only Mon 5 Jan has passed since
    run()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.endswith(", 1 awaiting confirmation of receipt")
    body = mail.outbox[0].body
    assert "awaiting confirmation of receipt for more than 1 working day (1)" in body
    assert waiting.tracking_number in body
    assert "submitted 2025-12-31" in body
    assert fresh.tracking_number not in body


def test_year_end_without_next_years_calendar_counts_provisionally_and_says_so(frozen):
    # Issue 10: "due soon" used to fall back to 14 calendar days with a note; it now
    # counts the working days of 2027 on its provisional schedule.
    zlj = OrganizationFactory(code="zlj", name="自流井区人民政府")
    UserFactory(username="a", organization=zlj, email="a@zlj.example")
    frozen("2026-11-02")
    overdue = ApplicationFactory(organization=zlj, received_on=D("2026-11-02"))  # due 30 Nov
    frozen("2026-12-01")
    soon = ApplicationFactory(organization=zlj, received_on=D("2026-11-13"))  # due 11 Dec
    # Mon 28 Dec: + 5 working days reaches 2027, not in the calendar yet: 29–31 Dec 3,
    # (1 Jan 元旦), 4–5 Jan 5.
    frozen("2026-12-28")
    run()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert overdue.tracking_number in body
    assert soon.tracking_number in body  # overdue too by then
    assert "holiday arrangement for 2027 is not entered" in body
    assert "/admin/disclosure/calendaryear/" in body
    assert "within 14 days" not in body


def test_due_soon_reaches_into_a_year_not_entered_on_its_provisional_schedule(frozen):
    zlj = OrganizationFactory(code="zlj", name="自流井区人民政府")
    UserFactory(username="a", organization=zlj, email="a@zlj.example")
    frozen("2026-12-10")
    # After Tue 1 Dec: 2–4 Dec 3, 7–11 Dec 8, 14–18 Dec 13, 21–25 Dec 18, 28–29 Dec 20.
    due_29_dec = ApplicationFactory(organization=zlj, received_on=D("2026-12-01"))
    assert due_29_dec.due_on == D("2026-12-29")
    # After Mon 7 Dec: 8–11 Dec 4, 14–18 Dec 9, 21–25 Dec 14, 28–31 Dec 18, (1 Jan 元旦),
    # 4–5 Jan 20: counted on the provisional 2027.
    due_5_jan = ApplicationFactory(organization=zlj, received_on=D("2026-12-07"))
    assert due_5_jan.due_on == D("2027-01-05") and due_5_jan.dates_provisional
    # Thu 24 Dec: + 5 working days is Thu 31 Dec, inside 2026: no note.
    frozen("2026-12-24")
    out, _ = run("--dry-run")
    assert "Due within the next working days (1)" in out
    assert "not entered" not in out
    # Fri 25 Dec: + 5 working days is Mon 4 Jan 2027 (provisional): the note names 2027.
    frozen("2026-12-25")
    out, _ = run("--dry-run")
    assert "Due within the next working days (1)" in out
    assert due_29_dec.tracking_number in out
    assert "holiday arrangement for 2027 is not entered" in out
    # Mon 28 Dec: + 5 working days is Tue 5 Jan: the provisional date is listed, marked.
    frozen("2026-12-28")
    out, _ = run("--dry-run")
    assert "Due within the next working days (2)" in out
    assert f"{due_5_jan.tracking_number}  In progress  2027-01-05 (provisional, 暂定)" in out
    # Wed 6 Jan 2027: overdue, like any date.
    frozen("2027-01-06")
    out, _ = run("--dry-run")
    assert "Overdue (2)" in out
    assert "2027-01-05 (provisional, 暂定)  1 working days late" in out
