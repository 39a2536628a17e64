"""Import kinds `petitions` and `proposals` for `manage.py import_records` and `/admin/import/`.

Both follow the runner's rules (all or nothing, every bad cell reported with
its line and column). A petition is identified by its organization and 编号
(the number in the petition information system), a proposal by its type,
session and number, so importing the same file again updates or leaves the
records alone instead of duplicating them. The headers are documented in
`docs/petitions-and-proposals.md`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from disclosure.importing import (
    CellErrors,
    ChoiceLookup,
    Column,
    ImportContext,
    Importer,
    Row,
    SaveCounts,
    parse_date,
)
from disclosure.importing.constraints import validate_constraints
from disclosure.models import Organization
from disclosure.validators import validate_resident_id

from .models.petitions import (
    AcceptanceDecision,
    Petition,
    PetitionChannel,
    PetitionSource,
    VisitKind,
)
from .models.proposals import (
    Proposal,
    ProposalKind,
    ProposalProposer,
    ResultCategory,
    Satisfaction,
)
from .services.petitions import PetitionError
from .services.proposals import ProposalError, default_due_on

# --- shared cell parsers ------------------------------------------------------------------

_LIST_SPLIT = re.compile(r"[、,，;；]\s*")
_TRUE = {"是", "y", "yes", "true", "1", "公开"}
_FALSE = {"否", "n", "no", "false", "0", "不公开"}


def split_list(value: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(value or "") if part.strip()]


def parse_bool(value: str) -> bool:
    value = (value or "").strip().casefold()
    if not value:
        return False
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValidationError(
        _("Write 是 or 否; got “%(value)s”."), code="bad_bool", params={"value": value}
    )


def parse_positive_int(value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ValidationError(
            _("A whole number of at least 1; got “%(value)s”."),
            code="bad_number",
            params={"value": value},
        )
    return int(value)


def require(e: CellErrors, header: str, value) -> None:
    """A required cell that is blank (the runner reports it; the row must not be built)."""
    if value in (None, "") and not e.has(header):
        e.add(header, _("A value is required."))


def _field_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def validate_merged(
    e: CellErrors,
    instance: models.Model,
    headers: dict[str, str],
    ctx: ImportContext,
    *,
    exclude: set[str],
) -> None:
    """Check the record as it would be saved (saved values merged with the row's) against
    the model's rules, `clean()` and its constraints (checked in Python, see
    `disclosure.importing.constraints`), so that a row the database would refuse is
    reported with its line and the header of the offending value instead of failing the
    whole import.

    `headers` maps model fields to the file's headers; an error on a field the file does
    not have (or on the record as a whole) is reported on the line with the field's name.
    `exclude`: fields whose unique constraints the importer's key already covers.
    """
    try:
        instance.clean()
        validate_constraints(instance, exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            header = headers.get(name)
            for message in messages:
                if header is None:
                    if name != NON_FIELD_ERRORS:
                        verbose = instance._meta.get_field(name).verbose_name
                        message = _("%(field)s: %(message)s") % {
                            "field": str(verbose).capitalize(),
                            "message": message,
                        }
                    e.add("", message)
                elif header not in ctx.present:
                    e.add(
                        header,
                        _(
                            "%(message)s The file has no “%(header)s” column, so the saved "
                            "value is kept; add the column to change it."
                        )
                        % {"message": message, "header": header},
                    )
                else:
                    e.add(header, message)


class OrganizationLookup:
    """Organizations by code, loaded once for the whole file."""

    def __init__(self, codes: set[str]):
        self.by_code = {o.code: o for o in Organization.objects.filter(code__in=codes)}

    @staticmethod
    def codes_in(rows: list[dict[str, str]], *headers: str) -> set[str]:
        codes: set[str] = set()
        for values in rows:
            for header in headers:
                codes.update(c.lower() for c in split_list(values.get(header, "")))
        return codes

    def one(self, e: CellErrors, header: str, value: str, ctx: ImportContext, *, scoped=True):
        code = (value or "").strip().lower()
        if not code:
            return None
        organization = self.by_code.get(code)
        if organization is None:
            e.add(header, _("Unknown organization code “%(code)s”.") % {"code": code})
        elif scoped and not ctx.in_scope(organization.pk):
            e.add(
                header,
                _("Organization “%(code)s” is outside the organizations you manage.")
                % {"code": code},
            )
            return None
        return organization

    def many(self, e: CellErrors, header: str, value: str) -> list[Organization]:
        found = []
        for code in split_list(value):
            organization = self.by_code.get(code.lower())
            if organization is None:
                e.add(header, _("Unknown organization code “%(code)s”.") % {"code": code})
            else:
                found.append(organization)
        return found


# --- petitions ------------------------------------------------------------------------------

P_REF = "编号"
P_ORG = "机关代码"
P_CHANNEL = "渠道"
P_SOURCE = "来源"
P_RECEIVED = "收到日期"
P_PERSONS = "人数"
P_VISIT_KIND = "初访或重复访"
P_SUBJECT = "事由"
P_CONTENT = "内容"
P_NAME = "信访人"
P_PHONE = "联系电话"
P_ID = "身份证号"
P_ADDRESS = "地址"
P_DECISION = "受理决定"
P_DECIDED = "受理告知日期"
P_HANDLERS = "办理单位"
P_REPLY = "答复内容"
P_REPLIED = "答复日期"
P_CLOSED = "办结日期"

CHANNEL_ALIASES = {
    PetitionChannel.LETTER: ["来信", "信件"],
    PetitionChannel.ONLINE: ["网上投诉", "网信", "网上信访"],
    PetitionChannel.VISIT: ["来访", "走访"],
    PetitionChannel.PHONE: ["来电", "电话"],
}
VISIT_KIND_ALIASES = {VisitKind.FIRST: ["初访"], VisitKind.REPEAT: ["重复访", "重访"]}
DECISION_ALIASES = {
    AcceptanceDecision.ACCEPTED: ["受理"],
    AcceptanceDecision.NOT_ACCEPTED: ["不予受理", "不受理"],
}


def _canonical(aliases: dict[str, list[str]]) -> str:
    return "、".join(names[0] for names in aliases.values())


PETITION_HEADERS = {
    "organization": P_ORG,
    "external_reference": P_REF,
    "channel": P_CHANNEL,
    "source": P_SOURCE,
    "received_on": P_RECEIVED,
    "persons": P_PERSONS,
    "visit_kind": P_VISIT_KIND,
    "subject": P_SUBJECT,
    "content": P_CONTENT,
    "petitioner_name": P_NAME,
    "phone": P_PHONE,
    "id_number": P_ID,
    "address": P_ADDRESS,
    "decision": P_DECISION,
    "accepted_on": P_DECIDED,
    "reply": P_REPLY,
    "replied_on": P_REPLIED,
    "closed_on": P_CLOSED,
}


@dataclass
class PetitionRow:
    organization: Organization
    external_reference: str
    fields: dict
    handling_organizations: list[Organization] = field(default_factory=list)
    existing: Petition | None = None


class PetitionImporter(Importer):
    kind = "petitions"
    label = _("Petitions")
    description = _(
        "Letters, online complaints, visits and calls, identified by organization and 编号; "
        "importing a file again updates the petitions it brought in."
    )
    model = Petition
    domain_errors = (PetitionError,)
    columns = [
        Column(
            P_REF,
            max_length=_field_length(Petition, "external_reference"),
            help=_("The number in the petition information system; unique per organization."),
        ),
        Column(P_ORG, help=_("Code of the receiving organization, which must exist.")),
        Column(
            P_CHANNEL, help=format_lazy(_("One of: {values}."), values=_canonical(CHANNEL_ALIASES))
        ),
        Column(
            P_SOURCE,
            required=False,
            optional=True,
            help=_("Name or code of the source platform, e.g. 省网上信访信息系统; may be blank."),
        ),
        Column(P_RECEIVED, help=_("Date received, YYYY-MM-DD.")),
        Column(
            P_PERSONS,
            required=False,
            help=_("For visits: the number of persons (blank: 1). Blank for other channels."),
        ),
        Column(
            P_VISIT_KIND,
            required=False,
            help=format_lazy(
                _("For visits: {values}. Blank for other channels."),
                values=_canonical(VISIT_KIND_ALIASES),
            ),
        ),
        Column(P_SUBJECT, max_length=_field_length(Petition, "subject"), help=_("Subject.")),
        Column(P_CONTENT, required=False, optional=True, help=_("Content; never public.")),
        Column(
            P_NAME,
            required=False,
            optional=True,
            max_length=_field_length(Petition, "petitioner_name"),
            help=_("Petitioner's name; never public."),
        ),
        Column(
            P_PHONE,
            required=False,
            optional=True,
            max_length=_field_length(Petition, "phone"),
            help=_("Never public."),
        ),
        Column(P_ID, required=False, optional=True, help=_("18 characters; never public.")),
        Column(
            P_ADDRESS,
            required=False,
            optional=True,
            max_length=_field_length(Petition, "address"),
            help=_("Never public."),
        ),
        Column(
            P_DECISION,
            required=False,
            help=format_lazy(
                _("{values}, or blank while undecided."), values=_canonical(DECISION_ALIASES)
            ),
        ),
        Column(P_DECIDED, required=False, help=_("Date the petitioner was told, YYYY-MM-DD.")),
        Column(
            P_HANDLERS,
            required=False,
            optional=True,
            help=_("Codes of the handling organizations, separated by 、"),
        ),
        Column(P_REPLY, required=False, optional=True, help=_("Text of the reply.")),
        Column(P_REPLIED, required=False, optional=True, help=_("Date replied, YYYY-MM-DD.")),
        Column(P_CLOSED, required=False, optional=True, help=_("Date closed, YYYY-MM-DD.")),
    ]

    def prepare(self, rows, ctx: ImportContext) -> None:
        self.channels = ChoiceLookup(PetitionChannel, CHANNEL_ALIASES)
        self.visit_kinds = ChoiceLookup(VisitKind, VISIT_KIND_ALIASES)
        self.decisions = ChoiceLookup(AcceptanceDecision, DECISION_ALIASES)
        self.organizations = OrganizationLookup(
            OrganizationLookup.codes_in(rows, P_ORG, P_HANDLERS)
        )
        self.sources = {}
        for source in PetitionSource.objects.all():
            self.sources[source.code.casefold()] = source
            self.sources[source.name.casefold()] = source
        refs = {values[P_REF] for values in rows} - {""}
        self.existing = {
            (p.organization_id, p.external_reference): p
            for p in Petition.objects.filter(external_reference__in=refs)
        }

    def clean_row(self, values, ctx: ImportContext) -> PetitionRow:
        e = CellErrors()
        organization = self.organizations.one(e, P_ORG, values[P_ORG], ctx)
        channel = e.clean(P_CHANNEL, self.channels, values[P_CHANNEL])
        source = None
        if values.get(P_SOURCE):
            source = self.sources.get(values[P_SOURCE].casefold())
            if source is None:
                e.add(
                    P_SOURCE,
                    _("Unknown source platform “%(value)s”; add it in the admin first.")
                    % {"value": values[P_SOURCE]},
                )
        received_on = e.clean(P_RECEIVED, parse_date, values[P_RECEIVED])
        persons = e.clean(P_PERSONS, parse_positive_int, values[P_PERSONS])
        visit_kind = e.clean(P_VISIT_KIND, self.visit_kinds, values[P_VISIT_KIND])
        if channel == PetitionChannel.VISIT:
            if not visit_kind and not e.has(P_VISIT_KIND):
                e.add(P_VISIT_KIND, _("Required for a visit: 初访 or 重复访."))
        elif channel:
            if persons not in (None, 1):
                e.add(P_PERSONS, _("Only visits count persons; leave it blank or write 1."))
            if visit_kind:
                e.add(P_VISIT_KIND, _("Only visits are first or repeat visits; leave it blank."))
        id_number = values.get(P_ID, "").upper()
        if id_number:
            e.clean(P_ID, validate_resident_id, id_number)
        decision = e.clean(P_DECISION, self.decisions, values[P_DECISION]) or ""
        decided_on = e.clean(P_DECIDED, parse_date, values[P_DECIDED])
        if decision and decided_on is None and not e.has(P_DECIDED):
            e.add(P_DECIDED, _("Give the date of the decision on acceptance."))
        if decided_on and not decision and not e.has(P_DECISION):
            e.add(P_DECISION, _("Give the decision (受理 or 不予受理) for this date."))
        handlers = self.organizations.many(e, P_HANDLERS, values.get(P_HANDLERS, ""))
        reply = values.get(P_REPLY, "")
        replied_on = e.clean(P_REPLIED, parse_date, values.get(P_REPLIED, ""))
        closed_on = e.clean(P_CLOSED, parse_date, values.get(P_CLOSED, ""))
        if replied_on and not reply:
            e.add(P_REPLY, _("Give the text of the reply given on the date replied."))
        if received_on:
            for header, value in (
                (P_DECIDED, decided_on),
                (P_REPLIED, replied_on),
                (P_CLOSED, closed_on),
            ):
                if value and value < received_on:
                    e.add(header, _("This date cannot be before the date received."))

        existing = None
        if organization is not None:
            existing = self.existing.get((organization.pk, values[P_REF]))
        for header, value in (
            (P_ORG, organization),
            (P_CHANNEL, channel),
            (P_RECEIVED, received_on),
        ):
            require(e, header, value)
        e.raise_if_any()
        fields = {
            "channel": channel,
            "source_id": source.pk if source else None,
            "received_on": received_on,
            "persons": persons or 1,
            "visit_kind": visit_kind or "",
            "subject": values[P_SUBJECT],
            "decision": decision,
            "accepted_on": decided_on,
        }
        # Optional columns left out of the file leave the saved values alone.
        optional = {
            P_CONTENT: ("content", values.get(P_CONTENT, "")),
            P_NAME: ("petitioner_name", values.get(P_NAME, "")),
            P_PHONE: ("phone", values.get(P_PHONE, "")),
            P_ID: ("id_number", id_number),
            P_ADDRESS: ("address", values.get(P_ADDRESS, "")),
            P_REPLY: ("reply", reply),
            P_REPLIED: ("replied_on", replied_on),
            P_CLOSED: ("closed_on", closed_on),
        }
        for header, (name, value) in optional.items():
            if header in ctx.present:
                fields[name] = value
        row = PetitionRow(
            organization=organization,
            external_reference=values[P_REF],
            fields=fields,
            handling_organizations=handlers,
            existing=existing,
        )
        self._validate(e, row, ctx)
        e.raise_if_any()
        return row

    def _validate(self, e: CellErrors, row: PetitionRow, ctx: ImportContext) -> None:
        petition = copy.copy(row.existing) if row.existing is not None else Petition()
        petition.organization = row.organization
        petition.external_reference = row.external_reference
        for name, value in row.fields.items():
            setattr(petition, name, value)
        petition.derive()
        if row.existing is not None and row.existing.published and not petition.replied_on:
            # A letter published in the mailbox keeps its reply; taking it off the public
            # list is a deliberate step in the admin, not a side effect of an import.
            e.add(
                P_REPLIED,
                _(
                    "Petition “%(reference)s” is published in the mailbox, so its date "
                    "replied is required; to take it off the site, withdraw it in the admin."
                )
                % {"reference": row.external_reference},
            )
            return
        validate_merged(
            e,
            petition,
            PETITION_HEADERS,
            ctx,
            exclude={"organization", "external_reference", "tracking_number"},
        )

    def key(self, cleaned: PetitionRow) -> tuple:
        return (cleaned.organization.code, cleaned.external_reference)

    def key_column(self, cleaned) -> str:
        return P_REF

    def save(self, rows: list[Row], ctx: ImportContext) -> SaveCounts:
        counts = SaveCounts()
        handlers_given = P_HANDLERS in ctx.present
        for row in rows:
            ctx.saved(line=row.line)
            data: PetitionRow = row.data
            petition = data.existing
            if petition is None:
                petition = Petition(
                    organization=data.organization,
                    external_reference=data.external_reference,
                    created_by=ctx.user,
                    **data.fields,
                )
                petition.save()
                if data.handling_organizations:
                    petition.handling_organizations.set(data.handling_organizations)
                counts.created += 1
                continue
            changed = [n for n, v in data.fields.items() if getattr(petition, n) != v]
            handlers_changed = handlers_given and {
                o.pk for o in data.handling_organizations
            } != set(petition.handling_organizations.values_list("pk", flat=True))
            if not changed and not handlers_changed:
                counts.unchanged += 1
                continue
            for name in changed:
                setattr(petition, name, data.fields[name])
            if changed:
                petition.save(update_fields=[*changed, "updated_at"])
            if handlers_changed:
                petition.handling_organizations.set(data.handling_organizations)
            counts.updated += 1
        return counts


# --- proposals ------------------------------------------------------------------------------

Q_KIND = "类型"
Q_SESSION = "会议"
Q_NUMBER = "编号"
Q_TITLE = "标题"
Q_PROPOSERS = "提出人"
Q_LEAD = "主办单位"
Q_CO = "协办单位"
Q_ASSIGNED = "交办日期"
Q_DUE = "答复期限"
Q_ANSWERED = "答复日期"
Q_CATEGORY = "办理结果"
Q_SATISFACTION = "满意度"
Q_REPLY = "答复内容"
Q_PUBLISH = "公开答复"

KIND_ALIASES = {
    ProposalKind.DEPUTY_SUGGESTION: ["人大代表建议", "代表建议", "建议"],
    ProposalKind.CPPCC_PROPOSAL: ["政协委员提案", "委员提案", "提案"],
}
CATEGORY_ALIASES = {
    ResultCategory.SOLVED: ["A", "A类", "所提问题已经解决或采纳"],
    ResultCategory.IN_PROGRESS: ["B", "B类", "正在解决或列入计划"],
    ResultCategory.FOR_REFERENCE: [
        "C",
        "C类",
        "因条件限制或其他原因暂时不能解决、留作参考",
    ],
}
SATISFACTION_ALIASES = {
    Satisfaction.SATISFIED: ["满意"],
    Satisfaction.BASICALLY_SATISFIED: ["基本满意"],
    Satisfaction.DISSATISFIED: ["不满意"],
}
_PROPOSER_RE = re.compile(r"^(?P<name>[^（()）]+?)\s*(?:[（(](?P<affiliation>[^（()）]*)[）)])?$")


_PROPOSER_NAME_LENGTH = _field_length(ProposalProposer, "name")
_PROPOSER_AFFILIATION_LENGTH = _field_length(ProposalProposer, "affiliation")


def parse_proposers(value: str) -> list[tuple[str, str]]:
    """“罗瑛（五星街街道代表团）、张敏（经济界）” → [(name, affiliation), …]."""
    people = []
    problems = []
    for part in split_list(value):
        match = _PROPOSER_RE.fullmatch(part)
        if not match:
            raise ValidationError(
                _("Write each proposer as 姓名（代表团或界别）, separated by 、; got “%(value)s”."),
                code="bad_proposer",
                params={"value": part},
            )
        name, affiliation = match["name"].strip(), (match["affiliation"] or "").strip()
        if len(name) > _PROPOSER_NAME_LENGTH:
            problems.append(
                ValidationError(
                    _(
                        "A proposer's name has at most %(max)d characters; “%(value)s” "
                        "has %(length)d."
                    ),
                    code="proposer_name_too_long",
                    params={"max": _PROPOSER_NAME_LENGTH, "value": name, "length": len(name)},
                )
            )
        if len(affiliation) > _PROPOSER_AFFILIATION_LENGTH:
            problems.append(
                ValidationError(
                    _(
                        "A delegation or sector has at most %(max)d characters; “%(value)s” "
                        "has %(length)d."
                    ),
                    code="proposer_affiliation_too_long",
                    params={
                        "max": _PROPOSER_AFFILIATION_LENGTH,
                        "value": affiliation,
                        "length": len(affiliation),
                    },
                )
            )
        people.append((name, affiliation))
    if problems:
        raise ValidationError(problems)
    return people


PROPOSAL_HEADERS = {
    "kind": Q_KIND,
    "session": Q_SESSION,
    "number": Q_NUMBER,
    "title": Q_TITLE,
    "lead_organization": Q_LEAD,
    "assigned_on": Q_ASSIGNED,
    "due_on": Q_DUE,
    "answered_on": Q_ANSWERED,
    "category": Q_CATEGORY,
    "satisfaction": Q_SATISFACTION,
    "reply_text": Q_REPLY,
    "publish_reply": Q_PUBLISH,
}


@dataclass
class ProposalRow:
    kind: str
    session: str
    number: str
    fields: dict
    proposers: list[tuple[str, str]]
    co_organizations: list[Organization]
    existing: Proposal | None = None


class ProposalImporter(Importer):
    kind = "proposals"
    label = _("Proposals and suggestions")
    description = _(
        "Deputies' suggestions and CPPCC proposals, identified by type, session and number; "
        "importing a file again updates them."
    )
    model = Proposal
    domain_errors = (ProposalError,)
    columns = [
        Column(Q_KIND, help=format_lazy(_("One of: {values}."), values=_canonical(KIND_ALIASES))),
        Column(
            Q_SESSION,
            max_length=_field_length(Proposal, "session"),
            help=_("For example 区十八届人大一次会议."),
        ),
        Column(Q_NUMBER, max_length=_field_length(Proposal, "number"), help=_("Number.")),
        Column(Q_TITLE, max_length=_field_length(Proposal, "title"), help=_("Title.")),
        Column(
            Q_PROPOSERS,
            help=_("Proposers as 姓名（代表团或界别）, separated by 、"),
        ),
        Column(Q_LEAD, help=_("Code of the lead organization, which must exist.")),
        Column(
            Q_CO,
            required=False,
            optional=True,
            help=_("Codes of the co-organizations, separated by 、"),
        ),
        Column(Q_ASSIGNED, help=_("Date assigned, YYYY-MM-DD.")),
        Column(
            Q_DUE,
            required=False,
            optional=True,
            help=_("Reply due, YYYY-MM-DD; blank: three months after the date assigned."),
        ),
        Column(Q_ANSWERED, required=False, help=_("Date answered, YYYY-MM-DD; blank while open.")),
        Column(
            Q_CATEGORY,
            required=False,
            help=_("A, B or C (A类/B类/C类); required with the date answered."),
        ),
        Column(
            Q_SATISFACTION,
            required=False,
            help=format_lazy(_("{values}, or blank."), values=_canonical(SATISFACTION_ALIASES)),
        ),
        Column(
            Q_REPLY, required=False, help=_("Text of the reply; required with the date answered.")
        ),
        Column(
            Q_PUBLISH,
            required=False,
            optional=True,
            help=_("是 to publish the reply, 否 or blank not to."),
        ),
    ]

    def prepare(self, rows, ctx: ImportContext) -> None:
        self.kinds = ChoiceLookup(ProposalKind, KIND_ALIASES)
        self.categories = ChoiceLookup(ResultCategory, CATEGORY_ALIASES)
        self.satisfactions = ChoiceLookup(Satisfaction, SATISFACTION_ALIASES)
        self.organizations = OrganizationLookup(OrganizationLookup.codes_in(rows, Q_LEAD, Q_CO))
        sessions = {values[Q_SESSION] for values in rows}
        self.existing = {
            (p.kind, p.session, p.number): p
            for p in Proposal.objects.filter(session__in=sessions).prefetch_related(
                "proposers", "co_organizations"
            )
        }

    def clean_row(self, values, ctx: ImportContext) -> ProposalRow:
        e = CellErrors()
        kind = e.clean(Q_KIND, self.kinds, values[Q_KIND])
        proposers = e.clean(Q_PROPOSERS, parse_proposers, values[Q_PROPOSERS]) or []
        lead = self.organizations.one(e, Q_LEAD, values[Q_LEAD], ctx)
        co = self.organizations.many(e, Q_CO, values.get(Q_CO, ""))
        assigned_on = e.clean(Q_ASSIGNED, parse_date, values[Q_ASSIGNED])
        due_on = e.clean(Q_DUE, parse_date, values.get(Q_DUE, ""))
        answered_on = e.clean(Q_ANSWERED, parse_date, values[Q_ANSWERED])
        category = e.clean(Q_CATEGORY, self.categories, values[Q_CATEGORY]) or ""
        satisfaction = e.clean(Q_SATISFACTION, self.satisfactions, values[Q_SATISFACTION]) or ""
        publish = e.clean(Q_PUBLISH, parse_bool, values.get(Q_PUBLISH, "")) or False
        reply = values[Q_REPLY]
        if assigned_on:
            if due_on and due_on < assigned_on:
                e.add(Q_DUE, _("The due date cannot be before the date assigned."))
            if answered_on and answered_on < assigned_on:
                e.add(Q_ANSWERED, _("The date answered cannot be before the date assigned."))
        if answered_on:
            if not category and not e.has(Q_CATEGORY):
                e.add(Q_CATEGORY, _("An answered proposal needs its result category."))
            if not reply:
                e.add(Q_REPLY, _("An answered proposal needs the text of its reply."))
        elif not e.has(Q_ANSWERED):
            for header, given in (
                (Q_CATEGORY, category),
                (Q_SATISFACTION, satisfaction),
                (Q_PUBLISH, publish),
            ):
                if given:
                    e.add(header, _("Only an answered proposal has this; give the date answered."))
        for header, value in ((Q_KIND, kind), (Q_LEAD, lead), (Q_ASSIGNED, assigned_on)):
            require(e, header, value)
        existing = self.existing.get((kind, values[Q_SESSION], values[Q_NUMBER]))
        if existing is not None and not ctx.in_scope(existing.lead_organization_id):
            e.add(
                Q_NUMBER,
                _("This proposal belongs to an organization outside the ones you manage."),
            )
        e.raise_if_any()
        fields = {
            "title": values[Q_TITLE],
            "lead_organization_id": lead.pk,
            "assigned_on": assigned_on,
            "answered_on": answered_on,
            "category": category,
            "satisfaction": satisfaction,
            "reply_text": reply,
        }
        if Q_DUE in ctx.present or existing is None:
            fields["due_on"] = due_on or default_due_on(assigned_on)
        if Q_PUBLISH in ctx.present:
            fields["publish_reply"] = publish
        row = ProposalRow(
            kind=kind,
            session=values[Q_SESSION],
            number=values[Q_NUMBER],
            fields=fields,
            proposers=proposers,
            co_organizations=co,
            existing=existing,
        )
        self._validate(e, row, ctx)
        e.raise_if_any()
        return row

    def _validate(self, e: CellErrors, row: ProposalRow, ctx: ImportContext) -> None:
        proposal = copy.copy(row.existing) if row.existing is not None else Proposal()
        proposal.kind, proposal.session, proposal.number = row.kind, row.session, row.number
        for name, value in row.fields.items():
            setattr(proposal, name, value)
        if row.existing is not None and proposal.publish_reply and not proposal.answered_on:
            # As for petitions: withdrawing a published reply is done in the admin.
            e.add(
                Q_ANSWERED,
                _(
                    "The reply to proposal “%(number)s” is published, so its date answered is "
                    "required; to take it off the site, withdraw it in the admin."
                )
                % {"number": row.number},
            )
            return
        validate_merged(e, proposal, PROPOSAL_HEADERS, ctx, exclude={"kind", "session", "number"})

    def key(self, cleaned: ProposalRow) -> tuple:
        return (cleaned.kind, cleaned.session, cleaned.number)

    def key_column(self, cleaned) -> str:
        return Q_NUMBER

    def save(self, rows: list[Row], ctx: ImportContext) -> SaveCounts:
        counts = SaveCounts()
        now = timezone.now()
        co_given = Q_CO in ctx.present
        for row in rows:
            ctx.saved(line=row.line)
            data: ProposalRow = row.data
            proposal = data.existing
            if proposal is None:
                proposal = Proposal(
                    kind=data.kind, session=data.session, number=data.number, **data.fields
                )
                if proposal.publish_reply:
                    proposal.published_at = now
                proposal.save()
                proposal.co_organizations.set(data.co_organizations)
                self._save_proposers(proposal, data.proposers)
                counts.created += 1
                continue
            changed = [n for n, v in data.fields.items() if getattr(proposal, n) != v]
            saved_people = [(p.name, p.affiliation) for p in proposal.proposers.all()]
            people_changed = saved_people != data.proposers
            co_changed = co_given and {o.pk for o in data.co_organizations} != {
                o.pk for o in proposal.co_organizations.all()
            }
            if not (changed or people_changed or co_changed):
                counts.unchanged += 1
                continue
            for name in changed:
                setattr(proposal, name, data.fields[name])
            if proposal.publish_reply and not proposal.published_at:
                proposal.published_at = now
                changed.append("published_at")
            if changed:
                proposal.save(update_fields=[*changed, "updated_at"])
            if people_changed:
                proposal.proposers.all().delete()
                self._save_proposers(proposal, data.proposers)
            if co_changed:
                proposal.co_organizations.set(data.co_organizations)
            counts.updated += 1
        return counts

    @staticmethod
    def _save_proposers(proposal: Proposal, people: list[tuple[str, str]]) -> None:
        ProposalProposer.objects.bulk_create(
            ProposalProposer(proposal=proposal, name=name, affiliation=affiliation, sort_order=i)
            for i, (name, affiliation) in enumerate(people)
        )


IMPORTERS = (PetitionImporter, ProposalImporter)


def register_importers() -> None:
    """Called from `RequestsAppConfig.ready()`."""
    from disclosure.importing import registry

    for importer in IMPORTERS:
        registry.register(importer)
