"""Admin of organizations (行政机关): staff see and edit their own subtree."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosure.admin.scoping import OrganizationScopedAdminMixin, ScopedOrganizationFilter
from disclosure.models import Organization


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdminMixin, admin.ModelAdmin):
    # Government websites are served over HTTPS: a typed "www.example.gov.cn" means https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # The organization is its own scope: staff see their organization and what is below it.
    organization_field = "pk"
    scoped_organization_fields = ("parent",)

    list_display = ("name", "short_name", "code", "kind", "parent", "is_active", "sort_order")
    list_display_links = ("name",)
    list_filter = ("kind", "is_active", ("parent", ScopedOrganizationFilter))
    search_fields = ("name", "short_name", "code")
    list_select_related = ("parent",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("name", "short_name"),
                    ("code", "credit_code"),
                    ("parent", "kind"),
                    ("is_active", "sort_order"),
                )
            },
        ),
        (
            _("Disclosure office"),
            {
                "description": _(
                    "Shown on the organization's disclosure guide and on letters to applicants."
                ),
                "fields": (
                    "office_name",
                    "address",
                    "postcode",
                    ("phone", "fax"),
                    "office_hours",
                    ("email", "website"),
                    "receipt_confirmation",
                    "guide_text",
                ),
            },
        ),
        (
            _("Administrative reconsideration"),
            {
                "description": _(
                    "Letters refusing disclosure tell the applicant to apply to this body for "
                    "administrative reconsideration first (Administrative Reconsideration Law "
                    "2023, Articles 23 and 24). Blank: the parent organization. An "
                    "organization without a parent must name it."
                ),
                "fields": (
                    "reconsideration_body",
                    "reconsideration_address",
                    "reconsideration_phone",
                ),
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_supervisor:
            # Moving an organization moves whose records it sees: the 政务公开办 decides that.
            fields.append("parent")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        parent = form.base_fields.get("parent")
        if parent is not None and obj is None and not request.user.is_supervisor:
            parent.required = True
            parent.error_messages["required"] = _(
                "Choose the parent organization: only the supervising office adds "
                "top-level organizations."
            )
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not request.user.is_supervisor and request.user.organization_id:
            initial.setdefault("parent", request.user.organization_id)
        return initial

    def has_delete_permission(self, request, obj=None):
        # Staff may not remove the organization their own scope hangs from.
        if (
            obj is not None
            and not request.user.is_supervisor
            and obj.pk == request.user.organization_id
        ):
            return False
        return super().has_delete_permission(request, obj)
