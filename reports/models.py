"""Entered figures and report records.

A report is generated from records (counted by selectors) and from figures
that staff enter for data living in other systems. Staff write the prose of
each section around placeholders; they never type a number into prose.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel
from reports.validators import FIRST_YEAR, LAST_YEAR, validate_no_control_characters

YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


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


class EnteredFigure(AuditedModel):
    organization = models.ForeignKey(
        "disclosure.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="entered_figures",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    key = models.CharField(_("figure"), max_length=100)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    qualifier = models.CharField(
        _("qualifier"), max_length=20, choices=Qualifier.choices, default="", blank=True
    )
    note = models.CharField(
        _("note"), max_length=300, blank=True, validators=[validate_no_control_characters]
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
                condition=models.Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="entered_figure_year",
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.year} {self.key}"

    def clean(self):
        # Whether the key is an entered figure is the engine's to say (this module imports
        # no engine): the admin's form applies `reports.engine.figures.validate_entered_key`,
        # the import kind `figures` checks the keys against the same registry.
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": _("A figure cannot be negative.")})


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)

    def drafts(self):
        return self.filter(status=ReportStatus.DRAFT)

    def for_organizations(self, organization_ids):
        if organization_ids is None:
            return self
        return self.filter(organization_id__in=organization_ids)

    def with_latest_revision(self):
        """Annotate the latest revision's number, frozen title and date, and the first date.

        Subqueries rather than a join, so a list of reports stays one query however many
        revisions each has.
        """
        latest = ReportRevision.objects.filter(report=models.OuterRef("pk")).order_by("-number")
        first = ReportRevision.objects.filter(report=models.OuterRef("pk")).order_by("number")
        return self.annotate(
            latest_number=models.Subquery(latest.values("number")[:1]),
            latest_title=models.Subquery(latest.values("title")[:1]),
            latest_published_on=models.Subquery(latest.values("published_on")[:1]),
            latest_published_at=models.Subquery(latest.values("published_at")[:1]),
            first_published_on=models.Subquery(first.values("published_on")[:1]),
        )


class Report(AuditedModel):
    """One annual report of an organization for a year in a format: its prose per section."""

    organization = models.ForeignKey(
        "disclosure.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    format = models.CharField(_("format"), max_length=20, choices=ReportFormat.choices)
    include_children = models.BooleanField(
        _("include sub-organizations"),
        default=False,
        help_text=_("Count the records of every organization below this one as well."),
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    # Published means frozen: the public reads ReportRevision snapshots, never this record.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        editable=False,
    )
    # The report's entry in the catalogue's 政府信息公开年报 column, created on first publication.
    disclosure = models.OneToOneField(
        "disclosure.Disclosure",
        verbose_name=_("catalogue entry"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="annual_report",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "organization"]
        permissions = [("publish_report", _("Can publish annual reports"))]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "format"], name="report_unique_per_format"
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=ReportFormat.values), name="report_format_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
            # The admin's pages and the tables compute dates of the year and the year before.
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR), name="report_year"
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or f"{self.organization.name}{self.year}年政府信息公开工作年度报告"

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    def url_args(self) -> list:
        return [self.organization.code, self.year, self.format]

    def get_absolute_url(self):
        return reverse("reports:report", args=self.url_args())


class ReportSection(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="sections"
    )
    key = models.CharField(_("section"), max_length=50)
    text = models.TextField(
        _("text"),
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_(
            "Prose of the section. Write figures as placeholders, e.g. {applications.received}."
        ),
    )

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="report_section_unique")
        ]

    # The section's heading in its report's format, for display: the format is the engine's
    # (`reports.engine.formats`), so whoever reads the section with it sets this (the admin's
    # inline does). Not stored.
    heading = ""

    def __str__(self):
        return self.heading or self.key


class ReportRevision(models.Model):
    """A published revision of a report: its frozen figures, text and HTML.

    Published means frozen (DESIGN.md, principle 4).

    Written once by `services.publish_report` and never changed: later changes to
    records, entered figures or the report's prose do not touch it. A correction is
    a new revision with a public note on what changed.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("revision"))
    title = models.CharField(_("title"), max_length=200)
    note = models.CharField(
        _("note on what changed"),
        max_length=500,
        blank=True,
        help_text=_("Shown to the public with every revision after the first."),
    )
    published_on = models.DateField(_("date of publication"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The engine's `as_json()` of the document plus what every output needs to render
    # again (the table grids), see `reports.engine.snapshots`.
    snapshot = models.JSONField(_("snapshot"))
    html = models.TextField(_("rendered HTML"))
    text = models.TextField(_("rendered text"))
    # Every check that failed at publication (errors and warnings), as `CheckResult.as_dict()`.
    failing_checks = models.JSONField(_("failing checks"), default=list, blank=True)
    # Set when a check of severity "error" failed and the publisher confirmed explicitly.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("failing checks confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_failing_checks = models.BooleanField(
        _("published despite failing checks"), default=False
    )

    class Meta:
        verbose_name = _("published revision")
        verbose_name_plural = _("published revisions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_revision_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="report_revision_number_positive"
            ),
            # A correction says publicly what changed.
            models.CheckConstraint(
                condition=models.Q(number=1) | ~models.Q(note=""),
                name="report_revision_correction_has_note",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.number})"

    @property
    def error_checks(self) -> list[dict]:
        return [c for c in self.failing_checks if c.get("severity") == "error"]

    def url_args(self) -> list:
        report = self.report
        return [report.organization.code, report.year, report.format, self.number]

    def get_absolute_url(self):
        return reverse("reports:revision", args=self.url_args())

    def download_url(self, extension: str) -> str:
        return reverse("reports:download", args=[*self.url_args(), extension])
