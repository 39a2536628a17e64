"""Admin of petitions (信访件) and their source platforms.

Staff see the petitions of their organization's subtree; personal data is
masked in the list and shown in full only on the petition's own page.
"""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from disclosure.admin.filters import YearFilter as BaseYearFilter
from disclosure.admin.personal_data import PersonalDataAdminMixin
from disclosure.admin.scoping import (
    AuthorTrackingAdminMixin,
    OrganizationScopedAdminMixin,
    ScopedOrganizationFilter,
)
from disclosure.services.personal_data import record_personal_data_access
from requests_app.admin_inlines import EventLogInline, without_event_log
from requests_app.petitions.models import (
    COLLECTIVE_Q,
    DECIDED_IN_TIME_Q,
    Petition,
    PetitionEvent,
    PetitionSource,
)
from requests_app.petitions.services import PetitionError, record_saved, unpublish_petition


class YearFilter(BaseYearFilter):
    """Years with records, newest first (one grouped query)."""

    date_field = "received_on"
    year_lookup = "received_on__year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .values_list(f"{self.date_field}__year", flat=True)
            .distinct()
            .order_by(f"-{self.date_field}__year")
        )
        return [(str(y), str(y)) for y in years if y]


class CollectiveFilter(admin.SimpleListFilter):
    title = _("collective visit")
    parameter_name = "collective"

    def lookups(self, request, model_admin):
        return (("yes", _("Collective visits (5 persons or more)")), ("no", _("Other")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(COLLECTIVE_Q)
        if self.value() == "no":
            return queryset.exclude(COLLECTIVE_Q)
        return queryset


class AcceptanceFilter(admin.SimpleListFilter):
    """信访工作条例第二十二条: the decision on acceptance within 15 days."""

    title = _("decision on acceptance")
    parameter_name = "acceptance"

    def lookups(self, request, model_admin):
        return (
            ("overdue", _("Overdue: no decision after 15 days")),
            ("pending", _("Awaiting decision")),
            ("in_time", _("Decided in time")),
            ("late", _("Decided late")),
        )

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "overdue":
            return queryset.decision_overdue(on=today)
        if value == "pending":
            return queryset.awaiting_decision()
        if value == "in_time":
            return queryset.filter(DECIDED_IN_TIME_Q)
        if value == "late":
            return queryset.filter(accepted_on__isnull=False).exclude(DECIDED_IN_TIME_Q)
        return queryset


def _mask_phone(value: str) -> str:
    value = (value or "").strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


class PetitionEventInline(EventLogInline):
    model = PetitionEvent


@admin.register(PetitionSource)
class PetitionSourceAdmin(admin.ModelAdmin):
    """Shared reference data: every organization uses it, supervisors change it."""

    list_display = ("name", "code", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")
    search_fields = ("name", "code")

    def has_add_permission(self, request):
        return request.user.is_supervisor and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_supervisor and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_supervisor and super().has_delete_permission(request, obj)


@admin.register(Petition)
class PetitionAdmin(
    PersonalDataAdminMixin, AuthorTrackingAdminMixin, OrganizationScopedAdminMixin, admin.ModelAdmin
):
    # Never filtered on; searched and sorted only by those who see every row in full.
    personal_fields = ("petitioner_name", "phone", "id_number", "email", "address")
    list_display = (
        "received_on",
        "reference",
        "channel",
        "subject",
        "persons",
        "visit_kind",
        "status",
        "accept_by",
        "petitioner",
        "organization",
        "published",
    )
    list_display_links = ("received_on", "reference")
    list_filter = (
        YearFilter,
        "channel",
        "source",
        "visit_kind",
        CollectiveFilter,
        "status",
        AcceptanceFilter,
        "published",
        ("organization", ScopedOrganizationFilter),
    )
    search_fields = ("tracking_number", "external_reference", "subject", "petitioner_name")
    date_hierarchy = "received_on"
    list_select_related = ("organization",)
    list_per_page = 50
    filter_horizontal = ("handling_organizations",)
    inlines = (PetitionEventInline,)
    actions = ("unpublish_selected",)
    readonly_fields = (
        "tracking_number",
        "status",
        "accept_by",
        "accepted_in_time_display",
        "consent_to_publish",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            _("Registration"),
            {
                "fields": (
                    ("organization", "tracking_number", "external_reference"),
                    ("channel", "source", "received_on"),
                    ("persons", "visit_kind"),
                    "subject",
                )
            },
        ),
        (
            _("Petitioner and content (never public)"),
            {
                "fields": (
                    ("petitioner_name", "phone"),
                    ("id_number", "email"),
                    "address",
                    "content",
                )
            },
        ),
        (
            _("Handling"),
            {
                "fields": (
                    "status",
                    ("accept_by", "decision", "accepted_on", "accepted_in_time_display"),
                    "handling_organizations",
                    "reply",
                    ("replied_on", "closed_on"),
                )
            },
        ),
        (
            _("Publication in the mailbox (anonymised)"),
            {
                "fields": (
                    ("consent_to_publish", "published", "published_at"),
                    "public_title",
                    "public_summary",
                    "public_reply",
                ),
            },
        ),
        (_("Record"), {"fields": (("created_by", "created_at", "updated_at"),)}),
    )

    def get_inlines(self, request, obj):
        return without_event_log(super().get_inlines(request, obj), obj)

    @admin.display(description=_("number"))
    def reference(self, obj):
        return obj.tracking_number or obj.external_reference or "—"

    @admin.display(description=_("petitioner"))
    def petitioner(self, obj):
        if not obj.petitioner_name:
            return "—"
        masked = _mask_phone(obj.phone)
        return f"{obj.petitioner_name} {masked}".strip()

    @admin.display(description=_("decided in time"), boolean=True)
    def accepted_in_time_display(self, obj):
        return obj.accepted_in_time if obj and obj.pk else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add:
            # The petition's own page shows the petitioner's data in full.
            record_personal_data_access(
                user=request.user,
                obj=obj,
                what=gettext("Petition page with the petitioner's full data"),
                path=request.get_full_path(),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if obj.published and not obj.published_at:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_saved(
            petition=form.instance, by=request.user, created=not change, fields=form.changed_data
        )

    @admin.action(
        description=_("Withdraw the selected letters from publication"), permissions=["change"]
    )
    def unpublish_selected(self, request, queryset):
        count = 0
        for petition in queryset.filter(published=True):
            try:
                unpublish_petition(petition=petition, by=request.user)
            except PetitionError as exc:  # pragma: no cover - unpublishing is always allowed
                self.message_user(request, str(exc), messages.ERROR)
                continue
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d letter withdrawn from publication.",
                "%(count)d letters withdrawn from publication.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
