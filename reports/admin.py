"""Staff admin of annual reports: write the prose, see checks and preview, publish revisions.

One page per report (organization, year, format): the prose of each section
with placeholders, a live preview in which the cells of failing checks are
highlighted, the failing checks at the top, the entered figures the report uses
and its published revisions. Staff manage their organization's reports
(`OrganizationScopedAdminMixin`); a supervisor manages all. The admin's front
page reminds of reports due under 第四十九条.
"""

import csv
import io
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.downloads import safe_filename
from core.spreadsheets import safe_cell, write_table_xlsx
from disclosure.admin.scoping import (
    AuthorTrackingAdminMixin,
    OrganizationScopedAdminMixin,
    ScopedOrganizationFilter,
    scope_ids,
)
from disclosure.jobs import start_job
from disclosure.services.publishing import today_in_china
from reports.engine import formats, layouts, tables
from reports.engine.document import ReportDocument
from reports.engine.figures import registry, validate_entered_key
from reports.engine.generate import build_from_record, build_report
from reports.engine.placeholders import format_number, keys_in
from reports.jobs import DOCUMENTS_KIND
from reports.models import EnteredFigure, Report, ReportRevision, ReportSection
from reports.outputs.common import attachment_header, download_filename
from reports.outputs.html import to_html
from reports.outputs.renderers import BINARY, RENDERERS
from reports.reminders import publication_reminders
from reports.services import (
    ConfirmationRequired,
    PublishNotAllowed,
    ReportPublishError,
    blocking_checks,
    can_publish,
    publication_checks,
    publish_report,
)
from reports.summary import HEADINGS as SUMMARY_HEADINGS
from reports.summary import export_columns as summary_export_columns
from reports.summary import export_rows as summary_export_rows
from reports.summary import organization_summary
from reports.summary import totals as summary_totals
from reports.validators import FIRST_YEAR, LAST_YEAR
from requests_app.applications.models import ApplicationStatus
from requests_app.applications.selectors import desk_counts as application_desk
from requests_app.applications.selectors import soon_cutoff_or_fallback
from requests_app.petitions.selectors import desk_counts as petition_desk
from requests_app.proposals.selectors import desk_counts as proposal_desk

DOCUMENT_FORMATS = ("docx", "xlsx", "json", "csv")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
# How many reminders the admin's front page lists before linking to the full list.
INDEX_REMINDERS = 10
# "Due soon" on the officer's desk: within this many working days.
SOON_WORKDAYS = 5


def entered_figure_choices():
    return [(f.key, f"{f.label}（{f.key}）") for f in registry.all() if f.entered]


class EnteredFigureForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("figure"), choices=entered_figure_choices)

    class Meta:
        model = EnteredFigure
        fields = ["organization", "year", "key", "value", "qualifier", "note"]

    def clean_key(self):
        key = self.cleaned_data["key"]
        validate_entered_key(key)
        return key


@admin.register(EnteredFigure)
class EnteredFigureAdmin(AuthorTrackingAdminMixin, OrganizationScopedAdminMixin, admin.ModelAdmin):
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
        # Plainly, as the report prints it: 37000, not Decimal.normalize()'s 3.7E+4.
        value = format_number(obj.value, 4) if obj.value is not None else ""
        return f"{value} {obj.get_qualifier_display() if obj.qualifier else ''}".strip()


