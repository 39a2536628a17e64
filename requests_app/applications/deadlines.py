"""The reply period of a disclosure application, derived from its events. Pure: no database.

How the law counts (条例 and 国办函〔2020〕109号), and how this module reads it:

- 第三十一条: the date of receipt is the starting day (`received_on`).
- 第三十三条第二款: the organ answers "自收到申请之日起20个工作日内". Like every
  period here, counting starts on the day after the starting day, so the due
  date is the 20th working day after receipt (`disclosure.workdays.add_workdays`).
- 第三十条: a correction request stops the clock; "答复期限自行政机关收到补正的申请之日起
  计算", so once the corrected application arrives on day K the whole period
  starts again from K (the 20th working day after K), and nothing counted
  before K matters any more.
- 第三十三条第三款: the time taken by consulting a third party (第三十二条) or another
  organ (第三十四条) does not count; 国办函〔2020〕109号: nor does the time
  the applicant takes to pay a fee.
  **A pause from S to E covers the working days after S up to and including
  E**: the day the letter goes out (S) still counts as an ordinary day, the day
  the answer or payment arrives (E) does not, and counting resumes on the day
  after E, exactly as after a date of receipt. Overlapping pauses cover the
  union of their days. While a pause is open, the due date is unknown
  (`due_on` is None) and `remaining` says how many working days are left.
- 第三十三条第二款: one extension of at most 20 working days lengthens the
  period; the extended period counts over the same days (pauses still do not
  count). An extension decided before a correction belonged to the period
  that the correction abandoned (第三十条: the period counts afresh from the
  corrected application), so it does not carry over, and the new period may
  be extended once (`extension_used`).
- The correction deadline (第三十条 "合理的补正期限") is set by the organ; the
  payment deadline is 20 working days "自收到收费通知次日起" (国办函〔2020〕109号),
  i.e. the 20th working day after the day the applicant received the notice
  (`delivered_on` in the notice's data; the notice date for a notice handed
  over or emailed); the reply period pauses from the notice date; a
  consulted party has 15 working days from the day after it receives the
  request (第三十二条, 第三十四条), used here as the expected end of a
  consultation.
- **The consultation's pause is bounded by those 15 working days.** The
  consultation event is dated the day the request went out (发出); the 15
  working days count from the day the consulted party received it (收到,
  `delivered_on` in the event's data; the sending date when the request was
  handed over, faxed or emailed, or when the day of receipt is not known). A
  third party that does not answer in time has not answered (第三十二条 "逾期
  未提出意见的，由行政机关依照本条例的规定决定是否公开"; 第三十四条 "视为同意公开"),
  so the pause ends on the 15th working day at the latest: a reply recorded
  later does not lengthen it (`Mark.capped`), one recorded earlier ends it
  earlier.
- 第三十五条: for requests clearly beyond a reasonable number or frequency, the
  organ may set a reasonable later date to answer and tell the applicant
  (`reply_delayed`, its date in `reply_by`). The application is then due on
  that date; should the period counted under 第三十三条 (pauses, an extension)
  end later still, the later date counts. Like an extension, a delay belongs to
  the period a correction abandons (第三十条).

A year whose State Council arrangement is not entered is counted on the
provisional schedule (`disclosure.holidays`); the clock names the provisional
years its due date or computed wait reaches (`provisional_years`), and the
explanation says the date is 暂定. Only a year outside what the calendar can
compute raises `CalendarNotCovered`.

Two halves. The clock (`run_clock`) reads the events in order and counts: the
state, the due date, the wait, and a `Mark` per event that moved it. The
explanation (`explain`) turns the clock's result into the steps the status
page prints; it counts nothing itself. `derive` returns both.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from disclosure.workdays import CalendarNotCovered, WorkCalendar, add_workdays, workdays_between
from requests_app.applications import event_data
from requests_app.applications.event_data import (
    CONSULTATION_ORGAN,
    CONSULTATION_THIRD_PARTY,
    Answered,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionRequested,
    Extended,
    FeeNotified,
    FeePaid,
    ReplyDelayed,
)
from requests_app.applications.models import ApplicationStatus, EventKind, Outcome

__all__ = [
    "CONSULTATION_ORGAN",
    "CONSULTATION_REPLY_WORKDAYS",
    "CONSULTATION_THIRD_PARTY",
    "CORRECTION_REQUEST_WORKDAYS",
    "MAX_EXTENSION_WORKDAYS",
    "PAYMENT_WORKDAYS",
    "REPLY_WORKDAYS",
    "CalendarNotCovered",
    "Clock",
    "Derivation",
    "DueStep",
    "EventRecord",
    "Mark",
    "count_period",
    "derive",
    "derive_without_calendar",
    "explain",
    "extension_used",
    "run_clock",
]

REPLY_WORKDAYS = 20  # 第三十三条第二款
MAX_EXTENSION_WORKDAYS = 20  # 第三十三条第二款
CORRECTION_REQUEST_WORKDAYS = 7  # 第三十条
CONSULTATION_REPLY_WORKDAYS = 15  # 第三十二条, 第三十四条
PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号

_CLOSING_KINDS = {
    EventKind.ANSWERED: None,  # the outcome is in the event's data
    EventKind.WITHDRAWN: Outcome.OTHER,
    EventKind.CORRECTION_LAPSED: Outcome.OTHER_NO_CORRECTION,
    EventKind.FEE_LAPSED: Outcome.OTHER_FEE_UNPAID,
}


class EventLike(Protocol):
    kind: str
    occurred_on: date
    data: Mapping[str, Any]


@dataclass(frozen=True)
class EventRecord:
    """A plain event, for callers (and tests) without model instances."""

    kind: str
    occurred_on: date
    data: Mapping[str, Any] = field(default_factory=dict)


def _closing_outcome(kind: str, data: Mapping[str, Any] | None) -> str:
    return _CLOSING_KINDS[kind] or Answered.from_data(data or {}).outcome


def count_period(
    cal: WorkCalendar,
    start: date,
    total: int,
    pauses: Iterable[tuple[date, date | None]],
) -> tuple[date | None, int]:
    """The `total`-th working day after `start` that no pause covers.

    A pause (S, E) covers the days after S up to and including E; (S, None) is
    still open and stops the count at S. Returns (due date, 0), or (None,
    working days remaining) when an open pause stops the count first.
    """
    pauses = list(pauses)
    counted = 0
    day = start
    while counted < total:
        nxt = day + timedelta(days=1)
        if any(end is None and s < nxt for s, end in pauses):
            return None, total - counted
        if cal.is_workday(nxt) and not any(end is not None and s < nxt <= end for s, end in pauses):
            counted += 1
        day = nxt
    return day, 0


# --- the clock ---------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """What the clock did on one event, with the figures the explanation prints."""

    kind: str
    on: date
    # Correction requested: the correction deadline; fee notified: the payment deadline;
    # consultation started or ended: the consulted party's last day (第三十二条,
    # 第三十四条); reply delayed: the date set (第三十五条).
    deadline: date | None = None
    # Corrected: the 20th working day after the restart, and whether an extension (or a
    # 第三十五条 delay) of the abandoned period was dropped.
    restart_due: date | None = None
    dropped_extension: bool = False
    dropped_delay: bool = False
    # Consultation ended after the consulted party's last day (`deadline`): the pause
    # ended on that day, not on the day recorded.
    capped: bool = False
    # Consultation started: whom (event_data.CONSULTATION_*).
    consulted: str = ""
    # Consultation ended, fee paid: the pause began on `paused_from` and did not
    # count for `workdays`; extended: by `workdays`.
    paused_from: date | None = None
    workdays: int = 0


@dataclass(frozen=True)
class Clock:
    """The count after the last event: state, due date and the marks that led there."""

    status: str
    received_on: date | None
    due_on: date | None = None
    # While the clock is stopped: the end of the current wait, and the working days left.
    wait_until: date | None = None
    remaining: int | None = None
    outcome: str = ""
    closed_on: date | None = None
    closing_kind: str = ""
    extended_by: int = 0
    paused_workdays: int = 0
    # The period as counted now: from the day after `start`, `total` working days.
    first_due_on: date | None = None  # 20 working days after receipt, before any event
    start: date | None = None
    total: int = REPLY_WORKDAYS
    stopped_for_correction: bool = False
    # 第三十五条: the reply date the organ set, and whether it is the due date now.
    delayed_to: date | None = None
    due_is_delayed: bool = False
    # An open consultation: the consulted party's last day, up to which it pauses the count.
    consultation_until: date | None = None
    marks: tuple[Mark, ...] = ()
    # The years not entered in the calendar that the due date, or a wait the clock
    # computed, was counted over: those dates are provisional (暂定).
    provisional_years: tuple[int, ...] = ()


class _Count:
    """The clock while it reads the events in order (see the module docstring)."""

    def __init__(self, received_on: date, calendar: WorkCalendar):
        self.calendar = calendar
        self.received_on = received_on
        self.start = received_on
        self.pauses: list[tuple[date, date | None]] = []
        # (start, whom, the consulted party's last day)
        self.consultation: tuple[date, str, date] | None = None
        self.delayed_to: date | None = None  # 第三十五条
        self.fee_notice: tuple[date, date] | None = None  # (notice date, pay-by date)
        self.awaiting_correction = False
        self.correction_deadline: date | None = None
        self.extended_by = 0
        self.paused_workdays = 0
        self.closed_on: date | None = None
        self.closing_kind = ""
        self.outcome = ""
        self.marks: list[Mark] = []

    def read(self, event: EventLike) -> None:
        kind, on, data = event.kind, event.occurred_on, (event.data or {})
        if kind in _CLOSING_KINDS:
            self.closed_on, self.closing_kind = on, kind
            self.outcome = _closing_outcome(kind, data)
            return
        handler = self._HANDLERS.get(kind)
        if handler is not None:
            handler(self, on, event_data.read(kind, data))

    def _correction_requested(self, on: date, data: CorrectionRequested) -> None:
        self.awaiting_correction = True
        self.correction_deadline = data.deadline
        self.marks.append(
            Mark(EventKind.CORRECTION_REQUESTED, on, deadline=self.correction_deadline)
        )

    def _corrected(self, on: date, data: None) -> None:
        # 第三十条: the period counts afresh from the day the correction arrives;
        # earlier pauses and an earlier extension belong to the abandoned count.
        self.awaiting_correction = False
        self.start = on
        self.pauses = [p for p in self.pauses if p[1] is None]
        restart_due = add_workdays(self.calendar, on, REPLY_WORKDAYS)
        dropped = bool(self.extended_by)
        dropped_delay = self.delayed_to is not None
        self.extended_by = 0
        self.delayed_to = None
        self.marks.append(
            Mark(
                EventKind.CORRECTED,
                on,
                restart_due=restart_due,
                dropped_extension=dropped,
                dropped_delay=dropped_delay,
            )
        )

    def _consultation_started(self, on: date, data: ConsultationStarted) -> None:
        whom = data.consulted
        # 第三十二条/第三十四条: 15 working days "自收到征求意见书之日起", from the day the
        # consulted party received the request (the sending date if not known).
        received = max(on, data.delivered_on or on)
        last_day = add_workdays(self.calendar, received, CONSULTATION_REPLY_WORKDAYS)
        self.consultation = (on, whom, last_day)
        self.pauses.append((on, None))
        self.marks.append(
            Mark(EventKind.CONSULTATION_STARTED, on, consulted=whom, deadline=last_day)
        )

    def _consultation_ended(self, on: date, data: ConsultationEnded) -> None:
        if self.consultation is None:
            return
        began, _whom, last_day = self.consultation
        self.consultation = None
        # A reply recorded after the consulted party's last day does not lengthen the
        # pause: its time was over then (第三十二条 "逾期未提出意见", 第三十四条).
        capped = on > last_day
        n = self._end_pause(began, last_day if capped else on)
        self.marks.append(
            Mark(
                EventKind.CONSULTATION_ENDED,
                on,
                paused_from=began,
                workdays=n,
                deadline=last_day,
                capped=capped,
            )
        )

    def _extended(self, on: date, data: Extended) -> None:
        self.extended_by = data.workdays
        self.marks.append(Mark(EventKind.EXTENDED, on, workdays=self.extended_by))

    def _reply_delayed(self, on: date, data: ReplyDelayed) -> None:
        # 第三十五条: the organ set a reasonable later date to answer.
        if data.reply_by is None:
            return
        self.delayed_to = data.reply_by
        self.marks.append(Mark(EventKind.REPLY_DELAYED, on, deadline=data.reply_by))

    def _fee_notified(self, on: date, data: FeeNotified) -> None:
        delivered = data.delivered_on or on
        pay_by = data.pay_by or add_workdays(self.calendar, delivered, PAYMENT_WORKDAYS)
        if data.pay_by and data.delivered_on:
            # The notice gave the date as counted then, maybe on a provisional year: once
            # the year is entered, a later 20th working day counts; never an earlier one
            # than the applicant was told.
            pay_by = max(pay_by, add_workdays(self.calendar, delivered, PAYMENT_WORKDAYS))
        self.fee_notice = (on, pay_by)
        self.pauses.append((on, None))
        self.marks.append(Mark(EventKind.FEE_NOTIFIED, on, deadline=pay_by))

    def _fee_paid(self, on: date, data: FeePaid) -> None:
        if self.fee_notice is None:
            return
        noticed = self.fee_notice[0]
        self.fee_notice = None
        n = self._end_pause(noticed, on)
        self.marks.append(Mark(EventKind.FEE_PAID, on, paused_from=noticed, workdays=n))

    def _end_pause(self, began: date, on: date) -> int:
        """Close the pause open since `began` on `on`; the working days it did not count."""
        self.pauses = [p for p in self.pauses if p != (began, None)] + [(began, on)]
        n = workdays_between(self.calendar, began, on)
        self.paused_workdays += n
        return n

    _HANDLERS = {
        EventKind.CORRECTION_REQUESTED: _correction_requested,
        EventKind.CORRECTED: _corrected,
        EventKind.CONSULTATION_STARTED: _consultation_started,
        EventKind.CONSULTATION_ENDED: _consultation_ended,
        EventKind.EXTENDED: _extended,
        EventKind.REPLY_DELAYED: _reply_delayed,
        EventKind.FEE_NOTIFIED: _fee_notified,
        EventKind.FEE_PAID: _fee_paid,
    }

    def _state(self) -> tuple[str, date | None]:
        """The status and the end of the current wait."""
        if self.closed_on is not None:
            return ApplicationStatus.CLOSED, None
        if self.awaiting_correction:
            return ApplicationStatus.AWAITING_CORRECTION, self.correction_deadline
        if self.fee_notice is not None:
            return ApplicationStatus.AWAITING_PAYMENT, self.fee_notice[1]
        if self.consultation is not None:
            return ApplicationStatus.IN_CONSULTATION, self.consultation[2]
        return ApplicationStatus.IN_PROGRESS, None

    def result(self, first_due_on: date) -> Clock:
        total = REPLY_WORKDAYS + self.extended_by
        pauses = self.pauses
        consultation_until = None
        if self.consultation is not None:
            # 第三十二条/第三十四条: the consulted party's time ends on its 15th working day
            # whether or not a reply is recorded ("逾期未提出意见的，由行政机关…决定"), so an
            # open consultation pauses the count up to that day at the most: the due date is
            # known (at the latest) and the application becomes overdue if nobody acts.
            began, _whom, consultation_until = self.consultation
            pauses = [(s, consultation_until if (s, e) == (began, None) else e) for s, e in pauses]
        if self.awaiting_correction:
            due_on, remaining = None, None
        else:
            due_on, remaining = count_period(self.calendar, self.start, total, pauses)
            if self.consultation is not None:
                # What is left when the consultation started, as for any pause.
                remaining = count_period(self.calendar, self.start, total, self.pauses)[1]
        counted_due = due_on
        # 第三十五条: the date the organ set, unless the counted period ends later still.
        due_is_delayed = bool(due_on and self.delayed_to and self.delayed_to > due_on)
        if due_is_delayed:
            due_on = self.delayed_to
        status, wait_until = self._state()
        # The correction deadline is set by the organ, not counted: only a computed date
        # (the due date, the payment or consultation deadline) can be provisional.
        counted = [
            d for d in (counted_due, wait_until if not self.awaiting_correction else None) if d
        ]
        provisional = (
            self.calendar.provisional_years(self.received_on, max(counted)) if counted else ()
        )
        return Clock(
            status=status,
            received_on=self.received_on,
            due_on=due_on,
            wait_until=wait_until,
            remaining=remaining,
            outcome=self.outcome,
            closed_on=self.closed_on,
            closing_kind=self.closing_kind,
            extended_by=self.extended_by,
            paused_workdays=self.paused_workdays,
            first_due_on=first_due_on,
            start=self.start,
            total=total,
            stopped_for_correction=self.awaiting_correction,
            delayed_to=self.delayed_to,
            due_is_delayed=due_is_delayed,
            consultation_until=consultation_until,
            marks=tuple(self.marks),
            provisional_years=provisional,
        )


def _before_receipt(events: list[EventLike]) -> Clock:
    """No date of receipt yet (第三十一条第（三）项): awaiting confirmation, unless closed."""
    closing = next((e for e in events if e.kind in _CLOSING_KINDS), None)
    if closing is None:
        return Clock(ApplicationStatus.AWAITING_CONFIRMATION, received_on=None)
    return Clock(
        ApplicationStatus.CLOSED,
        received_on=None,
        outcome=_closing_outcome(closing.kind, closing.data),
        closed_on=closing.occurred_on,
        closing_kind=closing.kind,
    )


def run_clock(
    *, received_on: date | None, events: Iterable[EventLike], calendar: WorkCalendar
) -> Clock:
    """Count the reply period over the events in order. Events after the closing one
    are ignored."""
    events = list(events)
    if received_on is None:
        return _before_receipt(events)
    first_due_on = add_workdays(calendar, received_on, REPLY_WORKDAYS)
    count = _Count(received_on, calendar)
    for event in events:
        count.read(event)
        if count.closed_on is not None:
            break
    return count.result(first_due_on)


# --- the explanation ---------------------------------------------------------


@dataclass(frozen=True)
class DueStep:
    """One line of the explanation the status page prints."""

    label: str
    date: date | None
    detail: str = ""


def _d(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def _receipt_detail(channel: str | None) -> str:
    details = {
        "in_person": _("Article 31(1): submitted in person; the day of submission."),
        "registered_mail": _("Article 31(2): sent by signed-for post; the day the organ signed."),
        "ordinary_mail": _(
            "Article 31(2): sent by ordinary letter; the day the office confirmed it "
            "with the applicant."
        ),
        "fax": _("Article 31(3): sent by fax; the day both sides confirmed it."),
        "email": _("Article 31(3): sent over the internet; the day both sides confirmed it."),
        "online": _("Article 31(3): submitted online; the day both sides confirmed it."),
        "oral": _("Article 29: made orally and written down by the office; the day it was made."),
    }
    return details.get(channel or "", _("Article 31: the day the application counts as received."))


def _correction_requested_step(mark: Mark) -> DueStep:
    return DueStep(
        _("Correction requested"),
        mark.on,
        _(
            "Article 30: the application was unclear; the reply period stops "
            "until the corrected application arrives (deadline for the "
            "correction: %(deadline)s)."
        )
        % {"deadline": _d(mark.deadline) if mark.deadline else "—"},
    )


def _corrected_step(mark: Mark) -> DueStep:
    detail = _(
        "Article 30: the reply period counts again from this day: 20 working days end on %(date)s."
    ) % {"date": _d(mark.restart_due)}
    if mark.dropped_extension:
        detail += " " + _(
            "The extension decided before the correction belonged to the earlier "
            "period and no longer applies; the new period may be extended once."
        )
    if mark.dropped_delay:
        detail += " " + _(
            "The reply date set under Article 35 before the correction belonged to the "
            "earlier period and no longer applies."
        )
    return DueStep(_("Corrected application received"), mark.on, detail)


def _consultation_started_step(mark: Mark) -> DueStep:
    if mark.consulted == CONSULTATION_ORGAN:
        label = _("Consultation of another organ started")
        article = _("Article 34: another organ that made the information is consulted.")
    else:
        label = _("Consultation of a third party started")
        article = _("Article 32: a third party whose rights may be harmed is consulted.")
    uncounted = _(
        "Article 33(3): the time the consultation takes does not count; "
        "the consulted party answers within 15 working days."
    )
    detail = article + " " + uncounted
    if mark.deadline:
        detail += " " + _(
            "Its 15 working days, counted from the day it received the request, end on "
            "%(date)s; the reply period does not stay stopped beyond that day."
        ) % {"date": _d(mark.deadline)}
    return DueStep(label, mark.on, detail)


def _consultation_ended_step(mark: Mark) -> DueStep:
    if mark.capped:
        return DueStep(
            _("Consultation ended"),
            mark.on,
            _(
                "Articles 32 and 34: the consulted party's 15 working days ended on "
                "%(last)s, and the end of the consultation was recorded only on %(end)s. "
                "The reply period stopped only until %(last)s: %(n)s working days (after "
                "%(start)s up to and including %(last)s) do not count."
            )
            % {
                "n": mark.workdays,
                "start": _d(mark.paused_from),
                "last": _d(mark.deadline),
                "end": _d(mark.on),
            },
        )
    return DueStep(
        _("Consultation ended"),
        mark.on,
        _(
            "Article 33(3): %(n)s working days (after %(start)s up to and "
            "including %(end)s) do not count."
        )
        % {"n": mark.workdays, "start": _d(mark.paused_from), "end": _d(mark.on)},
    )


def _extended_step(mark: Mark) -> DueStep:
    return DueStep(
        _("Reply period extended"),
        mark.on,
        _(
            "Article 33(2): with the approval of the head of the disclosure "
            "office, the period is extended once by %(n)s working days."
        )
        % {"n": mark.workdays},
    )


def _reply_delayed_step(mark: Mark) -> DueStep:
    return DueStep(
        _("Reply delayed"),
        mark.on,
        _(
            "Article 35: the number or frequency of the applicant's requests clearly "
            "exceeds a reasonable range and the reason given was found reasonable, but the "
            "periods of Article 33 cannot be kept; the organ set a reasonable period and "
            "answers by %(date)s."
        )
        % {"date": _d(mark.deadline)},
    )


def _fee_notified_step(mark: Mark) -> DueStep:
    return DueStep(
        _("Fee notice sent"),
        mark.on,
        _(
            "国办函〔2020〕109号: the time waiting for payment does not count; "
            "the fee is due by %(date)s."
        )
        % {"date": _d(mark.deadline)},
    )


def _fee_paid_step(mark: Mark) -> DueStep:
    return DueStep(
        _("Fee paid"),
        mark.on,
        _(
            "%(n)s working days waiting for payment (after %(start)s up to and "
            "including %(end)s) do not count."
        )
        % {"n": mark.workdays, "start": _d(mark.paused_from), "end": _d(mark.on)},
    )


_MARK_STEPS = {
    EventKind.CORRECTION_REQUESTED: _correction_requested_step,
    EventKind.CORRECTED: _corrected_step,
    EventKind.CONSULTATION_STARTED: _consultation_started_step,
    EventKind.CONSULTATION_ENDED: _consultation_ended_step,
    EventKind.EXTENDED: _extended_step,
    EventKind.REPLY_DELAYED: _reply_delayed_step,
    EventKind.FEE_NOTIFIED: _fee_notified_step,
    EventKind.FEE_PAID: _fee_paid_step,
}


def _before_receipt_steps(clock: Clock) -> list[DueStep]:
    if clock.closed_on is not None:
        return [DueStep(_("Closed"), clock.closed_on, str(EventKind(clock.closing_kind).label))]
    return [
        DueStep(
            _("Awaiting confirmation of receipt"),
            None,
            _(
                "Article 31(3): an application made over the internet counts as received "
                "on the day both sides confirm it; the reply period starts then."
            ),
        )
    ]


def _period_steps(clock: Clock, channel: str | None) -> list[DueStep]:
    """The date of receipt and the plain 20 working days after it."""
    return [
        DueStep(_("Date of receipt"), clock.received_on, _receipt_detail(channel)),
        DueStep(
            _("Reply period: 20 working days"),
            clock.first_due_on,
            _(
                "Article 33(2): the organ answers within 20 working days, counted from the "
                "day after the date of receipt."
            ),
        ),
    ]


def _due_step(clock: Clock) -> DueStep:
    """The due date as counted now, or why there is none."""
    if clock.stopped_for_correction:
        return DueStep(
            _("Reply period stopped"),
            None,
            _(
                "Article 30: the period starts again from the day the corrected "
                "application arrives."
            ),
        )
    if clock.due_on is None:
        return DueStep(
            _("Reply period stopped"),
            None,
            _("%(n)s working days remain; counting resumes on the day after the pause ends.")
            % {"n": clock.remaining},
        )
    if clock.due_is_delayed:
        return DueStep(
            _("Reply due"),
            clock.due_on,
            _("Article 35: the reply period the organ set for this application."),
        )
    if clock.consultation_until is not None:
        return DueStep(
            _("Reply due at the latest"),
            clock.due_on,
            _(
                "Articles 32 and 34: the consultation pauses the count until the consulted "
                "party's reply, at the latest until its 15th working day (%(last)s); an "
                "earlier reply brings this date forward."
            )
            % {"last": _d(clock.consultation_until)},
        )
    return DueStep(
        _("Reply due"),
        clock.due_on,
        _(
            "%(total)s working days counted from the day after %(start)s, "
            "paused working days not included."
        )
        % {"total": clock.total, "start": _d(clock.start)},
    )


def explain(clock: Clock, *, channel: str | None = None) -> list[DueStep]:
    """The steps that explain the clock's due date, for the status page and the admin."""
    if clock.received_on is None:
        return _before_receipt_steps(clock)
    steps = _period_steps(clock, channel)
    steps += [_MARK_STEPS[mark.kind](mark) for mark in clock.marks]
    steps.append(_due_step(clock))
    if clock.closed_on is not None:
        outcome = str(Outcome(clock.outcome).label) if clock.outcome else ""
        steps.append(DueStep(_("Closed"), clock.closed_on, outcome))
    elif clock.provisional_years:
        steps.append(_provisional_step(clock.provisional_years))
    return steps


