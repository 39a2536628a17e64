"""The 依申请公开台账 export from the application list: scope, masks, words, cells, queries."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from disclosure.models import PersonalDataAccess
from disclosure.roles import ensure_staff_groups
from requests_app.applications.models import Application
from requests_app.applications.services import workflow as wf
from tests.factories import (
    ApplicationFactory,
    OrganizationFactory,
    ReviewCaseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = date.fromisoformat

FULL_ID = "510302199001011239"
MASKED_ID = "5103**********1239"
HEADINGS = [
    "序号",
    "受理编号",
    "申请人",
    "申请人类型",
    "证件号码",
    "联系电话",
    "电子邮箱",
    "通信地址",
    "申请日期",
    "收到日期",
    "申请方式",
    "所需信息名称（文号）",
    "所需信息内容描述",
    "信息提供形式",
    "获取方式",
    "受理机关",
    "状态",
    "答复截止日期",
    "是否延期",
    "补正情况",
    "答复日期",
    "办理结果",
    "是否收费",
    "收费金额（元）",
    "是否逾期",
    "复议/诉讼",
    "承办人",
    "备注",
]


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


@pytest.fixture
def child(org):
    return OrganizationFactory(code="zlj-jyj", name="自流井区教育局", parent=org)


@pytest.fixture
def other_org():
    return OrganizationFactory(code="gxq", name="高新区管委会")


def staff_user(org, username, **kwargs):
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(username=username, organization=org, **kwargs)
    user.groups.add(staff_group)
    return user


@pytest.fixture
def staff(org):
    return staff_user(org, "zlj-staff", full_name="王晓梅")


def ledger_url(fmt="xlsx", *, full=False, query=""):
    name = "admin:requests_app_application_ledger" + ("_full" if full else "")
    return reverse(name, args=[fmt]) + query


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    return sheet, [[c.value for c in row] for row in sheet.iter_rows()]


def read_csv(response):
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the Chinese right
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def by_number(rows):
    return {row[1]: dict(zip(HEADINGS, row, strict=True)) for row in rows[1:]}


def test_ledger_holds_the_users_scope_and_the_lists_filters(
    org, child, other_org, staff, client, frozen
):
    frozen("2026-03-10")
    mine = ApplicationFactory(organization=org, tracking_number="ZLJ-2026-000001")
    below = ApplicationFactory(organization=child, tracking_number="ZLJ-JYJ-2026-000001")
    ApplicationFactory(organization=other_org, tracking_number="GXQ-2026-000001")
    wf.withdraw(application=below, on=D("2026-03-05"), by=staff)
    client.force_login(staff)

    _sheet, rows = read_xlsx(client.get(ledger_url()))
    assert sorted(by_number(rows)) == ["ZLJ-2026-000001", "ZLJ-JYJ-2026-000001"]

    # The list's filters carry over: only the closed one.
    _sheet, rows = read_xlsx(client.get(ledger_url(query="?status__exact=closed")))
    assert list(by_number(rows)) == [below.tracking_number]
    _sheet, rows = read_xlsx(client.get(ledger_url(query=f"?q={mine.tracking_number}")))
    assert list(by_number(rows)) == [mine.tracking_number]


def test_the_list_links_the_ledger_with_its_filters(org, staff, client, frozen):
    frozen("2026-03-10")
    client.force_login(staff)
    html = client.get(
        reverse("admin:requests_app_application_changelist") + "?status__exact=closed"
    ).text
    assert ledger_url("xlsx", query="?status__exact=closed") in html
    assert ledger_url("csv", query="?status__exact=closed") in html
    assert ledger_url("xlsx", full=True, query="?status__exact=closed") in html


def test_ledger_masks_personal_data_and_logs_nothing(org, staff, client, frozen):
    frozen("2026-03-10")
    ApplicationFactory(organization=org, tracking_number="ZLJ-2026-000001")
    client.force_login(staff)
    for fmt in ("xlsx", "csv"):
        response = client.get(ledger_url(fmt))
        rows = read_xlsx(response)[1] if fmt == "xlsx" else read_csv(response)
        row = by_number(rows)["ZLJ-2026-000001"]
        assert row["证件号码"] == MASKED_ID
        assert row["联系电话"] == "138****5678"
        assert row["电子邮箱"] == "a***@example.com"
        assert row["通信地址"] == "四川省自贡市****"
        flat = repr(rows)
        assert FULL_ID not in flat and "13800005678" not in flat and "测试路8号" not in flat
    assert not PersonalDataAccess.objects.exists()


def test_full_ledger_shows_own_organization_in_full_and_logs_each_row(
    org, child, staff, client, frozen
):
    frozen("2026-03-10")
    mine = ApplicationFactory(organization=org, tracking_number="ZLJ-2026-000001")
    ApplicationFactory(organization=child, tracking_number="ZLJ-JYJ-2026-000001")
    client.force_login(staff)

    response = client.get(ledger_url(full=True))
    assert "-full.xlsx" in response["Content-Disposition"]
    rows = by_number(read_xlsx(response)[1])
    assert rows["ZLJ-2026-000001"]["证件号码"] == FULL_ID
    assert rows["ZLJ-2026-000001"]["联系电话"] == "13800005678"
    assert rows["ZLJ-2026-000001"]["通信地址"] == "四川省自贡市自流井区测试路8号"
    # A sub-organization's applicant stays masked for the parent's staff, as on its page.
    assert rows["ZLJ-JYJ-2026-000001"]["证件号码"] == MASKED_ID

    access = PersonalDataAccess.objects.get()
    assert (access.user, access.object_id) == (staff, str(mine.pk))
    assert "台账" in access.what
    assert access.path.startswith(ledger_url(full=True))


def test_full_ledger_of_another_organizations_staff_is_masked_and_unlogged(
    org, child, client, frozen
):
    frozen("2026-03-10")
    ApplicationFactory(organization=child, tracking_number="ZLJ-JYJ-2026-000001")
    parent_staff = staff_user(org, "zlj-parent")
    client.force_login(parent_staff)
    rows = by_number(read_xlsx(client.get(ledger_url(full=True)))[1])
    assert rows["ZLJ-JYJ-2026-000001"]["证件号码"] == MASKED_ID
    assert not PersonalDataAccess.objects.exists()


def test_ledger_speaks_chinese(org, staff, client, frozen):
    frozen("2026-03-02")
    extended = ApplicationFactory(
        organization=org,
        tracking_number="ZLJ-2026-000001",
        information_title="老旧小区改造项目清单",
        information_number="自府办发〔2025〕3号",
    )
    wf.extend(
        application=extended,
        by=staff,
        on=D("2026-03-02"),
        workdays=10,
        approved_by="张局长",
        reason="需调取档案",
    )
    answered = ApplicationFactory(organization=org, tracking_number="ZLJ-2026-000002")
    wf.answer(
        application=answered,
        by=staff,
        on=D("2026-03-02"),
        outcome="granted",
        reply_text="经审查，予以公开。",
    )
    Application.objects.filter(pk=answered.pk).update(fee_amount=Decimal("100.00"))
    ReviewCaseFactory(organization=org, application=answered, received_on=D("2026-03-02"))
    frozen("2026-03-10")
    client.force_login(staff)

    response = client.get(ledger_url())
    disposition = response["Content-Disposition"]
    assert 'filename="ledger-zlj-20260310.xlsx"' in disposition
    assert "filename*=UTF-8''" in disposition
    _sheet, rows = read_xlsx(response)
    assert rows[0] == HEADINGS
    first, second = by_number(rows)["ZLJ-2026-000001"], by_number(rows)["ZLJ-2026-000002"]
    assert first["申请人类型"] == "自然人"
    assert first["申请方式"] == "当面提交"
    assert first["信息提供形式"] == "电子文件"
    assert first["状态"] == "办理中"
    assert first["所需信息名称（文号）"] == "老旧小区改造项目清单（自府办发〔2025〕3号）"
    assert first["获取方式"] == "电子邮件"
    assert first["受理机关"] == "自流井区人民政府"
    assert first["是否延期"] == "是"
    assert first["补正情况"] == "无"
    assert first["复议/诉讼"] == "无"
    assert first["承办人"] == "王晓梅"
    assert first["是否逾期"] == "否"
    assert second["办理结果"] == "予以公开"
    assert second["是否收费"] == "是" and second["收费金额（元）"] == 100
    assert second["答复日期"].date() == D("2026-03-02")
    assert second["复议/诉讼"] == "行政复议"
    # No stored code anywhere in the values.
    codes = {"natural_person", "in_person", "email", "electronic", "in_progress", "granted"}
    assert not codes & {v for row in rows for v in row if isinstance(v, str)}


def test_ledger_cells_never_become_formulas(org, staff, client, frozen):
    frozen("2026-03-10")
    ApplicationFactory(
        organization=org,
        tracking_number="ZLJ-2026-000001",
        applicant_name='=HYPERLINK("http://evil.example","点我")',
        description="+cmd|' /C calc'!A0",
    )
    client.force_login(staff)
    sheet, _rows = read_xlsx(client.get(ledger_url()))
    name_cell, description_cell = sheet["C2"], sheet["M2"]
    assert name_cell.data_type == "s" and name_cell.value.startswith("=HYPERLINK")
    assert description_cell.data_type == "s"
    row = read_csv(client.get(ledger_url("csv")))[1]
    assert row[2].startswith("'=HYPERLINK") and row[12].startswith("'+cmd")


def test_xlsx_is_laid_out(org, staff, client, frozen):
    frozen("2026-03-10")
    ApplicationFactory(organization=org)
    client.force_login(staff)
    sheet, _rows = read_xlsx(client.get(ledger_url()))
    assert sheet.title == "依申请公开台账"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["M"].width == 40
    assert sheet["M2"].alignment.wrap_text
    assert sheet["I2"].number_format == "yyyy-mm-dd"
    assert sheet.auto_filter.ref == "A1:AB2"


def _export_queries(client, fmt, *, full=False) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(ledger_url(fmt, full=full))
        b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt,full", [("xlsx", False), ("csv", False), ("xlsx", True)])
def test_queries_do_not_grow_with_the_rows(
    org, staff, client, frozen, django_assert_max_num_queries, fmt, full
):
    frozen("2026-03-10")
    for _ in range(2):
        app = ApplicationFactory(organization=org)
        wf.add_note(application=app, by=staff, on=D("2026-03-10"), text="备注")
    client.force_login(staff)
    few = _export_queries(client, fmt, full=full)
    for _ in range(25):
        app = ApplicationFactory(organization=org)
        ReviewCaseFactory(organization=org, application=app)
    with django_assert_max_num_queries(few):
        response = client.get(ledger_url(fmt, full=full))
        content = b"".join(response.streaming_content)
    assert content
    assert _export_queries(client, fmt, full=full) == few


def test_unknown_format_is_not_found(org, staff, client):
    client.force_login(staff)
    assert client.get(ledger_url("pdf")).status_code == 404


def test_the_ledger_needs_a_login(client):
    response = client.get(ledger_url())
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_long_ledger_is_written_by_a_job_with_the_same_scope_and_masks(
    org, child, other_org, staff, client, frozen, monkeypatch, django_capture_on_commit_callbacks
):
    from disclosure.models import Job
    from requests_app.applications import ledger

    frozen("2026-03-10")
    monkeypatch.setattr(ledger, "CHUNK_SIZE", 2)  # several chunks of ids
    monkeypatch.setattr(ledger, "INLINE_ROWS", 2)
    for n in range(3):
        ApplicationFactory(organization=org, tracking_number=f"ZLJ-2026-00000{n + 1}")
    ApplicationFactory(organization=child, tracking_number="ZLJ-JYJ-2026-000001")
    ApplicationFactory(organization=other_org, tracking_number="GXQ-2026-000001")
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(
            ledger_url(full=True, query="?organization__id__exact=" + str(org.pk))
        )
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:disclosure_job_change", args=[job.pk])
    job.refresh_from_db()
    assert job.state == "succeeded", job.error
    assert job.result["count"] == 3 and job.result["full_rows"] == 3
    assert job.output_name.endswith("（含个人信息）.xlsx")

    download = client.get(reverse("admin:disclosure_job_download", args=[job.pk]))
    rows = read_xlsx(download)[1]
    assert [row[0] for row in rows[1:]] == [1, 2, 3]
    assert list(by_number(rows)) == [f"ZLJ-2026-00000{n}" for n in (1, 2, 3)]
    assert by_number(rows)["ZLJ-2026-000001"]["证件号码"] == FULL_ID
    assert PersonalDataAccess.objects.count() == 3
