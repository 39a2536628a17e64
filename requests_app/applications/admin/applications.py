"""The staff queue of disclosure applications and the workflow steps.

Lists show personal data masked (`requests_app.applications.privacy`); the full identity
number, phone, email and address appear only on the application's own page,
and there only to staff of its own organization (or a superuser): staff of a
parent organization and supervisors see the masks there too.
Every state change goes through a service in `requests_app.applications.services.workflow`.
"""

import tempfile
import threading
from datetime import date

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.downloads import attachment_header, safe_filename
from disclosure.admin.calendar_warning import calendar_entry_url
from disclosure.admin.filters import YearFilter
from disclosure.admin.personal_data import PersonalDataAdminMixin
from disclosure.admin.scoping import (
    OrganizationScopedAdminMixin,
    ScopedOrganizationFilter,
    in_scope,
    scoped_organizations,
)
from disclosure.jobs import start_job
from disclosure.models.calendar import load_work_calendar
from disclosure.services.personal_data import record_personal_data_access
from disclosure.workdays import CalendarNotCovered, WorkCalendar, provisional_note
from requests_app.applications import event_data, ledger
from requests_app.applications.admin.article44 import Article44AdminMixin
from requests_app.applications.admin.letters import IssuedLetterInline, LetterAdminMixin
from requests_app.applications.admin.steps import STEPS, RegisterApplicationForm
from requests_app.applications.fees import FeeMethod
from requests_app.applications.ledger import ledger_rows, write_ledger_csv, write_ledger_xlsx
from requests_app.applications.models import (
    APPLICANT_FIELDS,
    Application,
    ApplicationEvent,
    LetterKind,
    Outcome,
    ReplyAttachment,
    SubmissionChannel,
)
from requests_app.applications.privacy import (
    mask_address,
    mask_email,
    mask_id,
    mask_phone,
    sees_full_personal_data,
)
from requests_app.applications.selectors import (
    allowed_steps,
    days_left,
    explain_due_date,
    provisional_years,
    soon_cutoff_or_fallback,
    unconfirmed_cutoff,
)
from requests_app.applications.services.query_codes import forget_query_code
from requests_app.applications.services.recovery import reissue_query_code_by_staff
from requests_app.applications.services.registration import register_application
from requests_app.applications.services.workflow import WorkflowError
from requests_app.applications.states import steps_from

SOON_WORKDAYS = 5
# Session key: the codes of the application just registered, for the result page.
REGISTERED_KEY = "admin:application-registered"

_local = threading.local()


def _calendar() -> WorkCalendar:
    """One calendar per request thread for the list's "days left" column."""
    cal = getattr(_local, "calendar", None)
    if cal is None:
        cal = _local.calendar = load_work_calendar()
    return cal


def due_soon_cutoff(today: date) -> date:
    """today + 5 working days; over-inclusive (two weeks) when next year's calendar is missing."""
    return soon_cutoff_or_fallback(today=today, workdays=SOON_WORKDAYS, calendar=_calendar()).day


def _provisional_date(obj, day):
    """The date, tagged 暂定 when it was counted on a year not entered in the calendar."""
    if day is None:
        return "—"
    if not obj.dates_provisional:
        return day.isoformat()
    return format_html(
        '{} <strong class="provisional flag-soon" title="{}">{}</strong>',
        day.isoformat(),
        gettext(
            "Counted on a year whose holiday arrangement is not entered; it may move when "
            "the year is entered."
        ),
        gettext("provisional (暂定)"),
    )


# Personal data and what replaces it on the change page for staff outside the organization.
MASKED_FIELDS = {
    "id_number": "masked_id",
    "phone": "masked_phone",
    "email": "masked_email",
    "address": "masked_address",
    "identity_proof_link": "identity_proof_withheld",
}


