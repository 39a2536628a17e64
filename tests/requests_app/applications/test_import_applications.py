"""import_records applications|reviews: happy path, re-import, and row-by-row errors."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from core.importing import run_import
from requests_app.applications.models import (
    Application,
    ApplicationStatus,
    Outcome,
    ReviewCase,
    ReviewResult,
)
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat

A_HEADER = (
    "受理编号,机关代码,申请人类型,申请人,申请方式,收到日期,申请内容,办理结果,办结日期,"
    "信息处理费(元)"
)
R_HEADER = "案件编号,机关代码,类型,收到日期,结果,结案日期,关联受理编号"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def orgs():
    return (
        OrganizationFactory(code="zlj", name="自流井区人民政府"),
        OrganizationFactory(code="gxq", name="高新区管委会"),
    )


def csv(tmp_path, header, *lines, name="file.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8-sig")
    return path


def messages(result):
    return [(e.line, e.column, e.message) for e in result.errors]


def test_applications_happy_path_and_reimport(tmp_path, orgs):
    path = csv(
        tmp_path,
        A_HEADER,
        "ZLJ-2016-000001,zlj,自然人,张某,现场申请,2016-05-10,征地补偿安置方案,予以公开,2016-05-20,",
        "ZLJ-2025-000007,zlj,商业企业,某某有限公司,网上申请,2025-12-29,项目审批文件,"
        "2.部分公开,2026-01-20,100.00",
        "ZLJ-2025-000008,zlj,法律服务机构,某律师事务所,邮寄,2025-12-30,行政处罚决定书,,,",
        "GXQ-2025-000002,GXQ,其他,某协会,电子邮件,2025-11-03,会议纪要,重复申请,2025-11-10,",
        "GXQ-2025-000003,gxq,社会公益组织,某基金会,传真,2025-11-04,统计数据,"
        "other_fee_unpaid,2025-12-20,",
    )
    result = run_import("applications", path)
    assert result.ok, messages(result)
    assert (result.created, result.updated, result.unchanged) == (5, 0, 0)

    closed = Application.objects.get(tracking_number="ZLJ-2016-000001")
    assert closed.is_historical
    assert closed.status == ApplicationStatus.CLOSED
    assert closed.outcome == Outcome.GRANTED
    assert closed.channel == "in_person"
    assert closed.received_on == D("2016-05-10")
    assert closed.closed_on == D("2016-05-20")
    assert closed.events.count() == 0
    assert closed.query_code_hash == ""

    partial = Application.objects.get(tracking_number="ZLJ-2025-000007")
    assert partial.outcome == Outcome.PARTIALLY_GRANTED
    assert partial.fee_amount == Decimal("100.00")
    assert partial.applicant_type == "commercial_enterprise"

    open_app = Application.objects.get(tracking_number="ZLJ-2025-000008")
    assert open_app.status == ApplicationStatus.IN_PROGRESS
    assert open_app.outcome == ""
    # 20 working days after Tue 30 Dec 2025: 31 Dec 1, (1–3 Jan off), Sun 4 Jan 2,
    # 5–9 Jan 7, 12–16 Jan 12, 19–23 Jan 17, 26–28 Jan 20.
    assert open_app.due_on == D("2026-01-28")
    assert Application.objects.get(tracking_number="GXQ-2025-000003").outcome == (
        Outcome.OTHER_FEE_UNPAID
    )

    again = run_import("applications", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)

    # Closing the open one by importing it again with its outcome.
    update = csv(
        tmp_path,
        A_HEADER,
        "ZLJ-2025-000008,zlj,法律服务机构,某律师事务所,邮寄,2025-12-30,行政处罚决定书,"
        "本机关不掌握相关政府信息,2026-01-15,",
        name="update.csv",
    )
    result = run_import("applications", update)
    assert (result.created, result.updated) == (0, 1)
    open_app.refresh_from_db()
    assert open_app.status == ApplicationStatus.CLOSED
    assert open_app.outcome == Outcome.UNAVAILABLE_NOT_HELD
    assert open_app.due_on is None


def test_applications_bad_rows_are_all_reported_and_nothing_is_written(tmp_path, orgs):
    path = csv(
        tmp_path,
        A_HEADER,
        "ZLJ-2016-000001,zlj,自然人,张某,现场申请,2016-05-10,内容,予以公开,2016-05-20,",
        "ZLJ-2016-000002,nope,外星人,李某,飞鸽传书,2016/05/10,内容,大概公开了,2016-05-01,-5",
        "ZLJ-2016-000003,zlj,自然人,王某,现场申请,2016-05-10,内容,予以公开,,",
        "ZLJ-2016-000004,zlj,自然人,赵某,现场申请,2016-05-10,内容,,2016-05-12,",
        "ZLJ-2016-000005,zlj,自然人,钱某,现场申请,2016-05-10,内容,予以公开,2016-05-01,",
        "ZLJ-2016-000001,zlj,自然人,张某,现场申请,2016-05-10,内容,予以公开,2016-05-20,",
        ",zlj,自然人,,现场申请,2016-05-10,内容,,,",
    )
    result = run_import("applications", path)
    found = messages(result)
    columns_by_line: dict[int, set[str]] = {}
    for line, column, _ in found:
        columns_by_line.setdefault(line, set()).add(column)
    assert columns_by_line[3] == {
        "机关代码",
        "申请人类型",
        "申请方式",
        "收到日期",
        "办理结果",
        "信息处理费(元)",
    }
    assert columns_by_line[4] == {"办结日期"}
    assert columns_by_line[5] == {"办理结果"}
    assert columns_by_line[6] == {"办结日期"}
    assert columns_by_line[7] == {"受理编号"}  # same as line 2
    assert columns_by_line[8] == {"受理编号", "申请人"}
    assert 2 not in columns_by_line
    assert any("nope" in m for _, _, m in found)
    assert any("YYYY-MM-DD" in m for _, _, m in found)
    assert not Application.objects.exists()


def test_applications_missing_and_unknown_headers(tmp_path, orgs):
    path = csv(
        tmp_path,
        "受理编号,机关代码,申请人类型,申请人,收到日期,申请内容,办理结果,办结日期,信息处理费(元),备注",
        "ZLJ-1,zlj,自然人,张某,2016-05-10,内容,,,,x",
    )
    result = run_import("applications", path)
    assert {(e.line, e.column) for e in result.errors} == {(1, "申请方式"), (1, "备注")}


def test_applications_cannot_overwrite_an_application_handled_here(tmp_path, orgs, frozen):
    frozen("2026-03-02")
    live = ApplicationFactory(organization=orgs[0], tracking_number="ZLJ-2026-000001")
    path = csv(
        tmp_path,
        A_HEADER,
        "ZLJ-2026-000001,zlj,自然人,张某,现场申请,2026-03-02,内容,予以公开,2026-03-02,",
    )
    result = run_import("applications", path)
    assert messages(result)[0][:2] == (2, "受理编号")
    live.refresh_from_db()
    assert live.status == ApplicationStatus.IN_PROGRESS


def test_applications_import_is_scoped_to_the_users_organizations(tmp_path, orgs):
    from disclosure.roles import ensure_staff_groups

    staff_group, _ = ensure_staff_groups()
    user = UserFactory(organization=orgs[0])
    user.groups.add(staff_group)
    path = csv(
        tmp_path,
        A_HEADER,
        "GXQ-2016-000001,gxq,自然人,张某,现场申请,2016-05-10,内容,予以公开,2016-05-20,",
    )
    result = run_import("applications", path, user=user)
    assert messages(result)[0][1] == "机关代码"
    assert "outside" in messages(result)[0][2]
    assert not Application.objects.exists()


def test_dry_run_through_the_command_writes_nothing(tmp_path, orgs, capsys):
    path = csv(
        tmp_path,
        A_HEADER,
        "ZLJ-2016-000001,zlj,自然人,张某,现场申请,2016-05-10,内容,予以公开,2016-05-20,",
    )
    call_command("import_records", "applications", str(path), "--dry-run")
    assert not Application.objects.exists()
    call_command("import_records", "applications", str(path))
    assert Application.objects.count() == 1


def test_command_reports_bad_rows(tmp_path, orgs):
    path = csv(tmp_path, A_HEADER, "ZLJ-1,zlj,自然人,张某,现场申请,2016-13-10,内容,,,")
    with pytest.raises(CommandError):
        call_command("import_records", "applications", str(path))
    assert not Application.objects.exists()


# --- reviews ---------------------------------------------------------------------------


def test_reviews_happy_path_links_and_reimport(tmp_path, orgs):
    app = ApplicationFactory(
        organization=orgs[0],
        tracking_number="ZLJ-2016-000001",
        is_historical=True,
        status=ApplicationStatus.CLOSED,
        outcome=Outcome.GRANTED,
        received_on=D("2016-05-10"),
        closed_on=D("2016-05-20"),
    )
    path = csv(
        tmp_path,
        R_HEADER,
        "(2016)川0302行初12号,zlj,行政诉讼-未经复议直接起诉,2016-03-01,结果维持,2016-09-01,",
        "(2016)川0302行初30号,zlj,行政诉讼-未经复议直接起诉,2016-06-01,结果纠正,2016-11-20,"
        "ZLJ-2016-000001",
        "(2016)川0302行初45号,zlj,行政诉讼-复议后起诉,2016-10-10,尚未审结,,",
        "自府复〔2016〕2号,gxq,行政复议,2016-04-01,其他结果,2016-05-30,",
    )
    result = run_import("reviews", path)
    assert result.ok, messages(result)
    assert result.created == 4
    linked = ReviewCase.objects.get(case_number="(2016)川0302行初30号")
    assert linked.application == app
    assert linked.result == ReviewResult.CORRECTED
    pending = ReviewCase.objects.get(case_number="(2016)川0302行初45号")
    assert pending.result == ReviewResult.PENDING
    assert pending.closed_on is None
    assert pending.kind == "litigation_after_reconsideration"
    assert run_import("reviews", path).unchanged == 4


def test_reviews_bad_rows(tmp_path, orgs):
    ApplicationFactory(organization=orgs[1], tracking_number="GXQ-2016-000001", derive=False)
    path = csv(
        tmp_path,
        R_HEADER,
        "A1,zlj,仲裁,2016-03-01,结果维持,2016-09-01,",
        "A2,zlj,行政复议,2016-03-01,尚未审结,2016-09-01,",
        "A3,zlj,行政复议,2016-03-01,结果维持,,",
        "A4,zlj,行政复议,2016-03-01,结果维持,2016-02-01,",
        "A5,zlj,行政复议,2016-03-01,结果维持,2016-04-01,ZLJ-9999-000001",
        "A6,zlj,行政复议,2016-03-01,结果维持,2016-04-01,GXQ-2016-000001",
        "A7,zlj,行政复议,2016-03-01,打赢了,,",
    )
    result = run_import("reviews", path)
    assert {(e.line, e.column) for e in result.errors} == {
        (2, "类型"),
        (3, "结案日期"),
        (4, "结案日期"),
        (5, "结案日期"),
        (6, "关联受理编号"),
        (7, "关联受理编号"),
        (8, "结果"),
    }
    assert not ReviewCase.objects.exists()


def test_reviews_with_blank_required_cells_are_errors_not_a_crash(tmp_path, orgs):
    # Found by the fuzzing tests: a blank 机关代码 reached `org.pk` on None (a 500 in the admin).
    path = csv(
        tmp_path,
        R_HEADER,
        "B1,,行政复议,2016-03-01,结果维持,2016-04-01,",
        "B2,zlj,,,结果维持,2016-04-01,",
    )
    result = run_import("reviews", path)
    assert {(e.line, e.column) for e in result.errors} >= {(2, "机关代码"), (3, "类型")}
    assert not ReviewCase.objects.exists()


def test_reviews_without_the_optional_link_column(tmp_path, orgs):
    path = csv(
        tmp_path,
        "案件编号,机关代码,类型,收到日期,结果,结案日期",
        "复议1号,zlj,复议,2016-03-01,维持,2016-04-01",
    )
    assert run_import("reviews", path).created == 1


def test_applications_with_dates_after_today_are_refused(tmp_path, orgs, frozen):
    frozen("2026-03-02")
    path = csv(
        tmp_path,
        A_HEADER,
        "H-1,zlj,自然人,甲,当面,2099-01-05,内容,予以公开,2099-02-01,",
        "H-2,zlj,自然人,乙,当面,2026-03-02,内容,予以公开,2026-03-03,",
        "H-3,zlj,自然人,丙,当面,2026-03-02,内容,,,",
    )
    result = run_import("applications", path)
    assert {(line, column) for line, column, _ in messages(result)} == {
        (2, "收到日期"),
        (2, "办结日期"),
        (3, "办结日期"),
    }
    assert "2099-01-05 is in the future" in messages(result)[0][2]
    assert not Application.objects.exists()


def test_a_fee_on_an_application_closed_for_not_paying_is_refused(tmp_path, orgs, frozen):
    frozen("2026-03-02")
    path = csv(
        tmp_path,
        A_HEADER,
        "H-2,zlj,自然人,乙,当面,2026-01-05,内容,逾期未缴费,2026-02-01,500",
        "H-3,zlj,自然人,丙,当面,2026-01-05,内容,予以公开,2026-02-01,300",
    )
    result = run_import("applications", path)
    assert [(line, column) for line, column, _ in messages(result)] == [(2, "信息处理费(元)")]
    assert "not paid" in messages(result)[0][2]
    assert not Application.objects.exists()
