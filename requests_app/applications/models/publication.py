"""依申请公开转主动公开 (条例第四十四条): information released to an applicant, then published
for everyone as a catalogue entry.

The link lives here, on the side of the applications: the catalogue (disclosure) holds
only the entry and its `origin` flag and never imports requests_app.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationDisclosure(models.Model):
    """The catalogue entry made from an application's released information (one per
    application). Its title, body and attachments were entered or chosen by staff; none of
    the application's personal data is copied into it."""

    application = models.OneToOneField(
        "requests_app.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="made_public",
    )
    disclosure = models.OneToOneField(
        "disclosure.Disclosure",
        verbose_name=_("catalogue entry"),
        on_delete=models.CASCADE,
        related_name="from_application",
    )
    made_on = models.DateField(_("made public on"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made public by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("information made public (Article 44)")
        verbose_name_plural = _("information made public (Article 44)")
        ordering = ["-made_on", "-id"]

    def __str__(self):
        return f"{self.application} → {self.disclosure.index_number}"
