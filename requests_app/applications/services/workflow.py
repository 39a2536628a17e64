"""The statutory workflow of a disclosure application, one service per step.

Every step: lock the application (`select_for_update`) in a transaction, check
that the step is allowed now, append an `ApplicationEvent`, recompute status
and due date from the events (`refresh_derived`), and schedule mail to the
applicant after commit. A step that is not allowed raises `WorkflowError` with
a message for the person who tried it.

Dates (`on`) are the legal dates of the steps (the day the letter went out, the
day the corrected application arrived), not the day they are typed in; they
may not lie in the future nor before the last recorded step.

The `message` of a public event is shown to the applicant on the status page;
`data` is internal (it may name a consulted third party or the approver); its
shape per kind is declared in `requests_app.applications.event_data`. Which step
may start from which status is declared in `requests_app.applications.states`.
"""

import logging
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import DomainError
from disclosure.models import Disclosure, DisclosureStatus, Organization
from disclosure.models.calendar import load_work_calendar
from disclosure.workdays import CalendarNotCovered, WorkCalendar, add_workdays
from requests_app.applications import deadlines, fees, states
from requests_app.applications.event_data import (
    CONSULTATION_ORGAN,
    CONSULTATION_THIRD_PARTY,
    NOT_HELD_NONEXISTENT,
    NOT_HELD_OTHER_ORGAN,
    Answered,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionRequested,
    EventData,
    Extended,
    FeeNotified,
    FeePaid,
    PublishedCopy,
    ReplyDelayed,
)
from requests_app.applications.models import (
    Application,
    ApplicationEvent,
    DeliveryMethod,
    EventKind,
    Outcome,
    ReplyAttachment,
)
from requests_app.applications.selectors import provisional_years
from requests_app.mail import deliver_mail, render_mail

logger = logging.getLogger(__name__)


class WorkflowError(DomainError):
    """A step that is not allowed in the application's current state."""


# Outcomes that have their own step: answering with them directly would skip the
# deadline check that makes them lawful.
LAPSE_OUTCOMES = {Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID}


