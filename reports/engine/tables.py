"""表二, 表三, 表四 and 六 of the national format, counted in the database.

Definitions follow `reference/annual-report-format-2021.md` (国办公开办函〔2021〕30号).
Each table is one or two grouped queries whatever the amount of data; the rows
are pivoted in Python into plain dicts keyed by the reference's stable keys.
"""

from collections.abc import Collection
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from disclosure.models import Disclosure, Genre
from requests_app.applications.models import (
    ApplicantType,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    EventKind,
    Outcome,
    ReviewCase,
    ReviewKind,
    ReviewResult,
    SubmissionChannel,
)

APPLICANT_COLUMNS = list(ApplicantType.values)
TABLE3_COLUMNS = [*APPLICANT_COLUMNS, "total"]
OUTCOME_ROWS = list(Outcome.values)
TABLE3_ROWS = ["new_received", "carried_over", *OUTCOME_ROWS, "total_processed", "carried_forward"]

TABLE2_DOCUMENT_ROWS = {
    "regulations": Genre.REGULATION,
    "normative_documents": Genre.NORMATIVE_DOCUMENT,
}
TABLE2_DOCUMENT_COLUMNS = ["issued", "repealed", "in_force"]
TABLE2_ENTERED = {
    "administrative_licensing": "decisions",
    "administrative_penalty": "decisions",
    "administrative_coercion": "decisions",
    "administrative_fees": "amount_10k_yuan",
}

TABLE4_GROUPS = list(ReviewKind.values)
TABLE4_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]


@dataclass
class Table3:
    cells: dict[str, dict[str, int]]

    def cell(self, row: str, column: str = "total") -> int:
        return self.cells[row][column]


@dataclass
class ApplicationSummary:
    """Figures of the narrative's 依申请公开 section, from the same records as 表三."""

    received_by_channel: dict[str, int] = field(default_factory=dict)


def _scope(qs, organization_ids: Collection[int]):
    return qs.filter(organization_id__in=organization_ids)


# One report reads the same rows several times: 表三 of the year and of the year before
# (R5), the narrative's channels; 表二 and the catalogue's figures. Within
# `shared_counts()` (one `build_report`), each of those grouped queries runs once and the
# tables and providers read its result, so a report over a million rows scans the
# applications and the catalogue once each, not once per figure group.
_shared: ContextVar[dict | None] = ContextVar("reports_shared_counts", default=None)


@contextmanager
def shared_counts():
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def shared(key: tuple, compute):
    """`compute()`, once per key within `shared_counts()`."""
    return _once(key, compute)


def _once(key: tuple, compute):
    memo = _shared.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _shared_result(key: tuple):
    memo = _shared.get()
    return None if memo is None else memo.get(key)


