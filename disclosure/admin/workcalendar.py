"""Admin for the official working-day calendar (法定节假日 and 调休 workdays).

The calendar is shared by every organization, so there is no organization
scoping: only users holding the model permissions (the supervisors of the
政务公开办) can change it; everyone else with admin access gets 403.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from disclosure.admin.filters import YearFilter
from disclosure.holiday_notice import MAX_YEAR, MIN_YEAR, NoticeError, parse_notice
from disclosure.models.calendar import CalendarYear, DayException
from disclosure.services.holiday_notice import compare_notice, enter_holiday_notice
from disclosure.services.reference_data import sync_calendar_from_package
from disclosure.signals import announce_calendar_change

CALENDAR_YEAR_HELP = _(
    "Working-day deadlines can only be computed for a year listed here. The State Council "
    "publishes each year's holiday schedule in November: first enter that year's holidays "
    "and its weekend make-up working days (调休) as calendar exceptions, then add the year "
    "here. Until the year's row exists, any deadline reaching into it is refused, not guessed."
)


def _days_of_year(*, workday: bool):
    """Count of a year's exceptions of one kind, as a correlated subquery (no query per row)."""
    return Coalesce(
        Subquery(
            DayException.objects.filter(date__year=OuterRef("year"), is_workday=workday)
            .order_by()
            .values("date__year")
            .annotate(n=Count("id"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "notice", "holiday_count", "workday_count"]
    list_filter = ["source"]
    search_fields = ["notice"]
    ordering = ["-year"]
    fieldsets = [
        (None, {"fields": ["year", "source", "notice"], "description": CALENDAR_YEAR_HELP}),
    ]
    change_list_template = "admin/disclosure/calendaryear/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                holiday_count=_days_of_year(workday=False),
                workday_count=_days_of_year(workday=True),
            )
        )

    @admin.display(description=_("holidays"), ordering="holiday_count")
    def holiday_count(self, obj):
        return obj.holiday_count

    @admin.display(description=_("make-up working days"), ordering="workday_count")
    def workday_count(self, obj):
        return obj.workday_count

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "sync-from-package/",
                self.admin_site.admin_view(self.sync_from_package_view),
                name="{}_{}_sync".format(*info),
            ),
            path(
                "holiday-notice/",
                self.admin_site.admin_view(self.holiday_notice_view),
                name="{}_{}_holiday_notice".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "calendar_help": CALENDAR_YEAR_HELP,
            "can_sync_calendar": self._can_sync(request),
            "can_enter_notice": self._can_enter_notice(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def _can_sync(self, request) -> bool:
        # The sync adds rows to both tables.
        return self.has_add_permission(request) and request.user.has_perm(
            "disclosure.add_dayexception"
        )

    def _can_enter_notice(self, request) -> bool:
        # Entering a notice adds, changes and removes days and adds or changes the year.
        return request.user.has_perms(NOTICE_PERMISSIONS)

    def holiday_notice_view(self, request):
        """Paste the State Council's notice, check the days read from it, then confirm.

        The first POST only reads and compares; the confirmation posts the same text again
        (hidden), which is read again and saved in one transaction.
        """
        if not self._can_enter_notice(request):
            raise PermissionDenied
        # ?year=2027 (the front page's warning links here with the missing year).
        year = request.GET.get("year", "")
        form = HolidayNoticeForm(
            request.POST or None, initial={"year": int(year) if year.isdigit() else None}
        )
        notice = comparison = None
        if request.method == "POST" and form.is_valid():
            notice = form.notice
            if "confirm" in request.POST:
                result = enter_holiday_notice(notice=notice, by=request.user)
                self.message_user(
                    request,
                    gettext(
                        "%(year)s entered from %(reference)s: %(changed)s calendar exceptions "
                        "added, changed or removed. Due dates of open applications are derived "
                        "again on the new calendar."
                    )
                    % {
                        "year": notice.year,
                        "reference": result.reference,
                        "changed": len(result.changes),
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse(f"{self.admin_site.name}:disclosure_calendaryear_changelist")
                )
            comparison = compare_notice(notice)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Enter the State Council's holiday notice"),
            "form": form,
            "notice": notice,
            "comparison": comparison,
            "changes": _describe_changes(comparison) if comparison else [],
        }
        return TemplateResponse(
            request, "admin/disclosure/calendaryear/holiday_notice.html", context
        )

    def sync_from_package_view(self, request):
        """Add the years the chinesecalendar package knows; existing years stay untouched."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self._can_sync(request):
            raise PermissionDenied
        added = sync_calendar_from_package()
        if added:
            # bulk_create sent no post_save: tell the apps that store calendar-derived dates.
            announce_calendar_change()
            self.message_user(
                request,
                gettext("Added the years %(years)s from the chinesecalendar package.")
                % {"years": ", ".join(str(y) for y in added)},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext(
                    "The calendar already has every year the chinesecalendar package knows; "
                    "nothing was changed."
                ),
                messages.INFO,
            )
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:disclosure_calendaryear_changelist")
        )


NOTICE_PERMISSIONS = [
    "disclosure.add_calendaryear",
    "disclosure.change_calendaryear",
    "disclosure.add_dayexception",
    "disclosure.change_dayexception",
    "disclosure.delete_dayexception",
]

CHANGE_LABELS = {
    "added": pgettext_lazy("calendar change", "added"),
    "removed": pgettext_lazy("calendar change", "removed"),
    "changed": pgettext_lazy("calendar change", "changed"),
    "renamed": pgettext_lazy("calendar change", "note changed"),
}


def _describe_exception(value: tuple[bool, str] | None) -> str:
    if value is None:
        return "—"
    is_workday, note = value
    kind = gettext("working day (调休)") if is_workday else gettext("holiday")
    return f"{kind} {note}".strip()


def _describe_changes(comparison) -> list[dict]:
    return [
        {
            "day": change.day,
            "kind": change.kind,
            "label": CHANGE_LABELS[change.kind],
            "before": _describe_exception(change.before),
            "after": _describe_exception(change.after),
        }
        for change in comparison.changes
    ]


class HolidayNoticeForm(forms.Form):
    text = forms.CharField(
        label=_("text of the notice"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 90}),
        help_text=_(
            "Paste the whole notice “国务院办公厅关于YYYY年部分节假日安排的通知” as published "
            "on www.gov.cn. Only its numbered lines (一、元旦：…) are read; the other lines "
            "are left aside."
        ),
    )
    year = forms.IntegerField(
        label=_("year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("Only needed when the pasted text leaves out the title."),
    )

    notice = None

    def clean(self):
        cleaned = super().clean()
        if "text" not in cleaned or self.has_error("year"):
            return cleaned
        try:
            self.notice = parse_notice(cleaned["text"], year=cleaned.get("year"))
        except NoticeError as exc:
            for error in exc.errors:
                self.add_error("text", str(error))
        return cleaned


class YearListFilter(YearFilter):
    year_lookup = "date__year"

    def lookups(self, request, model_admin):
        years = CalendarYear.objects.order_by("-year").values_list("year", flat=True)
        return [(str(y), str(y)) for y in years]


class DayExceptionForm(forms.ModelForm):
    class Meta:
        model = DayException
        fields = ["date", "is_workday", "note"]

    def clean(self):
        cleaned = super().clean()
        day, is_workday = cleaned.get("date"), cleaned.get("is_workday")
        if day is None or is_workday is None:
            return cleaned
        # A worked weekday changes nothing: it is almost always a typo in the date of a
        # 调休 Saturday or Sunday. (A holiday on a weekend is harmless and keeps the
        # schedule complete as published, so it is allowed.)
        if is_workday and day.weekday() < 5:
            self.add_error(
                "date",
                _(
                    "%(date)s is a %(weekday)s, a working day anyway: a working-day "
                    "exception is only for a weekend day that is worked (调休)."
                )
                % {"date": day.isoformat(), "weekday": date_format(day, "l")},
            )
        return cleaned


@admin.register(DayException)
class DayExceptionAdmin(admin.ModelAdmin):
    form = DayExceptionForm
    list_display = ["date", "weekday", "is_workday", "note"]
    list_filter = [YearListFilter, "is_workday"]
    search_fields = ["note"]
    date_hierarchy = "date"
    ordering = ["date"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        return date_format(obj.date, "l")
