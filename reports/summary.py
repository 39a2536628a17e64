"""The supervisor's summary: every organization's 表三 totals and whether its report is out.

One row per organization in the supervisor's scope: applications received, carried over,
answered (by outcome group), carried forward, answered late in the year, open past their
due date today, and whether a report on the year is published. Three queries whatever the
number of organizations (the organizations, one grouped query over the applications,
the published reports); the figures of each row equal that organization's own report.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from core.spreadsheets import Column
from disclosure.models import Organization
from reports.engine.tables import OUTCOME_ROWS, compute_table3_by_organization
from reports.models import Report

# The outcome groups of 表三's results, as the national format groups its columns.
OUTCOME_GROUPS = {
    "granted": ["granted", "partially_granted"],
    "withheld": [o for o in OUTCOME_ROWS if o.startswith("withheld_")],
    "unavailable": [o for o in OUTCOME_ROWS if o.startswith("unavailable_")],
    "not_processed": [o for o in OUTCOME_ROWS if o.startswith("not_processed_")],
    "other": [o for o in OUTCOME_ROWS if o.startswith("other")],
}


@dataclass(frozen=True)
class SummaryRow:
    organization: Organization
    depth: int
    new_received: int
    carried_over: int
    total_processed: int
    granted: int
    withheld: int
    unavailable: int
    not_processed: int
    other: int
    carried_forward: int
    late: int
    overdue: int
    published: bool

    @property
    def indent(self) -> int:
        return min(self.depth, 3)

    @property
    def needs_attention(self) -> bool:
        return bool(self.late or self.overdue) or not self.published


def organization_summary(
    *, organization_ids: Collection[int] | None, year: int, today: date
) -> list[SummaryRow]:
    """A row per active organization of `organization_ids` (None: every organization),
    in the order of the organization tree (each organization followed by those below it)."""
    organizations = Organization.objects.active().order_by("sort_order", "code")
    if organization_ids is not None:
        organizations = organizations.filter(pk__in=organization_ids)
    organizations = list(organizations)
    ids = [o.pk for o in organizations]
    tables = compute_table3_by_organization(ids, year, today=today)
    published = set(
        Report.objects.published()
        .filter(year=year, organization_id__in=ids)
        .values_list("organization_id", flat=True)
    )

    rows = []
    for organization, depth in _tree_order(organizations):
        t = tables[organization.pk]
        total = {key: values["total"] for key, values in t.cells.items()}
        rows.append(
            SummaryRow(
                organization=organization,
                depth=depth,
                new_received=total["new_received"],
                carried_over=total["carried_over"],
                total_processed=total["total_processed"],
                **{
                    group: sum(total[o] for o in outcomes)
                    for group, outcomes in OUTCOME_GROUPS.items()
                },
                carried_forward=total["carried_forward"],
                late=t.late,
                overdue=t.overdue,
                published=organization.pk in published,
            )
        )
    return rows


def _tree_order(organizations: list[Organization]):
    """Depth-first over the tree; an organization whose parent is outside the list is a root."""
    present = {o.pk for o in organizations}
    children: dict[int | None, list[Organization]] = {}
    for o in organizations:
        parent = o.parent_id if o.parent_id in present else None
        children.setdefault(parent, []).append(o)
    stack = [(o, 0) for o in reversed(children.get(None, []))]
    while stack:
        organization, depth = stack.pop()
        yield organization, depth
        stack.extend((c, depth + 1) for c in reversed(children.get(organization.pk, [])))


def totals(rows: list[SummaryRow]) -> dict[str, int]:
    return {field: sum(getattr(r, field) for r in rows) for field in NUMBER_FIELDS}


NUMBER_FIELDS = [
    "new_received",
    "carried_over",
    "total_processed",
    "granted",
    "withheld",
    "unavailable",
    "not_processed",
    "other",
    "carried_forward",
    "late",
    "overdue",
]

HEADINGS = {
    "organization": _("Organization"),
    "new_received": _("Received this year"),
    "carried_over": _("Carried over"),
    "total_processed": _("Answered"),
    "granted": _("Granted (fully or partly)"),
    "withheld": _("Withheld"),
    "unavailable": _("Cannot be provided"),
    "not_processed": _("Not processed"),
    "other": _("Other outcomes"),
    "carried_forward": _("Carried forward"),
    "late": _("Answered late"),
    "overdue": _("Overdue now"),
    "published": _("Report published"),
}


def export_columns() -> list[Column]:
    return [
        Column(str(HEADINGS["organization"]), width=36),
        *(Column(str(HEADINGS[f]), width=12) for f in NUMBER_FIELDS),
        Column(str(HEADINGS["published"]), width=12),
    ]


def export_rows(rows: list[SummaryRow]):
    yes, no = str(_("Published")), str(_("Not published"))
    for r in rows:
        yield [
            r.organization.name,
            *(getattr(r, f) for f in NUMBER_FIELDS),
            yes if r.published else no,
        ]
