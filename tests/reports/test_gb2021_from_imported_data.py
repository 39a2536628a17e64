"""Done when: for data imported with import_records, the gb2021 JSON equals the reference's
definitions cell for cell, and R1–R4 hold.

Everything goes in through the same CSV import staff use (organizations,
catalogue, applications, cases, entered figures) and comes out of
`annual_report --format gb2021 --output json`. The expected tables are written
out by hand from the definitions in annual-report-format-2021.md; each line of
the input says where it must land.
"""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ORGANIZATIONS = """\
机关代码,机关名称,上级机关代码
zlj,自贡市自流井区人民政府,
zlj-hbj,自贡市自流井区环境保护局,zlj
"""

# 表二: documents of the catalogue, report year 2025.
DISCLOSURES = """\
索引号,机关代码,标题,文号,栏目,体裁,成文日期,发布日期,有效性,废止日期,正文
,zlj,规章甲（2025年制发，有效）,,规章,规章,2025-03-01,2025-03-05,,,
,zlj,规章乙（2022年制发，2025年废止）,,规章,规章,2022-01-01,2022-01-05,废止,2025-06-30,
,zlj,规范性文件丙（2024年制发，有效）,,规范性文件,行政规范性文件,2024-04-01,2024-04-02,,,
,zlj,规范性文件丁（草稿，不计）,,规范性文件,行政规范性文件,2025-12-31,,,,
,zlj,规范性文件戊（2026年才失效）,,规范性文件,行政规范性文件,2023-05-05,2023-05-06,失效,2026-03-01,
,zlj,规范性文件己（2025年制发）,,规范性文件,行政规范性文件,2025-08-08,2025-08-09,,,
,zlj,通知（其他体裁，不计）,,通知公告,通知公告,2025-08-08,2025-08-09,,,
"""

APPLICATIONS = """\
受理编号,机关代码,申请人类型,申请人,申请方式,收到日期,申请内容,办理结果,办结日期,信息处理费(元)
A01,zlj,自然人,甲,网上申请,2025-12-31,收到于12月31日、次年办结,予以公开,2026-01-05,60
A02,zlj,商业企业,乙公司,邮寄,2024-12-31,上年12月31日收到、1月2日办结,部分公开,2025-01-02,
A03,zlj,自然人,丙,现场申请,2023-06-01,跨两年结转,1.属于国家秘密,2025-03-01,
A04,zlj,法律服务机构,丁律所,电子邮件,2025-02-10,重复申请,重复申请,2025-02-20,
A05,zlj,科研机构,戊研究所,传真,2025-03-03,不掌握,本机关不掌握相关政府信息,2025-03-30,
A06,zlj,社会公益组织,己基金会,网上申请,2025-04-01,未缴费,逾期未缴费,2025-05-06,
A07,zlj,其他,庚协会,网上申请,2025-05-05,收费,予以公开,2025-05-20,150.00
A08,zlj,自然人,辛,网上申请,2025-06-01,收费,予以公开,2025-06-20,200.50
A09,zlj,自然人,壬,网上申请,2025-11-20,年底未办结,,,
A10,zlj,自然人,癸,网上申请,2024-10-10,上年收到、仍未办结,,,
A11,zlj,自然人,子,网上申请,2024-03-03,上年收到、上年办结,予以公开,2024-12-31,
A12,zlj,商业企业,丑公司,网上申请,2026-01-02,次年收到,,,
A13,zlj-hbj,自然人,寅,网上申请,2025-07-07,下级机关的申请,予以公开,2025-07-10,999
A14,zlj,自然人,卯,网上申请,2025-08-08,逾期不补正,逾期不补正,2025-09-01,
A15,zlj,法律服务机构,辰律所,网上申请,2025-09-09,三安全一稳定,危及“三安全一稳定”,2025-12-31,
A16,zlj,自然人,巳,网上申请,2024-12-15,上年收到、本年办结并收费,予以公开,2025-12-31,80
"""

