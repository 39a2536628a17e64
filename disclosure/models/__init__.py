from disclosure.models.access_log import PersonalDataAccess
from disclosure.models.calendar import CalendarYear, DayException
from disclosure.models.catalogue import (
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
from disclosure.models.organizations import Organization, OrganizationKind, ReceiptConfirmation
from disclosure.models.users import User

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
    "PersonalDataAccess",
    "ReceiptConfirmation",
    "Topic",
    "User",
    "Validity",
]
