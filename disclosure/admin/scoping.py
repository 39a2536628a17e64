"""Organization scoping for the admin, and the two staff roles.

Staff see and change only the records of their own organization and its
sub-organizations; supervisors (`disclosure.supervise`) and superusers see all.
A record outside the user's scope answers 403 rather than the admin's usual
"does not exist" redirect, so that scoping is visible in tests and logs.

Roles are plain Django groups (see `ensure_staff_groups`): a user is given
an organization and one of the two groups, nothing else.
"""

from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from disclosure.models import Organization

STAFF_GROUP = "政务公开工作人员"
SUPERVISOR_GROUP = "政务公开办（监督）"

# The apps whose records staff work on in the admin.
STAFF_APPS = ("disclosure", "requests_app", "reports")
# Shared reference data: every organization reads it, the 政务公开办 maintains it.
STAFF_VIEW_ONLY_MODELS = {
    ("disclosure", "category"),
    ("disclosure", "channel"),
    ("disclosure", "calendaryear"),
    ("disclosure", "dayexception"),
    ("requests_app", "petitionsource"),
}
# Neither read nor written by staff in the admin: accounts, and internal counters.
STAFF_HIDDEN_MODELS = {("disclosure", "user"), ("disclosure", "indexsequence")}
# Staff may add sub-organizations and edit their organizations' contact data, not delete them.
STAFF_DENIED_CODENAMES = {"delete_organization", "supervise"}


def scope_ids(request) -> set[int] | None:
    """Organization ids the requesting user may see; None for all."""
    return request.user.scope_organization_ids


def in_scope(request, organization_id: int | None) -> bool:
    ids = scope_ids(request)
    return ids is None or organization_id in ids


def scoped_organizations(request):
    """The organizations the requesting user may choose from."""
    qs = Organization.objects.all()
    ids = scope_ids(request)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs


class OrganizationScopedAdminMixin:
    """For a ModelAdmin whose model reaches its organization through `organization_field`.

    `organization_field` is a lookup path (e.g. "organization" or
    "application__organization"; "pk" for Organization itself). Foreign keys to
    Organization named in `scoped_organization_fields` only offer organizations
    in scope, so a posted out-of-scope id is a form error ("select a valid choice").
    """

    organization_field = "organization"
    scoped_organization_fields = ("organization",)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        ids = scope_ids(request)
        if ids is None:
            return qs
        return qs.filter(**{f"{self.organization_field}__in": ids})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and scope_ids(request) is not None:
            # Exists but out of scope: forbid instead of pretending it is not there
            # only when it really exists, so ids cannot be probed for more than 403/404.
            model = self.model
            field = from_field or model._meta.pk.name
            try:
                exists = model._default_manager.filter(**{field: object_id}).exists()
            except (ValueError, TypeError, ValidationError):
                exists = False
            if exists:
                raise PermissionDenied
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.scoped_organization_fields:
            kwargs["queryset"] = scoped_organizations(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.scoped_organization_fields:
            kwargs["queryset"] = scoped_organizations(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedOrganizationFilter(admin.RelatedFieldListFilter):
    """An organization list filter that only lists organizations in the user's scope."""

    def field_choices(self, field, request, model_admin):
        return [(o.pk, str(o)) for o in scoped_organizations(request)]


class AuthorTrackingAdminMixin:
    """Keep who created and who last changed a record (`created_by`, `updated_by`)."""

    author_fields = ("created_by", "updated_by")

    def save_model(self, request, obj, form, change):
        if not change and "created_by" in self.author_fields:
            obj.created_by = request.user
        if "updated_by" in self.author_fields:
            obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [f for f in self.author_fields if f not in fields]


@transaction.atomic
def ensure_staff_groups() -> tuple[Group, Group]:
    """Create or refresh the two role groups; safe to call again (load_demo does).

    - "政务公开工作人员" (staff): every permission on the records of the apps in
      `STAFF_APPS`, read-only on shared reference data (columns, channels, the
      calendar), nothing on user accounts; what they see is further limited
      to their organization's subtree by the admin.
    - "政务公开办（监督）" (supervisors): every permission of those apps plus
      `disclosure.supervise`, which lifts the organization scope.

    Needs the permissions table filled (it is after `migrate`).
    """
    perms = list(
        Permission.objects.filter(content_type__app_label__in=STAFF_APPS).select_related(
            "content_type"
        )
    )
    staff_perms = []
    for perm in perms:
        model = (perm.content_type.app_label, perm.content_type.model)
        if model in STAFF_HIDDEN_MODELS or perm.codename in STAFF_DENIED_CODENAMES:
            continue
        if model in STAFF_VIEW_ONLY_MODELS and not perm.codename.startswith("view_"):
            continue
        staff_perms.append(perm)
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.set(staff_perms)
    supervisors, _ = Group.objects.get_or_create(name=SUPERVISOR_GROUP)
    supervisors.permissions.set(perms)
    return staff, supervisors