def _table3_counts(year: int, *, today: date | None = None) -> dict:
    """The filtered counts of 表三 for one grouped query over applications.

    Grouped by applicant type and outcome, one scan of the rows gives both the flows
    (received, carried over, carried forward: summed over the outcomes) and the results
    (closed in the year, by outcome). With `today`, also answered late in the year
    (closed after the due date) and open past the due date on `today`.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    open_at_start = Q(received_on__lt=start) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    open_at_end = Q(received_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    closed_in_year = Q(closed_on__gte=start, closed_on__lte=end)
    counts = {
        "new_received": Count("id", filter=Q(received_on__gte=start, received_on__lte=end)),
        "carried_over": Count("id", filter=open_at_start),
        "carried_forward": Count("id", filter=open_at_end),
        "closed": Count("id", filter=closed_in_year),
    }
    if today is not None:
        counts["late"] = Count("id", filter=closed_in_year & Q(closed_on__gt=F("due_on")))
        counts["overdue"] = Count(
            "id", filter=~Q(status=ApplicationStatus.CLOSED) & Q(due_on__lt=today)
        )
    return counts


def _table3_cells(rows) -> dict[str, dict[str, int]]:
    cells = {row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in TABLE3_ROWS}
    for row in rows:
        column = row["applicant_type"]
        for key in ("new_received", "carried_over", "carried_forward"):
            cells[key][column] += row[key]
        if row["outcome"] and row["closed"]:
            cells[row["outcome"]][column] += row["closed"]
    for column in APPLICANT_COLUMNS:
        cells["total_processed"][column] = sum(cells[o][column] for o in OUTCOME_ROWS)
    for row in TABLE3_ROWS:
        cells[row]["total"] = sum(cells[row][c] for c in APPLICANT_COLUMNS)
    return cells


def compute_table3(organization_ids: Collection[int], year: int) -> Table3:
    """表三 in one grouped query (applicant type × outcome), one scan of the applications.

    Within `shared_counts()`, the same query also gives 表三 of the year before (R5) and
    the year's applications by channel.
    """
    known = _shared_result(("applications", frozenset(organization_ids), year + 1))
    if known is not None:
        return known["previous"]
    return _application_counts(organization_ids, year)["table3"]


def _application_counts(organization_ids: Collection[int], year: int) -> dict:
    def compute():
        previous = {f"previous_{k}": v for k, v in _table3_counts(year - 1).items()}
        rows = list(
            _scope(Application.objects.filter(received_on__isnull=False), organization_ids)
            .values("applicant_type", "outcome", "channel")
            .annotate(**_table3_counts(year), **previous)
            .order_by()
        )
        channels = dict.fromkeys(SubmissionChannel.values, 0)
        for row in rows:
            channels[row["channel"]] += row["new_received"]
        earlier = [
            {"applicant_type": r["applicant_type"], "outcome": r["outcome"]}
            | {
                k: r[f"previous_{k}"]
                for k in ("new_received", "carried_over", "carried_forward", "closed")
            }
            for r in rows
        ]
        return {
            "table3": Table3(_table3_cells(rows)),
            "previous": Table3(_table3_cells(earlier)),
            "channels": channels,
        }

    if _shared.get() is None:
        # Outside a report's build: 表三 alone, without the extra counts.
        rows = (
            _scope(Application.objects.filter(received_on__isnull=False), organization_ids)
            .values("applicant_type", "outcome")
            .annotate(**_table3_counts(year))
            .order_by()
        )
        return {"table3": Table3(_table3_cells(rows))}
    return _once(("applications", frozenset(organization_ids), year), compute)


@dataclass
class OrganizationTable3:
    """表三 of one organization alone, with the answers given late in the year and the
    applications open past their due date on the day asked."""

    cells: dict[str, dict[str, int]]
    late: int = 0
    overdue: int = 0


def compute_table3_by_organization(
    organization_ids: Collection[int], year: int, *, today: date
) -> dict[int, OrganizationTable3]:
    """表三 of each organization of `organization_ids` on its own, in one grouped query
    (organization × applicant type × outcome), whatever the number of organizations.

    Each organization's cells equal `compute_table3([its id], year)`.
    """
    rows = (
        _scope(Application.objects.filter(received_on__isnull=False), organization_ids)
        .values("organization_id", "applicant_type", "outcome")
        .annotate(**_table3_counts(year, today=today))
        .order_by()
    )
    by_organization: dict[int, list[dict]] = {pk: [] for pk in organization_ids}
    for row in rows:
        by_organization.setdefault(row["organization_id"], []).append(row)
    return {
        pk: OrganizationTable3(
            _table3_cells(group),
            late=sum(r["late"] for r in group),
            overdue=sum(r["overdue"] for r in group),
        )
        for pk, group in by_organization.items()
    }


def compute_received_by_channel(organization_ids: Collection[int], year: int) -> dict[str, int]:
    known = _shared_result(("applications", frozenset(organization_ids), year))
    if known is not None:
        return dict(known["channels"])
    rows = (
        _scope(Application.objects.filter(received_on__year=year), organization_ids)
        .values("channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys(SubmissionChannel.values, 0)
    for row in rows:
        counts[row["channel"]] = row["n"]
    return counts


def compute_table2_documents(organization_ids: Collection[int], year: int) -> dict[str, dict]:
    """规章 and 行政规范性文件 from the catalogue: issued, repealed, in force on 31 December."""
    end = date(year, 12, 31)
    ended = Q(validity__in=["repealed", "expired"])
    rows = (
        _scope(Disclosure.objects.published(), organization_ids)
        .filter(genre__in=TABLE2_DOCUMENT_ROWS.values())
        .values("genre")
        .annotate(
            issued=Count("id", filter=Q(written_on__year=year)),
            repealed=Count("id", filter=ended & Q(repealed_on__year=year)),
            in_force=Count(
                "id", filter=Q(written_on__lte=end) & ~(ended & Q(repealed_on__lte=end))
            ),
        )
        .order_by()
    )
    by_genre = {row["genre"]: row for row in rows}
    table = {}
    for key, genre in TABLE2_DOCUMENT_ROWS.items():
        row = by_genre.get(genre, {})
        table[key] = {column: row.get(column, 0) for column in TABLE2_DOCUMENT_COLUMNS}
    return table


def compute_table4(organization_ids: Collection[int], year: int) -> dict[str, dict[str, int]]:
    """Cases received in the year, by their result as it stood on 31 December (else pending)."""
    end = date(year, 12, 31)
    closed_by_end = Q(closed_on__isnull=False, closed_on__lte=end)
    rows = (
        _scope(ReviewCase.objects.filter(received_on__year=year), organization_ids)
        .values("kind")
        .annotate(
            upheld=Count("id", filter=closed_by_end & Q(result=ReviewResult.UPHELD)),
            corrected=Count("id", filter=closed_by_end & Q(result=ReviewResult.CORRECTED)),
            other=Count("id", filter=closed_by_end & Q(result=ReviewResult.OTHER)),
            pending=Count("id", filter=~closed_by_end),
        )
        .order_by()
    )
    table = {group: dict.fromkeys(TABLE4_COLUMNS, 0) for group in TABLE4_GROUPS}
    for row in rows:
        group = table[row["kind"]]
        for column in ("upheld", "corrected", "other", "pending"):
            group[column] = row[column]
    for group in table.values():
        group["total"] = group["upheld"] + group["corrected"] + group["other"] + group["pending"]
    return table


def compute_fees(organization_ids: Collection[int], year: int) -> dict[str, Decimal | int]:
    """信息处理费 collected in the year (国办函〔2020〕109号), one query.

    六、收取费用 reports what was collected in the year, so a fee counts in the year it was
    paid (the `fee_paid` event), not the year the application closed: paid 2025-12-10 and
    answered 2026-01-05 is a 2025 fee, and a fee paid on an application still open on
    31 December counts too. Imported history has no event log; its fee counts in the year
    it closed, the only date it carries.
    """
    paid_on = (
        ApplicationEvent.objects.filter(application=OuterRef("pk"), kind=EventKind.FEE_PAID)
        .order_by("-occurred_on", "-id")
        .values("occurred_on")[:1]
    )
    row = (
        _scope(Application.objects.filter(fee_amount__gt=0), organization_ids)
        .annotate(paid_on=Coalesce(Subquery(paid_on), F("closed_on")))
        .filter(paid_on__gte=date(year, 1, 1), paid_on__lte=date(year, 12, 31))
        .aggregate(amount=Sum("fee_amount"), cases=Count("id"))
    )
    return {"amount_yuan": row["amount"] or Decimal("0"), "cases": row["cases"]}
