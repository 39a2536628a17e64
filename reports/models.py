"""Entered figures and report records.

A report is generated from records (counted by selectors) and from figures
that staff enter for data living in other systems. Staff write the prose of
each section around placeholders; they never type a number into prose.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Qualifier(models.TextChoices):
    """How an approximate published figure is worded: 约3.7万, 5000余条, 100多幅."""

    EXACT = "", _("Exact")
    ABOUT = "about", _("About (约)")
    OVER = "over", _("Over (余)")
    MORE = "more", _("More than (多)")
    ABOUT_OVER = "about_over", _("About, over (约…余)")


class ReportFormat(models.TextChoices):
    NARRATIVE2007 = "narrative2007", _("Narrative (2008–2018 reports)")
    GB2021 = "gb2021", _("National format (2021)")


class EnteredFigure(models.Model):
    organization = models.ForeignKey(
        "disclosure.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="entered_figures",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    key = models.CharField(_("figure"), max_length=100)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    qualifier = models.CharField(
        _("qualifier"), max_length=20, choices=Qualifier.choices, default="", blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("entered figure")
        verbose_name_plural = _("entered figures")
        ordering = ["organization", "-year", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "key"], name="entered_figure_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(qualifier__in=Qualifier.values),
                name="entered_figure_qualifier_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="entered_figure_year"
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.year} {self.key}"

    def clean(self):
        from .figures import registry

        definition = registry.get(self.key)
        if definition is None:
            raise ValidationError({"key": _("“%(key)s” is not a known figure.") % {"key": self.key}})
        if not definition.entered:
            raise ValidationError(
                {"key": _("“%(key)s” is counted from records and cannot be entered.") % {"key": self.key}}
            )
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": _("A figure cannot be negative.")})


class Report(models.Model):
    """One annual report of an organization for a year in a format: its prose per section."""

    organization = models.ForeignKey(
        "disclosure.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    format = models.CharField(_("format"), max_length=20, choices=ReportFormat.choices)
    include_children = models.BooleanField(
        _("include sub-organizations"),
        default=False,
        help_text=_("Count the records of every organization below this one as well."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "format"], name="report_unique_per_format"
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=ReportFormat.values), name="report_format_valid"
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or f"{self.organization.name}{self.year}年政府信息公开工作年度报告"


class ReportSection(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="sections"
    )
    key = models.CharField(_("section"), max_length=50)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Prose of the section. Write figures as placeholders, e.g. {applications.received}."),
    )

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="report_section_unique")
        ]

    def __str__(self):
        return f"{self.report} {self.key}"
