from .calendar import CalendarYear, DayException
from .catalogue import (
    Attachment,
    Category,
    Channel,
    Disclosure,
    DisclosureStatus,
    Genre,
    IndexSequence,
    Topic,
    Validity,
)
from .organizations import Organization, OrganizationKind, ReceiptConfirmation
from .users import User

__all__ = [
    "Attachment",
    "CalendarYear",
    "Category",
    "Channel",
    "DayException",
    "Disclosure",
    "DisclosureStatus",
    "Genre",
    "IndexSequence",
    "Organization",
    "OrganizationKind",
    "ReceiptConfirmation",
    "Topic",
    "User",
    "Validity",
]