def _d(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


# --- helpers -----------------------------------------------------------------


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _sync(target: Application, source: Application) -> Application:
    """Bring the caller's instance up to date with the locked row."""
    if target is not source:
        target.refresh_from_db()
    return source


def _require_step(app: Application, step: str) -> None:
    """Refuse `step` unless the state machine (`states.ALLOWED_FROM`) allows it now."""
    refused = states.refusal(step, app.status)
    if refused is not None:
        raise WorkflowError(refused)


def _last_event_date(app: Application) -> date | None:
    """The date of the last legal step. Internal notes and registered letters are not
    steps: a note written today must not stop staff from recording a step that happened
    yesterday."""
    return (
        app.events.exclude(kind__in=[EventKind.NOTE, EventKind.LETTER_ISSUED])
        .order_by("-occurred_on", "-id")
        .values_list("occurred_on", flat=True)
        .first()
    )


def _check_date(app: Application, on: date) -> None:
    if not isinstance(on, date):
        raise WorkflowError(_("Give the date of the step."))
    today = timezone.localdate()
    if on > today:
        raise WorkflowError(
            _("The date %(date)s is in the future; record steps on or after the day they happen.")
            % {"date": _d(on)}
        )
    if app.received_on and on < app.received_on:
        raise WorkflowError(
            _("The date %(date)s is before the date of receipt (%(received)s).")
            % {"date": _d(on), "received": _d(app.received_on)}
        )
    last = _last_event_date(app)
    if last and on < last:
        raise WorkflowError(
            _("The date %(date)s is before the last recorded step (%(last)s).")
            % {"date": _d(on), "last": _d(last)}
        )


def _calendar_or_error() -> WorkCalendar:
    return load_work_calendar()


def _add_workdays(cal: WorkCalendar, start: date, n: int) -> date:
    try:
        return add_workdays(cal, start, n)
    except CalendarNotCovered as exc:
        raise WorkflowError(str(exc)) from exc


def _event(
    app: Application,
    kind: str,
    on: date,
    by,
    *,
    message: str = "",
    data: EventData | None = None,
    public: bool = True,
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=app,
        kind=kind,
        occurred_on=on,
        actor=by if getattr(by, "pk", None) else None,
        message=message,
        data=data.to_data() if data is not None else {},
        public=public,
    )


def _kinds_in_order(app: Application) -> list[str]:
    return list(app.events.order_by("occurred_on", "id").values_list("kind", flat=True))


def _latest(app: Application, kind: str) -> ApplicationEvent | None:
    return app.events.filter(kind=kind).order_by("-occurred_on", "-id").first()


def _status_url() -> str:
    return f"{settings.SITE_URL}/apply/status/"


def _mail_applicant(app: Application, kind: str, **context) -> None:
    """Mail the applicant after commit, if they gave an address; a mail failure is logged.

    The mail is `templates/requests_app/mail/application_<kind>.txt`, written now
    (in the language of the step) and sent once the step is committed.
    """
    if not app.email:
        return
    recipient = app.email
    # A date counted on a year not entered yet is 暂定 in the mail too, with the reason.
    provisional = provisional_years(app, calendar=load_work_calendar())
    subject, body = render_mail(
        f"application_{kind}",
        {
            "application": app,
            "status_url": _status_url(),
            # Strings: `join` in a template without autoescaping joins strings only.
            "provisional_years": [str(y) for y in provisional],
            **context,
        },
    )

    # A background job sends it (and logs a failure): the step is committed either way.
    transaction.on_commit(lambda: deliver_mail(subject, body, [recipient]))


# --- derivation --------------------------------------------------------------


DERIVED_FIELDS = ("status", "due_on", "wait_until", "dates_provisional", "outcome", "closed_on")


def _derive_or_without_calendar(
    application: Application, events: list, calendar: WorkCalendar, *, warn: bool = False
) -> deadlines.Derivation:
    """The derivation; without dates when the calendar lacks a year (never guessed)."""
    try:
        return deadlines.derive(
            received_on=application.received_on,
            events=events,
            calendar=calendar,
            channel=application.channel,
        )
    except CalendarNotCovered as exc:
        if warn:
            logger.warning("%s: %s", application.tracking_number, exc)
        return deadlines.derive_without_calendar(received_on=application.received_on, events=events)


def _is_stale(application: Application, result: deadlines.Derivation) -> bool:
    return any(getattr(application, name) != getattr(result, name) for name in DERIVED_FIELDS)


def refresh_derived(application: Application) -> Application:
    """Recompute status, due date and closing fields from the events and save them.

    Imported history carries its outcome without events and is left alone. A
    calendar year that is not entered yet is counted on the provisional schedule
    and the dates are marked 暂定 (`dates_provisional`); `refresh_open_applications`
    derives them again once the year is entered. Only a year the calendar cannot
    compute at all leaves the due date empty rather than refusing the step.
    """
    if application.is_historical:
        return application
    events = list(application.events.order_by("occurred_on", "id"))
    result = _derive_or_without_calendar(application, events, load_work_calendar(), warn=True)
    for name in DERIVED_FIELDS:
        setattr(application, name, getattr(result, name))
    application.save(update_fields=list(DERIVED_FIELDS))
    return application


def refresh_open_applications() -> int:
    """Re-derive the open applications whose stored status or dates no longer match.

    Run after the official calendar changed (`disclosure.signals.calendar_changed`)
    and by the daily reminder: a due date counted on a provisional year (暂定),
    or computed before a holiday was corrected, is computed again. One read of
    the open applications with their events; only the rows that changed are
    then locked and saved, one short transaction each, so a workflow step
    running meanwhile is never overwritten with a stale result. Returns the
    number of applications updated.
    """
    calendar = load_work_calendar()
    candidates = (
        Application.objects.open()
        .filter(is_historical=False)
        .prefetch_related(
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("occurred_on", "id"))
        )
    )
    stale = [
        app.pk
        for app in candidates.iterator(chunk_size=500)
        if _is_stale(app, _derive_or_without_calendar(app, list(app.events.all()), calendar))
    ]
    for pk in stale:
        with transaction.atomic():
            app = Application.objects.select_for_update().filter(pk=pk).first()
            if app is not None:
                refresh_derived(app)
    return len(stale)


