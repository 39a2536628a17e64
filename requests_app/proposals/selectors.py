"""What the officer's desk counts of proposals: not answered and past or near the due date."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q

from disclosure.models.calendar import load_work_calendar
from disclosure.workdays import CalendarNotCovered, add_workdays
from requests_app.proposals.models import Proposal

SOON_WORKDAYS = 5
# When the calendar cannot count that far: a reminder may show too much, never too little.
FALLBACK_SOON_DAYS = 14


def soon_cutoff(*, today: date) -> date:
    """The last day of "due within 5 working days" from today."""
    try:
        return add_workdays(load_work_calendar(), today, SOON_WORKDAYS)
    except CalendarNotCovered:
        return today + timedelta(days=FALLBACK_SOON_DAYS)


@dataclass(frozen=True)
class ProposalDesk:
    overdue: int
    due_soon: int


def desk_counts(*, organization_ids, today: date, soon_until: date) -> ProposalDesk:
    """Counts for the desk in one query, whatever the number of proposals."""
    mine = Proposal.objects.for_organizations(organization_ids)
    counts = mine.aggregate(
        overdue=Count("pk", filter=Q(pk__in=mine.overdue(on=today).values("pk"))),
        due_soon=Count("pk", filter=Q(pk__in=mine.due_between(today, soon_until).values("pk"))),
    )
    return ProposalDesk(**counts)