def _swap_fields(fields, swaps: dict[str, str]):
    swapped = []
    for entry in fields:
        if isinstance(entry, list | tuple):
            swapped.append(tuple(swaps.get(name, name) for name in entry))
        else:
            swapped.append(swaps.get(entry, entry))
    return tuple(swapped)


def deadline_warning(obj, *, today: date) -> dict | None:
    """What the top of an open application's page warns of: overdue, or due within 5
    working days (the `days_left` of the queue), with the due date."""
    try:
        left = days_left(obj, today=today, calendar=load_work_calendar())
    except CalendarNotCovered:
        left = None
    if left is None or left > SOON_WORKDAYS:
        return None
    due = obj.due_on.isoformat()
    if left < 0:
        text = ngettext(
            "Overdue by %(n)d working day: the reply was due on %(due)s.",
            "Overdue by %(n)d working days: the reply was due on %(due)s.",
            -left,
        ) % {"n": -left, "due": due}
        return {"level": "overdue", "text": text}
    if left == 0:
        text = gettext("Due today: the reply is due on %(due)s.") % {"due": due}
    else:
        text = ngettext(
            "Due soon: %(n)d working day left, the reply is due on %(due)s.",
            "Due soon: %(n)d working days left, the reply is due on %(due)s.",
            left,
        ) % {"n": left, "due": due}
    return {"level": "soon", "text": text}


LEDGER_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def ledger_filename(user, *, full: bool) -> tuple[str, str]:
    """The ledger's file name, in Chinese, and its ASCII fallback (without extension).

    自流井区人民政府依申请公开台账（2026年12月5日导出）
    """
    today = timezone.localdate()
    organization = user.organization if user.organization_id else None
    name = gettext("%(organization)sLedger of applications (exported on %(date)s)") % {
        "organization": organization.name if organization else "",
        "date": date_format(today, "DATE_FORMAT"),
    }
    if full:
        name += gettext(" (with personal data)")
    fallback = f"ledger-{organization.code if organization else 'all'}-{today:%Y%m%d}"
    return safe_filename(name), fallback + ("-full" if full else "")


class DeadlineFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return (
            ("overdue", _("Overdue")),
            ("soon", _("Due within 5 working days")),
            ("stopped", _("Period stopped")),
            ("wait_over", _("Correction, payment or consultation time over")),
            ("unconfirmed", _("Awaiting confirmation for more than 1 working day")),
        )

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "overdue":
            return queryset.overdue(on=today)
        if value == "soon":
            return queryset.due_between(today, due_soon_cutoff(today))
        if value == "stopped":
            return queryset.open().filter(due_on__isnull=True)
        if value == "wait_over":
            return queryset.wait_expired(on=today)
        if value == "unconfirmed":
            return queryset.unconfirmed_before(
                unconfirmed_cutoff(today=today, calendar=_calendar())
            )
        return queryset


class ReceivedYearFilter(YearFilter):
    title = _("year received")
    year_lookup = "received_on__year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .filter(received_on__isnull=False)
            .dates("received_on", "year", order="DESC")
        )
        return [(str(d.year), str(d.year)) for d in years]


class ReadOnlyInlineMixin:
    can_delete = False
    extra = 0
    max_num = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _yes(value) -> bool:
    return value not in (None, "", 0)


