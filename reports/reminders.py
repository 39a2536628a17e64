"""Statutory publication dates of annual reports, and the reminders shown to staff.

第四十九条: 县级以上人民政府部门 publish the report on the previous year by
31 January; 县级以上地方人民政府 (through their 政府信息公开工作主管部门) by 31 March.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from disclosure.models import Disclosure, Genre, Organization, OrganizationKind

# Reminders start this many days before the statutory date.
REMINDER_DAYS = 30
# The catalogue column of annual reports (see `services.REPORTS_COLUMN_SLUG`).
REPORTS_COLUMN_SLUG = "annual-reports"


def statutory_due_date(kind: str, year: int) -> date:
    """The last day to publish the report on `year` for an organization of `kind`."""
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
    """Organizations in scope without a published report on last year, when its date is near.

    Listed when the statutory date is at most `REMINDER_DAYS` away or past; overdue
    first, then by date. Four queries, whatever the number of organizations.
    """
    from .models import Report

    year = today.year - 1
    organizations = Organization.objects.active().order_by("sort_order", "code")
    if organization_ids is not None:
        organizations = organizations.filter(pk__in=organization_ids)
    reports = Report.objects.for_organizations(organization_ids).filter(year=year)
    published = set(reports.published().values_list("organization_id", flat=True))
    # A report published before this system, entered by hand in the 年报 column, counts too.
    published |= set(
        Disclosure.objects.published()
        .for_organizations(organization_ids)
        .filter(category__slug=REPORTS_COLUMN_SLUG, genre=Genre.REPORT, title__contains=f"{year}年")
        .values_list("organization_id", flat=True)
    )
    drafts: dict[int, int] = {}
    for organization_id, pk in (
        reports.drafts().order_by("-pk").values_list("organization_id", "pk")
    ):
        drafts[organization_id] = pk  # the oldest draft wins (ordered newest first)

    reminders = []
    for organization in organizations:
        if organization.pk in published:
            continue
        due = statutory_due_date(organization.kind, year)
        if today < due - timedelta(days=REMINDER_DAYS):
            continue
        reminders.append(Reminder(organization, year, due, today, drafts.get(organization.pk)))
    reminders.sort(key=lambda r: (not r.overdue, r.due_on, r.organization.sort_order))
    return reminders
