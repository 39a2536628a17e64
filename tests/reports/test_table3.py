"""表三 on constructed applications: each row's definition in the reference, cell by cell.

Definitions for a report year Y (annual-report-format-2021.md):
new_received — received in Y; carried_over — received before Y, not closed before
1 January of Y; results — closed in Y, by outcome; carried_forward — received by
31 December of Y and not closed by then.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reports.engine import checks
from reports.engine.generate import build_report
from reports.engine.tables import APPLICANT_COLUMNS, OUTCOME_ROWS, TABLE3_ROWS, compute_table3
from requests_app.applications.models import ApplicantType, Outcome
from tests.factories import ApplicationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


def application(org, received, closed=None, outcome="granted", applicant_type="natural_person"):
    """A bare application row: imported history, no event log needed for the report."""
    if closed is None:
        return ApplicationFactory(
            organization=org,
            received_on=D(received) if received else None,
            status="in_progress" if received else "awaiting_confirmation",
            applicant_type=applicant_type,
            is_historical=True,
        )
    return ApplicationFactory(
        organization=org,
        received_on=D(received) if received else None,
        status="closed",
        outcome=outcome,
        closed_on=D(closed),
        applicant_type=applicant_type,
        is_historical=True,
    )


def non_zero(org, year):
    """The table's non-zero cells as {(row, column): n}."""
    cells = compute_table3({org.pk}, year).cells
    return {(r, c): n for r, cols in cells.items() for c, n in cols.items() if n}


def rules_hold(org, year):
    cells = compute_table3({org.pk}, year).cells
    for result in (
        checks.check_r1(cells),
        checks.check_r2(cells),
        checks.check_r3(cells, OUTCOME_ROWS),
    ):
        assert result.ok, result.message


def test_received_on_31_december_and_closed_on_1_january(org):
    application(org, "2016-12-31", "2017-01-01", outcome="granted")

    assert non_zero(org, 2016) == {
        ("new_received", "natural_person"): 1,
        ("new_received", "total"): 1,
        ("carried_forward", "natural_person"): 1,
        ("carried_forward", "total"): 1,
    }
    assert non_zero(org, 2017) == {
        ("carried_over", "natural_person"): 1,
        ("carried_over", "total"): 1,
        ("granted", "natural_person"): 1,
        ("granted", "total"): 1,
        ("total_processed", "natural_person"): 1,
        ("total_processed", "total"): 1,
    }
    rules_hold(org, 2016)
    rules_hold(org, 2017)


def test_received_on_1_january_and_closed_on_31_december_stays_in_the_year(org):
    application(org, "2016-01-01", "2016-12-31", outcome="partially_granted")

    assert non_zero(org, 2016) == {
        ("new_received", "natural_person"): 1,
        ("new_received", "total"): 1,
        ("partially_granted", "natural_person"): 1,
        ("partially_granted", "total"): 1,
        ("total_processed", "natural_person"): 1,
        ("total_processed", "total"): 1,
    }
    assert non_zero(org, 2015) == {}
    assert non_zero(org, 2017) == {}


def test_closed_on_31_december_is_not_carried_over(org):
    application(org, "2015-12-30", "2015-12-31")

    assert non_zero(org, 2016) == {}
    assert non_zero(org, 2015)[("granted", "total")] == 1


def test_carried_over_across_two_years(org):
    application(org, "2014-06-01", "2016-03-01", outcome="withheld_state_secret")

    assert non_zero(org, 2014) == {
        ("new_received", "natural_person"): 1,
        ("new_received", "total"): 1,
        ("carried_forward", "natural_person"): 1,
        ("carried_forward", "total"): 1,
    }
    assert non_zero(org, 2015) == {
        ("carried_over", "natural_person"): 1,
        ("carried_over", "total"): 1,
        ("carried_forward", "natural_person"): 1,
        ("carried_forward", "total"): 1,
    }
    assert non_zero(org, 2016) == {
        ("carried_over", "natural_person"): 1,
        ("carried_over", "total"): 1,
        ("withheld_state_secret", "natural_person"): 1,
        ("withheld_state_secret", "total"): 1,
        ("total_processed", "natural_person"): 1,
        ("total_processed", "total"): 1,
    }
    for year in (2014, 2015, 2016):
        rules_hold(org, year)


