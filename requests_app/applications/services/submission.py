"""Online submission of a disclosure application (第二十九条, 第三十一条第三项)."""

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from disclosure.models import Organization
from disclosure.models.organizations import ReceiptConfirmation
from requests_app.applications.models import (
    Application,
    ApplicationEvent,
    EventKind,
    SubmissionChannel,
    hash_query_code,
)
from requests_app.applications.services.query_codes import recall_query_code, remember_query_code
from requests_app.applications.services.workflow import confirm_receipt, refresh_derived
from requests_app.mail import deliver_mail, render_mail
from requests_app.tracking import new_query_code, next_tracking_number

logger = logging.getLogger(__name__)

# 第三十一条 dates are Chinese calendar days, whatever time zone the server runs in.
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class OnlineApplicationData:
    """What the applicant typed, already validated by `ApplicationForm`."""

    organization: Organization
    applicant_type: str
    applicant_name: str
    id_type: str
    id_number: str
    phone: str
    description: str
    provision_form: str
    delivery_method: str
    client_token: str
    contact_person: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    information_title: str = ""
    information_number: str = ""
    identity_proof: UploadedFile | None = None


@dataclass(frozen=True)
class SubmissionResult:
    application: Application
    # The plain query code exists only here: the row keeps its keyed hash.
    # When the same form is submitted again (double click, resubmission), the code
    # if this form's token sent it within the last 15 minutes (`query_codes`), else None.
    query_code: str | None
    created: bool


class _AlreadySubmitted(Exception):
    """Raised inside the transaction to roll back the serial taken for a duplicate."""

    def __init__(self, application: Application):
        self.application = application


def submission_date(moment: datetime) -> date:
    return timezone.localtime(moment, SHANGHAI).date()


def submit_online_application(
    *, data: OnlineApplicationData, now: datetime | None = None
) -> SubmissionResult:
    """Create the application, its tracking number, query code and first events in one go.

    Idempotent per form: the hidden `client_token` identifies one filled-in form,
    so a double click or a resubmitted POST returns the application already made.
    """
    existing = Application.objects.filter(client_token=data.client_token).first()
    if existing is not None:
        return _already_submitted(existing, data.client_token)

    now = now or timezone.now()
    today = submission_date(now)
    organization = data.organization
    stored_file: str | None = None
    try:
        with transaction.atomic():
            # Locks the organization's sequence row until commit: concurrent submissions
            # to one organization queue here, so the duplicate check below sees any
            # application committed by a parallel request carrying the same token.
            tracking_number = next_tracking_number(
                organization.code, today.year, taken=tracking_number_taken
            )
            duplicate = Application.objects.filter(client_token=data.client_token).first()
            if duplicate is not None:
                raise _AlreadySubmitted(duplicate)

            query_code = new_query_code()
            application = Application(
                tracking_number=tracking_number,
                query_code_hash=hash_query_code(query_code),
                organization=organization,
                applicant_type=data.applicant_type,
                applicant_name=data.applicant_name,
                id_type=data.id_type,
                id_number=data.id_number,
                contact_person=data.contact_person,
                phone=data.phone,
                email=data.email,
                address=data.address,
                postcode=data.postcode,
                information_title=data.information_title,
                information_number=data.information_number,
                description=data.description,
                provision_form=data.provision_form,
                delivery_method=data.delivery_method,
                consent_given_at=now,
                channel=SubmissionChannel.ONLINE,
                submitted_at=now,
                client_token=data.client_token,
            )
            if data.identity_proof is not None:
                # A random name: the applicant's file name may itself carry personal data,
                # and a guessable path must not lead to an identity document.
                ext = data.identity_proof.name.rsplit(".", 1)[-1].lower()
                application.identity_proof.save(
                    f"{secrets.token_hex(16)}.{ext}", data.identity_proof, save=False
                )
                stored_file = application.identity_proof.name
            application.save()
            ApplicationEvent.objects.create(
                application=application, kind=EventKind.SUBMITTED, occurred_on=today
            )
            if organization.receipt_confirmation == ReceiptConfirmation.AUTOMATIC:
                # 第三十一条第三项: online, the date of receipt is the date both sides
                # confirm; this organ confirms at submission, so it is today.
                # The applicant already gets the submission mail: no second one.
                confirm_receipt(application=application, by=None, on=today, notify=False)
            else:
                refresh_derived(application)
            if application.email:
                pk, code = application.pk, query_code
                transaction.on_commit(
                    lambda: send_submission_mail(application_id=pk, query_code=code),
                    robust=True,
                )
            # Before commit, so that a duplicate waiting on the sequence lock finds it
            # when it wakes; a rolled-back entry is harmless (recall checks the hash).
            remember_query_code(
                token=data.client_token, tracking_number=tracking_number, query_code=query_code
            )
    except _AlreadySubmitted as dup:
        _delete_file(stored_file)
        return _already_submitted(dup.application, data.client_token)
    except BaseException:
        _delete_file(stored_file)
        raise
    return SubmissionResult(application=application, query_code=query_code, created=True)


def tracking_number_taken(number: str) -> bool:
    """Imported history may already carry a number in the system's own format."""
    return Application.objects.filter(tracking_number=number).exists()


def _already_submitted(application: Application, token: str) -> SubmissionResult:
    return SubmissionResult(
        application=application,
        query_code=recall_query_code(token=token, application=application),
        created=False,
    )


def _delete_file(name: str | None) -> None:
    """Remove an identity proof stored for a submission that was not saved.

    From the field's own storage: identity proofs live in private storage, not
    in the default (public media) storage.
    """
    if name:
        Application._meta.get_field("identity_proof").storage.delete(name)


def status_url() -> str:
    return settings.SITE_URL + reverse("applications:status")


def send_submission_mail(*, application_id: int, query_code: str) -> None:
    """Tell the applicant the two codes; sent only after the application is committed."""
    application = Application.objects.select_related("organization").get(pk=application_id)
    context = {
        "application": application,
        "query_code": query_code,
        "status_url": status_url(),
        "SITE_NAME": settings.SITE_NAME,
    }
    subject, body = render_mail("application_submitted", context)
    # Through the job queue: a slow mail server must not hold the applicant's page.
    deliver_mail(subject, body, [application.email])
