import contextlib
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel, YearlySequence
from disclosure.sanitize import sanitize_html
from disclosure.storage import attachment_storage, random_name

# 第二十六条: proactive disclosures are due within 20 working days of forming or changing.
PUBLICATION_PERIOD_WORKDAYS = 20

ATTACHMENT_EXTENSIONS = [
    "pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "ppt", "pptx",
    "txt", "csv", "zip", "rar", "jpg", "jpeg", "png", "gif",
]  # fmt: skip


class Genre(models.TextChoices):
    """体裁 of a disclosure. 规章 and 行政规范性文件 feed 表二 of the annual report."""

    REGULATION = "regulation", _("Regulation")
    NORMATIVE_DOCUMENT = "normative_document", _("Normative document")
    OFFICIAL_DOCUMENT = "official_document", _("Other official document")
    NOTICE = "notice", _("Notice or announcement")
    INTERPRETATION = "interpretation", _("Policy interpretation")
    PICTURE_NEWS = "picture_news", _("Picture news")
    NEWS = "news", _("Government news")
    PLAN = "plan", _("Plan or programme")
    STATISTICS = "statistics", _("Statistics")
    BUDGET = "budget", _("Budget or final accounts")
    REPORT = "report", _("Work report")
    OTHER = "other", _("Other")


class Topic(models.TextChoices):
    """主题分类 as used in government disclosure catalogues."""

    GENERAL = "general", _("General government affairs")
    ECONOMY = "economy", _("Economic management and state assets")
    FINANCE = "finance", _("Finance, banking and audit")
    LAND_ENERGY = "land_energy", _("Land resources and energy")
    AGRICULTURE = "agriculture", _("Agriculture, forestry and water")
    INDUSTRY_TRANSPORT = "industry_transport", _("Industry and transport")
    COMMERCE = "commerce", _("Commerce, customs and tourism")
    MARKET_SAFETY = "market_safety", _("Market regulation and work safety")
    CONSTRUCTION_ENVIRONMENT = "construction_environment", _("Urban construction and environment")
    SCIENCE_EDUCATION = "science_education", _("Science and education")
    CULTURE = "culture", _("Culture, broadcasting and press")
    HEALTH_SPORTS = "health_sports", _("Health and sports")
    POPULATION = "population", _("Population, women and children")
    LABOUR = "labour", _("Labour, personnel and supervision")
    PUBLIC_SECURITY = "public_security", _("Public security and justice")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs, poverty relief and disaster relief")
    ETHNIC_RELIGION = "ethnic_religion", _("Ethnic and religious affairs")
    FOREIGN = "foreign", _("Foreign affairs")
    OTHER = "other", _("Other")


class Validity(models.TextChoices):
    VALID = "valid", _("In force")
    REVISED = "revised", _("Revised")
    REPEALED = "repealed", _("Repealed")
    EXPIRED = "expired", _("Expired")


class DisclosureOrigin(models.TextChoices):
    """How the information came to be published: on the organ's own initiative, or first
    released to an applicant and then made public for everyone (条例第四十四条).

    The catalogue only holds the flag; the application it came from is linked on the
    side of the applications (requests_app), which knows the catalogue, never the reverse.
    """

    PROACTIVE = "proactive", _("Proactive disclosure")
    ON_REQUEST = "on_request", _("Made public after an application (Article 44)")


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Category(models.Model):
    """A column (栏目) of the catalogue; columns form a tree shared by all organizations."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent column"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    is_key_area = models.BooleanField(
        _("key area column"),
        default=False,
        help_text=_(
            "Items in this column and its sub-columns count as key-area information "
            "(重点领域) in the annual report."
        ),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="category_unique_name_per_parent"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="category_unique_top_level_name",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("disclosure:list") + f"?category={self.pk}"


class Channel(models.Model):
    """A channel a disclosure went out on (门户网站, 政务微博, 政务微信, 公告栏 …)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class IndexSequence(YearlySequence):
    """The last serial handed out for generated 索引号 per identifier and year."""

    identifier = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["identifier", "year"], name="index_sequence_unique")
        ]

    def __str__(self):
        return f"{self.identifier}/{self.year}: {self.last}"


class DisclosureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=DisclosureStatus.PUBLISHED)

    def made_public_on_request(self):
        """依申请公开转主动公开 (第四十四条)."""
        return self.filter(origin=DisclosureOrigin.ON_REQUEST)

    def for_organizations(self, organization_ids):
        if organization_ids is None:
            return self
        return self.filter(organization_id__in=organization_ids)

    def of_genre(self, genre):
        return self.filter(genre=genre)

    def issued_in(self, year: int):
        return self.filter(written_on__year=year)

    def repealed_in(self, year: int):
        return self.filter(
            validity__in=[Validity.REPEALED, Validity.EXPIRED], repealed_on__year=year
        )

    def in_force_on(self, day):
        """Issued on or before `day` and not repealed by then."""
        return self.filter(written_on__lte=day).exclude(
            validity__in=[Validity.REPEALED, Validity.EXPIRED], repealed_on__lte=day
        )

    def late(self):
        return self.filter(publication_delay_workdays__gt=PUBLICATION_PERIOD_WORKDAYS)


