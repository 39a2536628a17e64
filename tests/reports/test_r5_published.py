"""R5 compares this year's carried-over applications with last year's report as published."""

from datetime import date

import pytest
import time_machine

from reports.engine.generate import build_report
from reports.services import publish_report
from tests.factories import ApplicationFactory, OrganizationFactory, ReportFactory, UserFactory

pytestmark = pytest.mark.django_db


def r5(doc):
    return next(c for c in doc.checks if c.rule == "R5")


@time_machine.travel("2025-03-01 10:00 +0800", tick=False)
def test_r5_warns_when_records_changed_after_last_years_report_was_published():
    org = OrganizationFactory(code="r5org")
    # Received in 2023 and still open at the end of 2023: carried forward into 2024.
    open_app = ApplicationFactory(organization=org, received_on=date(2023, 12, 20), derive=False)
    report_2023 = ReportFactory(organization=org, year=2023, format="gb2021")
    publish_report(
        report=report_2023,
        by=UserFactory(is_superuser=True, organization=org),
        confirm_failing_checks=True,
    )
    assert r5(build_report(organization=org, year=2024, format="gb2021")).ok

    # Someone later records that it was in fact answered in 2023: the records now say
    # nothing was carried over into 2024, but the published 2023 report said one was.
    open_app.status, open_app.outcome, open_app.closed_on = "closed", "granted", date(2023, 12, 29)
    open_app.save()

    check = r5(build_report(organization=org, year=2024, format="gb2021"))
    assert not check.ok
    assert check.severity == "warning"
    assert "table3.carried_over.natural_person" in check.cells


def test_r5_without_any_earlier_data_is_skipped():
    org = OrganizationFactory(code="r5empty")
    check = r5(build_report(organization=org, year=2024, format="gb2021"))
    assert check.ok
    assert "跳过" in check.message


@time_machine.travel("2026-03-01 10:00 +0800", tick=False)
def test_r5_compares_only_with_a_published_report_of_the_same_scope():
    district = OrganizationFactory(code="r5gov", kind="government")
    office = OrganizationFactory(code="r5office", parent=district)
    # The office's application is still open at the end of 2025: carried into 2026.
    ApplicationFactory(organization=office, received_on=date(2025, 12, 20), derive=False)
    alone = ReportFactory(organization=district, year=2025, format="gb2021", include_children=False)
    publish_report(
        report=alone,
        by=UserFactory(is_superuser=True, organization=district),
        confirm_failing_checks=True,
    )

    # With its sub-organizations the district carries one application over; its published
    # report on 2025 (the district alone) carried none forward, but says nothing about the
    # wider scope: R5 compares with the records of 2025, which agree.
    wider = build_report(organization=district, year=2026, format="gb2021", include_children=True)
    assert wider.value("table3.carried_over.total") == 1
    check = r5(wider)
    assert check.ok, check.message
    assert "跳过" not in check.message

    # The district alone compares with its published report (carried forward: none).
    same = build_report(organization=district, year=2026, format="gb2021")
    assert r5(same).ok
    assert same.value("table3.carried_over.total") == 0


@time_machine.travel("2026-03-01 10:00 +0800", tick=False)
def test_the_scope_of_the_published_report_is_read_from_its_snapshot():
    district = OrganizationFactory(code="r5gov2", kind="government")
    office = OrganizationFactory(code="r5office2", parent=district)
    ApplicationFactory(organization=office, received_on=date(2025, 12, 20), derive=False)
    report = ReportFactory(
        organization=district, year=2025, format="gb2021", include_children=False
    )
    publish_report(
        report=report,
        by=UserFactory(is_superuser=True, organization=district),
        confirm_failing_checks=True,
    )
    # Staff later tick "include sub-organizations" on the published report's record; what
    # was published (the district alone) is unchanged.
    report.include_children = True
    report.save()

    check = r5(
        build_report(organization=district, year=2026, format="gb2021", include_children=True)
    )
    assert check.ok, check.message
