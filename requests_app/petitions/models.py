"""Complaints and petitions (信访件) and the online leader's mailbox (领导信箱).

Counting follows the district's annual summary: the total in 件(人)次 counts each
letter, online item and call once and each visit by its persons; visits are
also counted in 批 (records) and 人次 (persons). `persons` is therefore 1 for
every channel but visits, and the total is simply the sum of `persons`.

The petitioner's personal data and the content of the letter are never shown
in public: the mailbox's public list (来信选登) shows only the anonymised title,
summary and reply that staff wrote for publication.
"""

import hashlib
import hmac
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel, RecordEvent
from disclosure.models.calendar import load_work_calendar
from disclosure.workdays import CalendarNotCovered, WorkCalendar
from requests_app.petitions.rules import (
    ACCEPTANCE_PERIOD_DAYS,
    COLLECTIVE_VISIT_MIN_PERSONS,
    acceptance_deadline,
)


class PetitionChannel(models.TextChoices):
    LETTER = "letter", _("Letter")
    ONLINE = "online", _("Online complaint")
    VISIT = "visit", _("Visit in person")
    PHONE = "phone", _("Phone call")


class VisitKind(models.TextChoices):
    FIRST = "first", _("First visit")
    REPEAT = "repeat", _("Repeat visit")


class AcceptanceDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class PetitionStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered, awaiting the decision on acceptance")
    ACCEPTED = "accepted", _("Accepted, being handled")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


