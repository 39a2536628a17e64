"""The admin's front page warns supervisors when a year's holiday arrangement is missing.

The State Council publishes the next year's arrangement (国务院办公厅关于某年部分节假日
安排的通知) in October or November. Until a supervisor enters it, every date that
reaches into that year is counted on the provisional schedule and shown as 暂定
(`disclosure.holidays`). From 1 October the front page says so to those who can
enter it, with a link to where it is entered; a current year still missing is
warned about all year.
"""

from datetime import date

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from disclosure.models.calendar import load_work_calendar

# From this day of the year on, next year's arrangement is expected (month, day).
WARN_NEXT_YEAR_FROM = (10, 1)


def missing_years(today: date) -> list[int]:
    """The years not entered that should be: this year, and from 1 October the next."""
    calendar = load_work_calendar()
    years = [today.year]
    if (today.month, today.day) >= WARN_NEXT_YEAR_FROM:
        years.append(today.year + 1)
    return [y for y in years if not calendar.covers(y)]


def calendar_entry_url(site_name: str = "admin") -> str:
    """Where a year's arrangement is entered: the page that reads the State Council's
    notice, or the list of calendar years."""
    try:
        return reverse(f"{site_name}:disclosure_calendaryear_holiday_notice")
    except NoReverseMatch:
        return reverse(f"{site_name}:disclosure_calendaryear_changelist")


def _install(site: admin.AdminSite) -> None:
    if getattr(site, "_calendar_warning_installed", False):
        return
    site._calendar_warning_installed = True
    original_index = site.index

    def index(request, extra_context=None):
        extra_context = dict(extra_context or {})
        if getattr(request.user, "is_supervisor", False):
            years = missing_years(timezone.localdate())
            if years:
                extra_context["calendar_missing_years"] = years
                extra_context["calendar_entry_url"] = calendar_entry_url(site.name)
        return original_index(request, extra_context)

    site.index = index


_install(admin.site)
