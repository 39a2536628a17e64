"""A lost 查询码: a new one for whoever knows the 受理编号 and the contact given in the application.

The public page answers every request with the same words (no enumeration of
numbers or addresses); what happened is known only to this service, the
applicant's mailbox and the application's log:

- the number and the e-mail address, or the mobile number, match, and an e-mail
  address is on file: a new query code replaces the old one (only its keyed hash is
  stored, as at submission; the old code, and any browser that proved it, stops
  working at once) and is mailed to the address on file after commit;
- they match but no e-mail address is on file: nothing is issued (there is no SMS
  gateway); the page tells every requester to call the office, whose staff check the
  caller's identity;
- nothing matches: nothing happens.

A match is written to the application's log as an internal note, in words, so that
staff see it (and a requester who is not the applicant leaves a trace).
"""

from __future__ import annotations

import enum
import logging
import re

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from requests_app.applications.models import (
    Application,
    ApplicationEvent,
    EventKind,
    hash_query_code,
)
from requests_app.applications.privacy import mask_email
from requests_app.applications.services.submission import status_url
from requests_app.mail import deliver_mail, render_mail
from requests_app.tracking import new_query_code

logger = logging.getLogger(__name__)


class Recovery(enum.Enum):
    """What a recovery request led to; never shown to the requester."""

    NO_MATCH = "no_match"
    MAILED = "mailed"
    NO_EMAIL = "no_email"


def _digits(phone: str) -> str:
    """A phone number as its digits, without the +86 country code: "+86 138-1234 5678"
    and "13812345678" are the same number."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def contact_matches(application: Application, contact: str) -> bool:
    """The e-mail address (case-insensitive) or the phone number given in the application."""
    contact = (contact or "").strip()
    if not contact:
        return False
    if "@" in contact:
        return bool(application.email) and application.email.strip().lower() == contact.lower()
    digits = _digits(contact)
    return len(digits) >= 7 and digits == _digits(application.phone)


def reissue_query_code(*, tracking_number: str, contact: str) -> Recovery:
    """Issue a new query code if `contact` is the application's, and mail it after commit."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().filter(tracking_number=tracking_number).first()
        )
        if application is None or not contact_matches(application, contact):
            return Recovery.NO_MATCH
        today = timezone.localdate()
        # The log is read by staff: in the site's language, whatever the requester's.
        with translation.override(settings.LANGUAGE_CODE):
            if not application.email:
                _note(
                    application,
                    today,
                    _(
                        "Recovery of the query code asked for on the website with the "
                        "matching phone number. No e-mail address is on file, so no new code "
                        "was issued: the applicant was told to call the office."
                    ),
                )
                return Recovery.NO_EMAIL
            code = new_query_code()
            application.query_code_hash = hash_query_code(code)
            application.save(update_fields=["query_code_hash", "updated_at"])
            _note(
                application,
                today,
                _(
                    "New query code issued on the website (recovery with the matching "
                    "contact details) and mailed to %(email)s; the previous code no longer "
                    "works."
                )
                % {"email": mask_email(application.email)},
            )
        pk = application.pk
        transaction.on_commit(
            lambda: send_reissued_mail(application_id=pk, query_code=code), robust=True
        )
    return Recovery.MAILED


def reissue_query_code_by_staff(*, application: Application, by) -> str:
    """A new query code that staff give an applicant whose identity they checked (one who
    calls because no e-mail address is on file); returned once, stored as a hash only."""
    code = new_query_code()
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        locked.query_code_hash = hash_query_code(code)
        locked.save(update_fields=["query_code_hash", "updated_at"])
        with translation.override(settings.LANGUAGE_CODE):
            _note(
                locked,
                timezone.localdate(),
                _(
                    "New query code issued by staff after checking the applicant's identity; "
                    "the previous code no longer works."
                ),
                by=by,
            )
    application.query_code_hash = locked.query_code_hash
    return code


def _note(application: Application, day, message: str, *, by=None) -> None:
    ApplicationEvent.objects.create(
        application=application,
        kind=EventKind.NOTE,
        occurred_on=day,
        message=message,
        public=False,
        actor=by if getattr(by, "pk", None) else None,
    )


def send_reissued_mail(*, application_id: int, query_code: str) -> None:
    """The new code, to the address on file; nothing of the applicant's identity in it."""
    application = Application.objects.select_related("organization").get(pk=application_id)
    subject, body = render_mail(
        "application_query_code_reissued",
        {
            "application": application,
            "query_code": query_code,
            "status_url": status_url(),
            "recover_url": settings.SITE_URL + reverse("applications:status_recover"),
            "SITE_NAME": settings.SITE_NAME,
        },
    )
    deliver_mail(subject, body, [application.email])
