"""R1–R5 on tables broken by hand: each rule names the failing cells and is never fixed silently.

Counted tables cannot break R1–R4 (the database refuses an application closed
before its receipt, and the totals are sums), so the broken tables are built
here as a typed-in or previously published table would arrive.
"""

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reports.engine.checks import CheckResult, check_r1, check_r2, check_r3, check_r4, check_r5
from reports.engine.generate import build_report
from reports.engine.tables import APPLICANT_COLUMNS, OUTCOME_ROWS, TABLE3_COLUMNS, TABLE3_ROWS
from tests.factories import OrganizationFactory


def table3(**cells):
    """A consistent 表三 from {row__column: n}; totals and total_processed computed."""
    t3 = {row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in TABLE3_ROWS}
    for name, n in cells.items():
        row, column = name.split("__")
        t3[row][column] = n
    for column in APPLICANT_COLUMNS:
        t3["total_processed"][column] = sum(t3[r][column] for r in OUTCOME_ROWS)
    for row in TABLE3_ROWS:
        t3[row]["total"] = sum(t3[row][c] for c in APPLICANT_COLUMNS)
    return t3


GOOD = {
    "new_received__natural_person": 10,
    "carried_over__natural_person": 2,
    "granted__natural_person": 7,
    "not_processed_duplicate__natural_person": 3,
    "carried_forward__natural_person": 2,
    "new_received__legal_service_org": 4,
    "partially_granted__legal_service_org": 3,
    "carried_forward__legal_service_org": 1,
}


def test_the_hand_built_table_is_consistent():
    t3 = table3(**GOOD)
    assert check_r1(t3).ok and check_r2(t3).ok and check_r3(t3, OUTCOME_ROWS).ok


def test_r1_fails_in_every_column_where_inflow_differs_from_outflow():
    t3 = table3(
        **{**GOOD, "carried_forward__natural_person": 5, "new_received__legal_service_org": 3}
    )
    result = check_r1(t3)
    assert not result.ok
    assert result.severity == "error"
    # natural_person: 10 + 2 ≠ 10 + 5; legal_service_org: 3 + 0 ≠ 3 + 1; total: 15 + 2 ≠ 13 + 6
    assert "natural_person列 12 ≠ 15" in result.message
    assert "legal_service_org列 3 ≠ 4" in result.message
    assert "total列 15 ≠ 19" in result.message
    assert "table3.carried_forward.natural_person" in result.cells
    assert "table3.new_received.legal_service_org" in result.cells
    assert not any(".commercial_enterprise" in cell for cell in result.cells)


def test_r2_fails_for_a_row_whose_total_is_not_the_sum_of_the_six_columns():
    t3 = table3(**GOOD)
    t3["new_received"]["total"] = 13
    t3["withheld_state_secret"]["total"] = 1
    result = check_r2(t3)
    assert not result.ok
    assert result.cells == ("table3.new_received.total", "table3.withheld_state_secret.total")
    assert "new_received" in result.message and "withheld_state_secret" in result.message


def test_r3_fails_when_total_processed_is_not_the_sum_of_the_21_results():
    t3 = table3(**GOOD)
    t3["other"]["legal_service_org"] = 1  # a result typed in without updating 总计
    result = check_r3(t3, OUTCOME_ROWS)
    assert not result.ok
    assert result.cells == ("table3.total_processed.legal_service_org",)
    # R2 notices the same cell's row total is off as well.
    assert check_r2(t3).cells == ("table3.other.total",)


def test_r3_counts_all_21_leaf_rows_and_nothing_else():
    assert len(OUTCOME_ROWS) == 21
    t3 = table3(**GOOD)
    t3["total_processed"]["natural_person"] += t3["new_received"]["natural_person"]
    assert not check_r3(t3, OUTCOME_ROWS).ok  # new_received is not a result row


@pytest.mark.parametrize(
    "group", ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
)
def test_r4_fails_for_each_group_whose_total_is_not_the_sum(group):
    good = {"upheld": 2, "corrected": 1, "other": 1, "pending": 1, "total": 5}
    t4 = {
        g: dict(good)
        for g in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    }
    assert check_r4(t4).ok
    t4[group]["pending"] = 0
    result = check_r4(t4)
    assert not result.ok
    assert result.cells == (f"table4.{group}.total",)
    assert group in result.message


def test_r5_names_both_years_figures_and_is_only_a_warning():
    t3 = table3(**GOOD)
    # Last year's table carried 3 forward where this year's carries 2 over.
    previous = table3(new_received__natural_person=3, carried_forward__natural_person=3)
    assert check_r5(
        t3, table3(new_received__natural_person=2, carried_forward__natural_person=2)
    ).ok
    result = check_r5(t3, previous)
    assert not result.ok
    assert result.severity == "warning"
    assert "natural_person列 本年2、上年3" in result.message
    assert result.cells == ("table3.carried_over.natural_person", "table3.carried_over.total")


@pytest.mark.django_db
def test_a_broken_warning_does_not_block_but_a_broken_rule_does():
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        doc = build_report(organization=OrganizationFactory(), year=2016, format="gb2021")
    # No entered figures: the 表二 cells are missing, an error.
    assert not doc.ok
    passing = [c for c in doc.checks if c.ok]
    warning = CheckResult("R5", False, "上年结转数与上年度结转下年度数不一致", severity="warning")
    assert dataclasses.replace(doc, checks=[*passing, warning]).ok
    error = check_r1(table3(**{**GOOD, "carried_over__natural_person": 9}))
    broken = dataclasses.replace(doc, checks=[*passing, warning, error])
    assert not broken.ok
    assert [c.rule for c in broken.failing_checks] == ["R5", "R1"]