# --- steps -------------------------------------------------------------------


@transaction.atomic
def confirm_receipt(*, application: Application, by, on: date, notify: bool = True) -> Application:
    """第三十一条第（二）（三）项: the organ confirms an online/fax/letter application; `on`
    becomes the date of receipt and the reply period starts."""
    app = _lock(application)
    _require_step(app, "confirm_receipt")
    submitted = timezone.localdate(app.submitted_at) if app.submitted_at else None
    if submitted and isinstance(on, date) and on < submitted:
        raise WorkflowError(
            _("The receipt cannot be confirmed before the application was submitted (%(date)s).")
            % {"date": _d(submitted)}
        )
    _check_date(app, on)
    app.received_on = on
    app.save(update_fields=["received_on"])
    _event(app, EventKind.RECEIPT_CONFIRMED, on, by)
    refresh_derived(app)
    if notify:
        _mail_applicant(app, EventKind.RECEIPT_CONFIRMED, on=on)
    return _sync(application, app)


@transaction.atomic
def request_correction(
    *, application: Application, by, on: date, deadline: date, message: str
) -> Application:
    """第三十条: once, within 7 working days of receipt, with a reasonable deadline."""
    app = _lock(application)
    _require_step(app, "request_correction")
    _check_date(app, on)
    if app.events.filter(kind=EventKind.CORRECTION_REQUESTED).exists():
        raise WorkflowError(
            _("A correction was already requested; Article 30 allows asking only once.")
        )
    cal = _calendar_or_error()
    latest_allowed = _add_workdays(cal, app.received_on, deadlines.CORRECTION_REQUEST_WORKDAYS)
    if on > latest_allowed:
        raise WorkflowError(
            _(
                "Article 30: a correction must be requested within 7 working days of receipt, "
                "that is by %(date)s."
            )
            % {"date": _d(latest_allowed)}
        )
    if not isinstance(deadline, date) or deadline <= on:
        raise WorkflowError(_("The correction deadline must be after the date of the request."))
    message = (message or "").strip()
    if not message:
        raise WorkflowError(_("Say what the applicant has to correct (Article 30)."))
    _event(
        app,
        EventKind.CORRECTION_REQUESTED,
        on,
        by,
        message=message,
        data=CorrectionRequested(deadline=deadline),
    )
    refresh_derived(app)
    _mail_applicant(app, EventKind.CORRECTION_REQUESTED, deadline=deadline, message=message)
    return _sync(application, app)


@transaction.atomic
def record_correction(*, application: Application, by, on: date, note: str = "") -> Application:
    """第三十条: the corrected application arrived on `on`; the reply period restarts."""
    app = _lock(application)
    _require_step(app, "record_correction")
    _check_date(app, on)
    deadline = _correction_deadline(app)
    if deadline and on > deadline:
        raise WorkflowError(
            _(
                "The correction deadline was %(deadline)s; a correction received on %(date)s "
                "is late. Record the lapse instead."
            )
            % {"deadline": _d(deadline), "date": _d(on)}
        )
    _event(app, EventKind.CORRECTED, on, by, message=(note or "").strip(), public=True)
    refresh_derived(app)
    return _sync(application, app)


@transaction.atomic
def lapse_correction(*, application: Application, by, on: date) -> Application:
    """第三十条: no correction by the deadline: the application is no longer processed."""
    app = _lock(application)
    _require_step(app, "lapse_correction")
    _check_date(app, on)
    deadline = _correction_deadline(app)
    if deadline and on <= deadline:
        raise WorkflowError(
            _("The correction deadline (%(deadline)s) has not passed yet.")
            % {"deadline": _d(deadline)}
        )
    _event(app, EventKind.CORRECTION_LAPSED, on, by)
    refresh_derived(app)
    _mail_applicant(app, EventKind.CORRECTION_LAPSED)
    return _sync(application, app)


