"""Import kind `petitions` for `manage.py import_records` and `/admin/import/`.

It follows the runner's rules (all or nothing, every bad cell reported with its
line and column). A petition is identified by its organization and 编号 (the
number in the petition information system), so importing the same file again
updates or leaves the records alone instead of duplicating them. The headers are
documented in `docs/petitions-and-proposals.md`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

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
    parse_positive_int,
    require,
    validate_merged,
)
from disclosure.importers.lookups import OrganizationLookup
from disclosure.models import Organization
from disclosure.models.calendar import load_work_calendar
from disclosure.validators import validate_resident_id
from requests_app.petitions.models import (
    AcceptanceDecision,
    Petition,
    PetitionChannel,
    PetitionEvent,
    PetitionSource,
    VisitKind,
)
from requests_app.petitions.services import PetitionError, record_saved

# New petitions per insert (progress is reported per batch).
BATCH_SIZE = 1000

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
            max_length=field_length(Petition, "external_reference"),
            help=_("The number in the petition information system; unique per organization."),
        ),
        Column(P_ORG, help=_("Code of the receiving organization, which must exist.")),
        Column(
            P_CHANNEL, help=format_lazy(_("One of: {values}."), values=canonical(CHANNEL_ALIASES))
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
                values=canonical(VISIT_KIND_ALIASES),
            ),
        ),
        Column(P_SUBJECT, max_length=field_length(Petition, "subject"), help=_("Subject.")),
        Column(P_CONTENT, required=False, optional=True, help=_("Content; never public.")),
        Column(
            P_NAME,
            required=False,
            optional=True,
            max_length=field_length(Petition, "petitioner_name"),
            help=_("Petitioner's name; never public."),
        ),
        Column(
            P_PHONE,
            required=False,
            optional=True,
            max_length=field_length(Petition, "phone"),
            help=_("Never public."),
        ),
        Column(P_ID, required=False, optional=True, help=_("18 characters; never public.")),
        Column(
            P_ADDRESS,
            required=False,
            optional=True,
            max_length=field_length(Petition, "address"),
            help=_("Never public."),
        ),
        Column(
            P_DECISION,
            required=False,
            help=format_lazy(
                _("{values}, or blank while undecided."), values=canonical(DECISION_ALIASES)
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

    @staticmethod
    def _create(batch: list[PetitionRow], ctx: ImportContext) -> None:
        """New petitions in a few inserts, each as `save()` (derived columns) and
        `record_saved(created=True, imported=True)` (its IMPORTED event) leave it."""
        calendar = load_work_calendar()
        petitions = []
        for data in batch:
            petition = Petition(
                organization=data.organization,
                external_reference=data.external_reference,
                created_by=ctx.user,
                **data.fields,
            )
            petition.derive(calendar)
            petitions.append(petition)
        Petition.objects.bulk_create(petitions)
        m2m = Petition._meta.get_field("handling_organizations")
        through = m2m.remote_field.through
        own, other = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            [
                through(**{own: petition.pk, other: organization.pk})
                for petition, data in zip(petitions, batch, strict=True)
                for organization in data.handling_organizations
            ]
        )
        by = ctx.user if getattr(ctx.user, "pk", None) else None
        today = timezone.localdate()
        PetitionEvent.objects.bulk_create(
            [
                PetitionEvent(petition=petition, kind=PetitionEvent.Kind.IMPORTED, on=today, by=by)
                for petition in petitions
            ]
        )

    def key_column(self, cleaned) -> str:
        return P_REF

    def save(self, rows: list[Row], ctx: ImportContext) -> SaveCounts:
        counts = SaveCounts()
        handlers_given = P_HANDLERS in ctx.present
        new = [row.data for row in rows if row.data.existing is None]
        for start in range(0, len(new), BATCH_SIZE):
            batch = new[start : start + BATCH_SIZE]
            # A refusal of the database cannot be pinned on one line of a batch.
            ctx.line = None
            self._create(batch, ctx)
            ctx.saved(len(batch))
        counts.created += len(new)
        for row in rows:
            data: PetitionRow = row.data
            petition = data.existing
            if petition is None:
                continue
            ctx.saved(line=row.line)
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
            fields = [*changed, *(["handling_organizations"] if handlers_changed else [])]
            record_saved(
                petition=petition, by=ctx.user, created=False, fields=fields, imported=True
            )
            counts.updated += 1
        return counts
