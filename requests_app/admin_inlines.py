"""The read-only event log shown on the admin page of a petition or a proposal."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
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
            "<div>{}：{}</div>",
            (self._in_words(key, value) for key, value in sorted(obj.data.items())),
        )

    def _in_words(self, key, value):
        """A data key by the label of the record's field it names, a stored choice by its
        label, a list of field names (what changed) by their labels."""
        field = self._field(key)
        label = field.verbose_name if field is not None else key.replace("_", " ")
        if isinstance(value, list):
            return label, "、".join(str(self._label_of_field(v)) for v in value)
        if field is not None and field.choices:
            value = dict(field.flatchoices).get(value, value)
        return label, value

    def _field(self, name):
        try:
            return self.parent_model._meta.get_field(name)
        except (FieldDoesNotExist, TypeError):
            return None

    def _label_of_field(self, name):
        field = self._field(name) if isinstance(name, str) else None
        return getattr(field, "verbose_name", name)


def without_event_log(inlines, obj):
    """`inlines`, less the event log on the add page (`obj` is None)."""
    if obj is not None:
        return inlines
    return [inline for inline in inlines if not issubclass(inline, EventLogInline)]