@transaction.atomic
def start_consultation(
    *,
    application: Application,
    by,
    on: date,
    party: str,
    kind: str,
    delivered_on: date | None = None,
) -> Application:
    """第三十二条 (third party) / 第三十四条 (another organ): the time taken does not count.

    `on` is the day the request went out (发出). `delivered_on` is the day the consulted
    party received it (收到), from which its 15 working days count; empty when it was
    handed over, faxed or emailed that day, or is not known (the 15 working days then
    count from `on`, the earliest it can have been received). The pause lasts until the
    reply at most until the 15th working day (see `deadlines`).
    """
    app = _lock(application)
    _require_step(app, "start_consultation")
    _check_date(app, on)
    if kind not in (CONSULTATION_THIRD_PARTY, CONSULTATION_ORGAN):
        raise WorkflowError(_("Choose whom is consulted: a third party or another organ."))
    party = (party or "").strip()
    if not party:
        raise WorkflowError(_("Name the consulted third party or organ."))
    if app.due_on and on > app.due_on:
        raise WorkflowError(
            _("The reply period ended on %(date)s; a consultation cannot pause it any more.")
            % {"date": _d(app.due_on)}
        )
    if delivered_on is not None:
        if not isinstance(delivered_on, date) or delivered_on < on:
            raise WorkflowError(
                _("The consulted party cannot receive the request before it was sent.")
            )
        if delivered_on > timezone.localdate():
            raise WorkflowError(
                _(
                    "The date the consulted party received the request (%(date)s) is in the "
                    "future; leave it empty until it is known."
                )
                % {"date": _d(delivered_on)}
            )
    _event(
        app,
        EventKind.CONSULTATION_STARTED,
        on,
        by,
        data=ConsultationStarted(consulted=kind, party=party, delivered_on=delivered_on),
    )
    refresh_derived(app)
    return _sync(application, app)


@transaction.atomic
def end_consultation(*, application: Application, by, on: date, note: str = "") -> Application:
    """The consulted party answered (or its 15 working days ran out) on `on`.

    Recorded after the consulted party's 15th working day (`wait_until`), the pause still
    ends on that day (第三十二条, 第三十四条): the clock caps it, and the explanation says so;
    `selectors.late_consultation_end` is the warning the admin shows.
    """
    app = _lock(application)
    _require_step(app, "end_consultation")
    _check_date(app, on)
    _event(
        app, EventKind.CONSULTATION_ENDED, on, by, data=ConsultationEnded(note=(note or "").strip())
    )
    refresh_derived(app)
    return _sync(application, app)


@transaction.atomic
def extend(
    *, application: Application, by, on: date, workdays: int, approved_by: str, reason: str
) -> Application:
    """第三十三条第二款: once, at most 20 working days, approved by the office's head,
    decided before the period ends, and the applicant told."""
    app = _lock(application)
    _require_step(app, "extend")
    _check_date(app, on)
    if deadlines.extension_used(_kinds_in_order(app)):
        raise WorkflowError(_("The reply period was already extended; Article 33 allows it once."))
    if not isinstance(workdays, int) or not 1 <= workdays <= deadlines.MAX_EXTENSION_WORKDAYS:
        raise WorkflowError(_("Article 33: an extension is from 1 to at most 20 working days."))
    approved_by = (approved_by or "").strip()
    reason = (reason or "").strip()
    if not approved_by:
        raise WorkflowError(
            _("Article 33: name the head of the disclosure office who approved the extension.")
        )
    if not reason:
        raise WorkflowError(_("Give the reason for the extension; the applicant is told."))
    if app.due_on and on > app.due_on:
        raise WorkflowError(
            _("The reply period ended on %(date)s; it can no longer be extended.")
            % {"date": _d(app.due_on)}
        )
    _event(
        app,
        EventKind.EXTENDED,
        on,
        by,
        message=reason,
        data=Extended(workdays=workdays, approved_by=approved_by, reason=reason),
    )
    refresh_derived(app)
    _mail_applicant(app, EventKind.EXTENDED, workdays=workdays, reason=reason)
    return _sync(application, app)


