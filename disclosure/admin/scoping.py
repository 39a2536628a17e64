"""Organization scoping for the admin.

Staff see and change only the records of their own organization and its
sub-organizations; supervisors (`disclosure.supervise`) and superusers see all.
A record outside the user's scope answers 403 rather than the admin's usual
"does not exist" redirect, so that scoping is visible in tests and logs.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from ..models import Organization


def scope_ids(request) -> set[int] | None:
    """Organization ids the requesting user may see; None for all."""
    return request.user.scope_organization_ids


class OrganizationScopedAdminMixin:
    """For a ModelAdmin whose model reaches its organization through `organization_field`.

    `organization_field` is a lookup path (e.g. "organization" or
    "application__organization"). Foreign keys to Organization named in
    `scoped_organization_fields` only offer organizations in scope.
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
            except (ValueError, TypeError):
                exists = False
            if exists:
                raise PermissionDenied
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.scoped_organization_fields:
            ids = scope_ids(request)
            qs = Organization.objects.all()
            if ids is not None:
                qs = qs.filter(pk__in=ids)
            kwargs["queryset"] = qs
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.scoped_organization_fields:
            ids = scope_ids(request)
            qs = Organization.objects.all()
            if ids is not None:
                qs = qs.filter(pk__in=ids)
            kwargs["queryset"] = qs
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedOrganizationFilter(admin.RelatedFieldListFilter):
    """An organization list filter that only lists organizations in the user's scope."""

    def field_choices(self, field, request, model_admin):
        ids = scope_ids(request)
        qs = Organization.objects.all()
        if ids is not None:
            qs = qs.filter(pk__in=ids)
        return [(o.pk, str(o)) for o in qs]
