"""Consistency rules of the national format (R1–R5) and of report texts. Pure: no database.

A broken rule is reported, never silently fixed: staff see the failing cells
before publishing.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

APPLICANT_COLUMNS = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
]
COLUMNS = [*APPLICANT_COLUMNS, "total"]


@dataclass(frozen=True)
class CheckResult:
    rule: str
    ok: bool
    message: str
    cells: tuple[str, ...] = field(default=())  # e.g. ("table3.granted.total",)
    severity: str = "error"  # "error" blocks publishing without confirmation; "warning" informs

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "ok": self.ok,
            "message": self.message,
            "cells": list(self.cells),
            "severity": self.severity,
        }


def check_r1(t3: Mapping[str, Mapping[str, int]]) -> CheckResult:
    """R1: for every column, new_received + carried_over = total_processed + carried_forward."""
    bad = []
    for c in COLUMNS:
        left = t3["new_received"][c] + t3["carried_over"][c]
        right = t3["total_processed"][c] + t3["carried_forward"][c]
        if left != right:
            bad.append((c, left, right))
    if not bad:
        return CheckResult("R1", True, "表三各列：第一项加第二项之和等于第三项加第四项之和。")
    detail = "；".join(f"{c}列 {left} ≠ {right}" for c, left, right in bad)
    cells = tuple(
        f"table3.{row}.{c}"
        for c, _, _ in bad
        for row in ("new_received", "carried_over", "total_processed", "carried_forward")
    )
    return CheckResult("R1", False, f"表三勾稽关系不成立（一+二≠三+四）：{detail}", cells)


def check_r2(t3: Mapping[str, Mapping[str, int]]) -> CheckResult:
    """R2: for every row, total = the sum of the six applicant columns."""
    bad = [
        row for row, cols in t3.items() if cols["total"] != sum(cols[c] for c in APPLICANT_COLUMNS)
    ]
    if not bad:
        return CheckResult("R2", True, "表三各行总计等于六类申请人之和。")
    return CheckResult(
        "R2",
        False,
        "表三以下各行总计不等于六类申请人之和：" + "、".join(bad),
        tuple(f"table3.{row}.total" for row in bad),
    )


def check_r3(t3: Mapping[str, Mapping[str, int]], leaf_rows: Iterable[str]) -> CheckResult:
    """R3: total_processed = the sum of the 21 leaf rows (in every column)."""
    leaf_rows = list(leaf_rows)
    bad = [c for c in COLUMNS if t3["total_processed"][c] != sum(t3[r][c] for r in leaf_rows)]
    if not bad:
        return CheckResult("R3", True, "表三办理结果总计等于21个办理结果之和。")
    return CheckResult(
        "R3",
        False,
        "表三办理结果总计不等于各办理结果之和：" + "、".join(bad),
        tuple(f"table3.total_processed.{c}" for c in bad),
    )


def check_r4(t4: Mapping[str, Mapping[str, int]]) -> CheckResult:
    """R4: in each group of 表四, total = upheld + corrected + other + pending."""
    bad = [
        g
        for g, cols in t4.items()
        if cols["total"] != cols["upheld"] + cols["corrected"] + cols["other"] + cols["pending"]
    ]
    if not bad:
        return CheckResult(
            "R4", True, "表四各组总计等于结果维持、结果纠正、其他结果与尚未审结之和。"
        )
    return CheckResult(
        "R4",
        False,
        "表四以下各组总计不等于各项之和：" + "、".join(bad),
        tuple(f"table4.{g}.total" for g in bad),
    )


def check_r5(
    t3: Mapping[str, Mapping[str, int]], previous: Mapping[str, Mapping[str, int]] | None
) -> CheckResult:
    """R5 (warning): carried_over of Y equals carried_forward of Y−1."""
    if previous is None:
        return CheckResult("R5", True, "无上年度数据，跳过跨年核对。", severity="warning")
    bad = [c for c in COLUMNS if t3["carried_over"][c] != previous["carried_forward"][c]]
    if not bad:
        return CheckResult(
            "R5", True, "上年结转数等于上年度报告的结转下年度数。", severity="warning"
        )
    detail = "；".join(
        f"{c}列 本年{t3['carried_over'][c]}、上年{previous['carried_forward'][c]}" for c in bad
    )
    return CheckResult(
        "R5",
        False,
        f"上年结转数与上年度结转下年度数不一致：{detail}",
        tuple(f"table3.carried_over.{c}" for c in bad),
        severity="warning",
    )


def check_placeholders(errors_by_section: Mapping[str, list]) -> CheckResult:
    bad = [(section, e) for section, errors in errors_by_section.items() for e in errors]
    if not bad:
        return CheckResult("placeholders", True, "正文中的所有占位符均可解析。")
    detail = "；".join(f"{section}：{e.placeholder}（{e.message}）" for section, e in bad)
    return CheckResult("placeholders", False, f"正文中有无法解析的占位符：{detail}")


def check_entered(missing: Iterable[tuple[str, str]]) -> CheckResult:
    """Every entered figure the report uses has a value. `missing`: (key, label) pairs."""
    missing = list(missing)
    if not missing:
        return CheckResult("entered_figures", True, "报告使用的填报数据均已填写。")
    return CheckResult(
        "entered_figures",
        False,
        "以下填报数据尚未填写：" + "、".join(f"{label}（{key}）" for key, label in missing),
        tuple(key for key, _ in missing),
    )