REVIEWS = """\
案件编号,机关代码,类型,收到日期,结果,结案日期
(2025)复1号,zlj,行政复议,2025-02-01,结果维持,2025-04-01
(2025)复2号,zlj,行政复议,2025-11-01,结果纠正,2026-01-10
(2025)行初3号,zlj,行政诉讼-未经复议直接起诉,2025-03-01,尚未审结,
(2025)行初4号,zlj,未经复议直接起诉,2025-05-01,其他结果,2025-08-01
(2025)行初5号,zlj,复议后起诉,2025-06-01,结果纠正,2025-12-31
(2024)复6号,zlj,行政复议,2024-12-20,结果维持,2025-01-20
"""

FIGURES = """\
机关代码,年度,指标,数值,备注,修饰
zlj,2025,table2.administrative_licensing.decisions,1024,审批系统,
zlj,2025,table2.administrative_penalty.decisions,37,执法系统,
zlj,2025,table2.administrative_coercion.decisions,0,,
zlj,2025,table2.administrative_fees.amount_10k_yuan,12.35,财政局,
zlj,2025,window.visitors,37000,,约
zlj,2024,table2.administrative_licensing.decisions,999,上年的不计,
"""

# The definitions, applied by hand to the lines above (Y = 2025, organization zlj only):
# new_received (received in 2025): A01 A04 A05 A06 A07 A08 A09 A14 A15
# carried_over (received before 2025, open on 1 January): A02 A03 A10 A16
# results (closed in 2025): A02 A03 A04 A05 A06 A07 A08 A14 A15 A16
# carried_forward (received by 31 December, open then): A01 A09 A10
COLUMNS = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
]
ZERO = (0, 0, 0, 0, 0, 0, 0)
TABLE3_ROWS = {
    "new_received": (4, 0, 1, 1, 2, 1, 9),
    "carried_over": (3, 1, 0, 0, 0, 0, 4),
    "granted": (2, 0, 0, 0, 0, 1, 3),  # A08 A16 | A07
    "partially_granted": (0, 1, 0, 0, 0, 0, 1),  # A02
    "withheld_state_secret": (1, 0, 0, 0, 0, 0, 1),  # A03
    "withheld_prohibited_by_law": ZERO,
    "withheld_security_stability": (0, 0, 0, 0, 1, 0, 1),  # A15
    "withheld_third_party_rights": ZERO,
    "withheld_internal_affairs": ZERO,
    "withheld_process_information": ZERO,
    "withheld_enforcement_file": ZERO,
    "withheld_administrative_query": ZERO,
    "unavailable_not_held": (0, 0, 1, 0, 0, 0, 1),  # A05
    "unavailable_needs_creation": ZERO,
    "unavailable_unclear_after_correction": ZERO,
    "not_processed_petition": ZERO,
    "not_processed_duplicate": (0, 0, 0, 0, 1, 0, 1),  # A04
    "not_processed_publication": ZERO,
    "not_processed_excessive": ZERO,
    "not_processed_confirmation": ZERO,
    "other_no_correction": (1, 0, 0, 0, 0, 0, 1),  # A14
    "other_fee_unpaid": (0, 0, 0, 1, 0, 0, 1),  # A06
    "other": ZERO,
    "total_processed": (4, 1, 1, 1, 2, 1, 10),
    "carried_forward": (3, 0, 0, 0, 0, 0, 3),  # A01 A09 A10
}
EXPECTED_TABLE3 = {
    row: dict(zip(COLUMNS, cells, strict=True)) for row, cells in TABLE3_ROWS.items()
}

EXPECTED_TABLE4 = {
    # Cases received in 2025, by their result on 31 December (复2号 is decided in 2026).
    "reconsideration": {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2},
    "litigation_direct": {"upheld": 0, "corrected": 0, "other": 1, "pending": 1, "total": 2},
    "litigation_after_reconsideration": {
        "upheld": 0,
        "corrected": 1,
        "other": 0,
        "pending": 0,
        "total": 1,
    },
}

