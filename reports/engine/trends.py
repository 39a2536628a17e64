"""Selectors of the trend page: an organization's figures across the years.

One grouped query per source, whatever the amount of data (plus one for the
organization tree when sub-organizations are included); the rows, one per year
(and kind), are pivoted into dataclasses and every year of the span is filled
in, so that a year without records shows 0 rather than a gap.

What is counted, per calendar year:

- applications (依申请公开): closed applications by the year they were closed,
  in the six outcome groups of 表三 (the 21 outcome keys grouped by prefix);
- the share answered in time: of the applications closed in the year that have a
  due date, those closed on or before it (第三十三条: 20 working days, extended
  by at most 20). Applications imported as history may have no due date (their
  event log was not reconstructed): they are left out of the share and counted
  separately, so the reader sees how many;
- petitions (信访) by the year received: visits in 批 (one per visit record) and
  人次 (persons), letters, online complaints and calls (as `requests_app.petitions.stats`);
- proposals (建议提案) by the year assigned and type: the result categories
  A/B/C, and those not answered yet.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from core.arithmetic import rate
from disclosure.models import Organization, OrganizationKind
from requests_app.applications.models import Application, Outcome
from requests_app.petitions.models import VISIT_Q, Petition, PetitionChannel
from requests_app.proposals.models import Proposal, ProposalKind, ResultCategory

# The six groups of 表三's outcome rows (三、本年度办理结果): 予以公开, 部分公开, 不予公开,
# 无法提供, 不予处理, 其他处理. Every outcome key belongs to exactly one, by the prefix
# of its stable key (reference/annual-report-format-2021.md).
OUTCOME_GROUPS: tuple[str, ...] = (
    "granted",
    "partially_granted",
    "withheld",
    "unavailable",
    "not_processed",
    "other",
)

# Petition counts per year; visits in 批 and 人次, the other channels one per item.
PETITION_FIGURES: tuple[str, ...] = ("visit_batches", "visit_persons", "letters", "online", "calls")

# Proposal categories in the order of the report (A, B, C), then the unanswered.
NOT_ANSWERED = "not_answered"
PROPOSAL_COLUMNS: tuple[str, ...] = (*ResultCategory.values, NOT_ANSWERED)

# A year typed wrongly (1916 for 2016) would stretch the charts over a century;
# the page shows at most this many years, the latest ones.
MAX_YEARS = 20


def outcome_group(outcome: str) -> str:
    """The group of an outcome key: "withheld_state_secret" → "withheld"."""
    if outcome in ("granted", "partially_granted"):
        return outcome
    for group in ("withheld", "unavailable", "not_processed", "other"):
        if outcome == group or outcome.startswith(f"{group}_"):
            return group
    raise ValueError(f"outcome {outcome!r} belongs to no group")


def outcomes_in_group(group: str) -> list[str]:
    return [o for o in Outcome.values if outcome_group(o) == group]


@dataclass(frozen=True)
class ApplicationYear:
    year: int
    by_group: dict[str, int] = field(default_factory=dict)
    closed_with_due_date: int = 0
    closed_in_time: int = 0

    def count(self, group: str) -> int:
        return self.by_group.get(group, 0)

    @property
    def closed(self) -> int:
        return sum(self.by_group.values())

    @property
    def closed_without_due_date(self) -> int:
        return self.closed - self.closed_with_due_date

    @property
    def in_time_rate(self) -> Decimal | None:
        """Percent closed on or before the due date, of those closed with a due date."""
        return rate(self.closed_in_time, self.closed_with_due_date)


@dataclass(frozen=True)
class PetitionYear:
    year: int
    visit_batches: int = 0  # 批
    visit_persons: int = 0  # 人次
    letters: int = 0
    online: int = 0
    calls: int = 0

    @property
    def records(self) -> int:
        """Petition records: one per visit (批), letter, online complaint or call."""
        return self.visit_batches + self.letters + self.online + self.calls


@dataclass(frozen=True)
class ProposalYear:
    year: int
    kind: str
    by_category: dict[str, int] = field(default_factory=dict)  # PROPOSAL_COLUMNS

    def count(self, column: str) -> int:
        return self.by_category.get(column, 0)

    @property
    def total(self) -> int:
        return sum(self.by_category.values())


@dataclass(frozen=True)
class Trends:
    organization: Organization
    include_children: bool
    years: list[int]
    applications: list[ApplicationYear]
    petitions: list[PetitionYear]
    proposals: dict[str, list[ProposalYear]]  # by ProposalKind
    organization_count: int = 1  # the organization and, if included, those below it
    earlier_years_left_out: int = 0  # years before the first shown (see MAX_YEARS)

    @property
    def has_data(self) -> bool:
        return bool(self.years)

    @property
    def has_applications(self) -> bool:
        return any(y.closed for y in self.applications)

    @property
    def has_petitions(self) -> bool:
        return any(y.records for y in self.petitions)

    def has_proposals(self, kind: str) -> bool:
        return any(y.total for y in self.proposals.get(kind, []))


def applications_by_year(organization_ids) -> dict[int, ApplicationYear]:
    """Closed applications per year closed: outcome groups and timeliness (one query)."""
    annotations = {
        f"group_{g}": Count("id", filter=Q(outcome__in=outcomes_in_group(g)))
        for g in OUTCOME_GROUPS
    }
    rows = (
        Application.objects.closed()
        .for_organizations(organization_ids)
        .values("closed_on__year")
        .annotate(
            with_due=Count("id", filter=Q(due_on__isnull=False)),
            in_time=Count("id", filter=Q(due_on__isnull=False, closed_on__lte=F("due_on"))),
            **annotations,
        )
        .order_by()
    )
    return {
        row["closed_on__year"]: ApplicationYear(
            year=row["closed_on__year"],
            by_group={g: row[f"group_{g}"] for g in OUTCOME_GROUPS},
            closed_with_due_date=row["with_due"],
            closed_in_time=row["in_time"],
        )
        for row in rows
    }


def petitions_by_year(organization_ids) -> dict[int, PetitionYear]:
    """Petitions per year received: visits in 批 and 人次, letters, online, calls (one query)."""
    rows = (
        Petition.objects.for_organizations(organization_ids)
        .values("received_on__year")
        .annotate(
            visit_batches=Count("id", filter=VISIT_Q),
            visit_persons=Sum("persons", filter=VISIT_Q),
            letters=Count("id", filter=Q(channel=PetitionChannel.LETTER)),
            online=Count("id", filter=Q(channel=PetitionChannel.ONLINE)),
            calls=Count("id", filter=Q(channel=PetitionChannel.PHONE)),
        )
        .order_by()
    )
    return {
        row["received_on__year"]: PetitionYear(
            year=row["received_on__year"],
            **{f: row[f] or 0 for f in PETITION_FIGURES},
        )
        for row in rows
    }


def proposals_by_year(organization_ids) -> dict[tuple[int, str], ProposalYear]:
    """Proposals per year assigned and type, by result category (one query)."""
    annotations = {
        f"category_{c}": Count("id", filter=Q(category=c)) for c in ResultCategory.values
    }
    rows = (
        Proposal.objects.for_organizations(organization_ids)
        .values("year", "kind")
        .annotate(**annotations, open=Count("id", filter=Q(answered_on__isnull=True)))
        .order_by()
    )
    return {
        (row["year"], row["kind"]): ProposalYear(
            year=row["year"],
            kind=row["kind"],
            by_category={
                **{c: row[f"category_{c}"] for c in ResultCategory.values},
                NOT_ANSWERED: row["open"],
            },
        )
        for row in rows
    }


def year_span(data_years, *, today: date, limit: int = MAX_YEARS) -> tuple[list[int], int]:
    """From the first year with data to this year (or the last with data, if later).

    Returns the years shown (at most `limit`, the latest) and how many earlier
    years were left out. No data at all: no years.
    """
    data_years = {y for y in data_years if y is not None}
    if not data_years:
        return [], 0
    first, last = min(data_years), max(max(data_years), today.year)
    shown_first = max(first, last - limit + 1)
    return list(range(shown_first, last + 1)), shown_first - first


def default_include_children(organization: Organization) -> bool:
    """A people's government answers for its departments: its trends include them."""
    return organization.kind == OrganizationKind.GOVERNMENT


def organization_trends(
    organization: Organization, *, include_children: bool, today: date
) -> Trends:
    """Everything the trend page draws: four grouped queries (three without children)."""
    ids = Organization.objects.scope_ids(organization, include_children=include_children)
    applications = applications_by_year(ids)
    petitions = petitions_by_year(ids)
    proposals = proposals_by_year(ids)
    years, left_out = year_span(
        [*applications, *petitions, *(year for year, _kind in proposals)], today=today
    )
    return Trends(
        organization=organization,
        include_children=include_children,
        years=years,
        applications=[applications.get(y) or ApplicationYear(y) for y in years],
        petitions=[petitions.get(y) or PetitionYear(y) for y in years],
        proposals={
            kind: [proposals.get((y, kind)) or ProposalYear(y, kind) for y in years]
            for kind in ProposalKind.values
        },
        organization_count=len(ids),
        earlier_years_left_out=left_out,
    )