class Disclosure(AuditedModel):
    index_number = models.CharField(
        _("index number"),
        max_length=64,
        unique=True,
        blank=True,
        help_text=_("Left blank, it is generated as «credit code or code»/«year»-«serial»."),
    )
    title = models.CharField(_("title"), max_length=300)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    organization = models.ForeignKey(
        "disclosure.Organization",
        verbose_name=_("issuing organization"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("column"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    genre = models.CharField(_("genre"), max_length=30, choices=Genre.choices, default=Genre.OTHER)
    topic = models.CharField(
        _("topic"), max_length=30, choices=Topic.choices, default=Topic.GENERAL
    )
    written_on = models.DateField(_("date of writing"))
    changed_on = models.DateField(
        _("date changed"),
        null=True,
        blank=True,
        help_text=_("When the information changed after it was formed (Article 26)."),
    )
    published_on = models.DateField(_("date of publication"), null=True, blank=True)
    validity = models.CharField(
        _("validity"), max_length=20, choices=Validity.choices, default=Validity.VALID
    )
    repealed_on = models.DateField(_("date repealed"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    channels = models.ManyToManyField(
        Channel, verbose_name=_("channels"), blank=True, related_name="disclosures"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DisclosureStatus.choices, default=DisclosureStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    withdrawal_reason = models.CharField(
        _("reason for withdrawal"), max_length=500, blank=True, editable=False
    )
    interprets = models.ForeignKey(
        "self",
        verbose_name=_("interprets"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
        help_text=_("For a policy interpretation: the document it interprets."),
    )
    publication_delay_workdays = models.IntegerField(
        _("working days to publication"), null=True, blank=True, editable=False
    )
    origin = models.CharField(
        _("origin"),
        max_length=20,
        choices=DisclosureOrigin.choices,
        default=DisclosureOrigin.PROACTIVE,
        editable=False,
        help_text=_("Information first released on request and then made public (Article 44)."),
    )

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_on", "-id"], name="disclosure_public_list"),
            models.Index(fields=["organization", "status"], name="disclosure_org_status"),
            models.Index(fields=["genre", "written_on"], name="disclosure_genre_written"),
            # The public list filtered by organization, column or genre, newest first: each
            # page (and each keyset seek) is a short walk of one of these (partial) indexes.
            models.Index(
                fields=["organization", "-published_on", "-id"],
                condition=models.Q(status="published"),
                name="disclosure_pub_org",
            ),
            models.Index(
                fields=["category", "-published_on", "-id"],
                condition=models.Q(status="published"),
                name="disclosure_pub_category",
            ),
            models.Index(
                fields=["genre", "-published_on", "-id"],
                condition=models.Q(status="published"),
                name="disclosure_pub_genre",
            ),
            # The annual report's counts over many organizations (reports.engine): the
            # documents published in two years, and every 规章 and 规范性文件, read from
            # these covering indexes alone (PostgreSQL; elsewhere plain partial indexes), so
            # a city's report does not read a million rows of the table.
            models.Index(
                fields=["published_on"],
                include=[
                    "id",
                    "organization",
                    "genre",
                    "category",
                    "publication_delay_workdays",
                ],
                condition=models.Q(status="published"),
                name="disclosure_report_published",
            ),
            models.Index(
                fields=["genre"],
                include=["id", "organization", "written_on", "validity", "repealed_on"],
                condition=models.Q(
                    status="published",
                    genre__in=["regulation", "normative_document"],
                ),
                name="disclosure_report_documents",
            ),
            # 依申请公开转主动公开 (第四十四条): the public list of these few, newest first.
            models.Index(
                fields=["-published_on", "-id"],
                condition=models.Q(status="published", origin="on_request"),
                name="disclosure_pub_on_request",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DisclosureStatus.values),
                name="disclosure_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(validity__in=Validity.values), name="disclosure_validity_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(genre__in=Genre.values), name="disclosure_genre_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(topic__in=Topic.values), name="disclosure_topic_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=DisclosureStatus.PUBLISHED)
                | models.Q(published_on__isnull=False),
                name="disclosure_published_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(validity__in=[Validity.VALID, Validity.REVISED])
                | models.Q(repealed_on__isnull=False),
                name="disclosure_repeal_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(repealed_on__isnull=True)
                | models.Q(repealed_on__gte=models.F("written_on")),
                name="disclosure_repeal_after_writing",
            ),
            models.CheckConstraint(
                condition=models.Q(interprets__isnull=True) | models.Q(genre="interpretation"),
                name="disclosure_only_interpretation_interprets",
            ),
            models.CheckConstraint(
                condition=~models.Q(index_number=""), name="disclosure_index_number_not_blank"
            ),
            models.CheckConstraint(
                condition=models.Q(origin__in=DisclosureOrigin.values),
                name="disclosure_origin_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("disclosure:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == DisclosureStatus.PUBLISHED

    @property
    def is_late(self) -> bool:
        return (self.publication_delay_workdays or 0) > PUBLICATION_PERIOD_WORKDAYS

    def clean(self):
        errors = {}
        if self.validity in (Validity.REPEALED, Validity.EXPIRED) and not self.repealed_on:
            errors["repealed_on"] = _("A repealed or expired document needs the date it ended.")
        if self.repealed_on and self.written_on and self.repealed_on < self.written_on:
            errors["repealed_on"] = _("The end date cannot be before the date of writing.")
        if self.interprets_id and self.genre != Genre.INTERPRETATION:
            errors["interprets"] = _("Only a policy interpretation can interpret a document.")
        if self.interprets_id and self.pk and self.interprets_id == self.pk:
            errors["interprets"] = _("A document cannot interpret itself.")
        if self.published_on and self.written_on and self.published_on < self.written_on:
            errors["published_on"] = _("The publication date cannot be before the date of writing.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # A blank 索引号 is generated by save_disclosure(); only the database must never see
        # it blank.
        if not (self.index_number or "").strip():
            exclude = {*(exclude or ()), "index_number"}
        super().validate_constraints(exclude=exclude)

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        self.title = self.title.strip()
        self.index_number = (self.index_number or "").strip()
        if self.validity in (Validity.VALID, Validity.REVISED):
            self.repealed_on = None
        self.publication_delay_workdays = self.compute_publication_delay()
        # A blank 索引号 is given by disclosure.services.index_numbers.save_disclosure, which
        # locks the organization's sequence row: save() changes no other row.
        super().save(*args, **kwargs)

    @property
    def index_year(self) -> int:
        day = self.written_on or self.published_on or timezone.localdate()
        return day.year

    def compute_publication_delay(self) -> int | None:
        """Working days from forming or changing to publication (第二十六条), if computable."""
        return publication_delay(self.changed_on or self.written_on, self.published_on)


def publication_delay(formed, published_on, calendar=None) -> int | None:
    """Working days from `formed` (written or changed) to `published_on` (第二十六条), or
    None when either is missing or the count would be provisional.

    `calendar`: the WorkCalendar already loaded (bulk imports), else it is loaded here.
    """
    from disclosure.models.calendar import load_work_calendar
    from disclosure.workdays import CalendarNotCovered, workdays_between

    if not (formed and published_on):
        return None
    calendar = calendar if calendar is not None else load_work_calendar()
    # A count over a year not entered would be 暂定: the stored count (and the "late"
    # flag it sets) waits for the year, and is recounted when it is entered.
    if calendar.provisional_years(formed, published_on):
        return None
    try:
        return workdays_between(calendar, formed, published_on)
    except CalendarNotCovered:
        return None


def attachment_upload_to(instance, filename):
    # A random name: the stored path never tells the original file name, and cannot be
    # guessed by someone who saw the document's title (the name shown is `original_name`).
    return random_name("disclosures", filename)


def validate_attachment_size(file):
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit)d MB."),
            code="file_too_large",
            params={"size": file.size / 1024 / 1024, "limit": settings.MAX_UPLOAD_MB},
        )


class AttachmentTextStatus(models.TextChoices):
    """Where the text of an attachment stands (disclosure/search/extract.py)."""

    PENDING = "pending", _("waiting to be read")
    EXTRACTED = "extracted", _("text read")
    NO_TEXT = "no_text", _("no text (a format not read, or a scan)")
    TOO_LARGE = "too_large", _("too large to read")
    FAILED = "failed", _("unreadable")


class Attachment(models.Model):
    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name=_("disclosure"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=attachment_upload_to,
        storage=attachment_storage,
        max_length=255,
        db_index=True,
        validators=[
            FileExtensionValidator(ATTACHMENT_EXTENSIONS),
            validate_attachment_size,
        ],
    )
    original_name = models.CharField(
        _("original file name"), max_length=255, blank=True, editable=False
    )
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    # Its text, for the search: read by a background job whenever the file is new or
    # replaced (disclosure/jobs/attachment_text.py), bounded in size and time.
    extracted_text = models.TextField(_("extracted text"), blank=True, default="", editable=False)
    text_status = models.CharField(
        _("text for the search"),
        max_length=10,
        choices=AttachmentTextStatus.choices,
        default=AttachmentTextStatus.PENDING,
        editable=False,
    )
    extracted_at = models.DateTimeField(_("text read at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.original_name or os.path.basename(self.file.name)

    @property
    def download_name(self) -> str:
        """The file name a browser saves: the name it was uploaded with."""
        return self.original_name or os.path.basename(self.file.name)

    @property
    def extension(self) -> str:
        return os.path.splitext(self.file.name)[1].lstrip(".").lower()

    def save(self, *args, **kwargs):
        if self.file:
            with contextlib.suppress(OSError, ValueError):
                self.size = self.file.size
            if not self.file._committed:
                # A new upload: its name is still the one it was uploaded with.
                self.original_name = os.path.basename(self.file.name)[:255]
        super().save(*args, **kwargs)
