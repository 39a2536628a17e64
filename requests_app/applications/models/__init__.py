"""依申请公开: applications with their event log and attachments, and the
reconsideration and litigation cases about them."""

from requests_app.applications.models.application import (  # noqa: F401
    APPLICANT_FIELDS,
    OPEN_STATUSES,
    ApplicantType,
    Application,
    ApplicationEvent,
    ApplicationQuerySet,
    ApplicationStatus,
    DeliveryMethod,
    EventKind,
    IdType,
    Outcome,
    ProvisionForm,
    ReplyAttachment,
    SubmissionChannel,
    application_upload_to,
    hash_query_code,
    reply_upload_to,
)
from requests_app.applications.models.letters import (  # noqa: F401
    IssuedLetter,
    LetterKind,
    LetterSequence,
    issued_letter_upload_to,
)
from requests_app.applications.models.publication import (  # noqa: F401
    ApplicationDisclosure,
)
from requests_app.applications.models.reviews import (  # noqa: F401
    ReviewCase,
    ReviewCaseQuerySet,
    ReviewKind,
    ReviewResult,
)
