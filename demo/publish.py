"""Demo step: publish 自流井区's 2016 narrative report, so the public site shows it at once.

Runs after `demo.reports.load` (which creates the report record with the seed's
prose). Idempotent: a report that is already published is left alone, so a
second `load_demo` changes nothing. The current year's `gb2021` report stays a
draft for staff to try the workflow on.
"""

from datetime import date
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from demo.district import ROOT_CODE, SUPERVISOR_USERNAME
from reports.models import Report, ReportFormat
from reports.services import publish_report

SEED_YEAR = 2016
# 第四十九条: a people's government publishes the report on 2016 by 31 March 2017.
PUBLISHED_ON = date(2017, 3, 31)


def load(stdout: TextIO, *, today: date | None = None) -> None:
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
