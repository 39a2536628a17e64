"""Import kind `proposals` for `manage.py import_records` and `/admin/import/`.

It follows the runner's rules (all or nothing, every bad cell reported with its
line and column). A proposal is identified by its type, session and number, so
importing the same file again updates or leaves the records alone instead of
duplicating them. The headers are documented in `docs/petitions-and-proposals.md`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.importing import (
    CellErrors,
    ChoiceLookup,
    Column,
    ImportContext,
    Importer,
    Row,
    SaveCounts,
    parse_date,
)
from core.importing.cells import (
    canonical,
    field_length,
    parse_bool,
    require,
    split_list,
    validate_merged,
)
from disclosure.importers.lookups import OrganizationLookup
from disclosure.models import Organization
from requests_app.proposals.models import (
    Proposal,
    ProposalKind,
    ProposalProposer,
    ResultCategory,
    Satisfaction,
)
from requests_app.proposals.services import ProposalError, default_due_on, record_saved

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


_PROPOSER_NAME_LENGTH = field_length(ProposalProposer, "name")
_PROPOSER_AFFILIATION_LENGTH = field_length(ProposalProposer, "affiliation")


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
        Column(Q_KIND, help=format_lazy(_("One of: {values}."), values=canonical(KIND_ALIASES))),
        Column(
            Q_SESSION,
            max_length=field_length(Proposal, "session"),
            help=_("For example 区十八届人大一次会议."),
        ),
        Column(Q_NUMBER, max_length=field_length(Proposal, "number"), help=_("Number.")),
        Column(Q_TITLE, max_length=field_length(Proposal, "title"), help=_("Title.")),
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
            help=format_lazy(_("{values}, or blank."), values=canonical(SATISFACTION_ALIASES)),
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
                record_saved(proposal=proposal, by=ctx.user, created=True, imported=True)
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
            fields = [
                *changed,
                *(["proposers"] if people_changed else []),
                *(["co_organizations"] if co_changed else []),
            ]
            record_saved(
                proposal=proposal, by=ctx.user, created=False, fields=fields, imported=True
            )
            counts.updated += 1
        return counts

    @staticmethod
    def _save_proposers(proposal: Proposal, people: list[tuple[str, str]]) -> None:
        ProposalProposer.objects.bulk_create(
            ProposalProposer(proposal=proposal, name=name, affiliation=affiliation, sort_order=i)
            for i, (name, affiliation) in enumerate(people)
        )
