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
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.arithmetic import Change, RateChange, rate
from disclosure.models import Organization
from requests_app.petitions.models import (
    COLLECTIVE_Q,
    DECIDED_IN_TIME_Q,
    FIRST_VISIT_Q,
    VISIT_Q,
    Petition,
    PetitionChannel,
)


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
        else Organization.objects.scope_ids(organization, include_children=include_children)
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
