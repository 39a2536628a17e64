"""Administrative reconsideration and litigation cases about disclosure (表四).

A case is brought against an organ's handling of disclosure (often of one
application, 第五十一条); the report counts cases by kind and by result.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel


class ReviewKind(models.TextChoices):
    """The three groups of 表四; values are the reference's stable keys."""

    RECONSIDERATION = "reconsideration", _("Administrative reconsideration")
    LITIGATION_DIRECT = "litigation_direct", _("Litigation without prior reconsideration")
    LITIGATION_AFTER_RECONSIDERATION = (
        "litigation_after_reconsideration",
        _("Litigation after reconsideration"),
    )


class ReviewResult(models.TextChoices):
    """The result columns of 表四."""

    UPHELD = "upheld", _("Upheld")
    CORRECTED = "corrected", _("Corrected")
    OTHER = "other", _("Other result")
    PENDING = "pending", _("Pending")


class ReviewCaseQuerySet(models.QuerySet):
    def for_organizations(self, organization_ids):
        if organization_ids is None:
            return self
        return self.filter(organization_id__in=organization_ids)

    def pending(self):
        return self.filter(result=ReviewResult.PENDING)

    def closed(self):
        return self.exclude(result=ReviewResult.PENDING)

    def received_in(self, year):
        return self.filter(received_on__year=year)


class ReviewCase(AuditedModel):
    case_number = models.CharField(
        _("case number"),
        max_length=80,
        unique=True,
        help_text=_("The number given by the reconsideration organ or the court."),
    )
    organization = models.ForeignKey(
        "disclosure.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="review_cases",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=ReviewKind.choices)
    received_on = models.DateField(_("date received"))
    result = models.CharField(
        _("result"), max_length=20, choices=ReviewResult.choices, default=ReviewResult.PENDING
    )
    closed_on = models.DateField(_("date closed"), null=True, blank=True)
    application = models.ForeignKey(
        "requests_app.Application",
        verbose_name=_("application concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_cases",
    )
    notes = models.TextField(_("notes"), blank=True)
    is_historical = models.BooleanField(_("imported"), default=False)

    objects = ReviewCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("reconsideration or litigation case")
        verbose_name_plural = _("reconsideration and litigation cases")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["organization", "received_on"], name="review_received")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ReviewKind.values), name="review_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(result__in=ReviewResult.values), name="review_result_valid"
            ),
            # Pending exactly when there is no closing date.
            models.CheckConstraint(
                condition=(models.Q(result=ReviewResult.PENDING) & models.Q(closed_on__isnull=True))
                | (~models.Q(result=ReviewResult.PENDING) & models.Q(closed_on__isnull=False)),
                name="review_pending_iff_open",
                violation_error_message=_(
                    "A pending case has no closing date; a closed case needs its result "
                    "and closing date."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("received_on")),
                name="review_closed_after_received",
                violation_error_message=_("A case cannot close before it was received."),
            ),
        ]

    def __str__(self):
        return self.case_number

    def clean(self):
        super().clean()
        if (
            self.application_id
            and self.organization_id
            and self.application.organization_id != self.organization_id
        ):
            raise ValidationError(
                {"application": _("The application was made to another organization.")}
            )

    @property
    def is_pending(self) -> bool:
        return self.result == ReviewResult.PENDING
