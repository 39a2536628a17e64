"""List filters shared by the admins of several apps."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# The years a date can have (`datetime.date`); a `__year` lookup outside them raises.
MIN_YEAR, MAX_YEAR = 1, 9999


def parse_year(value: str | None) -> int | None:
    """The year in a `?year=` parameter, or None when it is not a usable year."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 4:
        return None
    year = int(value)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


class YearFilter(admin.SimpleListFilter):
    """`?year=` on `year_lookup` (e.g. "received_on__year" or an integer "year" field);
    subclasses list the years in `lookups`.

    A value that is not a year (`?year=0`, `?year=99999`, `?year=abc`, typed or left in
    a bookmark) shows an empty list instead of a server error.
    """

    title = _("year")
    parameter_name = "year"
    year_lookup = "year"

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        year = parse_year(value)
        if year is None:
            return queryset.none()
        return queryset.filter(**{self.year_lookup: year})