@transaction.atomic
def delay_reply(
    *, application: Application, by, on: date, reply_by: date, reason: str
) -> Application:
    """第三十五条: the applicant's requests clearly exceed a reasonable number or frequency,
    the reason the applicant gave was found reasonable, but the periods of 第三十三条 cannot
    be kept: the organ sets a reasonable later date to answer and tells the applicant.

    Decided while the period runs (not after it ended); the new date must be after the
    current due date, and the reason is told to the applicant.
    """
    app = _lock(application)
    _require_step(app, "delay_reply")
    _check_date(app, on)
    if not isinstance(reply_by, date):
        raise WorkflowError(_("Article 35: give the date by which the organ will answer."))
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(
            _("Article 35: give the reason for the delayed reply; the applicant is told.")
        )
    if app.due_on is None:
        raise WorkflowError(
            _("The current due date is not known, so no later date can be set against it.")
        )
    if on > app.due_on:
        raise WorkflowError(
            _("The reply period ended on %(date)s; a delayed reply can no longer be set.")
            % {"date": _d(app.due_on)}
        )
    if reply_by <= app.due_on:
        raise WorkflowError(
            _(
                "Article 35: the new reply date (%(new)s) must be after the current due "
                "date (%(due)s)."
            )
            % {"new": _d(reply_by), "due": _d(app.due_on)}
        )
    _event(
        app,
        EventKind.REPLY_DELAYED,
        on,
        by,
        message=reason,
        data=ReplyDelayed(reply_by=reply_by, reason=reason),
    )
    refresh_derived(app)
    _mail_applicant(app, EventKind.REPLY_DELAYED, reply_by=reply_by, reason=reason)
    return _sync(application, app)


def nth_request_in_month(app: Application) -> int:
    """The position of `app` among its applicant's applications to the same organ
    received in the same natural month.

    国办函〔2020〕109号 has each organ charge for the work of answering the
    requests made to it; this project reads "累计申请" per organ: an organ counts
    the applicant's requests to it, not those made to other organs, which it
    neither handles nor sees (see `requests_app.applications.fees`).
    """
    r = app.received_on
    return (
        Application.objects.same_applicant(app.id_number)
        .filter(organization_id=app.organization_id)
        .filter(received_on__year=r.year, received_on__month=r.month)
        .filter(Q(received_on__lt=r) | Q(received_on=r, pk__lte=app.pk))
        .count()
    )


@transaction.atomic
def notify_fee(
    *,
    application: Application,
    by,
    on: date,
    method: str,
    pages: int | None = None,
    delivered_on: date | None = None,
) -> Application:
    """国办函〔2020〕109号: charge a fee computed from the tiers; 20 working days to pay,
    counted "自收到收费通知次日起" from the day after the applicant received the notice.

    `delivered_on` is that day; it defaults to the notice date (`on`) for a notice
    handed over or emailed, and must be given when the applicant gets replies by post.
    The reply period stops from the notice date; a notice after the period ended
    is refused (it could no longer stop it).
    """
    app = _lock(application)
    _require_step(app, "notify_fee")
    _check_date(app, on)
    if app.events.filter(kind=EventKind.FEE_NOTIFIED).exists():
        raise WorkflowError(_("A fee notice was already sent for this application."))
    if app.due_on and on > app.due_on:
        raise WorkflowError(
            _("The reply period ended on %(date)s; a fee notice can no longer be sent.")
            % {"date": _d(app.due_on)}
        )
    if delivered_on is None:
        if app.delivery_method == DeliveryMethod.POST:
            raise WorkflowError(
                _(
                    "The applicant receives replies by post: give the day the fee notice "
                    "was received; the 20 working days to pay count from the next day."
                )
            )
        delivered_on = on
    if not isinstance(delivered_on, date) or delivered_on < on:
        raise WorkflowError(_("The fee notice cannot be received before it was sent."))
    if delivered_on > timezone.localdate():
        raise WorkflowError(
            _(
                "The date the notice was received (%(date)s) is in the future; record the "
                "fee notice once it has been received."
            )
            % {"date": _d(delivered_on)}
        )
    nth: int | None = None
    if method == fees.FeeMethod.BY_COUNT:
        if not app.id_number.strip():
            raise WorkflowError(
                _(
                    "Charging by number of requests counts the applicant's requests by "
                    "identity document number, and this application has none."
                )
            )
        nth = nth_request_in_month(app)
        amount = fees.fee_by_count(nth)
        if amount == 0:
            raise WorkflowError(
                _(
                    "This is the applicant's request number %(n)s to this organ in %(month)s; "
                    "the first 10 requests of a month are free."
                )
                % {"n": nth, "month": date_format(app.received_on, "YEAR_MONTH_FORMAT")}
            )
    elif method == fees.FeeMethod.BY_PAGES:
        if not isinstance(pages, int) or pages < 1:
            raise WorkflowError(_("Give the number of pages to charge by amount."))
        amount = fees.fee_by_pages(pages)
        if amount == 0:
            raise WorkflowError(_("Up to 30 pages are free; there is nothing to charge."))
    else:
        raise WorkflowError(_("Choose how the fee is charged: by requests or by pages."))
    cal = _calendar_or_error()
    pay_by = _add_workdays(cal, delivered_on, deadlines.PAYMENT_WORKDAYS)
    notice = FeeNotified(
        method=method,
        amount=amount,
        delivered_on=delivered_on,
        pay_by=pay_by,
        nth_request=nth,
        pages=pages if method == fees.FeeMethod.BY_PAGES else None,
    )
    _event(
        app,
        EventKind.FEE_NOTIFIED,
        on,
        by,
        message=_("Fee: %(amount)s yuan, to be paid by %(date)s.")
        % {"amount": amount, "date": _d(pay_by)},
        data=notice,
    )
    refresh_derived(app)
    # A string, not a number: the template would format a number for the locale.
    _mail_applicant(app, EventKind.FEE_NOTIFIED, amount=str(amount), pay_by=pay_by)
    return _sync(application, app)


