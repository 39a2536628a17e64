"""Admin of reconsideration and litigation cases (表四), scoped to the user's organizations."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from disclosure.admin.filters import YearFilter
from disclosure.admin.scoping import (
    AuthorTrackingAdminMixin,
    OrganizationScopedAdminMixin,
    ScopedOrganizationFilter,
    scope_ids,
)
from requests_app.applications.models import Application, ReviewCase


class ReviewYearFilter(YearFilter):
    title = _("year received")
    year_lookup = "received_on__year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("received_on", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]


class ReviewCaseForm(forms.ModelForm):
    class Meta:
        model = ReviewCase
        fields = [
            "case_number",
            "organization",
            "kind",
            "received_on",
            "result",
            "closed_on",
            "application",
            "notes",
        ]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


@admin.register(ReviewCase)
class ReviewCaseAdmin(AuthorTrackingAdminMixin, OrganizationScopedAdminMixin, admin.ModelAdmin):
    form = ReviewCaseForm
    list_display = (
        "case_number",
        "organization",
        "kind",
        "received_on",
        "result",
        "closed_on",
        "application",
    )
    list_filter = (
        "kind",
        "result",
        ("organization", ScopedOrganizationFilter),
        ReviewYearFilter,
    )
    search_fields = ("case_number", "application__tracking_number")
    list_select_related = ("organization", "application")
    autocomplete_fields = ("application",)
    readonly_fields = ("is_historical", "created_at", "updated_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("case_number", "organization"),
                    ("kind", "received_on"),
                    ("result", "closed_on"),
                    "application",
                    "notes",
                )
            },
        ),
        (
            _("Record"),
            {"classes": ("collapse",), "fields": ("is_historical", "created_at", "updated_at")},
        ),
    )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("organization", request.user.organization_id)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "application":
            kwargs["queryset"] = Application.objects.for_organizations(scope_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
