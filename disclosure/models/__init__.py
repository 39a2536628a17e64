from disclosure.models.access_log import PersonalDataAccess
from disclosure.models.calendar import CalendarYear, DayException
from disclosure.models.catalogue import (
    Attachment,
    AttachmentTextStatus,
    Category,
    Channel,
    Disclosure,
    DisclosureOrigin,
    DisclosureStatus,
    Genre,
    IndexSequence,
    Topic,
    Validity,
)
from disclosure.models.jobs import Job, JobState
from disclosure.models.organizations import Organization, OrganizationKind, ReceiptConfirmation
from disclosure.models.search import SearchDocument
from disclosure.models.users import User

__all__ = [
    "Attachment",
    "AttachmentTextStatus",
    "CalendarYear",
    "Category",
    "Channel",
    "DayException",
    "Disclosure",
    "DisclosureOrigin",
    "DisclosureStatus",
    "Genre",
    "IndexSequence",
    "Job",
    "JobState",
    "Organization",
    "OrganizationKind",
    "PersonalDataAccess",
    "ReceiptConfirmation",
    "SearchDocument",
    "Topic",
    "User",
    "Validity",
]
