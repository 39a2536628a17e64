from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosure.workdays import WorkCalendar

_CACHE_KEY = "disclosure:work-calendar"


def load_work_calendar() -> WorkCalendar:
    """The official calendar as a pure `WorkCalendar`, cached until a day or year changes."""
    cal = cache.get(_CACHE_KEY)
    if cal is None:
        cal = WorkCalendar.build(
            CalendarYear.objects.values_list("year", flat=True),
            dict(DayException.objects.values_list("date", "is_workday")),
        )
        cache.set(_CACHE_KEY, cal, 3600)
    return cal


def forget_work_calendar() -> None:
    cache.delete(_CACHE_KEY)


class CalendarSource(models.TextChoices):
    PACKAGE = "chinesecalendar", _("chinesecalendar package")
    MANUAL = "manual", _("Entered by staff")
    # Read from the pasted text of the State Council notice (holiday_notice, or the admin).
    NOTICE = "notice", _("State Council notice")


class CalendarYear(models.Model):
    """A year whose official schedule (国务院办公厅 holiday notice) is in the calendar.

    The State Council publishes each year's schedule in November, and staff
    enter it (its DayException rows, then this row) once it is out. Until then
    the year is counted on the provisional schedule of `disclosure.holidays`
    (its DayException rows, if any, are not used before this row exists) and
    every date counted over it is marked 暂定.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(
        _("source"), max_length=20, choices=CalendarSource.choices, default=CalendarSource.MANUAL
    )
    notice = models.CharField(
        _("notice"),
        max_length=200,
        blank=True,
        help_text=_(
            "The State Council notice the schedule comes from, e.g. 国办发明电〔2025〕7号."
        ),
    )

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="calendar_year_range"
            ),
        ]

    def __str__(self):
        return str(self.year)


class DayException(models.Model):
    """A day that breaks the Monday–Friday rule: a statutory holiday on a weekday
    (is_workday=False) or a 调休 weekend working day (is_workday=True)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a weekend day that is worked (调休). Unticked: a holiday."),
    )
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.note}"
