"""Organizations looked up by code for the import kinds of every app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.importing import CellErrors, ImportContext
from core.importing.cells import split_list
from disclosure.models import Organization


class OrganizationLookup:
    """Organizations by code, loaded once for the whole file."""

    def __init__(self, codes: set[str]):
        self.by_code = {o.code: o for o in Organization.objects.filter(code__in=codes)}

    @staticmethod
    def codes_in(rows: list[dict[str, str]], *headers: str) -> set[str]:
        codes: set[str] = set()
        for values in rows:
            for header in headers:
                codes.update(c.lower() for c in split_list(values.get(header, "")))
        return codes

    def one(self, e: CellErrors, header: str, value: str, ctx: ImportContext, *, scoped=True):
        code = (value or "").strip().lower()
        if not code:
            return None
        organization = self.by_code.get(code)
        if organization is None:
            e.add(header, _("Unknown organization code “%(code)s”.") % {"code": code})
        elif scoped and not ctx.in_scope(organization.pk):
            e.add(
                header,
                _("Organization “%(code)s” is outside the organizations you manage.")
                % {"code": code},
            )
            return None
        return organization

    def many(self, e: CellErrors, header: str, value: str) -> list[Organization]:
        found = []
        for code in split_list(value):
            organization = self.by_code.get(code.lower())
            if organization is None:
                e.add(header, _("Unknown organization code “%(code)s”.") % {"code": code})
            else:
                found.append(organization)
        return found
