"""State changes of deputies' suggestions and CPPCC proposals.

Every change appends a `ProposalEvent` with the member of staff who made it (`by`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from disclosure.models import Organization
from requests_app.proposals.models import (
    Proposal,
    ProposalEvent,
    ProposalEventKind,
    ProposalKind,
    ProposalProposer,
    ResultCategory,
    Satisfaction,
)
from requests_app.proposals.rules import add_months

# 全国人民代表大会和地方各级人民代表大会代表法第三十五条 and the CPPCC's 提案工作条例:
# a reply within three months of assignment as a rule. Local rules differ, hence
# the setting.
DEFAULT_REPLY_MONTHS = 3


class ProposalError(DomainError):
    """A step that is not allowed in the proposal's current state."""


def reply_months() -> int:
    months = getattr(settings, "PROPOSAL_REPLY_MONTHS", DEFAULT_REPLY_MONTHS)
    if not isinstance(months, int) or months < 1:
        raise ValueError(f"PROPOSAL_REPLY_MONTHS must be a positive integer, got {months!r}")
    return months


def default_due_on(assigned_on: date) -> date:
    return add_months(assigned_on, reply_months())


def record_saved(
    *, proposal: Proposal, by, created: bool, fields: Iterable[str] = (), imported: bool = False
) -> ProposalEvent | None:
    """Log a proposal the admin form or an import saved: registered, or `fields` edited.

    Nothing is logged for an edit that changed no field.
    """
    return ProposalEvent.append_saved(
        proposal, by=by, created=created, fields=fields, imported=imported
    )


@dataclass(frozen=True)
class ProposerData:
    name: str
    affiliation: str = ""


@dataclass(frozen=True)
class ProposalData:
    kind: ProposalKind
    session: str
    number: str
    title: str
    lead_organization: Organization
    assigned_on: date
    proposers: Sequence[ProposerData] = field(default_factory=tuple)
    co_organizations: Sequence[Organization] = field(default_factory=tuple)
    content: str = ""
    due_on: date | None = None


def register_proposal(*, data: ProposalData, by=None) -> Proposal:
    with transaction.atomic():
        proposal = Proposal(
            kind=data.kind,
            session=data.session.strip(),
            number=data.number.strip(),
            title=data.title.strip(),
            content=data.content,
            lead_organization=data.lead_organization,
            assigned_on=data.assigned_on,
            due_on=data.due_on or default_due_on(data.assigned_on),
        )
        proposal.full_clean()
        proposal.save()
        if data.co_organizations:
            proposal.co_organizations.set(data.co_organizations)
        ProposalProposer.objects.bulk_create(
            ProposalProposer(
                proposal=proposal, name=p.name, affiliation=p.affiliation, sort_order=i
            )
            for i, p in enumerate(data.proposers)
        )
        ProposalEvent.append(proposal, ProposalEventKind.REGISTERED, by=by)
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def record_answer(
    *, proposal: Proposal, on: date, category: ResultCategory, reply_text: str, by=None
) -> Proposal:
    with transaction.atomic():
        locked = _locked(proposal)
        if locked.answered_on:
            raise ProposalError(_("The answer has already been recorded."))
        if on < locked.assigned_on:
            raise ProposalError(_("The date answered cannot be before the date assigned."))
        if not reply_text.strip():
            raise ProposalError(_("An answered proposal needs the text of its reply."))
        locked.answered_on = on
        locked.category = category
        locked.reply_text = reply_text.strip()
        locked.save(update_fields=["answered_on", "category", "reply_text", "updated_at"])
        ProposalEvent.append(
            locked, ProposalEventKind.ANSWERED, by=by, on=on, data={"category": category}
        )
    return locked


def record_satisfaction(*, proposal: Proposal, satisfaction: Satisfaction, by=None) -> Proposal:
    with transaction.atomic():
        locked = _locked(proposal)
        if not locked.answered_on:
            raise ProposalError(_("Satisfaction is recorded after the answer."))
        locked.satisfaction = satisfaction
        locked.save(update_fields=["satisfaction", "updated_at"])
        ProposalEvent.append(
            locked,
            ProposalEventKind.SATISFACTION_RECORDED,
            by=by,
            data={"satisfaction": satisfaction},
        )
    return locked


def publish_reply(*, proposal: Proposal, by=None) -> Proposal:
    with transaction.atomic():
        locked = _locked(proposal)
        if not locked.answered_on:
            raise ProposalError(_("Only an answered proposal can be published."))
        locked.publish_reply = True
        locked.published_at = locked.published_at or timezone.now()
        locked.save(update_fields=["publish_reply", "published_at", "updated_at"])
        ProposalEvent.append(locked, ProposalEventKind.PUBLISHED, by=by)
    return locked


def unpublish_reply(*, proposal: Proposal, by=None) -> Proposal:
    with transaction.atomic():
        locked = _locked(proposal)
        locked.publish_reply = False
        locked.save(update_fields=["publish_reply", "updated_at"])
        ProposalEvent.append(locked, ProposalEventKind.UNPUBLISHED, by=by)
    return locked
