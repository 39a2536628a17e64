"""The `data` of application events: one typed shape per event kind that carries some.

`ApplicationEvent.data` is a JSON object. These dataclasses are the one place
its keys are named: the services store `shape.to_data()`, and every reader
(`deadlines`, the services' checks) goes through `read(kind, data)` or
`Shape.from_data(data)`. Reading is lenient, a missing key giving the default,
because the log is append-only: a row written before a key existed stays as
it is. Dates are stored as ISO strings, amounts as decimal strings. Pure: no
database.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from requests_app.applications.models import EventKind

__all__ = [
    "CONSULTATION_ORGAN",
    "CONSULTATION_THIRD_PARTY",
    "Answered",
    "ConsultationEnded",
    "ConsultationStarted",
    "CorrectionRequested",
    "EventData",
    "Extended",
    "FeeNotified",
    "FeePaid",
    "Registered",
    "read",
]

# Whom a consultation asks: a third party (第三十二条) or another organ (第三十四条).
CONSULTATION_THIRD_PARTY = "third_party"
CONSULTATION_ORGAN = "organ"

Data = Mapping[str, Any]


def _date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


@dataclass(frozen=True)
class Registered:
    """Staff registered an application handed in, posted, faxed… (第三十一条)."""

    event_kind: ClassVar[str] = EventKind.REGISTERED
    channel: str = ""

    @classmethod
    def from_data(cls, data: Data) -> "Registered":
        return cls(channel=data.get("channel", ""))

    def to_data(self) -> dict:
        return {"channel": self.channel}


@dataclass(frozen=True)
class CorrectionRequested:
    """第三十条: the applicant corrects by `deadline`."""

    event_kind: ClassVar[str] = EventKind.CORRECTION_REQUESTED
    deadline: date | None = None

    @classmethod
    def from_data(cls, data: Data) -> "CorrectionRequested":
        return cls(deadline=_date(data.get("deadline")))

    def to_data(self) -> dict:
        return {"deadline": self.deadline.isoformat() if self.deadline else ""}


@dataclass(frozen=True)
class ConsultationStarted:
    """第三十二条/第三十四条: `party` is consulted; internal, it may name a person."""

    event_kind: ClassVar[str] = EventKind.CONSULTATION_STARTED
    consulted: str = CONSULTATION_THIRD_PARTY  # stored as "kind"
    party: str = ""

    @classmethod
    def from_data(cls, data: Data) -> "ConsultationStarted":
        return cls(
            consulted=data.get("kind", CONSULTATION_THIRD_PARTY), party=data.get("party", "")
        )

    def to_data(self) -> dict:
        return {"kind": self.consulted, "party": self.party}


@dataclass(frozen=True)
class ConsultationEnded:
    event_kind: ClassVar[str] = EventKind.CONSULTATION_ENDED
    note: str = ""

    @classmethod
    def from_data(cls, data: Data) -> "ConsultationEnded":
        return cls(note=data.get("note", ""))

    def to_data(self) -> dict:
        return {"note": self.note}


@dataclass(frozen=True)
class Extended:
    """第三十三条第二款: extended by `workdays`, approved by the office's head."""

    event_kind: ClassVar[str] = EventKind.EXTENDED
    workdays: int = 0
    approved_by: str = ""
    reason: str = ""

    @classmethod
    def from_data(cls, data: Data) -> "Extended":
        return cls(
            workdays=int(data.get("workdays", 0)),
            approved_by=data.get("approved_by", ""),
            reason=data.get("reason", ""),
        )

    def to_data(self) -> dict:
        return {"workdays": self.workdays, "approved_by": self.approved_by, "reason": self.reason}


@dataclass(frozen=True)
class FeeNotified:
    """国办函〔2020〕109号: `amount` to pay by `pay_by`, counted from `delivered_on`.

    `nth_request` (charged by number of requests) or `pages` (by pages) says how
    the amount was computed.
    """

    event_kind: ClassVar[str] = EventKind.FEE_NOTIFIED
    method: str = ""
    amount: Decimal | None = None
    delivered_on: date | None = None
    pay_by: date | None = None
    nth_request: int | None = None
    pages: int | None = None

    @classmethod
    def from_data(cls, data: Data) -> "FeeNotified":
        return cls(
            method=data.get("method", ""),
            amount=_decimal(data.get("amount")),
            delivered_on=_date(data.get("delivered_on")),
            pay_by=_date(data.get("pay_by")),
            nth_request=data.get("nth_request"),
            pages=data.get("pages"),
        )

    def to_data(self) -> dict:
        data: dict = {"method": self.method}
        if self.nth_request is not None:
            data["nth_request"] = self.nth_request
        if self.pages is not None:
            data["pages"] = self.pages
        if self.amount is not None:
            data["amount"] = str(self.amount)
        if self.delivered_on is not None:
            data["delivered_on"] = self.delivered_on.isoformat()
        if self.pay_by is not None:
            data["pay_by"] = self.pay_by.isoformat()
        return data


@dataclass(frozen=True)
class FeePaid:
    event_kind: ClassVar[str] = EventKind.FEE_PAID
    amount: Decimal | None = None

    @classmethod
    def from_data(cls, data: Data) -> "FeePaid":
        return cls(amount=_decimal(data.get("amount")))

    def to_data(self) -> dict:
        return {"amount": str(self.amount)} if self.amount is not None else {}


@dataclass(frozen=True)
class Answered:
    """第三十六条: the outcome, one of the 21 rows of the national table."""

    event_kind: ClassVar[str] = EventKind.ANSWERED
    outcome: str = ""

    @classmethod
    def from_data(cls, data: Data) -> "Answered":
        return cls(outcome=data.get("outcome", ""))

    def to_data(self) -> dict:
        return {"outcome": self.outcome}


EventData = (
    Registered
    | CorrectionRequested
    | ConsultationStarted
    | ConsultationEnded
    | Extended
    | FeeNotified
    | FeePaid
    | Answered
)

SHAPES: dict[str, type[EventData]] = {
    shape.event_kind: shape
    for shape in (
        Registered,
        CorrectionRequested,
        ConsultationStarted,
        ConsultationEnded,
        Extended,
        FeeNotified,
        FeePaid,
        Answered,
    )
}


def read(kind: str, data: Data | None) -> EventData | None:
    """The typed data of an event of `kind`, or None for a kind that carries none."""
    shape = SHAPES.get(kind)
    return shape.from_data(data or {}) if shape is not None else None
