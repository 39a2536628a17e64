"""Admin of the proactive-disclosure catalogue: columns, channels, disclosures."""

from datetime import date

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from disclosure.admin.scoping import (
    AuthorTrackingAdminMixin,
    OrganizationScopedAdminMixin,
    ScopedOrganizationFilter,
    scope_ids,
)
from disclosure.forms import AttachmentInlineForm, DisclosureAdminForm, WithdrawForm
from disclosure.models import Attachment, Category, Channel, Disclosure, DisclosureStatus
from disclosure.models.calendar import load_work_calendar
from disclosure.models.catalogue import PUBLICATION_PERIOD_WORKDAYS
from disclosure.services.index_numbers import assign_index_number
from disclosure.services.publishing import (
    DisclosureStateError,
    publish_disclosure,
    today_in_china,
    withdraw_disclosure,
)
from disclosure.workdays import CalendarNotCovered, workdays_between


class SupervisorManagedAdminMixin:
    """Shared reference data: every organization reads it, only supervisors change it."""

    def has_add_permission(self, request):
        return request.user.is_supervisor and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_supervisor and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_supervisor and super().has_delete_permission(request, obj)


@admin.register(Category)
class CategoryAdmin(SupervisorManagedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "parent", "slug", "is_key_area", "sort_order")
    list_filter = (("parent", admin.EmptyFieldListFilter), "is_key_area")
    search_fields = ("name", "slug")
    list_select_related = ("parent",)
    ordering = ("parent__sort_order", "sort_order", "name")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Category.objects.select_related("parent")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Channel)
class ChannelAdmin(SupervisorManagedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "sort_order")
    search_fields = ("name",)


# --- 第二十六条 -------------------------------------------------------------------------


def article26_note(obj: Disclosure, *, today: date | None = None) -> tuple[str, str] | None:
    """(level, sentence) on the 20 working days of 第二十六条 for one disclosure.

    Level "late" when the period is (or, for an unpublished record, already
    would be) exceeded; "ok" otherwise; "unknown" when the official calendar
    does not cover the dates yet. None when there is nothing to count.
    """
    formed = obj.changed_on or obj.written_on
    if formed is None:
        return None
    limit = PUBLICATION_PERIOD_WORKDAYS
    published = obj.status != DisclosureStatus.DRAFT and obj.published_on
    end = obj.published_on if published else (today or today_in_china())
    calendar = load_work_calendar()
    # Like the stored count, not counted over a year not entered (it would be 暂定).
    missing = calendar.provisional_years(formed, end)
    try:
        days = None if missing else workdays_between(calendar, formed, end)
    except CalendarNotCovered as exc:
        missing = (exc.year,)
    if missing:
        return "unknown", gettext(
            "The working days to publication cannot be counted yet: the official calendar "
            "has no schedule for %(year)s."
        ) % {"year": missing[0]}
    if days < 0:
        return None  # formed in the future: nothing has run yet
    params = {"days": days, "formed": formed.isoformat(), "limit": limit}
    if published:
        if days > limit:
            return "late", gettext(
                "Published late (Article 26): %(days)d working days after the information "
                "was formed or changed on %(formed)s; the limit is %(limit)d."
            ) % params
        return "ok", gettext(
            "Published %(days)d working days after the information was formed or changed "
            "on %(formed)s (Article 26 limit: %(limit)d)."
        ) % params
    if days > limit:
        return "late", gettext(
            "Not published yet, and already %(days)d working days since the information was "
            "formed or changed on %(formed)s: Article 26 requires publication within "
            "%(limit)d working days. It will be flagged late."
        ) % params
    return "ok", gettext(
        "%(days)d of the %(limit)d working days of Article 26 have passed since the "
        "information was formed or changed on %(formed)s."
    ) % params


