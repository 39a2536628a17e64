"""Admin of deputies' suggestions and CPPCC proposals, scoped by their lead organization."""

from django import forms
from django.contrib import admin, messages
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from disclosure.admin.filters import YearFilter
from disclosure.admin.scoping import (
    AuthorTrackingAdminMixin,
    OrganizationScopedAdminMixin,
    ScopedOrganizationFilter,
)
from requests_app.admin_inlines import EventLogInline, without_event_log
from requests_app.proposals.models import Proposal, ProposalEvent, ProposalProposer
from requests_app.proposals.selectors import soon_cutoff
from requests_app.proposals.services import (
    ProposalError,
    default_due_on,
    publish_reply,
    record_saved,
    unpublish_reply,
)


class ProposalAdminForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = (
            "kind",
            "session",
            "number",
            "title",
            "content",
            "lead_organization",
            "co_organizations",
            "assigned_on",
            "due_on",
            "answered_on",
            "category",
            "satisfaction",
            "reply_text",
            "publish_reply",
        )

    def clean(self):
        data = super().clean()
        # The default due date (three months, or PROPOSAL_REPLY_MONTHS) is filled in
        # before the model's own checks run, so they see the real value.
        if not data.get("due_on") and data.get("assigned_on"):
            data["due_on"] = default_due_on(data["assigned_on"])
            self.instance.due_on = data["due_on"]
        return data


class ProposalYearFilter(YearFilter):
    year_lookup = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(y), str(y)) for y in years]


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (
            ("yes", _("Not answered and past the due date")),
            ("soon", _("Not answered, due within 5 working days")),
            ("late", _("Answered after the due date")),
        )

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue(on=timezone.localdate())
        if self.value() == "soon":
            today = timezone.localdate()
            return queryset.due_between(today, soon_cutoff(today=today))
        if self.value() == "late":
            return queryset.answered().filter(answered_on__gt=F("due_on"))
        return queryset


class ProposerInline(admin.TabularInline):
    model = ProposalProposer
    fields = ("name", "affiliation", "sort_order")
    extra = 1


class ProposalEventInline(EventLogInline):
    model = ProposalEvent


@admin.register(Proposal)
class ProposalAdmin(AuthorTrackingAdminMixin, OrganizationScopedAdminMixin, admin.ModelAdmin):
    form = ProposalAdminForm
    organization_field = "lead_organization"
    scoped_organization_fields = ("lead_organization",)
    list_display = (
        "number",
        "title",
        "kind",
        "session",
        "lead_organization",
        "assigned_on",
        "due_on",
        "answered_on",
        "category",
        "satisfaction",
        "publish_reply",
    )
    list_display_links = ("number", "title")
    list_filter = (
        ProposalYearFilter,
        "kind",
        "category",
        "satisfaction",
        OverdueFilter,
        "publish_reply",
        ("lead_organization", ScopedOrganizationFilter),
    )
    search_fields = ("title", "number", "session", "proposers__name")
    list_select_related = ("lead_organization",)
    list_per_page = 50
    filter_horizontal = ("co_organizations",)
    inlines = (ProposerInline, ProposalEventInline)
    actions = ("publish_selected", "unpublish_selected")
    readonly_fields = ("year", "published_at", "created_at", "updated_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("kind", "session", "number"),
                    "title",
                    "content",
                    ("lead_organization", "year"),
                    "co_organizations",
                    ("assigned_on", "due_on"),
                )
            },
        ),
        (
            _("Answer"),
            {
                "fields": (
                    ("answered_on", "category", "satisfaction"),
                    "reply_text",
                    ("publish_reply", "published_at"),
                )
            },
        ),
        (_("Record"), {"fields": (("created_at", "updated_at"),)}),
    )

    def get_inlines(self, request, obj):
        return without_event_log(super().get_inlines(request, obj), obj)

    def save_model(self, request, obj, form, change):
        if obj.publish_reply and not obj.published_at:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # An inline that changed (the proposers) is named by its prefix, e.g. "proposers".
        changed = [*form.changed_data, *(f.prefix for f in formsets if f.has_changed())]
        record_saved(proposal=form.instance, by=request.user, created=not change, fields=changed)

    @admin.action(
        description=_("Publish the replies of the selected proposals"), permissions=["change"]
    )
    def publish_selected(self, request, queryset):
        done, refused = 0, 0
        for proposal in queryset.filter(publish_reply=False):
            try:
                publish_reply(proposal=proposal, by=request.user)
            except ProposalError:
                refused += 1
                continue
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d reply published.", "%(count)d replies published.", done)
            % {"count": done},
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d proposal has no answer yet and was not published.",
                    "%(count)d proposals have no answer yet and were not published.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )

    @admin.action(
        description=_("Withdraw the replies of the selected proposals"), permissions=["change"]
    )
    def unpublish_selected(self, request, queryset):
        count = 0
        for proposal in queryset.filter(publish_reply=True):
            unpublish_reply(proposal=proposal, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d reply withdrawn.", "%(count)d replies withdrawn.", count)
            % {"count": count},
            messages.SUCCESS,
        )
