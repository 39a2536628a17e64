"""Staff register applications that did not come through the online form.

第三十一条 fixes the date of receipt by channel:
- in person (当面提交): the day it was handed in;
- signed-for post (邮寄, 需签收): the day the organ signed for it;
- ordinary letter (平常信函): the day the office confirmed it with the applicant,
  which it must do on the day the letter arrives;
- fax or internet (传真, 互联网 incl. email): the day both sides confirmed it.
- oral (第二十九条: 口头提出, written down by the office): the day it was made.

Staff give that date as `received_on`; the reply period starts from it.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure.models import Organization
from disclosure.validators import is_valid_resident_id, is_valid_uscc
from requests_app.applications.event_data import Registered
from requests_app.applications.models import (
    APPLICANT_FIELDS,
    Application,
    ApplicationEvent,
    EventKind,
    IdType,
    SubmissionChannel,
    hash_query_code,
)
from requests_app.applications.services.query_codes import recall_query_code, remember_query_code
from requests_app.applications.services.submission import tracking_number_taken
from requests_app.applications.services.workflow import WorkflowError, refresh_derived
from requests_app.tracking import new_query_code, next_tracking_number

ACCEPTED_FIELDS = frozenset({*APPLICANT_FIELDS, "consent_given_at"})

STAFF_CHANNELS = [c for c in SubmissionChannel.values if c != SubmissionChannel.ONLINE]

RECEIPT_RULES = {
    SubmissionChannel.IN_PERSON: gettext_lazy(
        "Article 31(1): the day the application was handed in."
    ),
    SubmissionChannel.REGISTERED_MAIL: gettext_lazy(
        "Article 31(2): the day the organ signed for the post."
    ),
    SubmissionChannel.ORDINARY_MAIL: gettext_lazy(
        "Article 31(2): the day the office confirmed the letter with the applicant."
    ),
    SubmissionChannel.FAX: gettext_lazy("Article 31(3): the day both sides confirmed the fax."),
    SubmissionChannel.EMAIL: gettext_lazy("Article 31(3): the day both sides confirmed the email."),
    SubmissionChannel.ORAL: gettext_lazy("Article 29: the day the oral application was made."),
}


def check_identity_number(id_type: str, id_number: str) -> str | None:
    """A message when the number fails its check character (GB 11643 / GB 32100)."""
    id_number = (id_number or "").strip()
    if not id_number:
        return None
    if id_type == IdType.RESIDENT_ID and not is_valid_resident_id(id_number):
        if not re.fullmatch(r"\d{17}[\dX]", id_number.upper()):
            return _(
                "This is not an identity card number: it has 18 characters, digits only, "
                "the last one may be X."
            )
        return _("The identity card number is wrong: check its last digit.")
    if id_type == IdType.CREDIT_CODE and not is_valid_uscc(id_number):
        return _("This is not a valid unified social credit code (GB 32100 check character).")
    return None


class _AlreadyRegistered(Exception):
    """Raised inside the transaction to give back the serial taken for a duplicate."""

    def __init__(self, application: Application):
        self.application = application


def register_application(
    *,
    organization: Organization,
    by,
    channel: str,
    received_on: date,
    client_token: str = "",
    **applicant_fields,
) -> Application:
    """Create an application received outside the online form; it is in progress at once.

    The plain query code is on the returned instance as `query_code`, shown once
    to the staff member to hand to the applicant; only its hash is stored.
    Field errors raise `ValidationError` keyed by field name.

    `client_token` identifies one filled-in registration form: sending it again
    (a double click, a refresh of the POST) returns the application already
    made, with `created` False and `query_code` set only if the same token made
    it within the last 15 minutes (`query_codes`).
    """
    unknown = set(applicant_fields) - ACCEPTED_FIELDS
    if unknown:
        raise TypeError(f"unknown applicant fields: {', '.join(sorted(unknown))}")
    client_token = (client_token or "").strip()
    if client_token:
        existing = Application.objects.filter(client_token=client_token).first()
        if existing is not None:
            return _already_registered(existing, client_token)
    if channel not in STAFF_CHANNELS:
        raise WorkflowError(
            _("Online applications come through the public form; choose how this one arrived.")
        )
    today = timezone.localdate()
    if not isinstance(received_on, date):
        raise ValidationError({"received_on": _("Give the date of receipt.")})
    if received_on > today:
        raise ValidationError(
            {
                "received_on": _("The date of receipt %(date)s is in the future.")
                % {"date": date_format(received_on, "DATE_FORMAT")}
            }
        )
    message = check_identity_number(
        applicant_fields.get("id_type", ""), applicant_fields.get("id_number", "")
    )
    if message:
        raise ValidationError({"id_number": message})
    if applicant_fields.get("id_number"):
        applicant_fields["id_number"] = applicant_fields["id_number"].strip().upper()

    code = new_query_code()
    app = Application(
        organization=organization,
        channel=channel,
        received_on=received_on,
        submitted_at=timezone.now(),
        created_by=by if getattr(by, "pk", None) else None,
        query_code_hash=hash_query_code(code),
        tracking_number="-",  # placeholder until validation passed
        client_token=client_token,
        **applicant_fields,
    )
    app.full_clean(exclude=["tracking_number", "status", "query_code_hash", "client_token"])
    try:
        with transaction.atomic():
            # The sequence row stays locked until commit: a second click with the same
            # token queues here and then finds the first one's application.
            app.tracking_number = next_tracking_number(
                organization.code, received_on.year, taken=tracking_number_taken
            )
            if client_token:
                duplicate = Application.objects.filter(client_token=client_token).first()
                if duplicate is not None:
                    raise _AlreadyRegistered(duplicate)
            app.save()
            ApplicationEvent.objects.create(
                application=app,
                kind=EventKind.REGISTERED,
                occurred_on=received_on,
                actor=app.created_by,
                data=Registered(channel=channel).to_data(),
            )
            refresh_derived(app)
            remember_query_code(
                token=client_token, tracking_number=app.tracking_number, query_code=code
            )
    except _AlreadyRegistered as dup:
        return _already_registered(dup.application, client_token)
    except IntegrityError:
        # The same token committed meanwhile through another organization's sequence.
        _delete_stored_file(app)
        duplicate = (
            Application.objects.filter(client_token=client_token).first() if client_token else None
        )
        if duplicate is None:
            raise
        return _already_registered(duplicate, client_token)
    except BaseException:
        _delete_stored_file(app)
        raise
    app.query_code = code
    app.created = True
    return app


def _already_registered(application: Application, token: str) -> Application:
    application.query_code = recall_query_code(token=token, application=application)
    application.created = False
    return application


def _delete_stored_file(app: Application) -> None:
    """The transaction rolled back: remove the identity proof its save had written."""
    if app.identity_proof and app.identity_proof._committed:
        app.identity_proof.storage.delete(app.identity_proof.name)
