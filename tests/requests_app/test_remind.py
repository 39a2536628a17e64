"""The daily reminder command."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from requests_app.services import workflow as wf
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