def event_summary(kind: str, data) -> list[tuple[str, str]]:
    """The event's data in words, (label, value) pairs: never its JSON keys or codes."""
    shape = event_data.read(kind, data)
    if shape is None:
        return []
    rows: list[tuple[str, object]] = []
    if isinstance(shape, event_data.Registered):
        rows.append(
            (
                Application._meta.get_field("channel").verbose_name,
                _choice(SubmissionChannel, shape.channel),
            )
        )
    elif isinstance(shape, event_data.CorrectionRequested):
        rows.append((gettext("correct by"), shape.deadline))
    elif isinstance(shape, event_data.ConsultationStarted):
        whom = (
            gettext("another organ (Article 34)")
            if shape.consulted == event_data.CONSULTATION_ORGAN
            else gettext("a third party (Article 32)")
        )
        rows += [
            (gettext("consulted"), whom),
            (gettext("party"), shape.party),
            (gettext("delivered on"), shape.delivered_on),
        ]
    elif isinstance(shape, event_data.ConsultationEnded):
        rows.append((gettext("note"), shape.note))
    elif isinstance(shape, event_data.Extended):
        rows += [
            (
                gettext("extended by"),
                ngettext("%(n)d working day", "%(n)d working days", shape.workdays)
                % {"n": shape.workdays},
            ),
            (gettext("approved by"), shape.approved_by),
            (gettext("reason"), shape.reason),
        ]
    elif isinstance(shape, event_data.ReplyDelayed):
        rows += [(gettext("reply by"), shape.reply_by), (gettext("reason"), shape.reason)]
    elif isinstance(shape, event_data.FeeNotified):
        rows += [
            (gettext("charged"), _choice(FeeMethod, shape.method)),
            (gettext("amount (yuan)"), shape.amount),
            (gettext("nth request"), shape.nth_request),
            (gettext("pages"), shape.pages),
            (gettext("delivered on"), shape.delivered_on),
            (gettext("pay by"), shape.pay_by),
        ]
    elif isinstance(shape, event_data.FeePaid):
        rows.append((gettext("amount (yuan)"), shape.amount))
    elif isinstance(shape, event_data.LetterIssued):
        rows += [
            (gettext("letter"), _choice(LetterKind, shape.letter_kind)),
            (gettext("letter number"), shape.number),
        ]
    elif isinstance(shape, event_data.MadePublic):
        rows.append((gettext("index number"), shape.index_number))
    elif isinstance(shape, event_data.Answered):
        rows.append((gettext("outcome"), _choice(Outcome, shape.outcome)))
        rows += [
            (gettext("published information"), f"{c.index_number} {c.title}".strip())
            for c in shape.published
        ]
        if shape.not_held == event_data.NOT_HELD_NONEXISTENT:
            rows.append((gettext("not held"), gettext("the information does not exist")))
        elif shape.not_held == event_data.NOT_HELD_OTHER_ORGAN:
            rows += [
                (gettext("organ to ask"), shape.other_organ),
                (gettext("its contact"), shape.other_organ_contact),
                (gettext("reason"), shape.other_organ_reason),
            ]
    return [
        (label, value.isoformat() if isinstance(value, date) else str(value))
        for label, value in rows
        if _yes(value)
    ]


def _choice(choices, value: str) -> str:
    """The label of a stored choice value; an unknown value as it was stored."""
    try:
        return choices(value).label
    except ValueError:
        return value


class EventInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ApplicationEvent
    verbose_name_plural = _("event log")
    fields = ("occurred_on", "kind", "message", "details", "public", "actor", "created_at")
    readonly_fields = fields
    ordering = ("occurred_on", "id")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("details"))
    def details(self, obj):
        rows = event_summary(obj.kind, obj.data)
        if not rows:
            return "—"
        return format_html_join("", "<div>{}：{}</div>", rows)


class ReplyAttachmentInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ReplyAttachment
    fields = ("title", "download", "created_at")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        # Private storage: streamed by a view that checks the staff member's scope.
        url = reverse("applications:reply_attachment", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))


