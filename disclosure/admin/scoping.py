"""Organization scoping for the admin, and the two staff roles.

Staff see and change only the records of their own organization and its
sub-organizations; supervisors (`disclosure.supervise`) and superusers see all.
A record outside the user's scope answers 403 rather than the admin's usual
"does not exist" redirect, so that scoping is visible in tests and logs.

The roles themselves (the two groups and their permissions) are in `disclosure.roles`.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError

from disclosure.models import Organization


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
