from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalDataAccess(models.Model):
    """One opening of a record's full personal data, or one download of a file holding it.

    Written only through `disclosure.services.personal_data.record_personal_data_access`;
    never changed afterwards (the admin is read-only, with no delete even for superusers).
    The record is referred to generically: the homes of requests_app sit above this app.
    """

    accessed_at = models.DateTimeField(_("accessed at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept beside the foreign key: the log must still say who after an account is removed.
    username = models.CharField(_("username"), max_length=150)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("record id"), max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    what = models.CharField(_("what was shown or downloaded"), max_length=200)
    path = models.CharField(_("request path"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ("-accessed_at", "-id")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.username} · {self.object_repr or self.object_id} · {self.what}"
