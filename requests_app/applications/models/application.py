"""Disclosure applications (依申请公开) and their append-only event log.

The current status and due date are derived from the events (see
`requests_app.applications.deadlines`); `status` and `due_on` on the row are a cache of that
derivation, refreshed by the services after every event, so that the admin
queue can filter and sort on them in the database.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import AuditedModel
from disclosure.storage import private_storage, random_name


class ApplicantType(models.TextChoices):
    """The applicant columns of 表三 (stable keys of the national format)."""

    NATURAL_PERSON = "natural_person", _("Natural person")
    COMMERCIAL_ENTERPRISE = "commercial_enterprise", _("Commercial enterprise")
    RESEARCH_INSTITUTION = "research_institution", _("Research institution")
    SOCIAL_WELFARE_ORG = "social_welfare_org", _("Social welfare organization")
    LEGAL_SERVICE_ORG = "legal_service_org", _("Legal service organization")
    OTHER_ORG = "other_org", _("Other organization")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")
    CREDIT_CODE = "credit_code", _("Unified social credit code")
    PASSPORT = "passport", _("Passport")
    HK_MACAO_PERMIT = (
        "hk_macao_permit",
        _("Mainland travel permit for Hong Kong and Macao residents"),
    )
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    OTHER = "other", _("Other document")


class SubmissionChannel(models.TextChoices):
    """How the application reached the organ; decides the date of receipt (第三十一条)."""

    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    REGISTERED_MAIL = "registered_mail", _("Signed-for post")
    ORDINARY_MAIL = "ordinary_mail", _("Ordinary letter")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("Email")
    ORAL = "oral", _("Oral, written down by the office")


class ProvisionForm(models.TextChoices):
    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic file")
    DISC = "disc", _("CD/DVD")
    OTHER = "other", _("Other")


class DeliveryMethod(models.TextChoices):
    POST = "post", _("By post")
    EMAIL = "email", _("By email")
    PICKUP = "pickup", _("Collect in person")
    FAX = "fax", _("By fax")
    # Not "网上申请" (a way to apply): the information is made available online.
    ONLINE = "online", pgettext_lazy("way of obtaining", "Online")


class Outcome(models.TextChoices):
    """The 21 leaf rows of 表三 (三、本年度办理结果); values are the reference's stable keys."""

    GRANTED = "granted", _("Granted")
    PARTIALLY_GRANTED = "partially_granted", _("Partially granted")
    WITHHELD_STATE_SECRET = "withheld_state_secret", _("Withheld: state secret")
    WITHHELD_PROHIBITED_BY_LAW = (
        "withheld_prohibited_by_law",
        _("Withheld: prohibited by other laws and regulations"),
    )
    WITHHELD_SECURITY_STABILITY = (
        "withheld_security_stability",
        _("Withheld: endangers the three securities and one stability"),
    )
    WITHHELD_THIRD_PARTY_RIGHTS = (
        "withheld_third_party_rights",
        _("Withheld: protects third-party rights"),
    )
    WITHHELD_INTERNAL_AFFAIRS = (
        "withheld_internal_affairs",
        _("Withheld: internal affairs information"),
    )
    WITHHELD_PROCESS_INFORMATION = (
        "withheld_process_information",
        _("Withheld: process information"),
    )
    WITHHELD_ENFORCEMENT_FILE = "withheld_enforcement_file", _("Withheld: enforcement file")
    WITHHELD_ADMINISTRATIVE_QUERY = (
        "withheld_administrative_query",
        _("Withheld: administrative query matter"),
    )
    UNAVAILABLE_NOT_HELD = "unavailable_not_held", _("Unavailable: not held by this organ")
    UNAVAILABLE_NEEDS_CREATION = (
        "unavailable_needs_creation",
        _("Unavailable: would have to be created"),
    )
    UNAVAILABLE_UNCLEAR_AFTER_CORRECTION = (
        "unavailable_unclear_after_correction",
        _("Unavailable: still unclear after correction"),
    )
    NOT_PROCESSED_PETITION = "not_processed_petition", _("Not processed: petition or complaint")
    NOT_PROCESSED_DUPLICATE = "not_processed_duplicate", _("Not processed: repeated application")
    NOT_PROCESSED_PUBLICATION = (
        "not_processed_publication",
        _("Not processed: asks for a publication"),
    )
    NOT_PROCESSED_EXCESSIVE = (
        "not_processed_excessive",
        _("Not processed: excessive repeated applications"),
    )
    NOT_PROCESSED_CONFIRMATION = (
        "not_processed_confirmation",
        _("Not processed: asks to confirm or reissue information already obtained"),
    )
    OTHER_NO_CORRECTION = "other_no_correction", _("Other: not corrected in time")
    OTHER_FEE_UNPAID = "other_fee_unpaid", _("Other: fee not paid in time")
    OTHER = "other", _("Other")


class ApplicationStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaiting confirmation of receipt")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_CORRECTION = "awaiting_correction", _("Awaiting correction by the applicant")
    IN_CONSULTATION = "in_consultation", _("Consulting a third party or another organ")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment of the fee")
    CLOSED = "closed", _("Closed")


# What the applicant tells the organ (第二十九条), in form order: the fields staff register,
# the public form asks for, and a closed application freezes.
APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "information_title",
    "information_number",
    "description",
    "provision_form",
    "delivery_method",
    "identity_proof",
)

OPEN_STATUSES = [s for s in ApplicationStatus.values if s != ApplicationStatus.CLOSED]


def hash_query_code(code: str) -> str:
    """Keyed hash of a query code: the code itself is shown once and never stored."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, code.strip().upper().encode(), hashlib.sha256).hexdigest()


class ApplicationQuerySet(models.QuerySet):
    def for_organizations(self, organization_ids):
        if organization_ids is None:
            return self
        return self.filter(organization_id__in=organization_ids)

    def open(self):
        return self.exclude(status=ApplicationStatus.CLOSED)

    def closed(self):
        return self.filter(status=ApplicationStatus.CLOSED)

    def overdue(self, *, on):
        return self.open().filter(due_on__lt=on)

    def due_by(self, day):
        """Open and due on or before `day` (callers pass "today + N working days")."""
        return self.open().filter(due_on__lte=day)

    def due_between(self, first, last):
        """Open and due from `first` to `last` inclusive (not yet overdue on `first`)."""
        return self.open().filter(due_on__gte=first, due_on__lte=last)

    def wait_expired(self, *, on):
        """Open, stopped, and the applicant's (or consulted party's) time is over."""
        return self.open().filter(wait_until__lt=on)

    def unconfirmed_before(self, moment):
        """Awaiting confirmation of receipt (第三十一条第（三）项) since before `moment`."""
        return self.filter(status=ApplicationStatus.AWAITING_CONFIRMATION, submitted_at__lt=moment)

    def received_in(self, year):
        return self.filter(received_on__year=year)

    def closed_in(self, year):
        return self.closed().filter(closed_on__year=year)

    def same_applicant(self, id_number):
        """The 按件 fee tier counts an applicant's requests by identity document number."""
        return self.filter(id_number__iexact=id_number.strip())


def application_upload_to(instance, filename):
    return random_name(f"applications/{instance.organization_id}", filename)


