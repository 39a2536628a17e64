"""Public forms: the online disclosure application (第二十九条) and the status look-up."""

import re
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from core.public_forms import HoneypotFormMixin
from disclosure.models import Organization, OrganizationKind
from disclosure.validators import validate_resident_id, validate_uscc
from requests_app.applications.models import ApplicantType, DeliveryMethod, IdType, ProvisionForm
from requests_app.applications.services.submission import OnlineApplicationData


class ApplicantCategory:
    """第二十九条: 公民 (a natural person), or 法人或者其他组织."""

    NATURAL_PERSON = "natural_person"
    ORGANIZATION = "organization"
    CHOICES = [
        (NATURAL_PERSON, _("Natural person")),
        (ORGANIZATION, _("Legal person or other organization")),
    ]


# The five organization columns of 表三; the first column is the natural person.
ORGANIZATION_KIND_CHOICES = [(v, label) for v, label in ApplicantType.choices][1:]

# Document types a natural person may use, and those an organization may use.
PERSON_ID_TYPES = [
    IdType.RESIDENT_ID,
    IdType.PASSPORT,
    IdType.HK_MACAO_PERMIT,
    IdType.TAIWAN_PERMIT,
    IdType.OTHER,
]
ORGANIZATION_ID_TYPES = [IdType.CREDIT_CODE, IdType.OTHER]

# Mainland mobile numbers (1[3-9] + 9 digits) and landlines (area code 0xx/0xxx, 7-8 digits,
# optional extension), each optionally with the +86 country code.
_MOBILE = r"1[3-9]\d{9}"
_LANDLINE = r"0\d{2,3}-?\d{7,8}(?:(?:-|转|#|ext\.?)\d{1,6})?"
PHONE_RE = re.compile(rf"^(?:\+?86-?)?(?:{_MOBILE}|{_LANDLINE})$", re.IGNORECASE)

# The first bytes of each accepted attachment type: the extension alone proves nothing.
FILE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}

CLIENT_TOKEN_RE = r"^[A-Za-z0-9_-]{20,64}$"

ORGANIZATION_GROUPS = [
    (OrganizationKind.GOVERNMENT, _("People's governments")),
    (OrganizationKind.DEPARTMENT, _("Government departments")),
    (OrganizationKind.SUBDISTRICT, _("Subdistrict offices")),
    (OrganizationKind.TOWNSHIP, _("Township governments")),
    (OrganizationKind.OTHER, _("Other organs")),
]


def new_client_token() -> str:
    return secrets.token_urlsafe(24)


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s()（）]", "", value or "")


def validate_phone(value: str) -> None:
    if not PHONE_RE.fullmatch(normalize_phone(value)):
        raise ValidationError(
            _(
                "Enter a mainland mobile number (11 digits, e.g. 13812345678) or a landline "
                "with its area code (e.g. 0813-1234567)."
            ),
            code="invalid_phone",
        )


def organization_choices() -> list:
    """Active organizations grouped by kind, in their sort order (one query)."""
    grouped: dict[str, list[tuple[str, str]]] = {kind: [] for kind, _label in ORGANIZATION_GROUPS}
    for code, name, kind in Organization.objects.active().values_list("code", "name", "kind"):
        grouped.setdefault(kind, []).append((code, name))
    labels = dict(ORGANIZATION_GROUPS)
    choices: list = [("", _("— choose the organization —"))]
    for kind, items in grouped.items():
        if items:
            choices.append((labels.get(kind, kind), items))
    return choices