def _provisional_step(years: tuple[int, ...]) -> DueStep:
    """Why the date is 暂定, in words the applicant reads (no instruction to staff)."""
    return DueStep(
        _("Provisional date (暂定)"),
        None,
        _(
            "The days of %(years)s were counted on the statutory holidays of the "
            "全国年节及纪念日放假办法 and their 补假 alone, without the State Council's "
            "arrangement for that year, which is not yet published. The date may move when "
            "it is."
        )
        % {"years": ", ".join(str(y) for y in years)},
    )


# --- both --------------------------------------------------------------------


@dataclass(frozen=True)
class Derivation:
    status: str
    due_on: date | None
    steps: list[DueStep]
    # The end of the current wait while the clock is stopped (see the module docstring).
    wait_until: date | None = None
    # Working days still to run when the clock is stopped.
    remaining: int | None = None
    outcome: str = ""
    closed_on: date | None = None
    extended_by: int = 0
    paused_workdays: int = 0
    # See `Clock.provisional_years`: the due date or the end of the wait is 暂定.
    provisional_years: tuple[int, ...] = ()

    @property
    def dates_provisional(self) -> bool:
        return bool(self.provisional_years)


def derive(
    *,
    received_on: date | None,
    events: Iterable[EventLike],
    calendar: WorkCalendar,
    channel: str | None = None,
) -> Derivation:
    """Status, due date and the explanation of the due date, from the events in order."""
    clock = run_clock(received_on=received_on, events=events, calendar=calendar)
    return Derivation(
        status=clock.status,
        due_on=clock.due_on,
        steps=explain(clock, channel=channel),
        wait_until=clock.wait_until,
        remaining=clock.remaining,
        outcome=clock.outcome,
        closed_on=clock.closed_on,
        extended_by=clock.extended_by,
        paused_workdays=clock.paused_workdays,
        provisional_years=clock.provisional_years,
    )