class PublishedLateFilter(admin.SimpleListFilter):
    title = _("published late (Article 26)")
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return (("yes", _("Late")), ("no", _("On time or not counted")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.late()
        if self.value() == "no":
            return queryset.filter(
                Q(publication_delay_workdays__isnull=True)
                | Q(publication_delay_workdays__lte=PUBLICATION_PERIOD_WORKDAYS)
            )
        return queryset


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentInlineForm
    # text_status: whether the search reads the file (a scan has no text to find).
    fields = ("title", "file", "size_display", "text_status", "sort_order")
    readonly_fields = ("size_display", "text_status")
    extra = 1

    @admin.display(description=_("size"))
    def size_display(self, obj):
        if not obj or not obj.size:
            return "—"
        return f"{obj.size / 1024 / 1024:.2f} MB" if obj.size >= 1024 * 1024 else f"{obj.size} B"


@admin.register(Disclosure)
class DisclosureAdmin(AuthorTrackingAdminMixin, OrganizationScopedAdminMixin, admin.ModelAdmin):
    class Media:
        css = {"all": ["css/admin/flags.css"]}

    form = DisclosureAdminForm
    list_display = (
        "index_number",
        "title",
        "organization",
        "category",
        "genre",
        "status",
        "published_on",
        "late_flag",
    )
    list_display_links = ("index_number", "title")
    list_filter = (
        "status",
        "genre",
        "validity",
        "topic",
        ("organization", ScopedOrganizationFilter),
        "category",
        PublishedLateFilter,
    )
    search_fields = ("title", "index_number", "document_number")
    date_hierarchy = "published_on"
    list_select_related = ("organization", "category")
    autocomplete_fields = ("interprets",)
    inlines = (AttachmentInline,)
    actions = ("publish_selected", "withdraw_selected")
    readonly_fields = ("status", "published_at", "article26", "created_at", "updated_at")
    fieldsets = (
        (
            _("Metadata"),
            {
                "fields": (
                    "index_number",
                    "title",
                    ("document_number", "organization"),
                    ("category", "genre", "topic"),
                    ("written_on", "changed_on"),
                    ("validity", "repealed_on"),
                    "interprets",
                )
            },
        ),
        (_("Content"), {"fields": ("summary", "body")}),
        (
            _("Publication"),
            {
                "fields": (
                    ("status", "published_on", "published_at"),
                    "article26",
                    "channels",
                    ("created_by", "created_at"),
                    ("updated_by", "updated_at"),
                )
            },
        ),
    )

    # --- lists -------------------------------------------------------------------------

    @admin.display(description=_("late (Article 26)"), ordering="publication_delay_workdays")
    def late_flag(self, obj):
        days = obj.publication_delay_workdays
        if days is None:
            return "—"
        text = ngettext("%(days)d working day", "%(days)d working days", days) % {"days": days}
        if obj.is_late:
            return format_html(
                '<strong class="article26-late flag-late">⚠ {}</strong>',
                gettext("Late: %(text)s") % {"text": text},
            )
        return text

    # --- forms -------------------------------------------------------------------------

    @admin.display(description=_("Article 26"))
    def article26(self, obj):
        note = article26_note(obj) if obj and obj.pk else None
        if note is None:
            return "—"
        level, text = note
        if level == "late":
            return format_html('<strong class="flag-late">⚠ {}</strong>', text)
        return text

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # The date of publication is set by publishing; once published it may be corrected.
        if obj is None or obj.status != DisclosureStatus.PUBLISHED:
            fields.append("published_on")
        return fields

    def save_model(self, request, obj, form, change):
        # The admin saves inside its transaction, which keeps the sequence row locked.
        assign_index_number(obj)
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("organization", request.user.organization_id)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "interprets":
            # Only documents the user may see can be linked (the autocomplete is scoped too).
            kwargs["queryset"] = Disclosure.objects.for_organizations(scope_ids(request))
        elif db_field.name == "category":
            kwargs["queryset"] = Category.objects.select_related("parent")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "channels":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get("interprets")
        if field is not None and obj is not None:
            # Keep a link a supervisor made to a document outside this user's scope.
            qs = field.queryset.exclude(pk=obj.pk)
            if obj.interprets_id:
                qs = qs | Disclosure.objects.filter(pk=obj.interprets_id)
            field.queryset = qs
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        can_change = self.has_change_permission(request, obj)
        status = obj.status if obj is not None else DisclosureStatus.DRAFT
        context.update(
            {
                "show_publish": can_change and status != DisclosureStatus.PUBLISHED,
                "show_withdraw": can_change
                and obj is not None
                and status == DisclosureStatus.PUBLISHED,
                "article26": article26_note(obj) if obj is not None else None,
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- publishing --------------------------------------------------------------------

    def _change_url(self, obj):
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )

    def _publish_after_save(self, request, obj):
        try:
            publish_disclosure(disclosure=obj, by=request.user)
        except DisclosureStateError as exc:
            self.message_user(
                request,
                gettext("The changes were saved, but the disclosure was not published: %(reason)s")
                % {"reason": exc.message},
                messages.ERROR,
            )
        else:
            self.message_user(
                request,
                gettext("“%(title)s” was saved and published on %(on)s.")
                % {"title": obj.title, "on": obj.published_on.isoformat()},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(obj))

    def response_add(self, request, obj, post_url_continue=None):
        if "_publish" in request.POST and self.has_change_permission(request, obj):
            return self._publish_after_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_publish" in request.POST and self.has_change_permission(request, obj):
            return self._publish_after_save(request, obj)
        return super().response_change(request, obj)

    def _run_each(self, request, queryset, step, done_message):
        """Apply a publishing service to each record; report every refusal with its reason."""
        done = 0
        for disclosure in queryset.select_related(None).order_by("pk"):
            try:
                step(disclosure)
            except DisclosureStateError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        return done

    @admin.action(description=_("Publish the selected disclosures"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._run_each(
            request,
            queryset,
            lambda d: publish_disclosure(disclosure=d, by=request.user),
            lambda n: (
                ngettext(
                    "%(count)d disclosure was published.",
                    "%(count)d disclosures were published.",
                    n,
                )
                % {"count": n}
            ),
        )

    def _withdraw_each(self, request, queryset, reason):
        return self._run_each(
            request,
            queryset,
            lambda d: withdraw_disclosure(disclosure=d, by=request.user, reason=reason),
            lambda n: (
                ngettext(
                    "%(count)d disclosure was withdrawn.",
                    "%(count)d disclosures were withdrawn.",
                    n,
                )
                % {"count": n}
            ),
        )

    @admin.action(description=_("Withdraw the selected disclosures…"), permissions=["change"])
    def withdraw_selected(self, request, queryset):
        """Asks for the reason on an intermediate page, like the admin's delete action."""
        if "confirm" in request.POST:
            form = WithdrawForm(request.POST)
            if form.is_valid():
                self._withdraw_each(request, queryset, form.cleaned_data["reason"])
                return None  # back to the change list
        else:
            form = WithdrawForm()
        return self._withdraw_page(request, list(queryset), form, from_action=True)

    def _withdraw_page(self, request, objects, form, *, from_action):
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Withdraw disclosures"),
            "subtitle": None,
            "opts": self.opts,
            "objects": objects,
            "form": form,
            "from_action": from_action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/disclosure/disclosure/withdraw_confirmation.html", context
        )

    def withdraw_view(self, request, object_id):
        obj = self.get_object(request, object_id)  # 403 outside the user's scope
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST":
            form = WithdrawForm(request.POST)
            if form.is_valid():
                try:
                    withdraw_disclosure(
                        disclosure=obj, by=request.user, reason=form.cleaned_data["reason"]
                    )
                except DisclosureStateError as exc:
                    self.message_user(request, exc.message, messages.ERROR)
                else:
                    self.message_user(
                        request,
                        gettext("“%(title)s” was withdrawn.") % {"title": obj.title},
                        messages.SUCCESS,
                    )
                return HttpResponseRedirect(self._change_url(obj))
        else:
            form = WithdrawForm()
        return self._withdraw_page(request, [obj], form, from_action=False)

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name=f"{opts.app_label}_{opts.model_name}_withdraw",
            ),
            *super().get_urls(),
        ]
