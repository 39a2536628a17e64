"""Read-side questions about applications and cases, for views, the admin and commands."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from disclosure.models.calendar import load_work_calendar
from disclosure.workdays import CalendarNotCovered, WorkCalendar, add_workdays, workdays_between
from requests_app.applications import deadlines
from requests_app.applications.deadlines import DueStep
from requests_app.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    EventKind,
)
from requests_app.applications.states import steps_from

# Dates of receipt and submission are Chinese calendar days.
SHANGHAI = ZoneInfo("Asia/Shanghai")

__all__ = [
    "DueStep",
    "allowed_steps",
    "days_left",
    "deadline_digest",
    "explain_due_date",
    "late_consultation_end",
    "provisional_years",
    "public_events",
    "soon_cutoff",
    "soon_cutoff_or_fallback",
    "unconfirmed_cutoff",
]


def explain_due_date(application: Application) -> list[DueStep]:
    """How the due date was computed, step by step, for the status page and the admin.

    Safe to print publicly: it names no person. A date counted on a year whose
    arrangement is not entered ends with a step saying it is 暂定 and why.
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


# When the calendar cannot count the year "due soon" reaches at all (outside the years
# `disclosure.holidays` computes), it reaches this many calendar days ahead instead: a
# reminder may show too much, never too little, and no legal date depends on it. A year
# merely not entered yet is counted on its provisional schedule like any other.
FALLBACK_SOON_DAYS = 14


@dataclass(frozen=True)
class SoonCutoff:
    day: date
    # The year the calendar cannot count when `day` is the calendar-day fallback, else None.
    missing_year: int | None = None
    # The years not entered that the count to `day` went over: `day` is 暂定.
    provisional_years: tuple[int, ...] = ()


def soon_cutoff_or_fallback(
    *, today: date, workdays: int = 5, calendar: WorkCalendar | None = None
) -> SoonCutoff:
    """`soon_cutoff` (provisional years named), or today + 14 days when the calendar
    cannot count the year it reaches."""
    cal = calendar or load_work_calendar()
    try:
        day = soon_cutoff(today=today, workdays=workdays, calendar=cal)
    except CalendarNotCovered as exc:
        return SoonCutoff(today + timedelta(days=FALLBACK_SOON_DAYS), exc.year)
    return SoonCutoff(day, provisional_years=cal.provisional_years(today, day))


# 第三十一条第（三）项: an online application counts as received when both sides confirm;
# an organ that confirms by hand should do so on the next working day at the latest.
CONFIRMATION_WORKDAYS = 1


def unconfirmed_cutoff(*, today: date, calendar: WorkCalendar | None = None) -> datetime:
    """Submitted before this moment and still unconfirmed: waiting more than 1 working day.

    More than one working day after (not counting) the day of submission S up
    to today means at least two working days in (S, today], i.e. S lies before
    the second-latest working day up to today. Where the calendar lacks a year
    (early January before the schedule is entered), Monday to Friday count.
    """
    cal = calendar or load_work_calendar()

    def is_workday(day: date) -> bool:
        try:
            return cal.is_workday(day)
        except CalendarNotCovered:
            return day.weekday() < 5

    found = 0
    day = today
    while True:
        if is_workday(day):
            found += 1
            if found == CONFIRMATION_WORKDAYS + 1:
                break
        day -= timedelta(days=1)
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


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
    # Online applications waiting more than 1 working day for confirmation of receipt.
    unconfirmed: list[Application] = field(default_factory=list)
    # The year the calendar cannot count when "due soon" fell back to 14 calendar days.
    calendar_missing_year: int | None = None
    # The years not entered in the calendar that the listed dates or "due soon" reach.
    provisional_years: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.wait_expired or self.unconfirmed)


