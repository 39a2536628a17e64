"""The read-only event log shown on the admin page of a petition or a proposal."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _


class EventLogInline(admin.TabularInline):
    """An append-only log (`kind`, `on`, `at`, `by`, `data`): shown, never edited here.

    Not on the add page (see `without_event_log`): a new record has no log yet, and a
    formset there would only demand management data from every form post.
    """

    verbose_name_plural = _("event log")
    fields = ("on", "kind", "details", "by", "at")
    readonly_fields = fields
    ordering = ("at", "id")
    can_delete = False
    extra = 0
    max_num = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("details"))
    def details(self, obj):
        if not obj.data:
            return "—"
        return format_html_join(
            "",
            "<div><code>{}</code>: {}</div>",
            (
                (key, ", ".join(map(str, value)) if isinstance(value, list) else value)
                for key, value in sorted(obj.data.items())
            ),
        )


def without_event_log(inlines, obj):
    """`inlines`, less the event log on the add page (`obj` is None)."""
    if obj is not None:
        return inlines
    return [inline for inline in inlines if not issubclass(inline, EventLogInline)]