def hash_petition_code(code: str) -> str:
    """Keyed hash of a mailbox query code: the code is shown once and never stored."""
    key = settings.SECRET_KEY.encode()
    message = b"petition:" + code.strip().upper().encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class PetitionSource(models.Model):
    """The platform a petition came through (an editable list, pre-filled by
    `requests_app.petitions.services.ensure_default_sources`)."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Stable key used by imports, e.g. “provincial-system”."),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("petition source")
        verbose_name_plural = _("petition sources")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


def acceptance_by(received_on: date, calendar: WorkCalendar | None = None) -> date:
    """`rules.acceptance_deadline` on the official calendar. A year the calendar cannot
    count at all (outside the years the holiday rules are known for) keeps the 15th day
    unmoved: the earlier, never the later, date."""
    try:
        return acceptance_deadline(received_on, calendar or load_work_calendar())
    except CalendarNotCovered:
        return received_on + timedelta(days=ACCEPTANCE_PERIOD_DAYS)


class PetitionQuerySet(models.QuerySet):
    def for_organizations(self, organization_ids):
        if organization_ids is None:
            return self
        return self.filter(organization_id__in=organization_ids)

    def received_in(self, year: int):
        return self.filter(received_on__gte=date(year, 1, 1), received_on__lte=date(year, 12, 31))

    def visits(self):
        return self.filter(channel=PetitionChannel.VISIT)

    def collective(self):
        return self.filter(COLLECTIVE_Q)

    def first_visits(self):
        return self.filter(FIRST_VISIT_Q)

    def awaiting_decision(self):
        return self.filter(accepted_on__isnull=True)

    def decision_overdue(self, *, on: date):
        """No decision on acceptance and the 15 days are over (信访工作条例第二十二条)."""
        return self.awaiting_decision().filter(accept_by__lt=on)

    def published(self):
        return self.filter(published=True)


# The vocabulary of the statistics, shared by the QuerySet and `requests_app.petitions.stats`.
VISIT_Q = Q(channel=PetitionChannel.VISIT)
COLLECTIVE_Q = VISIT_Q & Q(persons__gte=COLLECTIVE_VISIT_MIN_PERSONS)
FIRST_VISIT_Q = VISIT_Q & Q(visit_kind=VisitKind.FIRST)
DECIDED_IN_TIME_Q = Q(accepted_on__isnull=False, accepted_on__lte=models.F("accept_by"))


class Petition(AuditedModel):
    organization = models.ForeignKey(
        "disclosure.Organization",
        verbose_name=_("receiving organization"),
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    tracking_number = models.CharField(
        _("tracking number"), max_length=40, blank=True, editable=False
    )
    query_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    external_reference = models.CharField(
        _("reference number"),
        max_length=60,
        blank=True,
        help_text=_(
            "The number in the petition information system (信访件编号); "
            "imports use it to recognise a petition they already brought in."
        ),
    )
    channel = models.CharField(
        _("form of petition"), max_length=20, choices=PetitionChannel.choices
    )
    source = models.ForeignKey(
        PetitionSource,
        verbose_name=_("source platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    received_on = models.DateField(_("date received"))
    persons = models.PositiveSmallIntegerField(
        _("number of persons"),
        default=1,
        help_text=_(
            "For visits: how many people came (five or more is a collective visit). "
            "Always 1 for letters, online complaints and calls."
        ),
    )
    visit_kind = models.CharField(
        _("first or repeat visit"),
        max_length=10,
        choices=VisitKind.choices,
        blank=True,
        help_text=_("Only for visits."),
    )
    subject = models.CharField(_("subject"), max_length=200)

    # Never public.
    content = models.TextField(_("content"), blank=True)
    petitioner_name = models.CharField(_("petitioner's name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    id_number = models.CharField(_("identity card number"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("email"), blank=True)

    # 信访工作条例第二十二条、第二十三条: decide within 15 days whether to accept; a last
    # day off moves to the next working day (民法典第二百零三条). Stored so that the
    # statistics and filters compare in the database; `derive()` computes it on the
    # official calendar and `services.refresh_acceptance_deadlines` after the calendar
    # changed.
    accept_by = models.DateField(_("decision on acceptance due"), editable=False)
    decision = models.CharField(
        _("decision on acceptance"),
        max_length=20,
        choices=AcceptanceDecision.choices,
        blank=True,
    )
    accepted_on = models.DateField(
        _("date of the decision on acceptance"),
        null=True,
        blank=True,
        help_text=_("The date the petitioner was told whether the petition is accepted."),
    )
    handling_organizations = models.ManyToManyField(
        "disclosure.Organization",
        verbose_name=_("handling organizations"),
        blank=True,
        related_name="petitions_handled",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PetitionStatus.choices,
        default=PetitionStatus.REGISTERED,
        editable=False,
    )
    reply = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("date replied"), null=True, blank=True)
    closed_on = models.DateField(_("date closed"), null=True, blank=True)

    # Publication in the mailbox's public list (来信选登): only with consent, only what
    # staff wrote for it.
    consent_to_publish = models.BooleanField(
        _("consent to anonymised publication"), default=False, editable=False
    )
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    public_title = models.CharField(
        _("public title"),
        max_length=200,
        blank=True,
        help_text=_("Anonymised: no names, phone numbers, ID numbers or addresses."),
    )
    public_summary = models.TextField(
        _("public summary of the letter"),
        blank=True,
        help_text=_("Anonymised: no names, phone numbers, ID numbers or addresses."),
    )
    public_reply = models.TextField(
        _("public reply"),
        blank=True,
        help_text=_("The reply as published; leave empty to publish no reply text."),
    )

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "received_on"], name="petition_received"),
            models.Index(fields=["published", "replied_on"], name="petition_published"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tracking_number"],
                condition=~Q(tracking_number=""),
                name="petition_tracking_number_unique",
            ),
            models.UniqueConstraint(
                fields=["organization", "external_reference"],
                condition=~Q(external_reference=""),
                name="petition_external_reference_unique",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=PetitionChannel.values), name="petition_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PetitionStatus.values), name="petition_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(visit_kind="") | Q(visit_kind__in=VisitKind.values),
                name="petition_visit_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision__in=AcceptanceDecision.values),
                name="petition_decision_valid",
            ),
            # A visit says how many came and whether it is a first visit; anything
            # else is one item.
            models.CheckConstraint(
                condition=(Q(channel=PetitionChannel.VISIT) & Q(persons__gte=1) & ~Q(visit_kind=""))
                | (~Q(channel=PetitionChannel.VISIT) & Q(persons=1) & Q(visit_kind="")),
                name="petition_persons_consistent",
            ),
            models.CheckConstraint(
                condition=(Q(decision="") & Q(accepted_on__isnull=True))
                | (~Q(decision="") & Q(accepted_on__isnull=False)),
                name="petition_decision_dated",
            ),
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True) | Q(accepted_on__gte=models.F("received_on")),
                name="petition_decided_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(replied_on__isnull=True)
                | (Q(replied_on__gte=models.F("received_on")) & ~Q(reply="")),
                name="petition_reply_consistent",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("received_on")),
                name="petition_closed_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(published=False)
                | (
                    Q(consent_to_publish=True)
                    & Q(replied_on__isnull=False)
                    & ~Q(public_title="")
                    & ~Q(public_summary="")
                ),
                name="petition_publication_allowed",
            ),
        ]

    def __str__(self):
        return self.tracking_number or self.external_reference or f"{self.subject}"

    def derive(self, calendar: WorkCalendar | None = None) -> None:
        """Fill the derived columns (deadline, status); `save()` and bulk loaders call it.

        `calendar` is the official calendar (loaded, cached, when not given)."""
        if self.received_on:
            self.accept_by = acceptance_by(self.received_on, calendar)
        if self.channel != PetitionChannel.VISIT:
            self.persons = 1
            self.visit_kind = ""
        if self.closed_on:
            self.status = PetitionStatus.CLOSED
        elif self.replied_on:
            self.status = PetitionStatus.REPLIED
        elif self.decision == AcceptanceDecision.NOT_ACCEPTED:
            self.status = PetitionStatus.NOT_ACCEPTED
        elif self.decision == AcceptanceDecision.ACCEPTED:
            self.status = PetitionStatus.ACCEPTED
        else:
            self.status = PetitionStatus.REGISTERED

    def save(self, *args, **kwargs):
        self.derive()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "accept_by", "status", "persons"}
        super().save(*args, **kwargs)

    def clean(self):
        errors: dict[str, str] = {}
        if self.channel == PetitionChannel.VISIT:
            if not self.visit_kind:
                errors["visit_kind"] = _("Say whether this is a first or a repeat visit.")
            if not self.persons or self.persons < 1:
                errors["persons"] = _("A visit has at least one person.")
        else:
            if self.persons and self.persons != 1:
                errors["persons"] = _(
                    "Only visits count persons; a letter, online complaint or call is one item."
                )
            if self.visit_kind:
                errors["visit_kind"] = _("Only visits are first or repeat visits.")
        if bool(self.decision) != bool(self.accepted_on):
            field = "accepted_on" if self.decision else "decision"
            errors[field] = _("Give the decision on acceptance together with its date.")
        for field in ("accepted_on", "replied_on", "closed_on"):
            value = getattr(self, field)
            if value and self.received_on and value < self.received_on:
                errors[field] = _("This date cannot be before the date received.")
        if self.replied_on and not self.reply.strip():
            errors["reply"] = _("Enter the reply that was given on the date replied.")
        if self.published:
            if not self.consent_to_publish:
                errors["published"] = _("The writer did not consent to publication.")
            elif not self.replied_on:
                errors["published"] = _("Only a replied letter can be published.")
            if not self.public_title.strip():
                errors["public_title"] = _("Write an anonymised title for publication.")
            if not self.public_summary.strip():
                errors["public_summary"] = _("Write an anonymised summary for publication.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_collective(self) -> bool:
        """集体访: a visit by five or more persons."""
        return (
            self.channel == PetitionChannel.VISIT and self.persons >= COLLECTIVE_VISIT_MIN_PERSONS
        )

    @property
    def is_first_visit(self) -> bool:
        return self.channel == PetitionChannel.VISIT and self.visit_kind == VisitKind.FIRST

    @property
    def accepted_in_time(self) -> bool | None:
        """None while undecided; otherwise whether the decision came within the 15 days."""
        if self.accepted_on is None:
            return None
        return self.accepted_on <= self.accept_by

    def check_query_code(self, code: str) -> bool:
        if not self.query_code_hash:
            return False
        return hmac.compare_digest(self.query_code_hash, hash_petition_code(code))

    def get_absolute_url(self):
        return reverse("petitions:letter_detail", args=[self.pk])


class PetitionEventKind(models.TextChoices):
    FILED = "filed", _("Filed through the leader's mailbox")
    REGISTERED = "registered", _("Registered in the admin")
    IMPORTED = "imported", _("Imported")
    EDITED = "edited", _("Edited in the admin")
    REIMPORTED = "reimported", _("Updated by an import")
    DECIDED = "decided", _("Decision on acceptance recorded")
    REPLIED = "replied", _("Reply recorded")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Published in the mailbox")
    UNPUBLISHED = "unpublished", _("Withdrawn from publication")


class PetitionEvent(RecordEvent):
    """One step in a petition's life and who took it. Append-only: never updated or deleted.

    Written by `requests_app.petitions.services` only; `by` is empty for what the
    public did (a letter filed through the mailbox).
    """

    record_field = "petition"
    Kind = PetitionEventKind

    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PetitionEventKind.choices)

    class Meta:
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PetitionEventKind.values), name="petition_event_kind_valid"
            ),
        ]
