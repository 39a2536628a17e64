"""The access log of personal data, for supervisors: read-only, never deleted."""

from django.contrib import admin

from disclosure.models import PersonalDataAccess


def _may_read(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and user.is_supervisor


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ("accessed_at", "username", "content_type", "object_repr", "what", "path")
    list_filter = (
        "accessed_at",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("user", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("username", "object_repr", "object_id")
    date_hierarchy = "accessed_at"
    list_select_related = ("content_type",)
    list_per_page = 100
    fields = (
        "accessed_at",
        "user",
        "username",
        "content_type",
        "object_id",
        "object_repr",
        "what",
        "path",
    )
    readonly_fields = fields
    actions = None

    def has_module_permission(self, request):
        return _may_read(request)

    def has_view_permission(self, request, obj=None):
        return _may_read(request)

    # The log is evidence: nobody adds, changes or deletes a row through the admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
