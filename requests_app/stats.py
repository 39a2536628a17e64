"""Statistics of petitions and proposals for the annual report.

Each selector reads ONE grouped query per table for the year and the year
before (plus one query for the organization tree when sub-organizations are
included) and pivots the rows into dataclasses; nothing is counted in Python
over records, so the number of queries does not grow with the data.

Counting rules (as in the seed report's section 三（六）):
- 件(人)次: letters, online complaints and calls count once, visits by persons;
- records (件 and 批, the seed's "信访件共录入262件"): one per petition;
- visits: 批 = records, 人次 = persons; 集体访 (群访): five persons or more;
- 及时受理率: decisions on acceptance made within 15 days, over the petitions
  received in the year whose decision is made or overdue.

Proposals (section 七): per type the count, closed (answered) and the closure
rate, answered within the due date, satisfaction, and the A/B/C categories with
their share of the year's answered total (largest-remainder rounding: the shares
add up to exactly 100.00), the change in count and the change in share in
percentage points against the year before.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from disclosure.models import Organization

from .models.petitions import (
    COLLECTIVE_Q,
    DECIDED_IN_TIME_Q,
    FIRST_VISIT_Q,
    VISIT_Q,
    Petition,
    PetitionChannel,
)
from .models.proposals import (
    ANSWERED_IN_TIME_Q,
    Proposal,
    ProposalKind,
    ResultCategory,
    Satisfaction,
)
from .rules_petitions import largest_remainder_shares, percent_change, points_change, rate


@dataclass(frozen=True)
class Change:
    """A figure of the year against the year before."""

    current: int
    previous: int
    percent: Decimal | None  # None when the year before had none

    @classmethod
    def of(cls, current: int, previous: int) -> "Change":
        return cls(current, previous, percent_change(current, previous))

    @property
    def difference(self) -> int:
        return self.current - self.previous


@dataclass(frozen=True)
class RateChange:
    """A rate of the year against the year before: in percentage points and in percent."""

    current: Decimal | None
    previous: Decimal | None

    @property
    def points(self) -> Decimal | None:
        return points_change(self.current, self.previous)

    @property
    def percent(self) -> Decimal | None:
        if self.current is None:
            return None
        return percent_change(self.current, self.previous or 0)


@dataclass(frozen=True)
class BatchesAndPersons:
    """Visits in 批 (records) and 人次 (persons)."""

    batches: int = 0
    persons: int = 0


@dataclass(frozen=True)
class PetitionYear:
    year: int
    records: int  # 件 and 批: one per petition record, whatever the persons
    by_channel: dict[str, int]
    total: int  # 件(人)次
    visits: BatchesAndPersons
    collective_visits: BatchesAndPersons
    first_visits: BatchesAndPersons
    decided_in_time: int
    decisions_due: int

    @property
    def repeat_visits(self) -> BatchesAndPersons:
        return BatchesAndPersons(
            self.visits.batches - self.first_visits.batches,
            self.visits.persons - self.first_visits.persons,
        )

    @property
    def accepted_in_time_rate(self) -> Decimal | None:
        return rate(self.decided_in_time, self.decisions_due)


@dataclass(frozen=True)
class PetitionStatistics:
    year: int
    current: PetitionYear
    previous: PetitionYear
    channels: dict[str, Change]
    records: Change
    total: Change
    visit_batches: Change
    visit_persons: Change
    collective_batches: Change
    collective_persons: Change
    first_visit_batches: Change
    first_visit_persons: Change
    accepted_in_time_rate: RateChange


@dataclass(frozen=True)
class CategoryFigures:
    category: str
    count: int
    share: Decimal | None
    previous_count: int
    previous_share: Decimal | None

    @property
    def count_change(self) -> int:
        return self.count - self.previous_count

    @property
    def share_change_points(self) -> Decimal | None:
        return points_change(self.share, self.previous_share)

    @property
    def letter(self) -> str:
        return ResultCategory(self.category).letter


@dataclass(frozen=True)
class ProposalKindStatistics:
    kind: str
    year: int
    count: Change
    closed: int
    closed_in_time: int
    by_satisfaction: dict[str, int]
    by_category: dict[str, CategoryFigures] = field(default_factory=dict)

    @property
    def closure_rate(self) -> Decimal | None:
        return rate(self.closed, self.count.current)

    @property
    def in_time_rate(self) -> Decimal | None:
        return rate(self.closed_in_time, self.count.current)


@dataclass(frozen=True)
class ProposalStatistics:
    year: int
    by_kind: dict[str, ProposalKindStatistics]

    def __getitem__(self, kind: str) -> ProposalKindStatistics:
        return self.by_kind[kind]


def organization_scope(organization: Organization | int, *, include_children: bool) -> set[int]:
    """The organization's id, with its sub-organizations' ids when asked (one query)."""
    pk = organization if isinstance(organization, int) else organization.pk
    if include_children:
        return Organization.objects.descendant_ids([pk])
    return {pk}


def _petition_year(year: int, row: dict | None) -> PetitionYear:
    row = row or {}
    return PetitionYear(
        year=year,
        records=row.get("records") or 0,
        by_channel={c: row.get(f"channel_{c}") or 0 for c in PetitionChannel.values},
        total=row.get("total") or 0,
        visits=BatchesAndPersons(row.get("visit_batches") or 0, row.get("visit_persons") or 0),
        collective_visits=BatchesAndPersons(
            row.get("collective_batches") or 0, row.get("collective_persons") or 0
        ),
        first_visits=BatchesAndPersons(
            row.get("first_batches") or 0, row.get("first_persons") or 0
        ),
        decided_in_time=row.get("decided_in_time") or 0,
        decisions_due=row.get("decisions_due") or 0,
    )


def petition_statistics(
    *,
    organization: Organization | int,
    year: int,
    include_children: bool = False,
    on: date | None = None,
    organization_ids: Collection[int] | None = None,
) -> PetitionStatistics:
    """Petitions received in `year` and `year - 1` by the organization (and its subtree).

    `on` is the day the rate accepted in time is judged on (default today): a
    petition still undecided is counted as late once its 15 days are over on
    that day, and left out while they are not.
    """
    on = on or timezone.localdate()
    ids = (
        organization_ids
        if organization_ids is not None
        else organization_scope(organization, include_children=include_children)
    )
    annotations = {f"channel_{c}": Count("id", filter=Q(channel=c)) for c in PetitionChannel.values}
    rows = (
        Petition.objects.filter(
            organization_id__in=ids,
            received_on__gte=date(year - 1, 1, 1),
            received_on__lte=date(year, 12, 31),
        )
        # received_on__year groups without a database-specific date function in the WHERE.
        .values("received_on__year")
        .annotate(
            records=Count("id"),
            total=Sum("persons"),
            visit_batches=Count("id", filter=VISIT_Q),
            visit_persons=Sum("persons", filter=VISIT_Q),
            collective_batches=Count("id", filter=COLLECTIVE_Q),
            collective_persons=Sum("persons", filter=COLLECTIVE_Q),
            first_batches=Count("id", filter=FIRST_VISIT_Q),
            first_persons=Sum("persons", filter=FIRST_VISIT_Q),
            decided_in_time=Count("id", filter=DECIDED_IN_TIME_Q),
            decisions_due=Count("id", filter=Q(accepted_on__isnull=False) | Q(accept_by__lt=on)),
            **annotations,
        )
        .order_by()
    )
    by_year = {row["received_on__year"]: row for row in rows}
    cur = _petition_year(year, by_year.get(year))
    prev = _petition_year(year - 1, by_year.get(year - 1))
    return PetitionStatistics(
        year=year,
        current=cur,
        previous=prev,
        channels={
            c: Change.of(cur.by_channel[c], prev.by_channel[c]) for c in PetitionChannel.values
        },
        records=Change.of(cur.records, prev.records),
        total=Change.of(cur.total, prev.total),
        visit_batches=Change.of(cur.visits.batches, prev.visits.batches),
        visit_persons=Change.of(cur.visits.persons, prev.visits.persons),
        collective_batches=Change.of(cur.collective_visits.batches, prev.collective_visits.batches),
        collective_persons=Change.of(cur.collective_visits.persons, prev.collective_visits.persons),
        first_visit_batches=Change.of(cur.first_visits.batches, prev.first_visits.batches),
        first_visit_persons=Change.of(cur.first_visits.persons, prev.first_visits.persons),
        accepted_in_time_rate=RateChange(cur.accepted_in_time_rate, prev.accepted_in_time_rate),
    )


def _category_shares(row: dict) -> dict[str, Decimal | None]:
    counts = [row.get(f"category_{c}") or 0 for c in ResultCategory.values]
    return dict(zip(ResultCategory.values, largest_remainder_shares(counts), strict=True))


def proposal_statistics(
    *,
    organization: Organization | int,
    year: int,
    include_children: bool = False,
    organization_ids: Collection[int] | None = None,
) -> ProposalStatistics:
    """Proposals assigned in `year` (and `year - 1`) led by the organization (and its subtree).

    The category shares are shares of the proposals of that type assigned in the
    year that have a category (all of them once every one is answered, as in the
    report); they add up to exactly 100.00.
    """
    ids = (
        organization_ids
        if organization_ids is not None
        else organization_scope(organization, include_children=include_children)
    )
    annotations = {
        f"category_{c}": Count("id", filter=Q(category=c)) for c in ResultCategory.values
    } | {f"satisfaction_{s}": Count("id", filter=Q(satisfaction=s)) for s in Satisfaction.values}
    rows = (
        Proposal.objects.filter(lead_organization_id__in=ids, year__in=[year - 1, year])
        .values("year", "kind")
        .annotate(
            n=Count("id"),
            closed=Count("id", filter=Q(answered_on__isnull=False)),
            closed_in_time=Count("id", filter=ANSWERED_IN_TIME_Q),
            **annotations,
        )
        .order_by()
    )
    table = {(row["year"], row["kind"]): row for row in rows}
    by_kind = {}
    for kind in ProposalKind.values:
        cur = table.get((year, kind), {})
        prev = table.get((year - 1, kind), {})
        cur_shares, prev_shares = _category_shares(cur), _category_shares(prev)
        by_kind[kind] = ProposalKindStatistics(
            kind=kind,
            year=year,
            count=Change.of(cur.get("n", 0), prev.get("n", 0)),
            closed=cur.get("closed", 0),
            closed_in_time=cur.get("closed_in_time", 0),
            by_satisfaction={s: cur.get(f"satisfaction_{s}", 0) for s in Satisfaction.values},
            by_category={
                c: CategoryFigures(
                    category=c,
                    count=cur.get(f"category_{c}", 0),
                    share=cur_shares[c],
                    previous_count=prev.get(f"category_{c}", 0),
                    previous_share=prev_shares[c],
                )
                for c in ResultCategory.values
            },
        )
    return ProposalStatistics(year=year, by_kind=by_kind)