class ReportSectionFormSet(forms.BaseInlineFormSet):
    """Each section titled by its heading in the report's format (the model knows its key)."""

    def get_queryset(self):
        sections = super().get_queryset()
        for section in sections:  # evaluated once: the forms are built from these rows
            section.heading = section_heading(section)
        return sections


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    formset = ReportSectionFormSet
    extra = 0
    fields = ["table_note", "text"]
    readonly_fields = ["table_note"]
    can_delete = False
    ordering = ["pk"]
    formfield_overrides = {
        models.TextField: {
            "widget": forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField report-prose"})
        }
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("report")

    def has_add_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        # The note on a section's table only for the national format, which has tables.
        if obj is not None and obj.format == "gb2021":
            return self.fields
        return ["text"]

    @admin.display(description=_("table"))
    def table_note(self, obj):
        definition = _section_definition(obj)
        if definition is None or not definition.table:
            return "—"
        return gettext("The table of the national format follows the text: %(title)s") % {
            "title": layouts.TABLE_TITLES[definition.table]
        }


def _section_definition(section: ReportSection):
    if section.report_id is None:
        return None
    fmt = section.report.format
    return next((s for s in formats.sections(fmt) if s.key == section.key), None)


def section_heading(section: ReportSection) -> str:
    """The section's heading in its report's format; the introduction has none."""
    definition = _section_definition(section)
    if definition is None:
        return section.key
    return definition.heading or gettext("Introduction")


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Note on what changed"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_(
            "Shown to the public with the revision. Required for a correction of a "
            "published report."
        ),
    )
    confirm_failing_checks = forms.BooleanField(
        label=_("Publish although checks fail"),
        required=False,
        help_text=_("Your confirmation and the failing checks are recorded with the revision."),
    )

    def __init__(self, *args, published: bool, blocking: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.published = published
        self.blocking = blocking
        if published:
            self.fields["note"].required = True
        if not blocking:
            del self.fields["confirm_failing_checks"]


def entered_keys_used(report: Report, texts: dict[str, str] | None = None) -> list[str]:
    """Entered figures the report's prose (or the format's default) and tables use."""
    if texts is None:
        texts = {s.key: s.text for s in report.sections.all()}
    used: set[str] = set()
    kind = report.organization.kind
    for definition in formats.sections(report.format):
        text = texts.get(definition.key)
        used.update(keys_in(definition.default_for(kind) if text is None else text))
    if report.format == "gb2021":
        used.update(f"table2.{row}.{column}" for row, column in tables.TABLE2_ENTERED.items())
    return sorted(k for k in used if (d := registry.get(k)) is not None and d.entered)


def preview_html(doc: ReportDocument) -> str:
    """The report as the public would read it, with the cells of failing checks highlighted."""
    html = to_html(doc, standalone=False)
    for check in doc.failing_checks:
        for key in check.cells:
            html = html.replace(
                f'data-key="{key}"',
                f'data-key="{key}" class="check-{check.severity}" title="{check.rule}"',
                1,
            )
    # Rendered by our template with autoescaping on; only our own attributes are added.
    return mark_safe(html)


@admin.register(Report)
class ReportAdmin(AuthorTrackingAdminMixin, OrganizationScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "display_title",
        "organization",
        "year",
        "format",
        "status",
        "latest_revision",
        "updated_at",
    ]
    list_filter = ["status", "year", "format", ("organization", ScopedOrganizationFilter)]
    list_select_related = ["organization"]
    inlines = [ReportSectionInline]
    readonly_fields = ["status"]
    fieldsets = [
        (
            None,
            {"fields": ["organization", "year", "format", "status", "include_children", "title"]},
        ),
    ]
    change_form_template = "admin/reports/report/change_form.html"
    actions = ["documents_docx", "documents_xlsx"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_latest_revision()

    # --- the documents of many reports, as a background job (reports/jobs.py) ---------------

    @admin.action(description=_("Word documents (.docx) of the selected reports, as one zip"))
    def documents_docx(self, request, queryset):
        return self._documents_job(request, queryset, "docx")

    @admin.action(description=_("Spreadsheets (.xlsx) of the selected reports, as one zip"))
    def documents_xlsx(self, request, queryset):
        return self._documents_job(request, queryset, "xlsx")

    def _documents_job(self, request, queryset, extension):
        ids = sorted(queryset.values_list("pk", flat=True))
        job = start_job(
            DOCUMENTS_KIND,
            user=request.user,
            params={
                "report_ids": ids,
                "format": extension,
                "description": gettext("%(count)d reports, .%(format)s")
                % {"count": len(ids), "format": extension},
            },
        )
        return HttpResponseRedirect(reverse("admin:disclosure_job_change", args=[job.pk]))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["organization", "year", "format"]
        return fields

    def has_delete_permission(self, request, obj=None):
        # Published reports stay: their revisions are the public record.
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("title"), ordering="title")
    def display_title(self, obj):
        return obj.display_title

    @admin.display(description=_("latest revision"), ordering="latest_number")
    def latest_revision(self, obj):
        number = getattr(obj, "latest_number", None)
        if not number:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("reports:revision", args=[*obj.url_args(), number]),
            gettext("Revision %(number)d of %(date)s")
            % {"number": number, "date": obj.latest_published_on.isoformat()},
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A new report starts from the format's default text, one section per heading.
        existing = set(obj.sections.values_list("key", flat=True))
        ReportSection.objects.bulk_create(
            ReportSection(report=obj, key=s.key, text=s.default_for(obj.organization.kind))
            for s in formats.sections(obj.format)
            if s.key not in existing
        )

    # --- extra pages ------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("reminders/", wrap(self.reminders_view), name="reports_report_reminders"),
            path("summary/", wrap(self.summary_view), name="reports_report_summary"),
            path(
                "<path:object_id>/publish/", wrap(self.publish_view), name="reports_report_publish"
            ),
            path(
                "<path:object_id>/preview/", wrap(self.preview_view), name="reports_report_preview"
            ),
            path(
                "<path:object_id>/draft.<slug:extension>",
                wrap(self.draft_document_view),
                name="reports_report_draft",
            ),
            *super().get_urls(),
        ]

    def _viewable(self, request, object_id) -> Report:
        obj = self.get_object(request, object_id)  # 403 outside the user's scope
        if obj is None:
            raise Http404(gettext("No such report."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if obj is not None:
            # Built only if the page is rendered (not on a successful save's redirect).
            doc = SimpleLazyObject(lambda: build_from_record(obj))
            extra_context.update(self._editor_context(request, obj, doc))
        return super().change_view(request, object_id, form_url, extra_context)

    def _editor_context(self, request, obj: Report, doc) -> dict:
        return {
            "report_doc": doc,
            "report_preview": SimpleLazyObject(lambda: preview_html(doc)),
            "report_figures": SimpleLazyObject(lambda: self._figure_rows(obj, doc)),
            "report_revisions": SimpleLazyObject(
                lambda: list(obj.revisions.select_related("published_by", "confirmed_by"))
            ),
            "report_can_publish": can_publish(request.user, obj),
            "report_document_formats": DOCUMENT_FORMATS,
            "report_entered_changelist": reverse("admin:reports_enteredfigure_changelist")
            + f"?organization__id__exact={obj.organization_id}&year={obj.year}",
            "report_entered_add": reverse("admin:reports_enteredfigure_add")
            + f"?organization={obj.organization_id}&year={obj.year}",
        }

    def _figure_rows(self, obj: Report, doc) -> list[dict]:
        """The entered figures the report uses, and those entered for its year but unused."""
        used = entered_keys_used(obj)
        entered = {
            e.key: e
            for e in EnteredFigure.objects.filter(organization=obj.organization, year=obj.year)
        }
        add = reverse("admin:reports_enteredfigure_add")
        rows = []
        for key in [*used, *sorted(set(entered) - set(used))]:
            definition = registry.get(key)
            record = entered.get(key)
            figure = doc.figures.get(key)
            rows.append(
                {
                    "key": key,
                    "label": definition.label if definition else key,
                    "unit": definition.unit if definition else "",
                    "used": key in used,
                    "record": record,
                    "value": doc.cell_text(key) if figure is not None else "",
                    "qualifier": record.get_qualifier_display()
                    if record and record.qualifier
                    else "",
                    "url": reverse("admin:reports_enteredfigure_change", args=[record.pk])
                    if record
                    else f"{add}?organization={obj.organization_id}&year={obj.year}&key={key}",
                }
            )
        return rows

    def preview_view(self, request, object_id):
        """The preview panel for the prose as typed (not saved): the page's live preview."""
        obj = self._viewable(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:reports_report_change", args=[obj.pk]))
        sections = {str(s.pk): s.key for s in obj.sections.all()}
        texts = {}
        try:
            total = int(request.POST.get("sections-TOTAL_FORMS", 0))
        except ValueError:
            total = 0
        for i in range(min(total, 100)):
            key = sections.get(request.POST.get(f"sections-{i}-id", ""))
            if key is not None:
                texts[key] = request.POST.get(f"sections-{i}-text", "")
        if "title" in request.POST:
            title = request.POST.get("title", "").strip()
            include_children = request.POST.get("include_children") == "on"
        else:
            title, include_children = obj.title, obj.include_children
        known = {s.key: s.text for s in obj.sections.all()}
        doc = build_report(
            organization=obj.organization,
            year=obj.year,
            format=obj.format,
            include_children=include_children,
            texts={**known, **texts},
            title=title,
        )
        html = render_to_string(
            "admin/reports/report/preview_panel.html",
            {"report_doc": doc, "report_preview": preview_html(doc), "original": obj},
            request=request,
        )
        return HttpResponse(html)

    def draft_document_view(self, request, object_id, extension):
        """The four documents of the current draft, marked 【草稿】 (JSON: "draft": true)."""
        obj = self._viewable(request, object_id)
        if extension not in DOCUMENT_FORMATS:
            raise Http404(gettext("No such document format."))
        doc = build_from_record(obj, draft=True)
        content = RENDERERS[extension](doc)
        if extension not in BINARY and isinstance(content, str):
            content = content.encode("utf-8-sig" if extension == "csv" else "utf-8")
        response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
        response["Content-Disposition"] = attachment_header(
            f"{download_filename(doc.title, draft=True)}.{extension}",
            fallback=f"{obj.organization.code}-{obj.year}-{obj.format}-draft.{extension}",
        )
        return response

    def publish_view(self, request, object_id):
        obj = self._viewable(request, object_id)
        if not can_publish(request.user, obj):
            raise PermissionDenied
        doc = build_from_record(obj, draft=False)
        today = today_in_china()
        failing = publication_checks(doc, today)
        blocking = blocking_checks(doc, today)
        revisions = list(obj.revisions.select_related("published_by"))
        form_kwargs = {"published": bool(revisions), "blocking": blocking}
        if request.method == "POST":
            form = PublishForm(request.POST, **form_kwargs)
            if form.is_valid():
                try:
                    revision = publish_report(
                        report=obj,
                        by=request.user,
                        note=form.cleaned_data["note"],
                        confirm_failing_checks=form.cleaned_data.get(
                            "confirm_failing_checks", False
                        ),
                    )
                except PublishNotAllowed:
                    raise PermissionDenied from None
                except ConfirmationRequired as exc:
                    # The checks changed since the page was shown: ask again with the new list.
                    blocking = exc.checks
                    form = PublishForm(request.POST, published=bool(revisions), blocking=blocking)
                    form.is_valid()
                    form.add_error("confirm_failing_checks", exc.message)
                except ReportPublishError as exc:
                    form.add_error(None, exc.message)
                else:
                    self.message_user(
                        request,
                        format_html(
                            "{} <a href='{}'>{}</a>",
                            gettext("“%(title)s” was published as revision %(number)d.")
                            % {"title": revision.title, "number": revision.number},
                            revision.get_absolute_url(),
                            gettext("View it on the public site"),
                        ),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:reports_report_change", args=[obj.pk])
                    )
        else:
            form = PublishForm(**form_kwargs)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Publish “%(title)s”") % {"title": obj.display_title},
            "subtitle": None,
            "opts": self.opts,
            "original": obj,
            "form": form,
            "report_doc": doc,
            "blocking": blocking,
            "warnings": [c for c in failing if c not in blocking],
            "revisions": revisions,
            "next_number": len(revisions) + 1,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/reports/report/publish.html", context)

    def reminders_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        today = today_in_china()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Annual reports due"),
            "subtitle": None,
            "opts": self.opts,
            "reminders": publication_reminders(organization_ids=scope_ids(request), today=today),
            "today": today,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/reports/report/reminders.html", context)

    def summary_view(self, request):
        """Every organization in the user's scope: 表三 totals of a year, late and overdue
        answers, whether the report is published; as a page, CSV or XLSX (?download=)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        today = today_in_china()
        form = SummaryYearForm(request.GET or None)
        year = today.year - 1
        if form.is_valid() and form.cleaned_data["year"]:
            year = form.cleaned_data["year"]
        rows = organization_summary(organization_ids=scope_ids(request), year=year, today=today)
        download = request.GET.get("download")
        if download in ("csv", "xlsx"):
            return summary_download(rows, year=year, extension=download)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Applications by organization, %(year)s") % {"year": year},
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "year": year,
            "today": today,
            "rows": rows,
            "totals": summary_totals(rows),
            "headings": SUMMARY_HEADINGS,
            "first_year": FIRST_YEAR,
            "last_year": LAST_YEAR,
            # A table of thirteen columns: the page's whole width, without the app sidebar.
            "is_nav_sidebar_enabled": False,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/reports/report/summary.html", context)


class SummaryYearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        error_messages={
            "min_value": _("Choose a year from %(limit_value)s."),
            "max_value": _("Choose a year up to %(limit_value)s."),
            "invalid": _("Enter a year such as 2025."),
        },
    )


def summary_download(rows, *, year: int, extension: str) -> HttpResponse:
    """The summary as CSV (UTF-8 with BOM, for Excel) or XLSX, with Chinese headings."""
    title = gettext("Applications by organization, %(year)s") % {"year": year}
    columns = summary_export_columns()
    if extension == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([c.heading for c in columns])
        for row in summary_export_rows(rows):
            writer.writerow([safe_cell(value) for value in row])
        content = buffer.getvalue().encode("utf-8-sig")
    else:
        target = io.BytesIO()
        write_table_xlsx(target, title=title, columns=columns, rows=summary_export_rows(rows))
        content = target.getvalue()
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = attachment_header(
        f"{safe_filename(title)}.{extension}", fallback=f"summary-{year}.{extension}"
    )
    return response


@admin.register(ReportRevision)
class ReportRevisionAdmin(OrganizationScopedAdminMixin, admin.ModelAdmin):
    """Read-only record of what was published, by whom, and which failing checks were confirmed."""

    organization_field = "report__organization"
    list_display = [
        "title",
        "number",
        "published_on",
        "published_by",
        "confirmed_failing_checks",
        "public_link",
    ]
    list_filter = ["published_on", "confirmed_failing_checks"]
    list_select_related = ["report__organization", "published_by"]
    fields = [
        "report",
        "number",
        "title",
        "note",
        "published_on",
        "published_at",
        "published_by",
        "confirmed_failing_checks",
        "confirmed_by",
        "checks_at_publication",
        "public_link",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("snapshot", "html", "text")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("public page"))
    def public_link(self, obj):
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())

    @admin.display(description=_("failing checks at publication"))
    def checks_at_publication(self, obj):
        if not obj.failing_checks:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>[{}] {}: {}</li>",
                ((c["severity"], c["rule"], c["message"]) for c in obj.failing_checks),
            ),
        )


# --- the admin's front page: reports due under 第四十九条 ------------------------------------


@dataclass(frozen=True)
class DeskItem:
    label: str
    count: int
    url: str
    urgent: bool  # past a legal date


def officer_desk(request, *, today) -> list[DeskItem]:
    """The day's pending work in the user's organizations, the most urgent first: one
    query per kind of record the user may see, whatever the number of records."""
    organization_ids = scope_ids(request)
    user = request.user
    soon = soon_cutoff_or_fallback(today=today, workdays=SOON_WORKDAYS).day
    urgent: list[DeskItem] = []
    pending: list[DeskItem] = []

    def url(name, query):
        return f"{reverse(f'admin:requests_app_{name}_changelist')}?{query}"

    if user.has_perm("requests_app.view_application"):
        apps = application_desk(organization_ids=organization_ids, today=today, soon_until=soon)
        urgent.append(
            DeskItem(
                gettext("Applications overdue"),
                apps.overdue,
                url("application", "deadline=overdue"),
                True,
            )
        )
        pending += [
            DeskItem(
                gettext("Applications due within 5 working days"),
                apps.due_soon,
                url("application", "deadline=soon"),
                False,
            ),
            DeskItem(
                gettext("Applications awaiting confirmation of receipt"),
                apps.awaiting_confirmation,
                url("application", f"status__exact={ApplicationStatus.AWAITING_CONFIRMATION}"),
                False,
            ),
        ]
    if user.has_perm("requests_app.view_petition"):
        petitions = petition_desk(organization_ids=organization_ids, today=today)
        urgent.append(
            DeskItem(
                gettext("Petitions past the 15 days for the decision on acceptance"),
                petitions.decision_overdue,
                url("petition", "acceptance=overdue"),
                True,
            )
        )
        pending.append(
            DeskItem(
                gettext("Petitions awaiting the decision on acceptance"),
                petitions.awaiting_decision,
                url("petition", "acceptance=pending"),
                False,
            )
        )
    if user.has_perm("requests_app.view_proposal"):
        proposals = proposal_desk(organization_ids=organization_ids, today=today, soon_until=soon)
        urgent.append(
            DeskItem(
                gettext("Proposals not answered and past the due date"),
                proposals.overdue,
                url("proposal", "overdue=yes"),
                True,
            )
        )
        pending.append(
            DeskItem(
                gettext("Proposals due within 5 working days"),
                proposals.due_soon,
                url("proposal", "overdue=soon"),
                False,
            )
        )
    return urgent + pending


def _install_reminders(site: admin.AdminSite) -> None:
    if getattr(site, "_report_reminders_installed", False):
        return
    site._report_reminders_installed = True
    original_index = site.index
    site.index_template = "admin/reports/index.html"

    def index(request, extra_context=None):
        extra_context = dict(extra_context or {})
        today = today_in_china()
        extra_context["desk"] = officer_desk(request, today=today)
        if request.user.has_perm("reports.view_report"):
            reminders = publication_reminders(organization_ids=scope_ids(request), today=today)
            # The report now due (this year's statutory date) row by row; older years
            # counted, the full list a link away.
            current = [r for r in reminders if r.due_on.year >= today.year]
            extra_context["report_reminders"] = current[:INDEX_REMINDERS]
            extra_context["report_reminders_more"] = max(0, len(current) - INDEX_REMINDERS)
            extra_context["report_reminders_older"] = len(reminders) - len(current)
            extra_context["report_reminders_total"] = len(reminders)
        return original_index(request, extra_context)

    site.index = index


_install_reminders(admin.site)
