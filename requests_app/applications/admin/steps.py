"""Forms of the staff workflow steps and of the staff registration, and how each calls its service.

Each `Step` names its form, its service and the keyword arguments the form's
cleaned data become. The admin renders one page per step and shows the
service's refusal on the form, keeping what was typed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.models import Disclosure, Organization
from requests_app.applications.event_data import (
    CONSULTATION_ORGAN,
    CONSULTATION_THIRD_PARTY,
    NOT_HELD_NONEXISTENT,
    NOT_HELD_OTHER_ORGAN,
)
from requests_app.applications.fees import FeeMethod
from requests_app.applications.forms import CLIENT_TOKEN_RE, new_client_token
from requests_app.applications.models import (
    APPLICANT_FIELDS,
    ApplicantType,
    Application,
    DeliveryMethod,
    IdType,
    Outcome,
    ProvisionForm,
    SubmissionChannel,
)
from requests_app.applications.selectors import late_consultation_end
from requests_app.applications.services import workflow
from requests_app.applications.services.registration import STAFF_CHANNELS, check_identity_number

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_field(label=None, help_text=""):
    return forms.DateField(
        label=label or _("Date of the step"),
        widget=DATE_WIDGET,
        initial=timezone.localdate,
        help_text=help_text,
    )


class StepForm(forms.Form):
    on = _date_field(
        help_text=_(
            "The legal date: the day the letter went out or the document arrived, "
            "not the day it is recorded."
        )
    )


class ConfirmReceiptForm(StepForm):
    on = _date_field(
        _("Date of receipt"),
        _("Article 31: the day both sides confirmed the application."),
    )


class RequestCorrectionForm(StepForm):
    deadline = forms.DateField(
        label=_("Correction deadline"),
        widget=DATE_WIDGET,
        help_text=_("A reasonable deadline for the applicant (Article 30)."),
    )
    message = forms.CharField(
        label=_("What to correct"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent to the applicant and shown on the status page."),
    )


class NoteStepForm(StepForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class StartConsultationForm(StepForm):
    kind = forms.ChoiceField(
        label=_("Consulted"),
        choices=[
            (CONSULTATION_THIRD_PARTY, _("A third party (Article 32)")),
            (CONSULTATION_ORGAN, _("Another organ (Article 34)")),
        ],
        widget=forms.RadioSelect,
    )
    party = forms.CharField(
        label=_("Name of the consulted party"),
        max_length=200,
        help_text=_("Internal; not shown to the applicant."),
    )
    delivered_on = forms.DateField(
        label=_("Date the consulted party received the request"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_(
            "Its 15 working days count from the next day (Articles 32 and 34). Leave empty "
            "when the request was handed over, faxed or emailed on the date of the step, or "
            "when the day is not known: they then count from the date of the step."
        ),
    )

    def clean(self):
        data = super().clean()
        on, delivered_on = data.get("on"), data.get("delivered_on")
        if on and delivered_on and delivered_on < on:
            self.add_error(
                "delivered_on",
                _("The consulted party cannot receive the request before it was sent."),
            )
        return data


class EndConsultationForm(NoteStepForm):
    on = _date_field(
        _("Date the reply arrived"),
        _(
            "The day the consulted party's opinion arrived, or the day after its 15 working "
            "days ran out. The reply period stays stopped at most until the 15th working "
            "day (Articles 32 and 34), whatever date is given here."
        ),
    )


class DelayReplyForm(StepForm):
    reply_by = forms.DateField(
        label=_("Reply by"),
        widget=DATE_WIDGET,
        help_text=_(
            "Article 35: the reasonable date the organ sets to answer; after the current "
            "due date. The applicant is told."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why the requests clearly exceed a reasonable number or frequency and cannot be "
            "answered within the periods of Article 33. Sent to the applicant."
        ),
    )


class ExtendForm(StepForm):
    workdays = forms.IntegerField(
        label=_("Extension in working days"), min_value=1, max_value=20, initial=20
    )
    approved_by = forms.CharField(
        label=_("Approved by"),
        max_length=100,
        help_text=_("The head of the disclosure office who approved it (Article 33)."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the applicant."),
    )


class NotifyFeeForm(StepForm):
    method = forms.ChoiceField(
        label=_("Charged"), choices=FeeMethod.choices, widget=forms.RadioSelect
    )
    pages = forms.IntegerField(
        label=_("Pages"),
        min_value=1,
        required=False,
        help_text=_("Only when charging by pages: 1–30 free, then 10/20/40 yuan per page."),
    )
    delivered_on = forms.DateField(
        label=_("Date the applicant received the notice"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_(
            "The 20 working days to pay count from the next day (国办函〔2020〕109号). "
            "Leave empty when the notice was handed over or emailed on the date of the "
            "step; required when the applicant receives replies by post."
        ),
    )

    def clean(self):
        data = super().clean()
        on, delivered_on = data.get("on"), data.get("delivered_on")
        if on and delivered_on and delivered_on < on:
            self.add_error(
                "delivered_on", _("The fee notice cannot be received before it was sent.")
            )
        if data.get("method") == FeeMethod.BY_PAGES and not data.get("pages"):
            self.add_error("pages", _("Give the number of pages to charge by amount."))
        if data.get("method") == FeeMethod.BY_COUNT:
            data["pages"] = None
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


ANSWER_OUTCOMES = [(v, label) for v, label in Outcome.choices if v not in workflow.LAPSE_OUTCOMES]


class AnswerForm(StepForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", "---------"), *ANSWER_OUTCOMES],
        help_text=_("The row of the national table this answer counts in (Article 36)."),
    )
    reply_text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 8}))
    attachments = MultipleFileField(label=_("Attachments"), required=False)
    # 第三十六条第（一）项, only with "Granted". The service checks that each is published.
    published = forms.CharField(
        label=_("Already published as (index numbers)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only for “Granted”: when the information is already published (Article 36(1)), "
            "the index numbers of the published disclosures, one a line. The letter then "
            "tells the applicant where to find them; left empty, it cites Article 36(2)."
        ),
    )
    # 第三十六条第（四）项 / 第（五）项, only with "Unavailable: not held by this organ".
    not_held = forms.ChoiceField(
        label=_("Not held because"),
        required=False,
        choices=[
            ("", "---------"),
            (NOT_HELD_NONEXISTENT, _("The information does not exist (Article 36(4))")),
            (
                NOT_HELD_OTHER_ORGAN,
                _("Another organ is responsible for disclosing it (Article 36(5))"),
            ),
        ],
        help_text=_("Only for “Unavailable: not held by this organ”; empty means Article 36(4)."),
    )
    other_organ_reason = forms.CharField(
        label=_("Why another organ is responsible"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Article 36(5): the reason, quoted in the letter."),
    )
    other_organization = forms.ModelChoiceField(
        label=_("Responsible organ in the system"),
        queryset=Organization.objects.active(),
        required=False,
        help_text=_("Article 36(5): choose it here, or type its name and contact below."),
    )
    other_organ = forms.CharField(label=_("Responsible organ"), max_length=100, required=False)
    other_organ_contact = forms.CharField(
        label=_("How to reach it"),
        max_length=300,
        required=False,
        help_text=_(
            "Address and phone, quoted in the letter. For an organ chosen above, empty means "
            "its disclosure office's address and phone."
        ),
    )
    other_organ_unknown = forms.BooleanField(
        label=_("The responsible organ cannot be determined"),
        required=False,
        help_text=_(
            "Article 36(5) asks for the organ's name and contact only where it can be "
            "determined; tick this instead of leaving them empty."
        ),
    )

    def clean_published(self):
        numbers = [n.strip() for n in (self.cleaned_data.get("published") or "").split() if n]
        found = {d.index_number: d for d in Disclosure.objects.filter(index_number__in=numbers)}
        unknown = [n for n in numbers if n not in found]
        if unknown:
            raise forms.ValidationError(
                _("No disclosure has the index number %(numbers)s.")
                % {"numbers": "、".join(unknown)}
            )
        return list(dict.fromkeys(found[n] for n in numbers))

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        for f in files:
            if f.size > 50 * 1024 * 1024:
                raise forms.ValidationError(
                    _("“%(name)s” is larger than 50 MB.") % {"name": f.name}
                )
        return files


class InternalNoteForm(StepForm):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    form: type[forms.Form]
    call: Callable[..., object]
    # cleaned data → service keyword arguments (besides application/by)
    kwargs: Callable[[dict], dict]
    danger: bool = False
    # (application before the step, cleaned data) → a warning shown once the step is done.
    warning: Callable[[Application, dict], str] | None = None


def _on(data):
    return {"on": data["on"]}


STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step(
            "confirm_receipt",
            _("Confirm receipt"),
            ConfirmReceiptForm,
            workflow.confirm_receipt,
            _on,
        ),
        Step(
            "answer",
            _("Answer"),
            AnswerForm,
            workflow.answer,
            lambda d: {
                "on": d["on"],
                "outcome": d["outcome"],
                "reply_text": d["reply_text"],
                "attachments": d.get("attachments") or [],
                "published": d.get("published") or [],
                "not_held": d.get("not_held") or "",
                "other_organ_reason": d.get("other_organ_reason") or "",
                "other_organization": d.get("other_organization"),
                "other_organ": d.get("other_organ") or "",
                "other_organ_contact": d.get("other_organ_contact") or "",
                "other_organ_unknown": bool(d.get("other_organ_unknown")),
            },
        ),
        Step(
            "request_correction",
            _("Request correction"),
            RequestCorrectionForm,
            workflow.request_correction,
            lambda d: {"on": d["on"], "deadline": d["deadline"], "message": d["message"]},
        ),
        Step(
            "record_correction",
            _("Record correction received"),
            NoteStepForm,
            workflow.record_correction,
            lambda d: {"on": d["on"], "note": d.get("note", "")},
        ),
        Step(
            "lapse_correction",
            _("Close: not corrected in time"),
            StepForm,
            workflow.lapse_correction,
            _on,
            danger=True,
        ),
        Step(
            "start_consultation",
            _("Start consultation"),
            StartConsultationForm,
            workflow.start_consultation,
            lambda d: {
                "on": d["on"],
                "kind": d["kind"],
                "party": d["party"],
                "delivered_on": d.get("delivered_on"),
            },
        ),
        Step(
            "end_consultation",
            _("End consultation"),
            EndConsultationForm,
            workflow.end_consultation,
            lambda d: {"on": d["on"], "note": d.get("note", "")},
            warning=lambda app, d: late_consultation_end(app, d["on"]),
        ),
        Step(
            "extend",
            _("Extend the reply period"),
            ExtendForm,
            workflow.extend,
            lambda d: {
                "on": d["on"],
                "workdays": d["workdays"],
                "approved_by": d["approved_by"],
                "reason": d["reason"],
            },
        ),
        Step(
            "delay_reply",
            _("Delay the reply (Article 35)"),
            DelayReplyForm,
            workflow.delay_reply,
            lambda d: {"on": d["on"], "reply_by": d["reply_by"], "reason": d["reason"]},
        ),
        Step(
            "notify_fee",
            _("Send fee notice"),
            NotifyFeeForm,
            workflow.notify_fee,
            lambda d: {
                "on": d["on"],
                "method": d["method"],
                "pages": d.get("pages"),
                "delivered_on": d.get("delivered_on"),
            },
        ),
        Step(
            "record_payment",
            _("Record payment"),
            StepForm,
            workflow.record_payment,
            _on,
        ),
        Step(
            "lapse_fee",
            _("Close: fee not paid in time"),
            StepForm,
            workflow.lapse_fee,
            _on,
            danger=True,
        ),
        Step(
            "withdraw",
            _("Record withdrawal"),
            NoteStepForm,
            workflow.withdraw,
            lambda d: {"on": d["on"], "note": d.get("note", "")},
            danger=True,
        ),
        Step(
            "add_note",
            _("Add internal note"),
            InternalNoteForm,
            workflow.add_note,
            lambda d: {"on": d["on"], "text": d["text"]},
        ),
    ]
}


class RegisterApplicationForm(forms.ModelForm):
    """Staff registration of an application received in person, by post, fax, email or orally."""

    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[(c, SubmissionChannel(c).label) for c in STAFF_CHANNELS],
    )
    received_on = forms.DateField(
        label=_("Date of receipt"),
        widget=DATE_WIDGET,
        initial=timezone.localdate,
        help_text=_(
            "Article 31: in person, the day handed in; signed-for post, the day signed for; "
            "ordinary letter, fax or email, the day both sides confirmed it."
        ),
    )

    # One filled-in form, one application: a double click or a refreshed POST sends the
    # same token, and the service returns the application already registered.
    client_token = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        validators=[RegexValidator(CLIENT_TOKEN_RE)],
        error_messages={"required": _("The form has expired: reload the page.")},
    )

    class Meta:
        model = Application
        fields = ["organization", "channel", "received_on", *APPLICANT_FIELDS]

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("client_token"):
            self.initial["client_token"] = new_client_token()
        if organizations is not None:
            self.fields["organization"].queryset = organizations
        self.fields["applicant_type"].choices = ApplicantType.choices
        self.fields["id_type"].choices = [("", "---------"), *IdType.choices]
        self.fields["provision_form"].choices = [("", "---------"), *ProvisionForm.choices]
        self.fields["delivery_method"].choices = [("", "---------"), *DeliveryMethod.choices]

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of receipt is in the future."))
        return day

    def clean(self):
        data = super().clean()
        message = check_identity_number(data.get("id_type", ""), data.get("id_number", ""))
        if message:
            self.add_error("id_number", message)
        if data.get("id_number") and not data.get("id_type"):
            self.add_error("id_type", _("Say which document the number belongs to."))
        return data

    def _post_clean(self):
        # The model is validated by the service (tracking number, status); skip the
        # ModelForm's own instance validation that would ask for them.
        pass

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        organization: Organization = data.pop("organization")
        channel = data.pop("channel")
        received_on = data.pop("received_on")
        client_token = data.pop("client_token")
        if not data.get("identity_proof"):
            data.pop("identity_proof", None)
        return {
            "organization": organization,
            "channel": channel,
            "received_on": received_on,
            "client_token": client_token,
            **{k: ("" if v is None else v) for k, v in data.items()},
        }