EXPECTED_TABLE2 = {
    # 规章甲 issued; 规章乙 repealed; in force on 31 December: 甲.
    "regulations": {"issued": 1, "repealed": 0 + 1, "in_force": 1},
    # 己 issued; none repealed in 2025; in force: 丙, 戊 (ends in 2026), 己; 丁 is a draft.
    "normative_documents": {"issued": 1, "repealed": 0, "in_force": 3},
    "administrative_licensing": {"decisions": 1024},
    "administrative_penalty": {"decisions": 37},
    "administrative_coercion": {"decisions": 0},
    "administrative_fees": {"amount_10k_yuan": 12.35},
}

# 信息处理费 of applications closed in 2025: A07 150.00 + A08 200.50 + A16 80
# (A01 closes in 2026, A13 belongs to the sub-organization).
EXPECTED_SECTION6 = {"information_processing_fees": {"amount_yuan": 430.5, "cases": 3}}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def imported(tmp_path, capsys):
    for kind, content in [
        ("organizations", ORGANIZATIONS),
        ("disclosures", DISCLOSURES),
        ("applications", APPLICATIONS),
        ("reviews", REVIEWS),
        ("figures", FIGURES),
    ]:
        path = tmp_path / f"{kind}.csv"
        path.write_text(content, encoding="utf-8-sig")
        call_command("import_records", kind, str(path))
    capsys.readouterr()


def report_json(capsys, *extra):
    call_command(
        "annual_report", "--org", "zlj", "--year", "2025", "--format", "gb2021",
        "--output", "json", *extra,
    )  # fmt: skip
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


def test_the_hand_written_table3_obeys_r1_to_r3():
    """The expectation itself is consistent, so a match below is not two equal mistakes."""
    from reports.engine.checks import check_r1, check_r2, check_r3
    from reports.engine.tables import OUTCOME_ROWS

    assert check_r1(EXPECTED_TABLE3).ok
    assert check_r2(EXPECTED_TABLE3).ok
    assert check_r3(EXPECTED_TABLE3, OUTCOME_ROWS).ok


def test_gb2021_json_equals_the_definitions_cell_for_cell(imported, capsys):
    data, err = report_json(capsys)

    assert data["organization"] == {"code": "zlj", "name": "自贡市自流井区人民政府"}
    assert (data["year"], data["format"]) == (2025, "gb2021")
    assert data["tables"]["table3"] == EXPECTED_TABLE3
    assert data["tables"]["table4"] == EXPECTED_TABLE4
    assert data["tables"]["table2"] == EXPECTED_TABLE2
    assert data["section6"] == EXPECTED_SECTION6

    checks = {c["rule"]: c for c in data["checks"]}
    for rule in ("R1", "R2", "R3", "R4"):
        assert checks[rule]["ok"], checks[rule]["message"]
    # 2024 has data, so R5 compared the years rather than skipping.
    assert checks["R5"]["ok"] and "跳过" not in checks["R5"]["message"]
    assert checks["entered_figures"]["ok"] and checks["placeholders"]["ok"]
    assert err == ""

    figures = {f["key"]: f for f in data["figures"]}
    assert figures["window.visitors"]["value"] == 37000
    assert figures["window.visitors"]["qualifier"] == "about"
    assert figures["window.visitors"]["source"] == "entered"
    assert figures["table3.granted.total"]["source"] == "computed"


def test_with_sub_organizations_the_departments_application_counts(imported, capsys):
    data, _ = report_json(capsys, "--include-children")
    table3 = data["tables"]["table3"]
    assert table3["new_received"]["natural_person"] == 5
    assert table3["granted"]["natural_person"] == 3
    assert data["section6"] == {"information_processing_fees": {"amount_yuan": 1429.5, "cases": 4}}
    # Entered figures stay the report organization's own.
    assert data["tables"]["table2"]["administrative_licensing"] == {"decisions": 1024}


def test_reimporting_the_same_files_changes_nothing(imported, tmp_path, capsys):
    before, _ = report_json(capsys)
    for kind in ("applications", "reviews", "figures"):
        call_command("import_records", kind, str(tmp_path / f"{kind}.csv"))
        assert "新增0条，更新0条" in capsys.readouterr().out
    after, _ = report_json(capsys)
    assert after["tables"] == before["tables"]
    assert after["section6"] == before["section6"]
