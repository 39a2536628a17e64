"""No oracle around masks: personal fields are never filtered, searched or sorted on blindly.

A list that shows an identity number as "5103**********1239" must not answer
`?id_number__startswith=51030219` with a narrower list, or the mask can be read
back one character at a time. So, in every admin that holds personal data:

- lookups on a personal field in the query string are refused for everybody
  (the admin's usual 400 for a disallowed lookup): no page offers them;
- searching and sorting on a personal field are kept only for a user who sees
  every record of their list in full (a superuser, or staff whose scope is their
  own organization alone); everybody else searches by number only.
"""

from django.contrib.admin.views.main import ChangeList
from django.db.models.constants import LOOKUP_SEP


def sees_every_record_in_full(user) -> bool:
    """True when no record the user can list is shown to them masked."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    scope = user.scope_organization_ids
    return scope is not None and scope <= {user.organization_id}


def _names_personal_field(path: str, personal_fields) -> bool:
    parts = path.lstrip("-").lstrip("^=@").split(LOOKUP_SEP)
    return bool(parts) and parts[0] in personal_fields


class _PersonalDataChangeList(ChangeList):
    """Sorts only by the columns `sortable_by` lists: `?o=` names columns by their index."""

    def get_ordering_field(self, field_name):
        if self.sortable_by is not None and field_name not in self.sortable_by:
            return None
        return super().get_ordering_field(field_name)


class PersonalDataAdminMixin:
    """For a ModelAdmin whose model holds the personal fields named in `personal_fields`."""

    personal_fields: tuple[str, ...] = ()

    def lookup_allowed(self, lookup, value, request=None):
        if _names_personal_field(lookup, self.personal_fields):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if sees_every_record_in_full(request.user):
            return fields
        return tuple(f for f in fields if not _names_personal_field(f, self.personal_fields))

    def get_sortable_by(self, request):
        sortable = super().get_sortable_by(request)
        if sees_every_record_in_full(request.user):
            return sortable
        if sortable is None:
            sortable = self.get_list_display(request)
        return [f for f in sortable if not self._sorts_by_personal_field(f)]

    def _sorts_by_personal_field(self, name) -> bool:
        if not isinstance(name, str):
            return False
        if name in self.personal_fields:
            return True
        order = getattr(getattr(self, name, None), "admin_order_field", None)
        return isinstance(order, str) and _names_personal_field(order, self.personal_fields)

    def get_changelist(self, request, **kwargs):
        return _PersonalDataChangeList
