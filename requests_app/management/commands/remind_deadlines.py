"""Daily reminder of overdue and nearly-due disclosure applications, for cron.

    python manage.py remind_deadlines              # mail each organization's staff
    python manage.py remind_deadlines --days 3     # "nearly due": within 3 working days
    python manage.py remind_deadlines --dry-run    # print only, send nothing

Each organization's active staff users with an email address get one mail
listing its overdue applications, those due within N working days, those
whose correction, payment or consultation time is over (a step is waiting),
and online applications that have waited more than 1 working day for staff to
confirm their receipt (第三十一条第（三）项: the reply period starts only then).
Personal data stays out of the mail: tracking numbers, dates and links only.

Before listing, the open applications are derived again from their events
(a date counted on a provisional year is counted again once the year is
entered). A date that reaches a year whose State Council arrangement is not
entered (late December before next year's schedule is entered) is counted on
the provisional schedule like any other: it is listed when it comes, marked
暂定, and the mail says which year to enter. Only a year the calendar cannot
compute at all makes the list reach 14 days ahead instead.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.admin.calendar_warning import calendar_entry_url
from disclosure.models import Organization
from disclosure.models.calendar import forget_work_calendar, load_work_calendar
from disclosure.workdays import CalendarNotCovered, workdays_between
from requests_app.applications.models import ApplicationStatus
from requests_app.applications.selectors import deadline_digest, soon_cutoff_or_fallback
from requests_app.applications.services.workflow import refresh_open_applications
from requests_app.mail import render_mail


@dataclass(frozen=True)
class Row:
    """One application in the reminder (`mail/deadline_reminder_row.txt`): no personal data."""

    tracking_number: str
    status: str
    url: str
    # Awaiting confirmation of receipt: the day it was submitted; otherwise the due
    # date (or the end of the wait) and the working days left or late, if known.
    submitted: date | None = None
    due: date | None = None
    left: int | None = None
    late: int | None = None
    # The date is counted on a year not entered yet (暂定).
    provisional: bool = False


class Command(BaseCommand):
    help = (
        "Mail each organization's staff the overdue applications, those due within N working "
        "days and those whose waiting time is over. --dry-run prints without sending."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=5,
            help="working days ahead that count as nearly due (default 5)",
        )
        parser.add_argument("--dry-run", action="store_true", help="print, do not send mail")
        parser.add_argument("--org", metavar="CODE", help="only this organization (its code)")

    def handle(self, *args, days: int, dry_run: bool, org: str | None, **options):
        if days < 0 or days > 60:
            raise CommandError(_("--days must be between 0 and 60, got %(days)s.") % {"days": days})
        today = timezone.localdate()
        org_ids = None
        if org:
            found = Organization.objects.filter(code=org.strip().lower()).first()
            if found is None:
                raise CommandError(_("No organization has the code “%(code)s”.") % {"code": org})
            org_ids = {found.pk}
        # A cron run reads the calendar afresh: rows may have been loaded without signals.
        forget_work_calendar()
        refresh_open_applications()
        digests = deadline_digest(today=today, workdays=days, organization_ids=org_ids)
        calendar = load_work_calendar()

        digests = {k: v for k, v in digests.items() if not v.empty}
        if not digests:
            self.stdout.write(
                _("No overdue or nearly-due applications on %(date)s.") % {"date": today}
            )
            cutoff = soon_cutoff_or_fallback(today=today, workdays=days)
            if cutoff.missing_year is not None:
                self.stderr.write(_calendar_missing_note(cutoff.missing_year))
            if cutoff.provisional_years:
                self.stderr.write(_calendar_provisional_note(cutoff.provisional_years))
            return

        orgs = Organization.objects.in_bulk(digests.keys())
        recipients: dict[int, list[str]] = defaultdict(list)
        staff = (
            get_user_model()
            .objects.filter(organization_id__in=digests.keys(), is_active=True, is_staff=True)
            .exclude(email="")
            .values_list("organization_id", "email")
            .order_by("organization_id", "email")
        )
        for org_id, email in staff:
            recipients[org_id].append(email)

        sent = 0
        for org_id, digest in sorted(digests.items(), key=lambda kv: orgs[kv[0]].code):
            organization = orgs[org_id]
            subject, body = self._mail(organization, digest, today, calendar)
            self.stdout.write(body)
            to = recipients.get(org_id, [])
            if not to:
                self.stderr.write(
                    _("%(org)s: no staff user with an email address; nothing sent.")
                    % {"org": organization.name}
                )
                continue
            if dry_run:
                self.stdout.write(_("(dry run) would mail: %(to)s") % {"to": ", ".join(to)})
                continue
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
            sent += 1
        self.stdout.write(_("%(n)s reminder mails sent.") % {"n": sent})

    def _row(self, app, today, calendar) -> Row:
        url = settings.SITE_URL + reverse("admin:requests_app_application_change", args=[app.pk])
        row = Row(app.tracking_number, app.get_status_display(), url)
        if app.status == ApplicationStatus.AWAITING_CONFIRMATION:
            return replace(row, submitted=timezone.localtime(app.submitted_at).date())
        n = None
        if app.due_on:
            try:
                n = workdays_between(calendar, today, app.due_on)
            except CalendarNotCovered:
                n = None
        return replace(
            row,
            provisional=app.dates_provisional,
            due=app.due_on or app.wait_until,
            left=n if n is not None and n >= 0 else None,
            late=-n if n is not None and n < 0 else None,
        )

    def _mail(self, organization, digest, today, calendar) -> tuple[str, str]:
        def rows(apps):
            return [self._row(app, today, calendar) for app in apps]

        return render_mail(
            "deadline_reminder",
            {
                "organization": organization,
                "digest": digest,
                "today": today,
                "overdue": rows(digest.overdue),
                "due_soon": rows(digest.due_soon),
                "wait_expired": rows(digest.wait_expired),
                "unconfirmed": rows(digest.unconfirmed),
                "calendar_url": _calendar_url(),
                # Strings: `join` in a template without autoescaping joins strings only.
                "provisional_years": [str(y) for y in digest.provisional_years],
            },
        )


def _calendar_missing_note(year: int) -> str:
    return render_to_string("requests_app/mail/calendar_missing_note.txt", {"year": year})


def _calendar_url() -> str:
    return settings.SITE_URL + calendar_entry_url()


def _calendar_provisional_note(years) -> str:
    return render_to_string(
        "requests_app/mail/calendar_provisional_note.txt",
        {"years": [str(y) for y in years], "calendar_url": _calendar_url()},
    )
