from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from disclosure.admin.scoping import OrganizationScopedAdminMixin, ScopedOrganizationFilter

from . import formats
from .figures import registry
from .generate import build_from_record, known_figure_keys
from .models import EnteredFigure, Report, ReportSection
from .outputs import to_html


def entered_figure_choices():
    known_figure_keys()  # make sure the providers registered their figures
    return [(f.key, f"{f.label}（{f.key}）") for f in registry.all() if f.entered]


class EnteredFigureForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("figure"), choices=entered_figure_choices)

    class Meta:
        model = EnteredFigure
        fields = ["organization", "year", "key", "value", "qualifier", "note"]


@admin.register(EnteredFigure)
class EnteredFigureAdmin(OrganizationScopedAdminMixin, admin.ModelAdmin):
    form = EnteredFigureForm
    list_display = ["organization", "year", "key", "label", "display_value", "note", "updated_at"]
    list_filter = ["year", ("organization", ScopedOrganizationFilter)]
    search_fields = ["key", "note"]
    list_select_related = ["organization"]
    ordering = ["organization", "-year", "key"]

    @admin.display(description=_("label"))
    def label(self, obj):
        definition = registry.get(obj.key)
        return definition.label if definition else "—"

    @admin.display(description=_("value"))
    def display_value(self, obj):
        value = obj.value.normalize() if obj.value is not None else ""
        return f"{value} {obj.get_qualifier_display() if obj.qualifier else ''}".strip()

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    extra = 0
    fields = ["key", "text"]
    readonly_fields = ["key"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(OrganizationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["display_title", "organization", "year", "format", "updated_at"]
    list_filter = ["year", "format", ("organization", ScopedOrganizationFilter)]
    list_select_related = ["organization"]
    inlines = [ReportSectionInline]
    readonly_fields = ["checks", "preview"]
    fieldsets = [
        (None, {"fields": ["organization", "year", "format", "include_children", "title"]}),
        (_("Checks"), {"fields": ["checks"]}),
        (_("Preview"), {"fields": ["preview"], "classes": ["collapse"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["organization", "year", "format"]
        return fields

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        # A new report starts from the format's default text, one section per heading.
        existing = set(obj.sections.values_list("key", flat=True))
        ReportSection.objects.bulk_create(
            ReportSection(report=obj, key=s.key, text=s.default_text)
            for s in formats.sections(obj.format)
            if s.key not in existing
        )

    @admin.display(description=_("Checks"))
    def checks(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        doc = build_from_record(obj)
        return format_html(
            "<ul class='report-checks'>{}</ul>",
            format_html_join(
                "",
                "<li class='{}'><strong>{} {}</strong> {}</li>",
                (
                    (
                        "ok" if c.ok else c.severity,
                        "✔" if c.ok else "✘",
                        c.rule,
                        c.message,
                    )
                    for c in doc.checks
                ),
            ),
        )

    @admin.display(description=_("Preview"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        doc = build_from_record(obj)
        failing = {key for c in doc.failing_checks for key in c.cells}
        html = to_html(doc, standalone=False)
        for key in failing:
            html = html.replace(
                f'data-key="{key}"', f'data-key="{key}" style="background:#fdd;outline:2px solid #c00"'
            )
        return mark_safe(html)  # rendered by our template with autoescaping on
