from reports.engine.checks import check_r1, check_r2, check_r3, check_r4, check_r5
from reports.engine.tables import OUTCOME_ROWS, TABLE3_COLUMNS, TABLE3_ROWS

APPLICANTS = TABLE3_COLUMNS[:-1]


def consistent_table3():
    t3 = {row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in TABLE3_ROWS}
    t3["new_received"]["natural_person"] = 5
    t3["carried_over"]["natural_person"] = 2
    t3["granted"]["natural_person"] = 4
    t3["other"]["natural_person"] = 1
    t3["total_processed"]["natural_person"] = 5
    t3["carried_forward"]["natural_person"] = 2
    for row in TABLE3_ROWS:
        t3[row]["total"] = sum(t3[row][c] for c in APPLICANTS)
    return t3


def test_rules_hold_on_consistent_data():
    t3 = consistent_table3()
    assert check_r1(t3).ok
    assert check_r2(t3).ok
    assert check_r3(t3, OUTCOME_ROWS).ok
    assert check_r5(t3, {"carried_forward": dict(t3["carried_over"])}).ok


def test_r1_names_the_broken_column_and_its_cells():
    t3 = consistent_table3()
    t3["carried_forward"]["natural_person"] = 3
    t3["carried_forward"]["total"] = 3
    result = check_r1(t3)
    assert not result.ok
    assert "natural_person" in result.message
    assert "table3.carried_forward.natural_person" in result.cells


def test_r2_flags_a_row_whose_total_is_not_the_sum():
    t3 = consistent_table3()
    t3["granted"]["total"] = 9
    result = check_r2(t3)
    assert not result.ok
    assert result.cells == ("table3.granted.total",)


def test_r3_flags_total_processed_not_the_sum_of_leaves():
    t3 = consistent_table3()
    t3["total_processed"]["natural_person"] = 6
    result = check_r3(t3, OUTCOME_ROWS)
    assert not result.ok
    assert "table3.total_processed.natural_person" in result.cells


def test_r4_checks_each_group_of_table4():
    good = {"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3}
    bad = {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 2}
    assert check_r4({"reconsideration": good}).ok
    result = check_r4({"reconsideration": good, "litigation_direct": bad})
    assert not result.ok
    assert result.cells == ("table4.litigation_direct.total",)


def test_r5_is_a_warning_and_skips_without_previous_year():
    t3 = consistent_table3()
    assert check_r5(t3, None).ok
    previous = {"carried_forward": dict.fromkeys(TABLE3_COLUMNS, 0)}
    result = check_r5(t3, previous)
    assert not result.ok
    assert result.severity == "warning"