class ApplicationForm(HoneypotFormMixin, forms.Form):
    """The online application; every rule here says which field is wrong."""

    required_css_class = "apply-required"

    applicant_category = forms.ChoiceField(
        label=_("Applicant"),
        choices=ApplicantCategory.CHOICES,
        widget=forms.RadioSelect,
        initial=ApplicantCategory.NATURAL_PERSON,
    )
    organization_kind = forms.ChoiceField(
        label=_("Kind of organization"),
        choices=[("", _("— choose —")), *ORGANIZATION_KIND_CHOICES],
        required=False,
        help_text=_("Only for legal persons and other organizations."),
    )
    applicant_name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("Your full name, or the full name of the organization."),
    )
    id_type = forms.ChoiceField(
        label=_("Identity document"),
        choices=[("", _("— choose —")), *IdType.choices],
    )
    id_number = forms.CharField(label=_("Document number"), max_length=50)
    contact_person = forms.CharField(
        label=_("Contact person"),
        max_length=50,
        required=False,
        help_text=_("Required for organizations."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Needed only if you choose to receive the information by email."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("Postal address"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=6,
        required=False,
        validators=[RegexValidator(r"^\d{6}$", _("A postcode has 6 digits."))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    organization = forms.ChoiceField(label=_("Organization applied to"), choices=())
    information_title = forms.CharField(
        label=_("Name of the information"),
        max_length=300,
        required=False,
    )
    information_number = forms.CharField(
        label=_("Document number of the information (文号)"),
        max_length=100,
        required=False,
    )
    description = forms.CharField(
        label=_("Other description of the information"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Give the name, the document number or any other description that helps the "
            "organ find the information (at least one of the three)."
        ),
    )
    provision_form = forms.ChoiceField(
        label=_("Form of provision"),
        choices=ProvisionForm.choices,
        widget=forms.RadioSelect,
        initial=ProvisionForm.ELECTRONIC,
    )
    delivery_method = forms.ChoiceField(
        label=_("Way of obtaining"),
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect,
        # No default: a preselected "by email" made the optional email address required.
        error_messages={"required": _("Choose how you want to receive the information.")},
    )
    identity_proof = forms.FileField(
        label=_("Identity proof (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organ processes the personal data in this application to "
            "handle it, as the Regulations on Government Information Disclosure require."
        ),
        error_messages={
            "required": _("Tick this box: the application cannot be handled without it.")
        },
    )
    client_token = forms.CharField(
        widget=forms.HiddenInput,
        validators=[RegexValidator(CLIENT_TOKEN_RE)],
        error_messages={"required": _("The form has expired: reload the page.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organization_choices()
        self.fields["identity_proof"].help_text = _("PDF, JPG or PNG, at most %(mb)s MB.") % {
            "mb": settings.MAX_UPLOAD_MB
        }
        if not self.is_bound and not self.initial.get("client_token"):
            self.initial["client_token"] = new_client_token()

    # -- single fields -------------------------------------------------------------------

    def clean_applicant_name(self):
        return self.cleaned_data["applicant_name"].strip()

    def clean_id_number(self):
        return re.sub(r"\s", "", self.cleaned_data["id_number"]).upper()

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_organization(self):
        code = self.cleaned_data["organization"]
        try:
            return Organization.objects.active().get(code=code)
        except Organization.DoesNotExist:
            raise ValidationError(
                _("Choose an organization from the list."), code="invalid_choice"
            ) from None

    def clean_identity_proof(self):
        upload = self.cleaned_data.get("identity_proof")
        if not upload:
            return None
        limit = settings.MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(mb)s MB."),
                code="file_too_large",
                params={"mb": settings.MAX_UPLOAD_MB},
            )
        ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if ext not in FILE_SIGNATURES:
            raise ValidationError(
                _("Only PDF, JPG and PNG files are accepted."), code="file_type_not_allowed"
            )
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(FILE_SIGNATURES[ext]):
            raise ValidationError(
                _("The file's content is not a %(type)s file; choose a real PDF, JPG or PNG."),
                code="file_content_mismatch",
                params={"type": ext.upper()},
            )
        return upload

    # -- rules across fields -------------------------------------------------------------

    def clean(self):
        data = super().clean()
        category = data.get("applicant_category")
        id_type = data.get("id_type")
        id_number = data.get("id_number")

        if category == ApplicantCategory.ORGANIZATION:
            if not data.get("organization_kind"):
                self.add_error(
                    "organization_kind",
                    ValidationError(
                        _("Choose the kind of organization that applies."), code="required"
                    ),
                )
            if not data.get("contact_person", "").strip():
                self.add_error(
                    "contact_person",
                    ValidationError(_("Give the name of a contact person."), code="required"),
                )
            if id_type and id_type not in ORGANIZATION_ID_TYPES:
                self.add_error(
                    "id_type",
                    ValidationError(
                        _("An organization identifies itself with its unified social credit code."),
                        code="person_document_for_organization",
                    ),
                )
        elif category == ApplicantCategory.NATURAL_PERSON and id_type == IdType.CREDIT_CODE:
            self.add_error(
                "id_type",
                ValidationError(
                    _("A unified social credit code identifies an organization, not a person."),
                    code="organization_document_for_person",
                ),
            )

        # 第二十九条第二款第（一）项: the identity proof must be checkable.
        if id_type and id_number and "id_type" not in self.errors:
            try:
                if id_type == IdType.RESIDENT_ID:
                    validate_resident_id(id_number)
                elif id_type == IdType.CREDIT_CODE:
                    validate_uscc(id_number)
            except ValidationError as exc:
                self.add_error("id_number", exc)

        # 第二十九条第二款第（二）项: name, 文号 or another identifying description.
        if not any(
            (data.get(f) or "").strip()
            for f in ("information_title", "information_number", "description")
        ):
            self.add_error(
                "description",
                ValidationError(
                    _(
                        "Say which information you ask for: its name, its document number or "
                        "another description."
                    ),
                    code="information_not_identified",
                ),
            )

        # 第二十九条第二款第（三）项: the way of obtaining must be one we can carry out.
        delivery = data.get("delivery_method")
        email_missing = not data.get("email") and "email" not in self.errors
        if delivery == DeliveryMethod.EMAIL and email_missing:
            self.add_error(
                "email",
                ValidationError(
                    _(
                        "You chose to receive the information by email: give an email "
                        "address, or choose another way of obtaining it."
                    ),
                    code="email_needed_for_delivery",
                ),
            )
        if delivery == DeliveryMethod.POST and not (data.get("address") or "").strip():
            self.add_error(
                "address",
                ValidationError(
                    _("Give a postal address to receive the information by post."),
                    code="address_needed_for_delivery",
                ),
            )
        if delivery == DeliveryMethod.EMAIL and data.get("provision_form") in (
            ProvisionForm.PAPER,
            ProvisionForm.DISC,
        ):
            self.add_error(
                "provision_form",
                ValidationError(
                    _(
                        "Paper documents and discs cannot be sent by email; choose another "
                        "form or way."
                    ),
                    code="form_not_deliverable_by_email",
                ),
            )
        return data

    def applicant_type(self) -> str:
        if self.cleaned_data["applicant_category"] == ApplicantCategory.NATURAL_PERSON:
            return ApplicantType.NATURAL_PERSON
        return self.cleaned_data["organization_kind"]

    def submission_data(self) -> OnlineApplicationData:
        d = self.cleaned_data
        is_org = d["applicant_category"] == ApplicantCategory.ORGANIZATION
        return OnlineApplicationData(
            organization=d["organization"],
            applicant_type=self.applicant_type(),
            applicant_name=d["applicant_name"],
            id_type=d["id_type"],
            id_number=d["id_number"],
            contact_person=d["contact_person"].strip() if is_org else "",
            phone=d["phone"],
            email=d["email"],
            address=d["address"].strip(),
            postcode=d["postcode"],
            information_title=d["information_title"].strip(),
            information_number=d["information_number"].strip(),
            description=d["description"].strip(),
            provision_form=d["provision_form"],
            delivery_method=d["delivery_method"],
            identity_proof=d.get("identity_proof"),
            client_token=d["client_token"],
        )


class StatusLookupForm(forms.Form):
    """受理编号 + 查询码. Which of the two is wrong is never said (no enumeration)."""

    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    query_code = forms.CharField(
        label=_("Query code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_tracking_number(self):
        return re.sub(r"\s", "", self.cleaned_data["tracking_number"]).upper()

    def clean_query_code(self):
        return re.sub(r"\s", "", self.cleaned_data["query_code"]).upper()


class RecoverQueryCodeForm(HoneypotFormMixin, forms.Form):
    """受理编号 + the e-mail address or phone number of the application, to get a new 查询码.

    Only the shape of the input is checked here: whether it matches an application is
    never said (`services.recovery`).
    """

    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    contact = forms.CharField(
        label=_("E-mail address or mobile number given in the application"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_tracking_number(self):
        return re.sub(r"\s", "", self.cleaned_data["tracking_number"]).upper()

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        if "@" in contact:
            try:
                forms.EmailField().clean(contact)
            except ValidationError:
                raise ValidationError(
                    _("Enter the e-mail address as given in the application."),
                    code="invalid_contact",
                ) from None
            return contact
        # "+86 138-1234-5678" is the same number as 13812345678.
        compact = re.sub(r"[\s\-()（）]", "", contact)
        if not PHONE_RE.fullmatch(compact):
            raise ValidationError(
                _(
                    "Enter the e-mail address or the phone number given in the application "
                    "(a mobile number has 11 digits, e.g. 13812345678)."
                ),
                code="invalid_contact",
            )
        return compact