def _pending_fee(app: Application) -> tuple[Decimal, date]:
    notice = FeeNotified.from_data(_latest(app, EventKind.FEE_NOTIFIED).data)
    # The clock's deadline (`wait_until`) is never earlier than the notice's, and later when
    # the notice was counted on a provisional year that has since been entered.
    return notice.amount, max(notice.pay_by, app.wait_until or notice.pay_by)


def _correction_deadline(app: Application) -> date | None:
    requested = _latest(app, EventKind.CORRECTION_REQUESTED)
    return CorrectionRequested.from_data(requested.data).deadline if requested else None


@transaction.atomic
def record_payment(*, application: Application, by, on: date) -> Application:
    """The fee arrived on `on`: the reply period runs again from the next day."""
    app = _lock(application)
    _require_step(app, "record_payment")
    _check_date(app, on)
    amount, pay_by = _pending_fee(app)
    if on > pay_by:
        raise WorkflowError(
            _("The fee was due by %(date)s; record the lapse instead.") % {"date": _d(pay_by)}
        )
    app.fee_amount = amount
    app.save(update_fields=["fee_amount"])
    _event(app, EventKind.FEE_PAID, on, by, data=FeePaid(amount=amount))
    refresh_derived(app)
    return _sync(application, app)


@transaction.atomic
def lapse_fee(*, application: Application, by, on: date) -> Application:
    """国办函〔2020〕109号: not paid in time counts as withdrawing → `other_fee_unpaid`."""
    app = _lock(application)
    _require_step(app, "lapse_fee")
    _check_date(app, on)
    _amount, pay_by = _pending_fee(app)
    if on <= pay_by:
        raise WorkflowError(
            _("The payment deadline (%(date)s) has not passed yet.") % {"date": _d(pay_by)}
        )
    _event(app, EventKind.FEE_LAPSED, on, by)
    refresh_derived(app)
    _mail_applicant(app, EventKind.FEE_LAPSED)
    return _sync(application, app)


def _attachment_file(item):
    if isinstance(item, ReplyAttachment):
        return item.title, item.file
    if isinstance(item, tuple):
        return item
    return getattr(item, "name", ""), item


def _published_copies(outcome: str, published: Iterable[Disclosure]) -> tuple[PublishedCopy, ...]:
    """第三十六条第（一）项: the published disclosures a `granted` answer points to."""
    published = list(published or ())
    if not published:
        return ()
    if outcome != Outcome.GRANTED:
        raise WorkflowError(
            _(
                "Published disclosures can be linked only to an answer “%(outcome)s” "
                "(Article 36(1))."
            )
            % {"outcome": Outcome.GRANTED.label}
        )
    copies = []
    for disclosure in published:
        if disclosure.status != DisclosureStatus.PUBLISHED:
            raise WorkflowError(
                _(
                    "“%(title)s” (%(number)s) is not published; an answer can point only to "
                    "published information (Article 36(1))."
                )
                % {"title": disclosure.title, "number": disclosure.index_number}
            )
        copies.append(published_copy(disclosure))
    return tuple(copies)


