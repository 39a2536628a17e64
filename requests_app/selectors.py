"""Read-side questions about applications and cases, for views, the admin and commands."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models.calendar import load_work_calendar
from disclosure.workdays import CalendarNotCovered, WorkCalendar, add_workdays, workdays_between

from . import deadlines
from .deadlines import DueStep
from .models.applications import Application, ApplicationEvent, ApplicationStatus, EventKind

__all__ = [
    "DueStep",
    "allowed_steps",
    "days_left",
    "deadline_digest",
    "explain_due_date",
    "public_events",
    "soon_cutoff",
]


def explain_due_date(application: Application) -> list[DueStep]:
    """How the due date was computed, step by step, for the status page and the admin.

    Safe to print publicly: it names no person. When the calendar lacks a year
    the last step says so instead of guessing a date.
    """
    if application.is_historical:
        return [
            DueStep(_("Date of receipt"), application.received_on, ""),
            DueStep(
                _("Imported record"),
                application.closed_on,
                _("Imported with its outcome; no event log was reconstructed."),
            ),
        ]
    events = list(application.events.order_by("occurred_on", "id"))
    try:
        return deadlines.derive(
            received_on=application.received_on,
            events=events,
            calendar=load_work_calendar(),
            channel=application.channel,
        ).steps
    except CalendarNotCovered as exc:
        steps = []
        if application.received_on:
            steps.append(DueStep(_("Date of receipt"), application.received_on, ""))
        steps.append(DueStep(_("Due date not yet known"), None, str(exc)))
        return steps


def public_events(application: Application) -> QuerySet[ApplicationEvent]:
    """The events meant for the applicant, oldest first (their `message` is public)."""
    return application.events.filter(public=True).order_by("occurred_on", "id")


def soon_cutoff(*, today: date, workdays: int = 5, calendar: WorkCalendar | None = None) -> date:
    """The last day of "due within N working days" counted from today."""
    cal = calendar or load_work_calendar()
    return add_workdays(cal, today, workdays)


def days_left(application: Application, *, today: date, calendar: WorkCalendar) -> int | None:
    """Working days from today to the due date (negative when overdue), or None."""
    if application.due_on is None or application.is_closed:
        return None
    try:
        return workdays_between(calendar, today, application.due_on)
    except CalendarNotCovered:
        return None


@dataclass
class OrganizationDigest:
    organization_id: int
    overdue: list[Application] = field(default_factory=list)
    due_soon: list[Application] = field(default_factory=list)
    wait_expired: list[Application] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.wait_expired)


def deadline_digest(
    *, today: date, workdays: int = 5, organization_ids=None
) -> dict[int, OrganizationDigest]:
    """Per organization: overdue, due within `workdays` working days, and expired waits.

    Three queries whatever the number of applications.
    """
    cutoff = soon_cutoff(today=today, workdays=workdays)
    base = (
        Application.objects.for_organizations(organization_ids)
        .select_related("organization")
        .order_by("organization_id", "due_on", "id")
    )
    digests: dict[int, OrganizationDigest] = {}

    def bucket(org_id):
        return digests.setdefault(org_id, OrganizationDigest(org_id))

    for app in base.overdue(on=today):
        bucket(app.organization_id).overdue.append(app)
    for app in base.due_between(today, cutoff):
        bucket(app.organization_id).due_soon.append(app)
    for app in base.wait_expired(on=today).order_by("organization_id", "wait_until", "id"):
        bucket(app.organization_id).wait_expired.append(app)
    return digests


# Steps offered per status; the services still check dates and once-only rules.
STEPS_BY_STATUS = {
    ApplicationStatus.AWAITING_CONFIRMATION: ["confirm_receipt", "withdraw"],
    ApplicationStatus.IN_PROGRESS: [
        "answer",
        "request_correction",
        "start_consultation",
        "extend",
        "notify_fee",
        "withdraw",
    ],
    ApplicationStatus.AWAITING_CORRECTION: ["record_correction", "lapse_correction", "withdraw"],
    ApplicationStatus.IN_CONSULTATION: ["end_consultation", "withdraw"],
    ApplicationStatus.AWAITING_PAYMENT: ["record_payment", "lapse_fee", "withdraw"],
    ApplicationStatus.CLOSED: [],
}

_ONCE = {
    "request_correction": EventKind.CORRECTION_REQUESTED,
    "extend": EventKind.EXTENDED,
    "notify_fee": EventKind.FEE_NOTIFIED,
}


def allowed_steps(application: Application, *, kinds_done: set[str] | None = None) -> list[str]:
    """The workflow steps that make sense now (status and once-only rules)."""
    if application.is_historical:
        return []
    if kinds_done is None:
        kinds_done = set(application.events.values_list("kind", flat=True))
    return [
        step
        for step in STEPS_BY_STATUS.get(application.status, [])
        if _ONCE.get(step) not in kinds_done
    ]


def today() -> date:
    return timezone.localdate()