@admin.register(Application)
class ApplicationAdmin(
    Article44AdminMixin,
    LetterAdminMixin,
    PersonalDataAdminMixin,
    OrganizationScopedAdminMixin,
    admin.ModelAdmin,
):
    class Media:
        css = {"all": ["css/admin/flags.css", "css/admin/requests_app/application/change_list.css"]}

    # Never filtered on; searched and sorted only by those who see every row in full.
    personal_fields = (
        "applicant_name",
        "id_number",
        "contact_person",
        "phone",
        "email",
        "address",
        "postcode",
    )
    # What the officer works by first, so that it fits a 1280 px screen; the masked
    # personal data last (the application's page shows it in full to its own staff).
    list_display = (
        "tracking_number",
        "status",
        "due_date",
        "days_left_display",
        "outcome",
        "received_on",
        "applicant_name",
        "organization",
        "masked_id",
        "masked_phone",
    )
    list_filter = (
        DeadlineFilter,
        "status",
        ("organization", ScopedOrganizationFilter),
        "channel",
        "applicant_type",
        "outcome",
        ReceivedYearFilter,
        "is_historical",
    )
    search_fields = ("tracking_number", "applicant_name")
    list_select_related = ("organization",)
    list_per_page = 50
    ordering = ("status", "due_on", "-submitted_at")
    inlines = (EventInline, ReplyAttachmentInline, IssuedLetterInline)
    readonly_fields = (
        "tracking_number",
        "organization",
        "channel",
        "submitted_at",
        "received_on",
        "status",
        "due_date",
        "waiting_until",
        "due_explanation",
        "outcome",
        "closed_on",
        "reply_text",
        "fee_amount",
        "is_historical",
        "identity_proof_link",
        "consent_given_at",
        "created_by",
        "created_at",
        "updated_at",
        # Shown instead of the full values to staff outside the application's organization.
        "masked_id",
        "masked_phone",
        "masked_email",
        "masked_address",
        "identity_proof_withheld",
    )
    fieldsets = (
        (
            _("Status"),
            {
                "fields": (
                    ("tracking_number", "organization"),
                    ("channel", "submitted_at", "received_on"),
                    ("status", "due_date", "waiting_until"),
                    "due_explanation",
                    ("outcome", "closed_on", "fee_amount"),
                    "reply_text",
                )
            },
        ),
        (
            _("Applicant (Article 29)"),
            {
                "fields": (
                    ("applicant_type", "applicant_name"),
                    ("id_type", "id_number"),
                    ("contact_person", "phone", "email"),
                    ("address", "postcode"),
                    "identity_proof_link",
                    "consent_given_at",
                )
            },
        ),
        (
            _("Information asked for"),
            {
                "fields": (
                    ("information_title", "information_number"),
                    "description",
                    ("provision_form", "delivery_method"),
                )
            },
        ),
        (
            _("Record"),
            {
                "classes": ("collapse",),
                "fields": (("is_historical", "created_by"), ("created_at", "updated_at")),
            },
        ),
    )

    # --- list --------------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            # Only those who see some applicant in full are offered the full ledger.
            "ledger_full_offered": request.user.is_superuser
            or request.user.organization_id is not None,
        }
        _local.calendar = None  # fresh for each list
        try:
            return super().changelist_view(request, extra_context)
        finally:
            _local.calendar = None

    @admin.display(description=_("document number"))
    def masked_id(self, obj):
        return mask_id(obj.id_number) or "—"

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone) or "—"

    @admin.display(description=_("email"))
    def masked_email(self, obj):
        return mask_email(obj.email) or "—"

    @admin.display(description=_("address"))
    def masked_address(self, obj):
        return mask_address(obj.address) or "—"

    @admin.display(description=_("working days left"))
    def days_left_display(self, obj):
        try:
            left = days_left(obj, today=timezone.localdate(), calendar=_calendar())
        except CalendarNotCovered:
            left = None
        if left is None:
            return "—"
        if left < 0:
            return format_html(
                '<strong class="flag-late">{}</strong>',
                ngettext("%(n)d working day late", "%(n)d working days late", -left) % {"n": -left},
            )
        if left <= SOON_WORKDAYS:
            return format_html('<strong class="flag-soon">{}</strong>', left)
        return left

    @admin.display(description=_("due date"), ordering="due_on")
    def due_date(self, obj):
        return _provisional_date(obj, obj.due_on)

    @admin.display(description=_("waiting until"), ordering="wait_until")
    def waiting_until(self, obj):
        return _provisional_date(obj, obj.wait_until)

    # --- change page ---------------------------------------------------------------------

    @admin.display(description=_("how the due date was computed"))
    def due_explanation(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        steps = explain_due_date(obj)
        return format_html(
            "<ol class='due-steps'>{}</ol>",
            format_html_join(
                "",
                "<li><strong>{}</strong> {} <div class='help'>{}</div></li>",
                ((s.label, s.date.isoformat() if s.date else "", s.detail) for s in steps),
            ),
        )

    @admin.display(description=_("identity proof"))
    def identity_proof_link(self, obj):
        if not obj.identity_proof:
            return "—"
        # Private storage: streamed by a view that checks the staff member's scope.
        url = reverse("applications:identity_proof", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    @admin.display(description=_("identity proof"))
    def identity_proof_withheld(self, obj):
        if not obj.identity_proof:
            return "—"
        return gettext("Only staff of the organization applied to can open it.")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or sees_full_personal_data(request.user, obj):
            return fieldsets
        # Issue 3 §7: the full values only to staff of the application's own organization.
        return [
            (name, {**options, "fields": _swap_fields(options["fields"], MASKED_FIELDS)})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and (obj.is_closed or obj.is_historical):
            # A closed record is evidence: the applicant's data is frozen with it.
            fields += [f for f in APPLICANT_FIELDS if f not in fields]
        return fields

    def has_delete_permission(self, request, obj=None):
        # The event log is the legal record of the handling: never deleted from the admin.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add and sees_full_personal_data(request.user, obj):
            record_personal_data_access(
                user=request.user,
                obj=obj,
                what=gettext("Application page with the applicant's full data"),
                path=request.get_full_path(),
            )
        # Applications are registered from their own page, never one after another here.
        context["show_save_and_add_another"] = False
        if obj is not None and not add:
            context["deadline_warning"] = deadline_warning(obj, today=timezone.localdate())
            context["letters"] = self.letter_context(request, obj)
            # 第四十四条, and the published documents matching the request (第三十六条第（一）项).
            context["article44"] = self.article44_context(request, obj)
            context["published_matches"] = self.published_matches_context(obj)
            can_change = self.has_change_permission(request, obj)
            names = allowed_steps(obj) if can_change else []
            if can_change and not obj.is_historical:
                names = [*names, "add_note"]
            context["workflow_steps"] = [
                {
                    "name": n,
                    "label": STEPS[n].label,
                    "danger": STEPS[n].danger,
                    "url": reverse(
                        "admin:requests_app_application_step",
                        args=[quote(obj.pk), n],
                        current_app=self.admin_site.name,
                    ),
                }
                for n in names
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- URLs ----------------------------------------------------------------------------

    def get_urls(self):
        urls = super().get_urls()
        custom = [
            path(
                "register/",
                self.admin_site.admin_view(self.register_view),
                name="requests_app_application_register",
            ),
            path(
                "register/done/",
                self.admin_site.admin_view(self.registered_view),
                name="requests_app_application_registered",
            ),
            path(
                "ledger/<str:fmt>/",
                self.admin_site.admin_view(self.ledger_view),
                name="requests_app_application_ledger",
            ),
            path(
                "ledger/<str:fmt>/full/",
                self.admin_site.admin_view(self.ledger_view),
                {"full": True},
                name="requests_app_application_ledger_full",
            ),
            path(
                "<path:object_id>/query-code/",
                self.admin_site.admin_view(self.query_code_view),
                name="requests_app_application_query_code",
            ),
            path(
                "<path:object_id>/step/<str:step>/",
                self.admin_site.admin_view(self.step_view),
                name="requests_app_application_step",
            ),
        ]
        return custom + urls

    def ledger_view(self, request, fmt, full=False):
        """The 依申请公开台账 of the list as filtered, as .xlsx or .csv (UTF-8 with BOM)."""
        if fmt not in LEDGER_TYPES:
            raise Http404(gettext("No such format."))
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            # The list's own filters, search and scope: the ledger is what the list shows.
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(
                reverse(
                    "admin:requests_app_application_changelist", current_app=self.admin_site.name
                )
                + "?e=1"
            )
        if changelist.result_count > ledger.INLINE_ROWS:
            return self._ledger_job(request, changelist, fmt, full=bool(full))
        rows = ledger_rows(
            changelist.queryset, user=request.user, full=full, path=request.get_full_path()
        )
        # Bounded memory: spooled to disk past a few megabytes.
        target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
        (write_ledger_xlsx if fmt == "xlsx" else write_ledger_csv)(rows, target)
        target.seek(0)
        response = FileResponse(target, content_type=LEDGER_TYPES[fmt])
        name, fallback = ledger_filename(request.user, full=bool(full) and rows.full_rows > 0)
        response["Content-Disposition"] = attachment_header(
            f"{name}.{fmt}", fallback=f"{fallback}.{fmt}"
        )
        response["Cache-Control"] = "no-store"
        return response

    def query_code_view(self, request, object_id):
        """A new query code for an applicant who lost it and has no e-mail address on file:
        staff check the caller's identity, then give the code shown here once."""
        obj = self.get_object(request, object_id)  # 403 outside the user's scope
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        query_code = ""
        if request.method == "POST":
            query_code = reissue_query_code_by_staff(application=obj, by=request.user)
        context = self._context(
            request,
            title=gettext("New query code — %(number)s") % {"number": obj.tracking_number},
            subtitle=None,
            original=obj,
            application=obj,
            query_code=query_code,
            change_url=self._change_url(obj),
        )
        # admin_view() sends it with Cache-Control: no-store.
        return TemplateResponse(request, "admin/requests_app/application/query_code.html", context)

    def _ledger_job(self, request, changelist, fmt: str, *, full: bool):
        """A ledger too long for one request is written by a background job."""
        name, _fallback = ledger_filename(request.user, full=full)
        count = changelist.result_count
        job = start_job(
            ledger.LEDGER_KIND,
            user=request.user,
            params={
                "ids": ledger.ledger_ids(changelist.queryset),
                "format": fmt,
                "full": full,
                "path": request.get_full_path(),
                "filename": f"{name}.{fmt}",
                "description": ngettext(
                    "%(count)d application, .%(format)s",
                    "%(count)d applications, .%(format)s",
                    count,
                )
                % {"count": count, "format": fmt},
            },
        )
        self.message_user(
            request,
            gettext(
                "The ledger has %(count)d rows: it is being written in the background. "
                "Its file appears on this page when it is ready."
            )
            % {"count": count},
            messages.INFO,
        )
        return HttpResponseRedirect(
            reverse("admin:disclosure_job_change", args=[job.pk], current_app=self.admin_site.name)
        )

    def add_view(self, request, form_url="", extra_context=None):
        # Online applications come through /apply/; staff register the other channels.
        return self.register_view(request)

    def _change_url(self, obj):
        return reverse(
            "admin:requests_app_application_change",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )

    def _context(self, request, **extra):
        request.current_app = self.admin_site.name
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "has_view_permission": self.has_view_permission(request),
            **extra,
        }

    def step_view(self, request, object_id, step):
        if step not in STEPS:
            raise Http404(gettext("No such step."))
        obj = self.get_object(request, object_id)  # 403 outside the user's scope
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        spec = STEPS[step]
        if request.method == "POST":
            form = spec.form(request.POST, request.FILES)
            if form.is_valid():
                # Read before the step: the step changes what the warning compares against.
                warning = spec.warning(obj, form.cleaned_data) if spec.warning else ""
                try:
                    spec.call(application=obj, by=request.user, **spec.kwargs(form.cleaned_data))
                except WorkflowError as exc:
                    form.add_error(None, exc.message)
                except ValidationError as exc:
                    form.add_error(None, exc)
                except CalendarNotCovered as exc:
                    form.add_error(None, str(exc))
                else:
                    self.message_user(
                        request,
                        gettext("%(step)s: done for %(number)s.")
                        % {"step": spec.label, "number": obj.tracking_number},
                        messages.SUCCESS,
                    )
                    if warning:
                        self.message_user(request, warning, messages.WARNING)
                    self._warn_if_provisional(request, obj)
                    return HttpResponseRedirect(self._change_url(obj))
        else:
            form = spec.form()
        possible = step == "add_note" or step in allowed_steps(obj)
        context = self._context(
            request,
            title=f"{spec.label} — {obj.tracking_number}",
            subtitle=None,
            original=obj,
            step=spec,
            form=form,
            possible=possible,
            status_steps=steps_from(obj.status),
            due_steps=explain_due_date(obj),
            change_url=self._change_url(obj),
            media=self.media + form.media,
        )
        return TemplateResponse(request, "admin/requests_app/application/step.html", context)

    def _warn_if_provisional(self, request, obj) -> None:
        """Staff learn at once that the date they just caused is 暂定, and where to fix it."""
        years = provisional_years(obj, calendar=load_work_calendar())
        if not years:
            return
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                provisional_note(years),
                calendar_entry_url(self.admin_site.name),
                gettext("Enter the State Council's holiday notice"),
            ),
            messages.WARNING,
        )

    def register_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        organizations = scoped_organizations(request)
        if request.method == "POST":
            form = RegisterApplicationForm(request.POST, request.FILES, organizations=organizations)
            if form.is_valid():
                kwargs = form.service_kwargs()
                if not in_scope(request, kwargs["organization"].pk):
                    raise PermissionDenied
                try:
                    app = register_application(by=request.user, **kwargs)
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                except WorkflowError as exc:
                    form.add_error(None, exc.message)
                else:
                    # Post/redirect/get: a refresh of the result page cannot post again.
                    self._keep_registration(request, app, kwargs["client_token"])
                    self._warn_if_provisional(request, app)
                    return HttpResponseRedirect(
                        reverse(
                            "admin:requests_app_application_registered",
                            current_app=self.admin_site.name,
                        )
                    )
        else:
            form = RegisterApplicationForm(
                organizations=organizations,
                initial={"organization": request.user.organization_id},
            )
        context = self._context(
            request,
            title=gettext("Register an application"),
            subtitle=None,
            form=form,
            media=self.media + form.media,
        )
        return TemplateResponse(request, "admin/requests_app/application/register.html", context)

    def _keep_registration(self, request, app, token: str) -> None:
        """Hand the codes to the result page through the session, once.

        A second click with the same form finds the application already made; it
        keeps a code shown by the first click rather than overwriting it with none.
        """
        stored = request.session.get(REGISTERED_KEY) or {}
        if app.query_code or stored.get("pk") != app.pk:
            request.session[REGISTERED_KEY] = {
                "pk": app.pk,
                "token": token,
                "query_code": app.query_code or "",
                "created": bool(getattr(app, "created", False)),
            }

    def registered_view(self, request):
        """The codes of the application just registered; the query code is shown only here."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        kept = request.session.pop(REGISTERED_KEY, None)
        app = None
        if kept:
            app = self.get_queryset(request).filter(pk=kept.get("pk")).first()
        if app is None:
            self.message_user(
                request,
                gettext(
                    "The codes of a registered application are shown only once. Open the "
                    "application from the list."
                ),
                messages.INFO,
            )
            return HttpResponseRedirect(
                reverse(
                    "admin:requests_app_application_changelist", current_app=self.admin_site.name
                )
            )
        forget_query_code(kept.get("token", ""))
        context = self._context(
            request,
            title=gettext("Application registered"),
            subtitle=None,
            application=app,
            query_code=kept.get("query_code", ""),
            change_url=self._change_url(app),
        )
        return TemplateResponse(request, "admin/requests_app/application/registered.html", context)