class Application(AuditedModel):
    tracking_number = models.CharField(_("tracking number"), max_length=40, unique=True)
    query_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    organization = models.ForeignKey(
        "disclosure.Organization",
        verbose_name=_("organization applied to"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    # 第二十九条第二款第（一）项: name, identity proof, contact details.
    applicant_type = models.CharField(
        _("applicant type"), max_length=30, choices=ApplicantType.choices
    )
    applicant_name = models.CharField(_("applicant name"), max_length=200)
    id_type = models.CharField(
        _("identity document"), max_length=20, choices=IdType.choices, blank=True
    )
    id_number = models.CharField(_("document number"), max_length=50, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    # 第二十九条第二款第（二）项: what is asked for.
    information_title = models.CharField(_("name of the information"), max_length=300, blank=True)
    information_number = models.CharField(
        _("document number of the information"), max_length=100, blank=True
    )
    description = models.TextField(_("description of the information"))
    # 第二十九条第二款第（三）项: form and way of provision.
    provision_form = models.CharField(
        _("form of provision"), max_length=20, choices=ProvisionForm.choices, blank=True
    )
    delivery_method = models.CharField(
        _("way of obtaining"), max_length=20, choices=DeliveryMethod.choices, blank=True
    )
    identity_proof = models.FileField(
        _("identity proof"),
        upload_to=application_upload_to,
        storage=private_storage,
        blank=True,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
    )
    consent_given_at = models.DateTimeField(_("consent to data processing"), null=True, blank=True)

    channel = models.CharField(
        _("way of application"),
        max_length=20,
        choices=SubmissionChannel.choices,
        default=SubmissionChannel.ONLINE,
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    # 第三十一条: the date of receipt; empty while an online application awaits confirmation.
    received_on = models.DateField(_("date of receipt"), null=True, blank=True)

    status = models.CharField(
        _("status"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.AWAITING_CONFIRMATION,
    )
    # 第三十三条: the reply deadline; empty while the period is stopped (awaiting
    # confirmation, correction, a consultation's end or payment).
    due_on = models.DateField(_("due date"), null=True, blank=True)
    # While the period is stopped: the end of the current wait (the correction
    # deadline, the payment deadline, or the consulted party's 15 working days).
    wait_until = models.DateField(_("waiting until"), null=True, blank=True)
    # `due_on` (or a `wait_until` the clock counted) reaches a year whose State Council
    # arrangement is not entered: counted on the provisional schedule, it is 暂定 wherever
    # it shows, and derived again when the year is entered.
    dates_provisional = models.BooleanField(
        _("provisional (暂定)"),
        default=False,
        help_text=_(
            "The date reaches a year whose holiday arrangement is not entered yet; it may "
            "move when the year is entered."
        ),
    )
    outcome = models.CharField(_("outcome"), max_length=40, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(_("date closed"), null=True, blank=True)
    reply_text = models.TextField(_("reply"), blank=True)
    fee_amount = models.DecimalField(
        _("information processing fee (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    is_historical = models.BooleanField(
        _("imported history"),
        default=False,
        help_text=_("Imported with its outcome, without a reconstructed event log."),
    )
    client_token = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclosure application")
        verbose_name_plural = _("disclosure applications")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "status", "due_on"], name="application_queue"),
            models.Index(fields=["organization", "received_on"], name="application_received"),
            models.Index(fields=["organization", "closed_on"], name="application_closed"),
            # 六、收取费用: the few applications with a fee, without scanning the others.
            # 收取费用 of the report: the few rows with a fee, read from the index alone.
            models.Index(
                fields=["organization"],
                include=["id", "fee_amount", "closed_on"],
                condition=models.Q(fee_amount__gt=0),
                name="application_with_fee",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(applicant_type__in=ApplicantType.values),
                name="application_applicant_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ApplicationStatus.values),
                name="application_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(outcome__in=Outcome.values),
                name="application_outcome_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=SubmissionChannel.values),
                name="application_channel_valid",
            ),
            # Closed means an outcome and a closing date; open means neither.
            models.CheckConstraint(
                condition=(
                    models.Q(status=ApplicationStatus.CLOSED)
                    & ~models.Q(outcome="")
                    & models.Q(closed_on__isnull=False)
                )
                | (
                    ~models.Q(status=ApplicationStatus.CLOSED)
                    & models.Q(outcome="")
                    & models.Q(closed_on__isnull=True)
                ),
                name="application_closed_consistent",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(received_on__isnull=True)
                | models.Q(closed_on__gte=models.F("received_on")),
                name="application_closed_after_receipt",
            ),
            models.CheckConstraint(
                condition=models.Q(fee_amount__isnull=True) | models.Q(fee_amount__gte=0),
                name="application_fee_not_negative",
            ),
            # One form, one application, even if the same form reaches two organizations'
            # queues at the same moment.
            models.UniqueConstraint(
                fields=["client_token"],
                condition=~models.Q(client_token=""),
                name="application_client_token_unique",
            ),
        ]

    def __str__(self):
        return self.tracking_number

    def check_query_code(self, code: str) -> bool:
        if not self.query_code_hash:
            return False
        return hmac.compare_digest(self.query_code_hash, hash_query_code(code))

    @property
    def is_closed(self) -> bool:
        return self.status == ApplicationStatus.CLOSED


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Application submitted")
    REGISTERED = "registered", _("Application registered by staff")
    RECEIPT_CONFIRMED = "receipt_confirmed", _("Receipt confirmed")
    CORRECTION_REQUESTED = "correction_requested", _("Correction requested")
    CORRECTED = "corrected", _("Corrected application received")
    CORRECTION_LAPSED = "correction_lapsed", _("Not corrected in time")
    CONSULTATION_STARTED = "consultation_started", _("Consultation started")
    CONSULTATION_ENDED = "consultation_ended", _("Consultation ended")
    EXTENDED = "extended", _("Reply period extended")
    # 第三十五条: a reasonable later date set for a number or frequency of requests clearly
    # beyond a reasonable range, for a reason found reasonable.
    REPLY_DELAYED = "reply_delayed", _("Reply delayed (Article 35)")
    FEE_NOTIFIED = "fee_notified", _("Fee notice sent")
    FEE_PAID = "fee_paid", _("Fee paid")
    FEE_LAPSED = "fee_lapsed", _("Fee not paid in time")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    NOTE = "note", _("Internal note")
    # A numbered letter was registered for a step (`IssuedLetter`): paperwork, not a legal
    # step; the clock and the date checks ignore it, like a note.
    LETTER_ISSUED = "letter_issued", _("Letter issued")
    # 第四十四条: the released information was published for everyone (after the answer;
    # paperwork like a letter, not a step of the handling: the clock ignores it).
    MADE_PUBLIC = "made_public", _("Released information made public (Article 44)")


class ApplicationEvent(models.Model):
    """One step in an application's life. Append-only: never updated or deleted."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    # The legal date of the step (a DateField: periods in the 条例 count whole days).
    occurred_on = models.DateField(_("date"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    public = models.BooleanField(_("shown to the applicant"), default=True)
    message = models.TextField(_("message"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["occurred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values), name="application_event_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on}"


def reply_upload_to(instance, filename):
    return random_name(f"replies/{instance.application.organization_id}", filename)


class ReplyAttachment(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="reply_attachments",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(
        _("file"), upload_to=reply_upload_to, storage=private_storage, max_length=255
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply attachment")
        verbose_name_plural = _("reply attachments")
        ordering = ["id"]

    def __str__(self):
        return self.title or self.file.name