def published_copy(disclosure: Disclosure) -> PublishedCopy:
    """What a letter says of a published disclosure: 索引号, title, organ, date and its
    public address (absolute, from SITE_URL: the letter is read on paper)."""
    return PublishedCopy(
        disclosure_id=disclosure.pk,
        index_number=disclosure.index_number,
        title=disclosure.title,
        organization=disclosure.organization.name,
        published_on=disclosure.published_on,
        url=f"{settings.SITE_URL}{disclosure.get_absolute_url()}",
    )


def _not_held_grounds(
    app: Application,
    outcome: str,
    *,
    not_held: str,
    other_organ: str,
    other_organ_contact: str,
    other_organization: Organization | None,
    other_organ_reason: str,
    other_organ_unknown: bool,
) -> dict:
    """第三十六条第（四）项 or 第（五）项 for `unavailable_not_held`, checked; {} otherwise."""
    other_organ = (other_organ or "").strip()
    other_organ_contact = (other_organ_contact or "").strip()
    other_organ_reason = (other_organ_reason or "").strip()
    names_an_organ = bool(
        other_organ or other_organ_contact or other_organization or other_organ_reason
    )
    if outcome != Outcome.UNAVAILABLE_NOT_HELD:
        if not_held or names_an_organ or other_organ_unknown:
            raise WorkflowError(
                _(
                    "Whether the information does not exist or is another organ's to disclose "
                    "is recorded only with the answer “%(outcome)s” (Article 36(4) and (5))."
                )
                % {"outcome": Outcome.UNAVAILABLE_NOT_HELD.label}
            )
        return {}
    # An empty choice is 第（四）项, as every answer before the choice existed.
    not_held = not_held or NOT_HELD_NONEXISTENT
    if not_held == NOT_HELD_NONEXISTENT:
        if names_an_organ or other_organ_unknown:
            raise WorkflowError(
                _(
                    "A responsible organ is named only when the information is another "
                    "organ's to disclose (Article 36(5)), not when it does not exist (Article "
                    "36(4))."
                )
            )
        return {"not_held": NOT_HELD_NONEXISTENT}
    if not_held != NOT_HELD_OTHER_ORGAN:
        raise WorkflowError(
            _(
                "Choose why the information is not held: it does not exist (Article 36(4)) or "
                "it is another organ's to disclose (Article 36(5))."
            )
        )
    # 第三十六条第（五）项: "告知申请人并说明理由；能够确定负责公开该政府信息的行政机关的，
    # 告知申请人该行政机关的名称、联系方式". The reason always; name and contact whenever the
    # organ can be determined, so leaving them out is a deliberate choice, not a blank field.
    if not other_organ_reason:
        raise WorkflowError(
            _("Article 36(5): give the reason why the information is not this organ's to disclose.")
        )
    if other_organization is not None:
        if other_organization.pk == app.organization_id:
            raise WorkflowError(
                _("The responsible organ cannot be the organization the application was made to.")
            )
        other_organ = other_organ or other_organization.name
        if not (other_organ_contact or other_organization.address or other_organization.phone):
            raise WorkflowError(
                _(
                    "%(organ)s has no address or phone in the system: type how the applicant "
                    "can reach it (Article 36(5))."
                )
                % {"organ": other_organization.name}
            )
    if other_organ_unknown:
        if other_organ or other_organ_contact:
            raise WorkflowError(
                _(
                    "Either name the responsible organ or say that it cannot be determined, "
                    "not both."
                )
            )
    elif not other_organ:
        raise WorkflowError(
            _(
                "Article 36(5): name the organ responsible for disclosing the information, "
                "or say that it cannot be determined."
            )
        )
    elif not (other_organ_contact or other_organization is not None):
        raise WorkflowError(
            _("Article 36(5): say how the applicant can reach %(organ)s (address or phone).")
            % {"organ": other_organ}
        )
    return {
        "not_held": NOT_HELD_OTHER_ORGAN,
        "other_organ": other_organ,
        "other_organ_contact": other_organ_contact,
        "other_organization_id": other_organization.pk if other_organization else None,
        "other_organ_reason": other_organ_reason,
        "other_organ_unknown": bool(other_organ_unknown),
    }


