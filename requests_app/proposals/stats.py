"""Statistics of proposals for the annual report (section 七).

One grouped query per year pair, pivoted into dataclasses.

Proposals (section 七): per type the count, closed (answered) and the closure
rate, answered within the due date, satisfaction, and the A/B/C categories with
their share of the year's answered total (largest-remainder rounding: the shares
add up to exactly 100.00), the change in count and the change in share in
percentage points against the year before.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from core.arithmetic import Change, largest_remainder_shares, points_change, rate
from disclosure.models import Organization
from requests_app.proposals.models import (
    ANSWERED_IN_TIME_Q,
    Proposal,
    ProposalKind,
    ResultCategory,
    Satisfaction,
)


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
        else Organization.objects.scope_ids(organization, include_children=include_children)
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
