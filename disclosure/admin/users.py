"""Admin of staff accounts: only supervisors and superusers manage users.

Nobody grants more than they hold: a supervisor who is not a superuser cannot
make superusers, cannot edit (nor set the password of, nor delete) a superuser's
or another supervisor's account, cannot hand out
permissions or groups beyond their own, and cannot change their own roles.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

from disclosure.forms import StaffUserChangeForm, StaffUserCreationForm
from disclosure.models import User

ROLE_FIELDS = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")


def _grantable_permission_ids(user) -> list[int]:
    held = user.get_all_permissions()
    return [
        pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
        if f"{app_label}.{codename}" in held
    ]


def _grantable_group_ids(user) -> list[int]:
    """Groups whose every permission the user holds."""
    held = user.get_all_permissions()
    granted: dict[int, bool] = dict.fromkeys(Group.objects.values_list("pk", flat=True), True)
    for group_id, app_label, codename in Group.permissions.through.objects.values_list(
        "group_id", "permission__content_type__app_label", "permission__codename"
    ):
        if f"{app_label}.{codename}" not in held:
            granted[group_id] = False
    return [pk for pk, ok in granted.items() if ok]


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    form = StaffUserChangeForm
    add_form = StaffUserCreationForm
    list_display = ("username", "full_name", "organization", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "organization")
    search_fields = ("username", "full_name", "first_name", "last_name", "email")
    list_select_related = ("organization",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Organization"), {"fields": ("full_name", "organization")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ROLE_FIELDS}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (_("Organization"), {"fields": ("full_name", "organization")}),
    )

    def _manages_users(self, request) -> bool:
        return request.user.is_active and request.user.is_supervisor

    def has_module_permission(self, request):
        return self._manages_users(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._manages_users(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._manages_users(request) and super().has_add_permission(request)

    def _outranks(self, request, obj) -> bool:
        """A superuser's or another supervisor's account, which only superusers manage.

        Setting their password would be taking over their account (and their view of
        every organization's personal data).
        """
        if obj is None or request.user.is_superuser:
            return False
        return obj.is_superuser or (obj.pk != request.user.pk and obj.is_supervisor)

    def has_change_permission(self, request, obj=None):
        # Also guards the password form (UserAdmin.user_change_password asks this).
        if self._outranks(request, obj):
            return False
        return self._manages_users(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._outranks(request, obj) or (
            obj is not None and obj.pk == request.user.pk and not request.user.is_superuser
        ):
            return False
        return self._manages_users(request) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        if obj is not None and obj.pk == request.user.pk:
            # Nobody raises their own roles.
            return fields + [f for f in ROLE_FIELDS if f not in fields]
        return [*fields, "is_superuser"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.name == "user_permissions":
                kwargs["queryset"] = Permission.objects.filter(
                    pk__in=_grantable_permission_ids(request.user)
                ).select_related("content_type")
            elif db_field.name == "groups":
                kwargs["queryset"] = Group.objects.filter(pk__in=_grantable_group_ids(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