def deadline_digest(
    *, today: date, workdays: int = 5, organization_ids=None
) -> dict[int, OrganizationDigest]:
    """Per organization: overdue, due within `workdays` working days, expired waits, and
    online applications whose receipt has waited more than 1 working day for confirmation.

    Four queries whatever the number of applications. Dates counted on a year
    not entered are dates like any other (暂定): each digest names the years
    not entered that its dates or "within N working days" reach. Only when the
    calendar cannot count that year at all does the list reach 14 days ahead
    instead, naming the year.
    """
    calendar = load_work_calendar()
    cutoff = soon_cutoff_or_fallback(today=today, workdays=workdays, calendar=calendar)
    base = (
        Application.objects.for_organizations(organization_ids)
        .select_related("organization")
        .order_by("organization_id", "due_on", "id")
    )
    digests: dict[int, OrganizationDigest] = {}

    def bucket(org_id):
        digest = digests.get(org_id)
        if digest is None:
            digest = digests[org_id] = OrganizationDigest(
                org_id, calendar_missing_year=cutoff.missing_year
            )
        return digest

    for app in base.overdue(on=today):
        bucket(app.organization_id).overdue.append(app)
    for app in base.due_between(today, cutoff.day):
        bucket(app.organization_id).due_soon.append(app)
    for app in base.wait_expired(on=today).order_by("organization_id", "wait_until", "id"):
        bucket(app.organization_id).wait_expired.append(app)
    unconfirmed = base.unconfirmed_before(unconfirmed_cutoff(today=today, calendar=calendar))
    for app in unconfirmed.order_by("organization_id", "submitted_at", "id"):
        bucket(app.organization_id).unconfirmed.append(app)
    for digest in digests.values():
        years = set(cutoff.provisional_years)
        for app in (*digest.overdue, *digest.due_soon, *digest.wait_expired):
            years.update(provisional_years(app, calendar=calendar))
        digest.provisional_years = tuple(sorted(years))
    return digests


def provisional_years(
    application: Application, *, calendar: WorkCalendar | None = None
) -> tuple[int, ...]:
    """The years not entered that the application's 暂定 dates reach (none if not 暂定)."""
    last = max((d for d in (application.due_on, application.wait_until) if d), default=None)
    if not application.dates_provisional or last is None or application.received_on is None:
        return ()
    return (calendar or load_work_calendar()).provisional_years(application.received_on, last)


def _d(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def late_consultation_end(application: Application, on: date) -> str:
    """The warning for a consultation's end recorded on `on`, after the consulted party's
    15 working days (第三十二条, 第三十四条) ended on `wait_until`; empty when in time.

    Read before the step is recorded (afterwards the wait is over)."""
    last_day = application.wait_until
    if application.status != ApplicationStatus.IN_CONSULTATION or not last_day or on <= last_day:
        return ""
    return _(
        "The consulted party's 15 working days ended on %(last)s (Articles 32 and 34). The "
        "reply period stopped only until that day, not until %(on)s: the due date does not "
        "move later, and the explanation of the due date says so. Check the due date now."
    ) % {"last": _d(last_day), "on": _d(on)}


# Steps taken at most once (per reply period for the extension): not offered again.
_ONCE = {
    "request_correction": EventKind.CORRECTION_REQUESTED,
    "extend": EventKind.EXTENDED,
    "notify_fee": EventKind.FEE_NOTIFIED,
}


def allowed_steps(application: Application, *, kinds_done: set[str] | None = None) -> list[str]:
    """The workflow steps that make sense now: those the state machine allows from the
    current status (`states.ALLOWED_FROM`), less the once-only steps already taken.

    The extension is once per reply period: after a correction restarted the
    period (第三十条), an extension decided before it no longer counts.
    """
    if application.is_historical:
        return []
    if kinds_done is None:
        kinds = list(
            application.events.order_by("occurred_on", "id").values_list("kind", flat=True)
        )
        kinds_done = set(kinds)
        if not deadlines.extension_used(kinds):
            kinds_done.discard(EventKind.EXTENDED)
    return [step for step in steps_from(application.status) if _ONCE.get(step) not in kinds_done]


def today() -> date:
    return timezone.localdate()


@dataclass(frozen=True)
class ApplicationDesk:
    overdue: int
    due_soon: int
    awaiting_confirmation: int


def desk_counts(*, organization_ids, today: date, soon_until: date) -> ApplicationDesk:
    """Counts for the officer's desk in one query, whatever the number of applications:
    overdue, due from today to `soon_until`, awaiting confirmation of receipt."""
    mine = Application.objects.for_organizations(organization_ids)
    counts = mine.aggregate(
        overdue=Count("pk", filter=Q(pk__in=mine.overdue(on=today).values("pk"))),
        due_soon=Count("pk", filter=Q(pk__in=mine.due_between(today, soon_until).values("pk"))),
        awaiting_confirmation=Count("pk", filter=Q(status=ApplicationStatus.AWAITING_CONFIRMATION)),
    )
    return ApplicationDesk(**counts)
