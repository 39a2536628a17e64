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

A year missing from the calendar raises `CalendarNotCovered` (never guessed).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from disclosure.workdays import CalendarNotCovered, WorkCalendar, add_workdays, workdays_between
from requests_app.applications.models import ApplicationStatus, EventKind, Outcome

__all__ = [
    "CONSULTATION_REPLY_WORKDAYS",
    "CORRECTION_REQUEST_WORKDAYS",
    "MAX_EXTENSION_WORKDAYS",
    "PAYMENT_WORKDAYS",
    "REPLY_WORKDAYS",
    "CalendarNotCovered",
    "Derivation",
    "DueStep",
    "EventRecord",
    "derive",
    "extension_used",
]

REPLY_WORKDAYS = 20  # 第三十三条第二款
MAX_EXTENSION_WORKDAYS = 20  # 第三十三条第二款
CORRECTION_REQUEST_WORKDAYS = 7  # 第三十条
CONSULTATION_REPLY_WORKDAYS = 15  # 第三十二条, 第三十四条
PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号

CONSULTATION_THIRD_PARTY = "third_party"
CONSULTATION_ORGAN = "organ"

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


@dataclass(frozen=True)
class DueStep:
    """One line of the explanation the status page prints."""

    label: str
    date: date | None
    detail: str = ""


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