@transaction.atomic
def answer(
    *,
    application: Application,
    by,
    on: date,
    outcome: str,
    reply_text: str,
    attachments: Iterable[UploadedFile | tuple[str, UploadedFile]] = (),
    published: Iterable[Disclosure] = (),
    not_held: str = "",
    other_organ: str = "",
    other_organ_contact: str = "",
    other_organization: Organization | None = None,
    other_organ_reason: str = "",
    other_organ_unknown: bool = False,
) -> Application:
    """第三十六条: answer with one of the 21 outcomes of the national table.

    `published` (only with `granted`): the published disclosures the applicant is
    sent to, 第三十六条第（一）项. `not_held` and the `other_organ…` arguments (only with
    `unavailable_not_held`): 第（四）项 (`NOT_HELD_NONEXISTENT`, the default) or 第（五）项
    (`NOT_HELD_OTHER_ORGAN`: the reason, and the responsible organ — typed, or an
    `other_organization` of the system — with how to reach it, unless
    `other_organ_unknown`). They are stored in the Answered event, which the letter reads.
    """
    app = _lock(application)
    _require_step(app, "answer")
    _check_date(app, on)
    if outcome not in Outcome.values:
        raise WorkflowError(_("Choose one of the outcomes of the national table."))
    if outcome in LAPSE_OUTCOMES:
        raise WorkflowError(
            _("“%(outcome)s” follows from a missed deadline; use the step that records the lapse.")
            % {"outcome": Outcome(outcome).label}
        )
    if (
        outcome == Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION
        and not app.events.filter(kind=EventKind.CORRECTED).exists()
    ):
        # 第三十条 / 表三: "补正后申请内容仍不明确" presupposes a corrected application.
        raise WorkflowError(
            _(
                "“%(outcome)s” is possible only after a corrected application was received; "
                "request a correction first (Article 30)."
            )
            % {"outcome": Outcome(outcome).label}
        )
    grounds = Answered(
        outcome=outcome,
        published=_published_copies(outcome, published),
        **_not_held_grounds(
            app,
            outcome,
            not_held=not_held,
            other_organ=other_organ,
            other_organ_contact=other_organ_contact,
            other_organization=other_organization,
            other_organ_reason=other_organ_reason,
            other_organ_unknown=other_organ_unknown,
        ),
    )
    reply_text = (reply_text or "").strip()
    if not reply_text:
        raise WorkflowError(_("Write the reply to the applicant."))
    app.reply_text = reply_text
    app.save(update_fields=["reply_text"])
    for item in attachments:
        title, upload = _attachment_file(item)
        ReplyAttachment.objects.create(application=app, title=title[:200], file=upload)
    _event(app, EventKind.ANSWERED, on, by, data=grounds)
    refresh_derived(app)
    _mail_applicant(app, EventKind.ANSWERED, on=on, outcome=Outcome(outcome).label)
    return _sync(application, app)


@transaction.atomic
def withdraw(*, application: Application, on: date, by=None, note: str = "") -> Application:
    """The applicant withdraws; counted under `other` (表三 （六）3)."""
    app = _lock(application)
    _require_step(app, "withdraw")
    _check_date(app, on)
    _event(app, EventKind.WITHDRAWN, on, by, message=(note or "").strip())
    refresh_derived(app)
    return _sync(application, app)


@transaction.atomic
def add_note(*, application: Application, by, on: date, text: str) -> ApplicationEvent:
    """An internal note in the log; never shown to the applicant, changes nothing."""
    app = _lock(application)
    text = (text or "").strip()
    if not text:
        raise WorkflowError(_("The note is empty."))
    if on > timezone.localdate():
        raise WorkflowError(_("The date %(date)s is in the future.") % {"date": _d(on)})
    return _event(app, EventKind.NOTE, on, by, message=text, public=False)
