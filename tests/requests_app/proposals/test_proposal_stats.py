"""Proposal statistics: counts, closure, satisfaction, A/B/C shares and their changes."""

from datetime import date
from decimal import Decimal

import pytest

from requests_app.proposals.stats import proposal_statistics
from tests.factories import OrganizationFactory, ProposalFactory

pytestmark = pytest.mark.django_db

DEPUTY = "deputy_suggestion"
CPPCC = "cppcc_proposal"


def answered(org, category, *, year=2016, kind=DEPUTY, satisfaction="satisfied", late=False):
    assigned = date(year, 3, 9)
    return ProposalFactory(
        lead_organization=org,
        kind=kind,
        assigned_on=assigned,
        due_on=date(year, 6, 9),
        answered_on=date(year, 6, 10) if late else date(year, 5, 20),
        category=category,
        satisfaction=satisfaction,
        reply_text="答复正文",
    )


def test_counts_closure_and_satisfaction_per_type():
    org = OrganizationFactory()
    answered(org, "solved")
    answered(org, "in_progress", satisfaction="basically_satisfied", late=True)
    ProposalFactory(lead_organization=org)  # still open
    answered(org, "solved", kind=CPPCC)

    result = proposal_statistics(organization=org, year=2016)
    deputies = result[DEPUTY]

    assert deputies.count.current == 3
    assert deputies.closed == 2
    assert deputies.closure_rate == Decimal("66.67")
    assert deputies.closed_in_time == 1
    assert deputies.by_satisfaction == {
        "satisfied": 1,
        "basically_satisfied": 1,
        "dissatisfied": 0,
    }
    assert result[CPPCC].count.current == 1
    assert result[CPPCC].closure_rate == Decimal("100.00")


def test_category_shares_of_thirds_add_up_to_one_hundred():
    org = OrganizationFactory()
    for category in ("solved", "in_progress", "for_reference"):
        answered(org, category)

    shares = {
        c: f.share
        for c, f in proposal_statistics(organization=org, year=2016)[DEPUTY].by_category.items()
    }

    assert shares == {
        "solved": Decimal("33.34"),
        "in_progress": Decimal("33.33"),
        "for_reference": Decimal("33.33"),
    }
    assert sum(shares.values()) == Decimal("100.00")


def test_change_in_count_and_in_share_points_against_last_year():
    org = OrganizationFactory()
    for _ in range(3):
        answered(org, "solved")
    answered(org, "in_progress")
    answered(org, "solved", year=2015)
    answered(org, "in_progress", year=2015)

    deputies = proposal_statistics(organization=org, year=2016)[DEPUTY]
    solved = deputies.by_category["solved"]

    assert deputies.count.percent == Decimal("100.00")
    assert (solved.count, solved.previous_count, solved.count_change) == (3, 1, 2)
    assert (solved.share, solved.previous_share) == (Decimal("75.00"), Decimal("50.00"))
    assert solved.share_change_points == Decimal("25.00")
    assert deputies.by_category["in_progress"].share_change_points == Decimal("-25.00")
    assert deputies.by_category["for_reference"].share_change_points == Decimal("0")


def test_a_first_year_has_no_previous_share_and_no_change_in_points():
    org = OrganizationFactory()
    answered(org, "solved")

    deputies = proposal_statistics(organization=org, year=2016)[DEPUTY]

    assert deputies.count.percent is None
    assert deputies.by_category["solved"].previous_share is None
    assert deputies.by_category["solved"].share_change_points is None
    assert deputies.by_category["solved"].count_change == 1


def test_a_type_without_proposals_gives_zeros_and_no_rates():
    cppcc = proposal_statistics(organization=OrganizationFactory(), year=2016)[CPPCC]
    assert cppcc.count.current == 0
    assert cppcc.closure_rate is None
    assert cppcc.by_category["solved"].share is None


def test_lead_organizations_below_count_when_asked(django_assert_max_num_queries):
    district = OrganizationFactory()
    department = OrganizationFactory(parent=district)
    answered(district, "solved")
    for _ in range(20):
        answered(department, "in_progress", kind=CPPCC)
        answered(department, "solved", year=2015)

    assert proposal_statistics(organization=district, year=2016)[CPPCC].count.current == 0
    with django_assert_max_num_queries(2):
        result = proposal_statistics(organization=district, year=2016, include_children=True)
    assert result[CPPCC].count.current == 20
    assert result[DEPUTY].count.previous == 20