def _d(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def _parse(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


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


def derive(
    *,
    received_on: date | None,
    events: Iterable[EventLike],
    calendar: WorkCalendar,
    channel: str | None = None,
) -> Derivation:
    """Status, due date and the explanation of the due date, from the events in order."""
    events = list(events)
    steps: list[DueStep] = []

    # Closing events end the life of the application whatever came before.
    closing = next((e for e in events if e.kind in _CLOSING_KINDS), None)

    if received_on is None:
        if closing is not None:
            outcome = _CLOSING_KINDS[closing.kind] or (closing.data or {}).get("outcome", "")
            steps.append(
                DueStep(_("Closed"), closing.occurred_on, str(EventKind(closing.kind).label))
            )
            return Derivation(
                ApplicationStatus.CLOSED,
                None,
                steps,
                outcome=outcome,
                closed_on=closing.occurred_on,
            )
        steps.append(
            DueStep(
                _("Awaiting confirmation of receipt"),
                None,
                _(
                    "Article 31(3): an application made over the internet counts as received "
                    "on the day both sides confirm it; the reply period starts then."
                ),
            )
        )
        return Derivation(ApplicationStatus.AWAITING_CONFIRMATION, None, steps)

    start = received_on
    steps.append(DueStep(_("Date of receipt"), received_on, _receipt_detail(channel)))
    steps.append(
        DueStep(
            _("Reply period: 20 working days"),
            add_workdays(calendar, received_on, REPLY_WORKDAYS),
            _(
                "Article 33(2): the organ answers within 20 working days, counted from the "
                "day after the date of receipt."
            ),
        )
    )

    pauses: list[tuple[date, date | None]] = []
    open_consultation: tuple[date, str] | None = None
    correction_deadline: date | None = None
    awaiting_correction = False
    fee_notice: tuple[date, date] | None = None  # (notice date, pay-by date)
    extended_by = 0
    paused_workdays = 0
    closed_on: date | None = None
    outcome = ""

    for event in events:
        kind, on, data = event.kind, event.occurred_on, (event.data or {})
        if closed_on is not None:
            break
        if kind == EventKind.CORRECTION_REQUESTED:
            awaiting_correction = True
            correction_deadline = _parse(data.get("deadline"))
            steps.append(
                DueStep(
                    _("Correction requested"),
                    on,
                    _(
                        "Article 30: the application was unclear; the reply period stops "
                        "until the corrected application arrives (deadline for the "
                        "correction: %(deadline)s)."
                    )
                    % {"deadline": _d(correction_deadline) if correction_deadline else "—"},
                )
            )
        elif kind == EventKind.CORRECTED:
            awaiting_correction = False
            # 第三十条: the period counts afresh from the day the correction arrives;
            # earlier pauses and an earlier extension belong to the abandoned count.
            start = on
            pauses = [p for p in pauses if p[1] is None]
            detail = _(
                "Article 30: the reply period counts again from this day: "
                "20 working days end on %(date)s."
            ) % {"date": _d(add_workdays(calendar, on, REPLY_WORKDAYS))}
            if extended_by:
                detail += " " + _(
                    "The extension decided before the correction belonged to the earlier "
                    "period and no longer applies; the new period may be extended once."
                )
            extended_by = 0
            steps.append(DueStep(_("Corrected application received"), on, detail))
        elif kind == EventKind.CONSULTATION_STARTED:
            which = data.get("kind", CONSULTATION_THIRD_PARTY)
            open_consultation = (on, which)
            pauses.append((on, None))
            label = (
                _("Consultation of another organ started")
                if which == CONSULTATION_ORGAN
                else _("Consultation of a third party started")
            )
            article = (
                _("Article 34: another organ that made the information is consulted.")
                if which == CONSULTATION_ORGAN
                else _("Article 32: a third party whose rights may be harmed is consulted.")
            )
            steps.append(
                DueStep(
                    label,
                    on,
                    article
                    + " "
                    + _(
                        "Article 33(3): the time the consultation takes does not count; "
                        "the consulted party answers within 15 working days."
                    ),
                )
            )
        elif kind == EventKind.CONSULTATION_ENDED and open_consultation is not None:
            began = open_consultation[0]
            pauses = [p for p in pauses if p != (began, None)] + [(began, on)]
            n = workdays_between(calendar, began, on)
            paused_workdays += n
            open_consultation = None
            steps.append(
                DueStep(
                    _("Consultation ended"),
                    on,
                    _(
                        "Article 33(3): %(n)s working days (after %(start)s up to and "
                        "including %(end)s) do not count."
                    )
                    % {"n": n, "start": _d(began), "end": _d(on)},
                )
            )
        elif kind == EventKind.EXTENDED:
            extended_by = int(data.get("workdays", 0))
            steps.append(
                DueStep(
                    _("Reply period extended"),
                    on,
                    _(
                        "Article 33(2): with the approval of the head of the disclosure "
                        "office, the period is extended once by %(n)s working days."
                    )
                    % {"n": extended_by},
                )
            )
        elif kind == EventKind.FEE_NOTIFIED:
            delivered = _parse(data.get("delivered_on")) or on
            pay_by = _parse(data.get("pay_by")) or add_workdays(
                calendar, delivered, PAYMENT_WORKDAYS
            )
            fee_notice = (on, pay_by)
            pauses.append((on, None))
            steps.append(
                DueStep(
                    _("Fee notice sent"),
                    on,
                    _(
                        "国办函〔2020〕109号: the time waiting for payment does not count; "
                        "the fee is due by %(date)s."
                    )
                    % {"date": _d(pay_by)},
                )
            )
        elif kind == EventKind.FEE_PAID and fee_notice is not None:
            noticed = fee_notice[0]
            pauses = [p for p in pauses if p != (noticed, None)] + [(noticed, on)]
            n = workdays_between(calendar, noticed, on)
            paused_workdays += n
            fee_notice = None
            steps.append(
                DueStep(
                    _("Fee paid"),
                    on,
                    _(
                        "%(n)s working days waiting for payment (after %(start)s up to and "
                        "including %(end)s) do not count."
                    )
                    % {"n": n, "start": _d(noticed), "end": _d(on)},
                )
            )
        elif kind in _CLOSING_KINDS:
            closed_on = on
            outcome = _CLOSING_KINDS[kind] or data.get("outcome", "")

    total = REPLY_WORKDAYS + extended_by
    if awaiting_correction:
        due_on, remaining = None, None
    else:
        due_on, remaining = count_period(calendar, start, total, pauses)

    if awaiting_correction:
        steps.append(
            DueStep(
                _("Reply period stopped"),
                None,
                _(
                    "Article 30: the period starts again from the day the corrected "
                    "application arrives."
                ),
            )
        )
    elif due_on is None:
        steps.append(
            DueStep(
                _("Reply period stopped"),
                None,
                _("%(n)s working days remain; counting resumes on the day after the pause ends.")
                % {"n": remaining},
            )
        )
    else:
        steps.append(
            DueStep(
                _("Reply due"),
                due_on,
                _(
                    "%(total)s working days counted from the day after %(start)s, "
                    "paused working days not included."
                )
                % {"total": total, "start": _d(start)},
            )
        )

    if closed_on is not None:
        steps.append(
            DueStep(_("Closed"), closed_on, str(Outcome(outcome).label) if outcome else "")
        )
        status = ApplicationStatus.CLOSED
        wait_until = None
    elif awaiting_correction:
        status = ApplicationStatus.AWAITING_CORRECTION
        wait_until = correction_deadline
    elif fee_notice is not None:
        status = ApplicationStatus.AWAITING_PAYMENT
        wait_until = fee_notice[1]
    elif open_consultation is not None:
        status = ApplicationStatus.IN_CONSULTATION
        wait_until = add_workdays(calendar, open_consultation[0], CONSULTATION_REPLY_WORKDAYS)
    else:
        status = ApplicationStatus.IN_PROGRESS
        wait_until = None

    return Derivation(
        status=status,
        due_on=due_on,
        steps=steps,
        wait_until=wait_until,
        remaining=remaining,
        outcome=outcome,
        closed_on=closed_on,
        extended_by=extended_by,
        paused_workdays=paused_workdays,
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
            outcome = _CLOSING_KINDS[kind] or data.get("outcome", "")
            closed_on = event.occurred_on
            wait_until = None
            break
        if kind == EventKind.CORRECTION_REQUESTED:
            status = ApplicationStatus.AWAITING_CORRECTION
            wait_until = _parse(data.get("deadline"))
        elif kind == EventKind.FEE_NOTIFIED:
            status = ApplicationStatus.AWAITING_PAYMENT
            wait_until = _parse(data.get("pay_by"))
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
