from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff member belongs to one organization and manages it and its sub-organizations.

    Supervisors (the district's 政务公开办) hold the `disclosure.supervise`
    permission and see every organization.
    """

    organization = models.ForeignKey(
        "disclosure.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    full_name = models.CharField(_("full name"), max_length=50, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.get_username()

    @property
    def is_supervisor(self) -> bool:
        return self.is_active and (self.is_superuser or self.has_perm("disclosure.supervise"))

    @cached_property
    def scope_organization_ids(self) -> set[int] | None:
        """Ids of the organizations this user may see; None means all of them."""
        if self.is_supervisor:
            return None
        if self.organization_id is None:
            return set()
        from disclosure.models.organizations import Organization

        return Organization.objects.descendant_ids([self.organization_id])
