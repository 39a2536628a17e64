"""Statutory publication dates of annual reports, and the reminders shown to staff.

2019 条例 第四十九条: 县级以上人民政府部门 publish the report on the previous year by
31 January; 县级以上地方人民政府 (through their 政府信息公开工作主管部门) by 31 March.
Before it, 2007 条例 第三十一条: every organ published by 31 March.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, IntegerField, Min
from django.db.models.functions import Cast, ExtractYear

from disclosure.models import Disclosure, Genre, Organization, OrganizationKind

# Reminders start this many days before the statutory date.
REMINDER_DAYS = 30
# The catalogue column of annual reports (see `services.REPORTS_COLUMN_SLUG`).
REPORTS_COLUMN_SLUG = "annual-reports"
# The 2007 条例 took effect on 1 May 2008: the first annual reports were on 2008.
FIRST_REPORT_YEAR = 2008
YEAR_IN_TITLE = re.compile(r"(\d{4})年")


# 2019 条例 第五十六条: in force from 15 May 2019; the 2007 条例 governed until then.
REGULATION_2019_IN_FORCE = date(2019, 5, 15)


def statutory_due_date(kind: str, year: int) -> date:
    """The last day to publish the report on `year` for an organization of `kind`.

    The rule is the one in force when the report fell due. 2007 条例 第三十一条: "各级行政
    机关应当在每年3月31日前公布本行政机关的政府信息公开工作年度报告" — every organ, 31
    March. A report due under it before the 2019 条例 took effect (15 May 2019) keeps
    that date: the reports on 2008–2018 (the one on 2018 was due 31 March 2019). From
    the report on 2019, 2019 条例 第四十九条: departments by 31 January, 县级以上地方
    人民政府 by 31 March.
    """
    due_under_2007 = date(year + 1, 3, 31)
    if due_under_2007 < REGULATION_2019_IN_FORCE:
        return due_under_2007
    if kind == OrganizationKind.GOVERNMENT:
        return date(year + 1, 3, 31)
    return date(year + 1, 1, 31)


@dataclass(frozen=True)
class Reminder:
    organization: Organization
    year: int
    due_on: date
    today: date
    report_id: int | None  # the draft record of that year, if one was started

    @property
    def overdue(self) -> bool:
        return self.today > self.due_on

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def days_overdue(self) -> int:
        return (self.today - self.due_on).days


def publication_reminders(*, organization_ids: set[int] | None, today: date) -> list[Reminder]:
    """Every report of an organization in scope that is not published and is due or near.

    For each organization, every year from the first it has a report record or data
    counted in reports (disclosures, applications, reviews, petitions, proposals, entered
    figures) — and at least last year — up to last year: a report on a year listed when its
    statutory date is at most `REMINDER_DAYS` away or past. Overdue first, the most recent
    year first (the one the public looks for), then those still to come by date. Four
    queries, whatever the number of organizations and years.
    """
    from reports.models import Report, ReportStatus

    last_year = today.year - 1
    organizations = Organization.objects.active().order_by("sort_order", "code")
    if organization_ids is not None:
        organizations = organizations.filter(pk__in=organization_ids)

    published: set[tuple[int, int]] = set()
    drafts: dict[tuple[int, int], int] = {}
    first_year = _first_data_years(organization_ids)
    reports = (
        Report.objects.for_organizations(organization_ids)
        .filter(year__lte=last_year)
        .order_by("-pk")
        .values_list("organization_id", "year", "status", "pk")
    )
    for organization_id, year, status, pk in reports:
        first_year[organization_id] = min(year, first_year.get(organization_id, year))
        if status == ReportStatus.PUBLISHED:
            published.add((organization_id, year))
        else:
            drafts[(organization_id, year)] = pk  # the oldest draft wins (newest first)
    # A report published before this system, entered by hand in the 年报 column, counts too:
    # an item whose title names the year ("…2016年政府信息公开工作年度报告").
    catalogue = (
        Disclosure.objects.published()
        .for_organizations(organization_ids)
        .filter(category__slug=REPORTS_COLUMN_SLUG, genre=Genre.REPORT)
        .values_list("organization_id", "title")
    )
    for organization_id, title in catalogue:
        published.update((organization_id, int(y)) for y in YEAR_IN_TITLE.findall(title))

    reminders = []
    for organization in organizations:
        start = max(FIRST_REPORT_YEAR, min(first_year.get(organization.pk, last_year), last_year))
        for year in range(start, last_year + 1):
            if (organization.pk, year) in published:
                continue
            due = statutory_due_date(organization.kind, year)
            if today < due - timedelta(days=REMINDER_DAYS):
                continue
            reminders.append(
                Reminder(organization, year, due, today, drafts.get((organization.pk, year)))
            )
    reminders.sort(
        key=lambda r: (
            not r.overdue,
            -r.due_on.toordinal() if r.overdue else r.due_on.toordinal(),
            r.organization.sort_order,
            r.organization.code,
        )
    )
    return reminders


def _first_data_years(organization_ids: set[int] | None) -> dict[int, int]:
    """(organization id, first year) of the records reports count, in one UNION query."""
    from reports.models import EnteredFigure
    from requests_app.applications.models import Application, ReviewCase
    from requests_app.petitions.models import Petition
    from requests_app.proposals.models import Proposal

    sources = [
        (EnteredFigure.objects.all(), "organization_id", F("year")),
        (Disclosure.objects.published(), "organization_id", ExtractYear("published_on")),
        (Application.objects.all(), "organization_id", ExtractYear("received_on")),
        (ReviewCase.objects.all(), "organization_id", ExtractYear("received_on")),
        (Petition.objects.all(), "organization_id", ExtractYear("received_on")),
        (Proposal.objects.all(), "lead_organization_id", F("year")),
    ]
    queries = []
    for queryset, field, year in sources:
        if organization_ids is not None:
            queryset = queryset.filter(**{f"{field}__in": organization_ids})
        queries.append(
            queryset.values(org=F(field))
            .annotate(first=Cast(Min(year), IntegerField()))
            .values_list("org", "first")
            .order_by()
        )
    head, *rest = queries
    rows = head.union(*rest, all=True)
    first: dict[int, int] = {}
    for organization_id, year in rows:
        if organization_id is not None and year is not None:
            first[organization_id] = min(int(year), first.get(organization_id, int(year)))
    return first
