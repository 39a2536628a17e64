"""Suggestions of people's congress deputies (人大代表建议) and proposals of CPPCC
members (政协委员提案) assigned to the government, their handling and the public
results (建议提案办理结果公开).

A proposal belongs to the year it was assigned in; its lead organization (主办
单位) owns it for admin scoping and statistics. The due date defaults to three
months after assignment (see `requests_app.proposals.services.default_due_on`).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel, RecordEvent


class ProposalKind(models.TextChoices):
    DEPUTY_SUGGESTION = "deputy_suggestion", _("Suggestion of a people's congress deputy")
    CPPCC_PROPOSAL = "cppcc_proposal", _("Proposal of a CPPCC member")


class ResultCategory(models.TextChoices):
    """The result categories of the handling reply (办理结果分类)."""

    SOLVED = "solved", _("A: the problem raised has been solved or the suggestion adopted")
    IN_PROGRESS = "in_progress", _("B: being solved or included in plans")
    FOR_REFERENCE = (
        "for_reference",
        _("C: cannot be solved for now owing to conditions or other reasons; kept for reference"),
    )

    @property
    def letter(self) -> str:
        return {"solved": "A", "in_progress": "B", "for_reference": "C"}[self.value]


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class ProposalQuerySet(models.QuerySet):
    def for_organizations(self, organization_ids):
        if organization_ids is None:
            return self
        return self.filter(lead_organization_id__in=organization_ids)

    def of_year(self, year: int):
        return self.filter(year=year)

    def open(self):
        return self.filter(answered_on__isnull=True)

    def answered(self):
        return self.filter(answered_on__isnull=False)

    def overdue(self, *, on: date):
        return self.open().filter(due_on__lt=on)

    def due_between(self, first: date, last: date):
        """Not answered and due from `first` to `last` inclusive."""
        return self.open().filter(due_on__gte=first, due_on__lte=last)

    def published(self):
        """Replies the public may read (建议提案办理结果公开)."""
        return self.filter(publish_reply=True, answered_on__isnull=False)


ANSWERED_IN_TIME_Q = Q(answered_on__isnull=False, answered_on__lte=models.F("due_on"))


class Proposal(AuditedModel):
    kind = models.CharField(_("type"), max_length=30, choices=ProposalKind.choices)
    session = models.CharField(
        _("session"), max_length=100, help_text=_("For example 区十八届人大一次会议.")
    )
    number = models.CharField(_("number"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("text of the suggestion or proposal"), blank=True)
    lead_organization = models.ForeignKey(
        "disclosure.Organization",
        verbose_name=_("lead organization"),
        on_delete=models.PROTECT,
        related_name="proposals_led",
    )
    co_organizations = models.ManyToManyField(
        "disclosure.Organization",
        verbose_name=_("co-organizations"),
        blank=True,
        related_name="proposals_assisted",
    )
    assigned_on = models.DateField(_("date assigned"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False, db_index=True)
    due_on = models.DateField(
        _("reply due"),
        blank=True,
        help_text=_("Empty: three months after the date assigned (or as configured)."),
    )
    answered_on = models.DateField(_("date answered"), null=True, blank=True)
    category = models.CharField(
        _("result category"), max_length=20, choices=ResultCategory.choices, blank=True
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=30, choices=Satisfaction.choices, blank=True
    )
    reply_text = models.TextField(_("reply"), blank=True)
    publish_reply = models.BooleanField(
        _("publish the reply"),
        default=False,
        help_text=_("Shows the title, proposers and reply on the public list of results."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal or suggestion")
        verbose_name_plural = _("proposals and suggestions")
        ordering = ["-year", "kind", "number", "id"]
        indexes = [
            models.Index(fields=["lead_organization", "year"], name="proposal_org_year"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "session", "number"], name="proposal_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ProposalKind.values), name="proposal_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(category="") | Q(category__in=ResultCategory.values),
                name="proposal_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction="") | Q(satisfaction__in=Satisfaction.values),
                name="proposal_satisfaction_valid",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("assigned_on")),
                name="proposal_due_after_assignment",
            ),
            # Answered means a date, a category and a reply; open means none of them.
            models.CheckConstraint(
                condition=(Q(answered_on__isnull=True) & Q(category=""))
                | (
                    Q(answered_on__isnull=False)
                    & Q(answered_on__gte=models.F("assigned_on"))
                    & ~Q(category="")
                    & ~Q(reply_text="")
                ),
                name="proposal_answer_consistent",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction="") | Q(answered_on__isnull=False),
                name="proposal_satisfaction_after_answer",
            ),
            models.CheckConstraint(
                condition=Q(publish_reply=False) | Q(answered_on__isnull=False),
                name="proposal_publish_answered_only",
            ),
        ]

    def __str__(self):
        return f"{self.session} {self.number} {self.title}"

    def save(self, *args, **kwargs):
        if self.assigned_on:
            self.year = self.assigned_on.year
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "year"}
        super().save(*args, **kwargs)

    def clean(self):
        errors: dict[str, str] = {}
        if self.due_on and self.assigned_on and self.due_on < self.assigned_on:
            errors["due_on"] = _("The due date cannot be before the date assigned.")
        if self.answered_on:
            if self.assigned_on and self.answered_on < self.assigned_on:
                errors["answered_on"] = _("The date answered cannot be before the date assigned.")
            if not self.category:
                errors["category"] = _("An answered proposal needs its result category.")
            if not self.reply_text.strip():
                errors["reply_text"] = _("An answered proposal needs the text of its reply.")
        else:
            if self.category:
                errors["category"] = _("Enter the date answered together with the category.")
            if self.satisfaction:
                errors["satisfaction"] = _("Satisfaction is recorded after the answer.")
            if self.publish_reply:
                errors["publish_reply"] = _("Only an answered proposal can be published.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_answered(self) -> bool:
        return self.answered_on is not None

    @property
    def answered_in_time(self) -> bool | None:
        if self.answered_on is None:
            return None
        return self.answered_on <= self.due_on

    def get_absolute_url(self):
        return reverse("proposals:proposal_detail", args=[self.pk])


class ProposalProposer(models.Model):
    """A deputy or member who signed the proposal, with their delegation or sector."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="proposers"
    )
    name = models.CharField(_("name"), max_length=50)
    affiliation = models.CharField(
        _("delegation or sector"),
        max_length=100,
        blank=True,
        help_text=_("The deputy's delegation (代表团) or the member's sector (界别)."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("proposer")
        verbose_name_plural = _("proposers")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return f"{self.name}（{self.affiliation}）" if self.affiliation else self.name


class ProposalEventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IMPORTED = "imported", _("Imported")
    EDITED = "edited", _("Edited in the admin")
    REIMPORTED = "reimported", _("Updated by an import")
    ANSWERED = "answered", _("Answer recorded")
    SATISFACTION_RECORDED = "satisfaction_recorded", _("Satisfaction recorded")
    PUBLISHED = "published", _("Reply published")
    UNPUBLISHED = "unpublished", _("Reply withdrawn from publication")


class ProposalEvent(RecordEvent):
    """One step in a proposal's handling and who took it. Append-only: never updated or
    deleted; written by `requests_app.proposals.services` only."""

    record_field = "proposal"
    Kind = ProposalEventKind

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ProposalEventKind.choices)

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProposalEventKind.values), name="proposal_event_kind_valid"
            ),
        ]
