from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from disclosure.validators import validate_org_code, validate_uscc


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("People's government")
    DEPARTMENT = "department", _("Government department")
    SUBDISTRICT = "subdistrict", _("Subdistrict office")
    TOWNSHIP = "township", _("Township government")
    OTHER = "other", _("Other organ")


class ReceiptConfirmation(models.TextChoices):
    """How an organ confirms an application received over the internet (第三十一条第三项).

    The date of receipt of an online application is "the date both sides
    confirm". An organ either confirms automatically when the applicant submits
    (the submission date is then the date of receipt), or a staff member
    confirms it, and the confirmation date is the date of receipt.
    """

    AUTOMATIC = "automatic", _("Automatically at submission")
    STAFF = "staff", _("By staff")


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def descendant_ids(self, root_ids) -> set[int]:
        """Ids of the given organizations and everything below them.

        One query over (id, parent_id): organization trees are small (a
        district has tens to a few hundred organs), walking them in Python is
        cheaper than a recursive CTE that SQLite and PostgreSQL spell alike.
        """
        root_ids = set(root_ids)
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Organization.objects.values_list("id", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        result: set[int] = set()
        stack = list(root_ids)
        while stack:
            pk = stack.pop()
            if pk in result:
                continue
            result.add(pk)
            stack.extend(children.get(pk, ()))
        return result

    def scope_ids(self, organization, *, include_children: bool) -> set[int]:
        """The organization's id (an Organization or its pk), with its sub-organizations'
        ids when asked: the scope every statistic and report of an organization counts over."""
        pk = organization if isinstance(organization, int) else organization.pk
        if include_children:
            return self.descendant_ids([pk])
        return {pk}


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[validate_org_code],
        help_text=_("Lowercase ASCII, used in web addresses and imports, e.g. “zlj”."),
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_uscc],
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=OrganizationKind.choices,
        default=OrganizationKind.DEPARTMENT,
    )
    # Contact data of the 政府信息公开工作机构, shown on the guide and on letters.
    office_name = models.CharField(_("disclosure office"), max_length=100, blank=True)
    address = models.CharField(_("office address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    phone = models.CharField(_("office phone"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    email = models.EmailField(_("office email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    guide_text = models.TextField(
        _("guide text"),
        blank=True,
        help_text=_("Extra paragraphs for the organization's disclosure guide (plain text)."),
    )
    receipt_confirmation = models.CharField(
        _("confirmation of online applications"),
        max_length=20,
        choices=ReceiptConfirmation.choices,
        default=ReceiptConfirmation.AUTOMATIC,
        help_text=_(
            "Article 31(3): the date of receipt of an online application is the date both "
            "sides confirm it. Automatic: the submission date. By staff: the date a staff "
            "member confirms it."
        ),
    )
    # 行政复议法（2023）第二十条、第二十三条第二款: letters name the reconsideration body.
    # Blank: the parent organization (第二十四条第一款: a department's 本级人民政府, a
    # township's or subdistrict's 上一级人民政府). An organ without a parent (the district
    # government itself, whose body is the 上一级人民政府) or under vertical leadership
    # (第二十七条: 上一级主管部门) enters it here.
    reconsideration_body = models.CharField(
        _("reconsideration body"),
        max_length=100,
        blank=True,
        help_text=_(
            "The organ that decides administrative reconsideration of this organization's "
            "replies (Administrative Reconsideration Law 2023, Article 24), e.g. "
            "“自贡市人民政府”. Leave blank for the parent organization."
        ),
    )
    reconsideration_address = models.CharField(
        _("reconsideration body's address"), max_length=200, blank=True
    )
    reconsideration_phone = models.CharField(
        _("reconsideration body's phone"), max_length=50, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["sort_order", "code"]
        permissions = [("supervise", _("Can see and manage every organization"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganizationKind.values), name="organization_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(receipt_confirmation__in=ReceiptConfirmation.values),
                name="organization_receipt_confirmation_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="organization_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        # Normalise before the validators run, so "ZLJ" typed in a form is accepted as "zlj".
        self.code = (self.code or "").strip().lower()
        self.credit_code = (self.credit_code or "").strip().upper()
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        self.reconsideration_body = (self.reconsideration_body or "").strip()
        has_contact = self.reconsideration_address.strip() or self.reconsideration_phone.strip()
        if has_contact and not self.reconsideration_body and self.parent_id is None:
            raise ValidationError(
                {
                    "reconsideration_body": _(
                        "Name the reconsideration body: the organization has no parent "
                        "organization to stand for it."
                    )
                }
            )

    def save(self, *args, **kwargs):
        self.code = (self.code or "").strip().lower()
        self.credit_code = (self.credit_code or "").strip().upper()
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def index_identifier(self) -> str:
        """The prefix of generated 索引号: the credit code, or else the code."""
        return self.credit_code or self.code

    def get_absolute_url(self):
        return reverse("disclosure:guide", args=[self.code])

    @property
    def reconsideration_body_name(self) -> str:
        """The 行政复议机关 named in letters: the one entered, else the parent's name; "" when
        neither is known (行政复议法（2023）第二十四条)."""
        if self.reconsideration_body.strip():
            return self.reconsideration_body.strip()
        return self.parent.name if self.parent_id else ""

    def ancestors(self) -> list["Organization"]:
        chain, node, seen = [], self.parent, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return chain
