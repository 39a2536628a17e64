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
    "NOT_HELD_NONEXISTENT",
    "NOT_HELD_OTHER_ORGAN",
    "Answered",
    "ConsultationEnded",
    "ConsultationStarted",
    "CorrectionRequested",
    "EventData",
    "Extended",
    "FeeNotified",
    "FeePaid",
    "LetterIssued",
    "MadePublic",
    "PublishedCopy",
    "Registered",
    "ReplyDelayed",
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
    """第三十二条/第三十四条: `party` is consulted; internal, it may name a person.

    The event's date is the day the request went out (发出). `delivered_on` is the day
    the consulted party received it (收到), from which its 15 working days count; None
    when it was handed over, faxed or emailed the same day (and in rows written before
    the key existed).
    """

    event_kind: ClassVar[str] = EventKind.CONSULTATION_STARTED
    consulted: str = CONSULTATION_THIRD_PARTY  # stored as "kind"
    party: str = ""
    delivered_on: date | None = None

    @classmethod
    def from_data(cls, data: Data) -> "ConsultationStarted":
        return cls(
            consulted=data.get("kind", CONSULTATION_THIRD_PARTY),
            party=data.get("party", ""),
            delivered_on=_date(data.get("delivered_on")),
        )

    def to_data(self) -> dict:
        data = {"kind": self.consulted, "party": self.party}
        if self.delivered_on is not None:
            data["delivered_on"] = self.delivered_on.isoformat()
        return data


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
class ReplyDelayed:
    """第三十五条: requests clearly beyond a reasonable number or frequency, for a reason the
    organ found reasonable: it answers by `reply_by`, a date it set; `reason` is told to
    the applicant."""

    event_kind: ClassVar[str] = EventKind.REPLY_DELAYED
    reply_by: date | None = None
    reason: str = ""

    @classmethod
    def from_data(cls, data: Data) -> "ReplyDelayed":
        return cls(reply_by=_date(data.get("reply_by")), reason=data.get("reason", ""))

    def to_data(self) -> dict:
        return {
            "reply_by": self.reply_by.isoformat() if self.reply_by else "",
            "reason": self.reason,
        }


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
class LetterIssued:
    """A numbered letter (`IssuedLetter`) was registered: its kind and 文号."""

    event_kind: ClassVar[str] = EventKind.LETTER_ISSUED
    letter_kind: str = ""
    number: str = ""

    @classmethod
    def from_data(cls, data: Data) -> "LetterIssued":
        return cls(letter_kind=data.get("letter_kind", ""), number=data.get("number", ""))

    def to_data(self) -> dict:
        return {"letter_kind": self.letter_kind, "number": self.number}


@dataclass(frozen=True)
class MadePublic:
    """第四十四条: the released information was published as the catalogue entry
    `disclosure_id` with its 索引号 (the entry's title and body are in the catalogue)."""

    event_kind: ClassVar[str] = EventKind.MADE_PUBLIC
    disclosure_id: int | None = None
    index_number: str = ""

    @classmethod
    def from_data(cls, data: Data) -> "MadePublic":
        return cls(
            disclosure_id=data.get("disclosure_id"), index_number=data.get("index_number", "")
        )

    def to_data(self) -> dict:
        return {"disclosure_id": self.disclosure_id, "index_number": self.index_number}


# 第三十六条第（四）项 (the information does not exist) or 第（五）项 (it is another organ's to
# disclose): both count as `unavailable_not_held` (本机关不掌握相关政府信息) in the national table.
NOT_HELD_NONEXISTENT = "nonexistent"
NOT_HELD_OTHER_ORGAN = "other_organ"


@dataclass(frozen=True)
class PublishedCopy:
    """第三十六条第（一）项: a published disclosure the answer points to, as it stood when the
    answer was given (the letter says what was told, whatever the catalogue says later)."""

    disclosure_id: int | None = None
    index_number: str = ""
    title: str = ""
    organization: str = ""
    published_on: date | None = None
    url: str = ""

    @classmethod
    def from_data(cls, data: Data) -> "PublishedCopy":
        return cls(
            disclosure_id=data.get("id"),
            index_number=data.get("index_number", ""),
            title=data.get("title", ""),
            organization=data.get("organization", ""),
            published_on=_date(data.get("published_on")),
            url=data.get("url", ""),
        )

    def to_data(self) -> dict:
        return {
            "id": self.disclosure_id,
            "index_number": self.index_number,
            "title": self.title,
            "organization": self.organization,
            "published_on": self.published_on.isoformat() if self.published_on else "",
            "url": self.url,
        }


@dataclass(frozen=True)
class Answered:
    """第三十六条: the outcome, one of the 21 rows of the national table, and the grounds a
    letter needs beyond it.

    `published`: `granted` under 第（一）项, the published disclosures the applicant is sent
    to (empty: 第（二）项). `not_held`: for `unavailable_not_held`, `NOT_HELD_NONEXISTENT`
    (第（四）项; also what an empty value means) or `NOT_HELD_OTHER_ORGAN` (第（五）项) with
    the reason and the responsible organ's name and contact, or `other_organ_unknown` when
    that organ cannot be determined. A row written before these keys existed reads as
    第（二）项 / 第（四）项, as the letters then said.
    """

    event_kind: ClassVar[str] = EventKind.ANSWERED
    outcome: str = ""
    published: tuple[PublishedCopy, ...] = ()
    not_held: str = ""
    other_organ: str = ""
    other_organ_contact: str = ""
    other_organization_id: int | None = None
    other_organ_reason: str = ""
    other_organ_unknown: bool = False

    @classmethod
    def from_data(cls, data: Data) -> "Answered":
        return cls(
            outcome=data.get("outcome", ""),
            published=tuple(PublishedCopy.from_data(d) for d in data.get("published") or ()),
            not_held=data.get("not_held", ""),
            other_organ=data.get("other_organ", ""),
            other_organ_contact=data.get("other_organ_contact", ""),
            other_organization_id=data.get("other_organization_id"),
            other_organ_reason=data.get("other_organ_reason", ""),
            other_organ_unknown=bool(data.get("other_organ_unknown", False)),
        )

    def to_data(self) -> dict:
        data: dict = {"outcome": self.outcome}
        if self.published:
            data["published"] = [copy.to_data() for copy in self.published]
        if self.not_held:
            data["not_held"] = self.not_held
        if self.not_held == NOT_HELD_OTHER_ORGAN:
            data.update(
                other_organ=self.other_organ,
                other_organ_contact=self.other_organ_contact,
                other_organization_id=self.other_organization_id,
                other_organ_reason=self.other_organ_reason,
                other_organ_unknown=self.other_organ_unknown,
            )
        return data


EventData = (
    Registered
    | CorrectionRequested
    | ConsultationStarted
    | ConsultationEnded
    | Extended
    | ReplyDelayed
    | FeeNotified
    | FeePaid
    | Answered
    | LetterIssued
    | MadePublic
)

SHAPES: dict[str, type[EventData]] = {
    shape.event_kind: shape
    for shape in (
        Registered,
        CorrectionRequested,
        ConsultationStarted,
        ConsultationEnded,
        Extended,
        ReplyDelayed,
        FeeNotified,
        FeePaid,
        Answered,
        LetterIssued,
        MadePublic,
    )
}


def read(kind: str, data: Data | None) -> EventData | None:
    """The typed data of an event of `kind`, or None for a kind that carries none."""
    shape = SHAPES.get(kind)
    return shape.from_data(data or {}) if shape is not None else None
