"""The demo publishes 自流井区's 2016 report, once, and leaves the current year's as a draft."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from demo import publish as demo_publish
from demo.district import SUPERVISOR_USERNAME
from disclosure.models import Disclosure
from disclosure.roles import ensure_staff_groups
from reports.models import Report, ReportRevision, ReportStatus
from tests.factories import EnteredFigureFactory, OrganizationFactory, ReportFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = "2026-11-27 10:00 +0800"


@pytest.fixture
def fast_hashers(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def zlj_report():
    """A minimal 2016 narrative record, as `demo.reports` would create it."""
    zlj = OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")
    supervisor = UserFactory(username=SUPERVISOR_USERNAME, organization=zlj)
    supervisor.groups.add(ensure_staff_groups()[1])
    EnteredFigureFactory(organization=zlj, year=2016, key="window.visitors", value=37000)
    return ReportFactory(organization=zlj, year=2016, format="narrative2007")


def test_the_demo_step_publishes_the_2016_report_once(zlj_report):
    demo_publish.load(StringIO())
    demo_publish.load(StringIO())

    revision = ReportRevision.objects.get()
    assert revision.report == zlj_report
    assert revision.published_on == date(2017, 3, 31)
    assert revision.published_by.username == SUPERVISOR_USERNAME
    assert Disclosure.objects.filter(annual_report=zlj_report).count() == 1


def test_the_demo_step_does_nothing_without_the_report_record(db):
    out = StringIO()
    demo_publish.load(out)

    assert not ReportRevision.objects.exists()
    assert out.getvalue().strip()


def test_load_demo_shows_the_published_2016_report_and_keeps_this_years_draft(client, fast_hashers):
    with time_machine.travel(TODAY, tick=False):
        call_command("load_demo", stdout=StringIO())
        call_command("load_demo", stdout=StringIO())  # a second run publishes nothing more

    published = Report.objects.get(organization__code="zlj", year=2016, format="narrative2007")
    assert published.status == ReportStatus.PUBLISHED
    assert published.revisions.count() == 1
    draft = Report.objects.get(organization__code="zlj", year=2026, format="gb2021")
    assert draft.status == ReportStatus.DRAFT

    listing = client.get(reverse("reports:list")).content.decode()
    assert "自贡市自流井区人民政府2016年政府信息公开工作年度报告" in listing
    page = client.get(published.get_absolute_url())
    assert page.status_code == 200
    assert "主动公开各类信息1191条" in page.content.decode()
    revision = published.revisions.get()
    for extension in ("docx", "xlsx", "json", "csv"):
        assert client.get(revision.download_url(extension)).status_code == 200