def test_an_application_still_open_is_carried_forward_every_year(org):
    application(org, "2015-11-20")

    assert non_zero(org, 2015) == {
        ("new_received", "natural_person"): 1,
        ("new_received", "total"): 1,
        ("carried_forward", "natural_person"): 1,
        ("carried_forward", "total"): 1,
    }
    assert non_zero(org, 2016) == {
        ("carried_over", "natural_person"): 1,
        ("carried_over", "total"): 1,
        ("carried_forward", "natural_person"): 1,
        ("carried_forward", "total"): 1,
    }


def test_an_application_awaiting_confirmation_is_counted_nowhere(org):
    # Submitted online on 30 December; its date of receipt (第三十一条) is not confirmed yet.
    app = application(org, None)
    assert app.received_on is None
    for year in (2016, 2017, 2026):
        assert non_zero(org, year) == {}


def test_each_of_the_21_outcomes_lands_in_its_own_row(org):
    assert len(Outcome.values) == 21
    columns = list(ApplicantType.values)
    for i, outcome in enumerate(Outcome.values):
        application(org, "2016-02-01", "2016-03-01", outcome=outcome, applicant_type=columns[i % 6])

    cells = compute_table3({org.pk}, 2016).cells
    for i, outcome in enumerate(Outcome.values):
        expected = dict.fromkeys(APPLICANT_COLUMNS, 0)
        expected[columns[i % 6]] = 1
        assert {c: cells[outcome][c] for c in APPLICANT_COLUMNS} == expected, outcome
        assert cells[outcome]["total"] == 1
    # 21 outcomes over 6 columns: the first three columns get four, the rest three.
    assert cells["total_processed"] == {
        "natural_person": 4,
        "commercial_enterprise": 4,
        "research_institution": 4,
        "social_welfare_org": 3,
        "legal_service_org": 3,
        "other_org": 3,
        "total": 21,
    }
    assert cells["new_received"] == cells["total_processed"]
    assert cells["carried_over"]["total"] == cells["carried_forward"]["total"] == 0
    rules_hold(org, 2016)


def test_each_applicant_type_lands_in_its_own_column(org):
    for i, applicant_type in enumerate(ApplicantType.values):
        # i + 1 applications of each type, received in 2016 and still open.
        for _ in range(i + 1):
            application(org, "2016-10-10", applicant_type=applicant_type)

    cells = compute_table3({org.pk}, 2016).cells
    assert cells["new_received"] == {
        "natural_person": 1,
        "commercial_enterprise": 2,
        "research_institution": 3,
        "social_welfare_org": 4,
        "legal_service_org": 5,
        "other_org": 6,
        "total": 21,
    }
    assert cells["carried_forward"] == cells["new_received"]
    assert all(cells[row]["total"] == 0 for row in OUTCOME_ROWS)


def test_rules_r1_to_r3_hold_on_all_of_it_together(org):
    other = OrganizationFactory()
    application(org, "2016-12-31", "2017-01-01")
    application(org, "2014-06-01", "2016-03-01", outcome="other", applicant_type="other_org")
    application(org, "2015-11-20", applicant_type="legal_service_org")
    application(org, None)
    for i, outcome in enumerate(Outcome.values):
        application(
            org,
            f"2016-{i % 12 + 1:02d}-05",
            f"2016-{i % 12 + 1:02d}-25",
            outcome=outcome,
            applicant_type=ApplicantType.values[i % 6],
        )
    application(other, "2016-05-05", "2016-05-06")  # another organization: not counted

    cells = compute_table3({org.pk}, 2016).cells
    assert cells["new_received"]["total"] == 22
    assert cells["carried_over"]["total"] == 2
    assert cells["total_processed"]["total"] == 22
    assert cells["carried_forward"]["total"] == 2
    for year in (2014, 2015, 2016, 2017):
        rules_hold(org, year)
    assert set(cells) == set(TABLE3_ROWS)


def check(doc, rule):
    return next(c for c in doc.checks if c.rule == rule)


def test_r5_compares_with_the_year_before(org):
    application(org, "2015-11-20", "2016-01-10")
    application(org, "2015-12-01")

    doc = build_report(organization=org, year=2016, format="gb2021")
    r5 = check(doc, "R5")
    assert r5.ok
    assert r5.severity == "warning"
    assert "跳过" not in r5.message  # compared, not skipped
    assert doc.value("table3.carried_over.total") == 2
    previous = build_report(organization=org, year=2015, format="gb2021")
    assert previous.value("table3.carried_forward.total") == 2
    # 2015 has no year before it with data: the rule says it skipped the comparison.
    assert "跳过" in check(previous, "R5").message
    for rule in ("R1", "R2", "R3", "R4"):
        assert check(doc, rule).ok
