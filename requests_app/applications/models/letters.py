"""Letters issued to applicants and consulted parties, numbered and kept with the application.

An `IssuedLetter` is the record of a letter as it went out: its 文号, the rendered
.docx in private storage and a snapshot of its text. Printing or downloading it
again gives that same document, whatever the application says later.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import YearlySequence
from disclosure.storage import private_storage, random_name


class LetterKind(models.TextChoices):
    """One kind per step of 第三十条 to 第四十二条 that the organ tells someone in writing."""

    CORRECTION = "correction", _("Correction notice (Article 30)")
    EXTENSION = "extension", _("Extension notice (Article 33(2))")
    DELAY = "delay", _("Delayed reply notice (Article 35)")
    FEE = "fee", _("Fee notice (Article 42)")
    CONSULTATION = "consultation", _("Consultation letter (Articles 32 and 34)")
    REPLY = "reply", _("Reply letter (Article 36)")


class LetterSequence(YearlySequence):
    """The last serial of the 文号 handed out per organization and year (one for all kinds)."""

    organization = models.ForeignKey(
        "disclosure.Organization", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="letter_sequence_unique")
        ]

    def __str__(self):
        return f"{self.organization_id}-{self.year}: {self.last}"


def issued_letter_upload_to(instance, filename):
    return random_name(f"letters/{instance.application.organization_id}", filename)


class IssuedLetter(models.Model):
    application = models.ForeignKey(
        "requests_app.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="issued_letters",
    )
    kind = models.CharField(_("kind of letter"), max_length=20, choices=LetterKind.choices)
    # The step the letter tells of (the correction request, the extension…); the answer
    # or the closing step for a reply letter.
    event = models.ForeignKey(
        "requests_app.ApplicationEvent",
        verbose_name=_("step"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    number = models.CharField(_("document number (文号)"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    title = models.CharField(_("title"), max_length=100)
    # The date the letter bears (the legal date of its step); `issued_at` is when it was
    # numbered and registered.
    dated = models.DateField(_("dated"))
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(
        _("Word document"),
        upload_to=issued_letter_upload_to,
        storage=private_storage,
        max_length=255,
    )
    # The letter as issued: the fields the print page renders, and the plain text.
    content = models.JSONField(_("snapshot of the letter"), default=dict)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("issued letter")
        verbose_name_plural = _("issued letters")
        ordering = ["issued_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=LetterKind.values), name="issued_letter_kind_valid"
            ),
            # One letter per step and kind: a second click finds the letter already issued.
            models.UniqueConstraint(
                fields=["application", "kind", "event"], name="issued_letter_once_per_step"
            ),
        ]

    def __str__(self):
        return self.number
