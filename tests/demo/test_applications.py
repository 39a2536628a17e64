"""The demo's applications and cases: the seed's 2016 figures and one 2026 application per state."""

from datetime import date
from io import StringIO

import pytest
from django.utils import translation

from demo import applications as demo_applications
from requests_app.applications.models import (
    Application,
    ApplicationStatus,
    Outcome,
    ReviewCase,
    ReviewResult,
)
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_orgs():
    root = OrganizationFactory(code="zlj", name="自贡市自流井区人民政府")
    office = OrganizationFactory(code="zlj-office", parent=root)
    hbj = OrganizationFactory(code="zlj-hbj", parent=root)
    UserFactory(username="zlj-office", organization=office)
    UserFactory(username="zlj-hbj", organization=hbj)
    return root


def test_demo_loads_the_seed_year_and_every_state_once(demo_orgs, frozen):
    frozen("2026-11-27")
    demo_applications.load(StringIO())
    demo_applications.load(StringIO())  # idempotent

    seed = Application.objects.filter(received_on__year=2016)
    assert seed.count() == 1
    app = seed.get()
    assert app.organization == demo_orgs
    assert app.channel == "in_person"
    assert (app.status, app.outcome) == (ApplicationStatus.CLOSED, Outcome.GRANTED)
    assert app.closed_on.year == 2016

    cases = ReviewCase.objects.filter(received_on__year=2016, organization=demo_orgs)
    assert cases.count() == 3
    assert cases.filter(result=ReviewResult.PENDING).count() == 1
    assert cases.exclude(result=ReviewResult.PENDING).filter(closed_on__year=2016).count() == 2

    recent = Application.objects.filter(
        client_token__in=[spec.token for spec in demo_applications.DEMO_2026]
    )
    statuses = {a.client_token: a.status for a in recent}
    assert statuses == {
        "demo-awaiting-confirmation": ApplicationStatus.AWAITING_CONFIRMATION,
        "demo-in-progress": ApplicationStatus.IN_PROGRESS,
        "demo-awaiting-correction": ApplicationStatus.AWAITING_CORRECTION,
        "demo-in-consultation": ApplicationStatus.IN_CONSULTATION,
        "demo-extended": ApplicationStatus.IN_PROGRESS,
        "demo-awaiting-payment": ApplicationStatus.AWAITING_PAYMENT,
        "demo-overdue": ApplicationStatus.IN_PROGRESS,
        "demo-answered": ApplicationStatus.CLOSED,
    }
    today = date(2026, 11, 27)
    overdue = Application.objects.overdue(on=today)
    assert "demo-overdue" in {a.client_token for a in overdue}
    # And the current year's generated ones left unanswered past their due date.
    assert overdue.filter(client_token__startswith="demo-2026-").count() == (
        demo_applications.OVERDUE
    )
    for a in recent:
        # A date counted into 2027 (whose arrangement is not entered) is marked 暂定.
        assert a.due_on is None or a.due_on.year == 2026 or a.dates_provisional
        assert a.received_on is None or a.received_on <= today


def test_demo_without_organizations_says_so(frozen):
    frozen("2026-11-27")
    out = StringIO()
    with translation.override("en"):  # the English word the test names
        demo_applications.load(out)
    assert "skipped" in out.getvalue()
    assert not Application.objects.exists()
