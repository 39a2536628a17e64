"""Demo step: publish 自流井区's 2016 narrative report and last year's national-format
reports of the district and some departments, so the public site shows them at once.

Runs after `demo.reports.load` (which creates the report record with the seed's
prose). Idempotent: a report that is already published is left alone, so a
second `load_demo` changes nothing. The current year's `gb2021` report stays a
draft for staff to try the workflow on.
"""

from datetime import date
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from demo.district import ROOT_CODE, SUPERVISOR_USERNAME
from demo.reports import LAST_YEAR_REPORTS
from reports.models import Report, ReportFormat
from reports.services import publish_report

SEED_YEAR = 2016
# 第四十九条: a people's government publishes the report on 2016 by 31 March 2017.
PUBLISHED_ON = date(2017, 3, 31)


def load(stdout: TextIO, *, today: date | None = None) -> None:
    _publish_seed_report(stdout)
    _publish_last_year(stdout, today or timezone.localdate())


def _publish_last_year(stdout: TextIO, today: date) -> None:
    """Publish last year's gb2021 reports of the district and the departments in
    `reports_last_year.json`, on the day the data file gives (第四十九条: departments by
    31 January, the district government by 31 March), never after today."""
    year = today.year - 1
    dates = {
        spec["organization"]: date.fromisoformat(f"{today.year}-{spec['published_on']}")
        for spec in LAST_YEAR_REPORTS
    }
    reports = (
        Report.objects.filter(
            organization__code__in=list(dates), year=year, format=ReportFormat.GB2021
        )
        .select_related("organization")
        .order_by("organization__sort_order")
    )
    publisher = get_user_model().objects.filter(username=SUPERVISOR_USERNAME).first()
    if publisher is None:
        return
    for report in reports:
        if report.revisions.exists():
            continue
        on = min(dates[report.organization.code], today)
        revision = publish_report(report=report, by=publisher, on=on, confirm_failing_checks=True)
        _say_published(stdout, revision)


def _say_published(stdout: TextIO, revision) -> None:
    stdout.write(
        _("Published reports: “%(title)s”, revision %(number)d, at %(url)s")
        % {"title": revision.title, "number": revision.number, "url": revision.get_absolute_url()}
        + "\n"
    )
    for check in revision.error_checks:
        stdout.write(
            _("  published although a check fails: %(rule)s %(message)s")
            % {"rule": check["rule"], "message": check["message"]}
            + "\n"
        )


def _publish_seed_report(stdout: TextIO) -> None:
    report = (
        Report.objects.filter(
            organization__code=ROOT_CODE, year=SEED_YEAR, format=ReportFormat.NARRATIVE2007
        )
        .select_related("organization")
        .first()
    )
    if report is None:
        stdout.write(_("Published reports: skipped, there is no 2016 report record.") + "\n")
        return
    if report.revisions.exists():
        stdout.write(_("Published reports: the 2016 report is already published.") + "\n")
        return
    # Published by the district's 政务公开办, as it would be.
    publisher = get_user_model().objects.get(username=SUPERVISOR_USERNAME)
    revision = publish_report(
        report=report, by=publisher, on=PUBLISHED_ON, confirm_failing_checks=True
    )
    _say_published(stdout, revision)