def extension_used(kinds: Iterable[str]) -> bool:
    """Whether the current reply period was already extended (第三十三条第二款: once).

    `kinds` are the event kinds in date order. A correction restarts the period
    (第三十条), and the once-only extension then applies to the new period.
    """
    used = False
    for kind in kinds:
        if kind == EventKind.EXTENDED:
            used = True
        elif kind == EventKind.CORRECTED:
            used = False
    return used


def derive_without_calendar(*, received_on: date | None, events: Iterable[EventLike]) -> Derivation:
    """Status and closing fields only, for when the calendar lacks a year: no date is guessed.

    The explanation says the due date is unknown; `derive` raises
    `CalendarNotCovered` with the year to enter.
    """
    status = (
        ApplicationStatus.AWAITING_CONFIRMATION
        if received_on is None
        else ApplicationStatus.IN_PROGRESS
    )
    outcome, closed_on, wait_until = "", None, None
    for event in events:
        kind, data = event.kind, (event.data or {})
        if kind in _CLOSING_KINDS:
            status = ApplicationStatus.CLOSED
            outcome = _closing_outcome(kind, data)
            closed_on = event.occurred_on
            wait_until = None
            break
        if kind == EventKind.CORRECTION_REQUESTED:
            status = ApplicationStatus.AWAITING_CORRECTION
            wait_until = CorrectionRequested.from_data(data).deadline
        elif kind == EventKind.FEE_NOTIFIED:
            status = ApplicationStatus.AWAITING_PAYMENT
            wait_until = FeeNotified.from_data(data).pay_by
        elif kind == EventKind.CONSULTATION_STARTED:
            status = ApplicationStatus.IN_CONSULTATION
            wait_until = None
        elif kind in (EventKind.CORRECTED, EventKind.FEE_PAID, EventKind.CONSULTATION_ENDED):
            status = ApplicationStatus.IN_PROGRESS
            wait_until = None
    return Derivation(
        status=status,
        due_on=None,
        steps=[],
        wait_until=wait_until,
        outcome=outcome,
        closed_on=closed_on,
    )
