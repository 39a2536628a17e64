"""Public forms of the leader's mailbox: writing a letter and reading its reply."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.public_forms import HoneypotFormMixin
from disclosure.models import Organization
from disclosure.validators import validate_resident_id
from requests_app.petitions.services import MailboxLetter

# Mainland mobile numbers and landlines with their area code, optionally with +86.
_PHONE_RE = re.compile(r"^(?:\+?86-?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def _normalize_phone(value: str) -> str:
    return re.sub(r"[\s()（）]", "", value or "")


class MailboxForm(HoneypotFormMixin, forms.Form):
    required_css_class = "apply-required"  # apply.css marks these labels with *

    organization = forms.ChoiceField(label=_("Write to"))
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("In a few words: what is the letter about?"),
    )
    content = forms.CharField(
        label=_("Your letter"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Describe the matter, when and where it happened, and what you ask for."),
    )
    petitioner_name = forms.CharField(label=_("Your name"), max_length=100)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        help_text=_("A mobile number or a landline with its area code, e.g. 0813-1234567."),
    )
    id_number = forms.CharField(
        label=_("Identity card number"),
        max_length=18,
        required=False,
        help_text=_("Optional; needed only if the matter concerns your own rights."),
    )
    address = forms.CharField(label=_("Your address"), max_length=300, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    consent_to_publish = forms.BooleanField(
        label=_("The letter and its reply may be published without my personal data"),
        required=False,
        help_text=_(
            "Staff may then publish an anonymised summary of your letter and the reply. "
            "Your name, phone, ID number and address are never published."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {
            o.code: o for o in Organization.objects.active().order_by("sort_order", "code")
        }
        self.fields["organization"].choices = [
            ("", _("— choose the organization —")),
            *[(code, o.name) for code, o in self.organizations.items()],
        ]

    def clean_phone(self):
        value = _normalize_phone(self.cleaned_data["phone"])
        if not _PHONE_RE.fullmatch(value):
            raise ValidationError(
                _(
                    "Enter a mainland mobile number (11 digits, e.g. 13812345678) or a "
                    "landline with its area code (e.g. 0813-1234567)."
                ),
                code="invalid_phone",
            )
        return value

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        if value:
            validate_resident_id(value)
        return value

    def clean_subject(self):
        value = self.cleaned_data["subject"].strip()
        if not value:
            raise ValidationError(_("Enter a subject."), code="required")
        return value

    def to_letter(self) -> MailboxLetter:
        data = self.cleaned_data
        return MailboxLetter(
            organization=self.organizations[data["organization"]],
            subject=data["subject"],
            content=data["content"],
            petitioner_name=data["petitioner_name"],
            phone=data["phone"],
            id_number=data["id_number"],
            address=data["address"],
            email=data["email"],
            consent_to_publish=data["consent_to_publish"],
        )


class MailboxStatusForm(forms.Form):
    required_css_class = "apply-required"

    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=40,
        help_text=_("As shown when you sent the letter, e.g. ZLJ-XF-2016-000001."),
    )
    query_code = forms.CharField(label=_("Query code"), max_length=20)

    def clean_tracking_number(self):
        return self.cleaned_data["tracking_number"].strip().upper()

    def clean_query_code(self):
        return self.cleaned_data["query_code"].strip().upper()
