"""`import_records` and the admin import page: formats, idempotence, every error, scoping."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

import disclosure.admin.imports  # noqa: F401  (installs /admin/import/ on the admin site)
from core.importing import (
    Column,
    Importer,
    ImportFileError,
    SaveCounts,
    registry,
    run_import,
)
from disclosure.admin.imports import UPLOAD_DIR
from disclosure.jobs.runner import purge_job_files
from disclosure.models import (
    Category,
    Channel,
    Disclosure,
    DisclosureStatus,
    Genre,
    IndexSequence,
    Job,
    JobState,
    Organization,
    OrganizationKind,
    Validity,
)
from disclosure.roles import ensure_staff_groups
from disclosure.services.publishing import publish_disclosure
from disclosure.storage import private_storage
from disclosure.validators import uscc_check_character
from tests.factories import CategoryFactory, DisclosureFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

ORG_HEADERS = ["机关代码", "机关名称", "上级机关代码"]
DISCLOSURE_HEADERS = [
    "索引号", "机关代码", "标题", "文号", "栏目", "体裁",
    "成文日期", "发布日期", "有效性", "废止日期", "正文",
]  # fmt: skip
CREDIT_CODE = "11510302" + "000000000"
CREDIT_CODE += uscc_check_character(CREDIT_CODE)
IMPORT_URL = "/admin/import/"


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); one test checks the Chinese form."""
    with translation.override("en"):
        yield


def write_csv(path, rows, *, bom=False):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def disclosure_row(**values):
    defaults = {
        "索引号": "",
        "机关代码": "zlj",
        "标题": "关于开展2016年政务公开工作的通知",
        "文号": "自井府办发〔2016〕1号",
        "栏目": "通知公告",
        "体裁": "通知公告",
        "成文日期": "2016-03-01",
        "发布日期": "2016-03-03",
        "有效性": "有效",
        "废止日期": "",
        "正文": "<p>正文</p>",
    }
    defaults.update(values)
    return [defaults[h] for h in DISCLOSURE_HEADERS]


def import_ok(kind, path, *args):
    out = io.StringIO()
    call_command("import_records", kind, str(path), *args, stdout=out)
    return out.getvalue().strip()


def import_rejected(kind, path, *args):
    """Run the command expecting a refusal; return (problem lines, CommandError text)."""
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_records", kind, str(path), *args, stderr=err)
    return err.getvalue().strip().splitlines(), str(excinfo.value)


def counts():
    return (
        Organization.objects.count(),
        Disclosure.objects.count(),
        Category.objects.count(),
        IndexSequence.objects.count(),
    )


@pytest.fixture
def zlj():
    return OrganizationFactory(
        code="zlj", name="自贡市自流井区人民政府", kind=OrganizationKind.GOVERNMENT
    )


# --- organizations ------------------------------------------------------------------


def test_organizations_csv_with_bom_builds_the_tree_with_parents_defined_later(tmp_path, zlj):
    path = write_csv(
        tmp_path / "orgs.csv",
        [
            [*ORG_HEADERS, "简称", "统一社会信用代码", "类型"],
            ["zlj-hbj-jcz", "自流井区环境监测站", "zlj-hbj", "", "", "其他机关"],
            ["zlj-hbj", "自贡市自流井区环境保护局", "zlj", "区环保局", CREDIT_CODE, "政府部门"],
            ["zlj-xxjd", "自流井区新街街道办事处", "ZLJ", "", "", "街道办事处"],
        ],
        bom=True,
    )

    assert import_ok("organizations", path) == ("Imported: 3 created, 0 updated, 0 unchanged.")

    hbj = Organization.objects.get(code="zlj-hbj")
    assert hbj.parent == zlj
    assert (hbj.short_name, hbj.credit_code, hbj.kind) == (
        "区环保局",
        CREDIT_CODE,
        OrganizationKind.DEPARTMENT,
    )
    station = Organization.objects.get(code="zlj-hbj-jcz")
    assert station.parent == hbj
    assert station.kind == OrganizationKind.OTHER
    assert Organization.objects.get(code="zlj-xxjd").kind == OrganizationKind.SUBDISTRICT


def test_organizations_csv_without_bom_and_with_blank_lines(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text(
        "机关代码,机关名称,上级机关代码\n\nzlj,自贡市自流井区人民政府,\n,,\nzlj-sfj,区司法局,zlj\n\n",
        encoding="utf-8",
    )

    assert import_ok("organizations", path) == "Imported: 2 created, 0 updated, 0 unchanged."
    assert Organization.objects.get(code="zlj-sfj").parent.code == "zlj"
    assert Organization.objects.get(code="zlj").parent is None


def test_organizations_xlsx(tmp_path, zlj):
    path = write_xlsx(
        tmp_path / "orgs.xlsx",
        [ORG_HEADERS, ["zlj-jyj", "自贡市自流井区教育局", "zlj"], [None, None, None]],
    )

    assert import_ok("organizations", path) == "Imported: 1 created, 0 updated, 0 unchanged."
    assert Organization.objects.get(code="zlj-jyj").parent == zlj


def test_reimporting_organizations_creates_no_duplicates_and_updates_changes(tmp_path, zlj):
    rows = [ORG_HEADERS, ["zlj-a", "甲局", "zlj"], ["zlj-b", "乙局", "zlj-a"]]
    path = write_csv(tmp_path / "orgs.csv", rows)
    import_ok("organizations", path)

    assert import_ok("organizations", path) == "Imported: 0 created, 0 updated, 2 unchanged."
    assert Organization.objects.count() == 3

    rows[2] = ["zlj-b", "乙局（更名）", "zlj"]
    write_csv(path, rows)
    assert import_ok("organizations", path) == "Imported: 0 created, 1 updated, 1 unchanged."
    b = Organization.objects.get(code="zlj-b")
    assert (b.name, b.parent) == ("乙局（更名）", zlj)


def test_organizations_can_be_moved_under_a_former_child(tmp_path):
    a = OrganizationFactory(code="a", name="甲")
    OrganizationFactory(code="b", name="乙", parent=a)
    path = write_csv(tmp_path / "orgs.csv", [ORG_HEADERS, ["a", "甲", "b"], ["b", "乙", ""]])

    assert import_ok("organizations", path) == "Imported: 0 created, 2 updated, 0 unchanged."
    assert Organization.objects.get(code="a").parent.code == "b"


# --- disclosures --------------------------------------------------------------------


def test_disclosures_csv_creates_published_and_draft_items_columns_and_index_numbers(tmp_path, zlj):
    OrganizationFactory(code="zlj-hbj", name="区环保局", parent=zlj, credit_code=CREDIT_CODE)
    path = write_csv(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE_HEADERS,
            disclosure_row(索引号="zlj/2016-00001"),
            disclosure_row(
                机关代码="zlj-hbj",
                标题="自流井区环保局2016年8—11月已审批建设项目环境影响评价文件的公示",
                栏目="政府重点信息公开专栏/环境保护",
                体裁="notice",
                文号="",
                正文='<p onclick="x()">公示</p><script>alert(1)</script>',
            ),
            disclosure_row(
                标题="自流井区行政规范性文件管理办法",
                体裁="行政规范性文件",
                有效性="废止",
                废止日期="2016-12-31",
                发布日期="",
                栏目="政府重点信息公开专栏/环境保护",
            ),
            disclosure_row(
                标题="政策解读：管理办法", 体裁="政策解读", 有效性="已修订", 栏目="通知公告"
            ),
        ],
        bom=True,
    )

    assert import_ok("disclosures", path) == "Imported: 4 created, 0 updated, 0 unchanged."

    given = Disclosure.objects.get(index_number="zlj/2016-00001")
    assert given.status == DisclosureStatus.PUBLISHED
    assert given.published_on == date(2016, 3, 3)
    assert given.published_at is not None
    assert given.genre == Genre.NOTICE

    notice = Disclosure.objects.get(organization__code="zlj-hbj")
    assert notice.index_number == f"{CREDIT_CODE}/2016-00001"
    assert notice.body == "<p>公示</p>"
    assert notice.category.name == "环境保护"
    assert notice.category.parent.name == "政府重点信息公开专栏"
    assert notice.category.parent.parent is None

    rule = Disclosure.objects.get(title="自流井区行政规范性文件管理办法")
    assert rule.status == DisclosureStatus.DRAFT
    assert rule.published_on is None
    assert (rule.genre, rule.validity, rule.repealed_on) == (
        Genre.NORMATIVE_DOCUMENT,
        Validity.REPEALED,
        date(2016, 12, 31),
    )
    # The generated number skipped the serial the file gave explicitly.
    assert rule.index_number == "zlj/2016-00002"
    assert rule.category == notice.category

    interpretation = Disclosure.objects.get(genre=Genre.INTERPRETATION)
    assert interpretation.validity == Validity.REVISED
    assert interpretation.category == given.category
    assert Category.objects.filter(name="通知公告").count() == 1
    assert Category.objects.count() == 3


def test_disclosures_xlsx_with_date_cells_text_dates_and_blank_rows(tmp_path, zlj):
    path = write_xlsx(
        tmp_path / "disclosures.xlsx",
        [
            DISCLOSURE_HEADERS,
            [
                "",
                "zlj",
                "权力责任清单",
                "",
                "政府信息公开目录",
                "其他公文",
                datetime(2016, 5, 1),
                date(2016, 5, 6),
                "有效",
                None,
                "清单",
            ],
            [None] * 11,
            [
                "",
                "zlj",
                "流程清单",
                None,
                "政府信息公开目录",
                "其他公文",
                "2016-05-02",
                "2016-05-09",
                None,
                None,
                None,
            ],
        ],
    )

    assert import_ok("disclosures", path) == "Imported: 2 created, 0 updated, 0 unchanged."
    first = Disclosure.objects.get(title="权力责任清单")
    assert (first.written_on, first.published_on) == (date(2016, 5, 1), date(2016, 5, 6))
    second = Disclosure.objects.get(title="流程清单")
    assert (second.written_on, second.validity, second.document_number) == (
        date(2016, 5, 2),
        Validity.VALID,
        "",
    )


def test_xlsx_problems_name_the_spreadsheet_row(tmp_path, zlj):
    path = write_xlsx(
        tmp_path / "disclosures.xlsx",
        [
            DISCLOSURE_HEADERS,
            disclosure_row(),
            [None] * 11,
            disclosure_row(标题="另一条", 成文日期="2016-02-30"),
        ],
    )

    lines, _ = import_rejected("disclosures", path)

    assert lines == ["Line 4, column “成文日期”: Dates are written YYYY-MM-DD; got “2016-02-30”."]


def test_reimporting_disclosures_creates_no_duplicates_even_without_index_numbers(tmp_path, zlj):
    path = write_csv(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE_HEADERS,
            disclosure_row(索引号="zlj/2016-00100", 正文='<p><a href="https://e.cn">链接</a></p>'),
            disclosure_row(标题="没有索引号的信息", 发布日期=""),
            disclosure_row(
                标题="同名信息", 成文日期="2016-04-01", 发布日期="2016-04-02", 栏目="甲/乙"
            ),
        ],
    )
    import_ok("disclosures", path)
    numbers = set(Disclosure.objects.values_list("index_number", flat=True))

    assert import_ok("disclosures", path) == "Imported: 0 created, 0 updated, 3 unchanged."
    assert set(Disclosure.objects.values_list("index_number", flat=True)) == numbers
    assert Category.objects.count() == 3


def test_reimporting_a_changed_row_updates_it_and_publishes_a_draft(tmp_path, zlj):
    path = write_csv(
        tmp_path / "disclosures.csv", [DISCLOSURE_HEADERS, disclosure_row(发布日期="")]
    )
    import_ok("disclosures", path)
    assert Disclosure.objects.get().status == DisclosureStatus.DRAFT

    write_csv(path, [DISCLOSURE_HEADERS, disclosure_row(发布日期="2016-03-04", 文号="新文号")])
    assert import_ok("disclosures", path) == "Imported: 0 created, 1 updated, 0 unchanged."

    item = Disclosure.objects.get()
    assert (item.status, item.published_on, item.document_number) == (
        DisclosureStatus.PUBLISHED,
        date(2016, 3, 4),
        "新文号",
    )
    assert item.published_at is not None


def test_a_withdrawn_disclosure_stays_withdrawn_on_reimport(tmp_path, zlj):
    DisclosureFactory(
        organization=zlj, index_number="zlj/2016-00009", status=DisclosureStatus.WITHDRAWN
    )
    path = write_csv(
        tmp_path / "disclosures.csv",
        [DISCLOSURE_HEADERS, disclosure_row(索引号="zlj/2016-00009")],
    )

    assert import_ok("disclosures", path) == "Imported: 0 created, 1 updated, 0 unchanged."
    assert Disclosure.objects.get().status == DisclosureStatus.WITHDRAWN


def test_an_import_cannot_turn_a_published_disclosure_back_into_a_draft(tmp_path, zlj):
    DisclosureFactory(organization=zlj, index_number="zlj/2016-00009")
    path = write_csv(
        tmp_path / "disclosures.csv",
        [DISCLOSURE_HEADERS, disclosure_row(索引号="zlj/2016-00009", 发布日期="")],
    )

    assert_rejected(
        "disclosures",
        path,
        [
            "Line 2, column “发布日期”: Disclosure “zlj/2016-00009” has been published, so its "
            "date of publication is required; to take it off the site, withdraw it in the admin."
        ],
        before=counts(),
    )
    assert Disclosure.objects.get().status == DisclosureStatus.PUBLISHED


def test_a_plain_column_name_uses_the_single_existing_nested_column(tmp_path, zlj):
    parent = CategoryFactory(name="政府重点信息公开专栏")
    nested = CategoryFactory(name="食品药品安全", parent=parent)
    path = write_csv(
        tmp_path / "disclosures.csv", [DISCLOSURE_HEADERS, disclosure_row(栏目="食品药品安全")]
    )

    import_ok("disclosures", path)

    assert Disclosure.objects.get().category == nested
    assert Category.objects.count() == 2


def test_dry_run_reports_what_would_happen_and_writes_nothing(tmp_path, zlj):
    DisclosureFactory(organization=zlj, index_number="zlj/2016-00001", title="旧标题")
    before = counts()
    path = write_csv(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE_HEADERS,
            disclosure_row(索引号="zlj/2016-00001"),
            disclosure_row(标题="新信息", 栏目="新栏目/子栏目"),
        ],
    )

    assert import_ok("disclosures", path, "--dry-run") == (
        "Dry run, nothing was written: 1 would be created, 1 updated, 0 unchanged."
    )
    assert counts() == before
    assert Disclosure.objects.get().title == "旧标题"


def test_dry_run_of_a_bad_file_reports_the_problems(tmp_path, zlj):
    path = write_csv(
        tmp_path / "disclosures.csv", [DISCLOSURE_HEADERS, disclosure_row(体裁="公函")]
    )

    lines, _ = import_rejected("disclosures", path, "--dry-run")

    assert lines[0].startswith("Line 2, column “体裁”: “公函” is not one of: 规章, ")


# --- every problem names its line and column; nothing is imported ---------------------


def assert_rejected(kind, path, expected, *, before):
    lines, message = import_rejected(kind, path)
    assert lines == expected
    assert "nothing was imported" in message
    assert counts() == before


def test_problem_lines_are_in_chinese_by_default(tmp_path, zlj):
    path = write_csv(
        tmp_path / "disclosures.csv",
        [DISCLOSURE_HEADERS, disclosure_row(), disclosure_row(标题="乙", 成文日期="2016/13/01")],
    )
    before = counts()

    with translation.override("zh-hans"):
        lines, message = import_rejected("disclosures", path)

    assert lines == ["第3行，列“成文日期”：日期格式应为 YYYY-MM-DD，收到“2016/13/01”"]
    assert message == "发现 1 个问题，未导入任何记录。"
    assert counts() == before


def test_missing_and_unknown_headers_are_named(tmp_path):
    path = write_csv(tmp_path / "orgs.csv", [["机关代码", "机关名称", "备注"], ["a", "甲", "x"]])

    assert_rejected(
        "organizations",
        path,
        [
            "Line 1, column “备注”: Unknown column; the columns are: "
            "机关代码, 机关名称, 上级机关代码, 简称, 统一社会信用代码, 类型.",
            "Line 1, column “上级机关代码”: This column is missing.",
        ],
        before=counts(),
    )


def test_unknown_organization_code(tmp_path, zlj):
    path = write_csv(
        tmp_path / "disclosures.csv",
        [DISCLOSURE_HEADERS, disclosure_row(), disclosure_row(标题="乙", 机关代码="nosuch")],
    )

    assert_rejected(
        "disclosures",
        path,
        ["Line 3, column “机关代码”: Unknown organization code “nosuch”."],
        before=counts(),
    )


def test_unknown_parent_code(tmp_path):
    path = write_csv(tmp_path / "orgs.csv", [ORG_HEADERS, ["a", "甲", "nosuch"]])

    assert_rejected(
        "organizations",
        path,
        [
            "Line 2, column “上级机关代码”: Unknown organization code “nosuch”: "
            "it is neither in this file nor saved."
        ],
        before=counts(),
    )


def test_bad_dates(tmp_path, zlj):
    path = write_csv(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE_HEADERS,
            disclosure_row(成文日期="2016/13/01", 发布日期="3月3日"),
            disclosure_row(标题="乙", 成文日期="2016-03-05", 发布日期="2016-03-01"),
        ],
    )

    assert_rejected(
        "disclosures",
        path,
        [
            "Line 2, column “成文日期”: Dates are written YYYY-MM-DD; got “2016/13/01”.",
            "Line 2, column “发布日期”: Dates are written YYYY-MM-DD; got “3月3日”.",
            "Line 3, column “发布日期”: The publication date cannot be before the date of writing.",
        ],
        before=counts(),
    )


def test_unknown_genre_and_validity_labels(tmp_path, zlj):
    path = write_csv(
        tmp_path / "disclosures.csv",
        [DISCLOSURE_HEADERS, disclosure_row(体裁="公函", 有效性="作废")],
    )

    lines, _ = import_rejected("disclosures", path)

    assert len(lines) == 2
    assert lines[0].startswith(
        "Line 2, column “体裁”: “公函” is not one of: 规章, 行政规范性文件, "
    )
    assert lines[1] == ("Line 2, column “有效性”: “作废” is not one of: 有效, 已修订, 废止, 失效.")
    assert Disclosure.objects.count() == 0


def test_missing_required_values(tmp_path, zlj):
    path = write_csv(
        tmp_path / "disclosures.csv",
        [DISCLOSURE_HEADERS, disclosure_row(标题="", 成文日期="", 栏目="")],
    )

    assert_rejected(
        "disclosures",
        path,
        [
            "Line 2, column “标题”: A value is required.",
            "Line 2, column “栏目”: A value is required.",
            "Line 2, column “成文日期”: A value is required.",
        ],
        before=counts(),
    )


def test_repealed_without_a_date_and_a_date_without_repeal(tmp_path, zlj):
    path = write_csv(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE_HEADERS,
            disclosure_row(有效性="废止"),
            disclosure_row(标题="乙", 有效性="有效", 废止日期="2016-05-01"),
            disclosure_row(标题="丙", 有效性="expired", 废止日期="2016-01-01"),
        ],
    )

    assert_rejected(
        "disclosures",
        path,
        [
            "Line 2, column “废止日期”: Required when “有效性” is “废止”.",
            "Line 3, column “废止日期”: Only a repealed or expired document has a repeal date.",
            "Line 4, column “废止日期”: The end date cannot be before the date of writing.",
        ],
        before=counts(),
    )


def test_duplicate_keys_within_the_file(tmp_path, zlj):
    orgs = write_csv(
        tmp_path / "orgs.csv",
        [ORG_HEADERS, ["a", "甲", ""], ["b", "乙", "a"], ["A", "甲（重复）", ""]],
    )
    assert_rejected(
        "organizations",
        orgs,
        ["Line 4, column “机关代码”: The same record as line 2 (a)."],
        before=counts(),
    )

    items = write_csv(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE_HEADERS,
            # Its own title: a line without 索引号 may not twin a line with one (see below).
            disclosure_row(标题="甲", 索引号="zlj/2016-00007"),
            disclosure_row(),
            disclosure_row(标题="乙", 索引号="zlj/2016-00007"),
            disclosure_row(文号="另一个文号"),
        ],
    )
    assert_rejected(
        "disclosures",
        items,
        [
            "Line 4, column “索引号”: The same record as line 2 (zlj/2016-00007).",
            "Line 5, column “标题”: The same record as line 3 "
            "(zlj / 关于开展2016年政务公开工作的通知 / 2016-03-01).",
        ],
        before=counts(),
    )


def test_ambiguous_column_name_asks_for_the_path(tmp_path, zlj):
    for parent in ("政府重点信息公开专栏", "部门信息"):
        CategoryFactory(name="环境保护", parent=CategoryFactory(name=parent))
    path = write_csv(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE_HEADERS,
            disclosure_row(栏目="部门信息/环境保护"),
            disclosure_row(标题="乙", 栏目="环境保护"),
            disclosure_row(标题="丙", 栏目="政府重点信息公开专栏//环境保护"),
        ],
    )

    assert_rejected(
        "disclosures",
        path,
        [
            "Line 3, column “栏目”: Several columns are named “环境保护” "
            "(政府重点信息公开专栏/环境保护, 部门信息/环境保护); write the path instead.",
            "Line 4, column “栏目”: “政府重点信息公开专栏//环境保护” has an empty part; "
            "write a path as “上级栏目/栏目”.",
        ],
        before=counts(),
    )


def test_bad_credit_code_and_organization_code(tmp_path):
    bad = CREDIT_CODE[:-1] + ("0" if CREDIT_CODE[-1] != "0" else "1")
    path = write_csv(
        tmp_path / "orgs.csv",
        [
            [*ORG_HEADERS, "统一社会信用代码", "类型"],
            ["a", "甲", "", bad, "政府"],
            ["b c", "乙", "a", "", "委员会"],
        ],
    )

    lines, _ = import_rejected("organizations", path)

    assert lines[0] == (
        f"Line 2, column “统一社会信用代码”: “{bad}” is not a valid unified social credit code "
        "(GB 32100)."
    )
    assert lines[1].startswith("Line 3, column “机关代码”: Use 1–32 lowercase ASCII letters")
    assert lines[2].startswith("Line 3, column “类型”: “委员会” is not one of: 人民政府, ")
    assert len(lines) == 3
    assert Organization.objects.count() == 0


def test_cycles_in_parents_are_reported_on_every_row_of_the_loop(tmp_path):
    top = OrganizationFactory(code="top", name="区政府")
    OrganizationFactory(code="dept", name="某局", parent=top)
    path = write_csv(
        tmp_path / "orgs.csv",
        [
            ORG_HEADERS,
            ["a", "甲", "b"],
            ["b", "乙", "a"],
            ["c", "丙", "a"],
            ["top", "区政府", "dept"],
            ["self", "自己", "self"],
        ],
    )

    assert_rejected(
        "organizations",
        path,
        [
            "Line 2, column “上级机关代码”: The parent organizations form a loop: a → b → a.",
            "Line 3, column “上级机关代码”: The parent organizations form a loop: b → a → b.",
            "Line 5, column “上级机关代码”: The parent organizations form a loop: "
            "top → dept → top.",
            "Line 6, column “上级机关代码”: An organization cannot be its own parent.",
        ],
        before=counts(),
    )


def test_one_bad_row_among_good_ones_imports_nothing(tmp_path, zlj):
    rows = [DISCLOSURE_HEADERS] + [disclosure_row(标题=f"信息{i}") for i in range(20)]
    rows.append(disclosure_row(标题="坏的", 体裁=""))
    path = write_csv(tmp_path / "disclosures.csv", rows)

    assert_rejected(
        "disclosures",
        path,
        ["Line 22, column “体裁”: A value is required."],
        before=counts(),
    )


def test_too_long_values_and_extra_cells(tmp_path, zlj):
    path = write_csv(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE_HEADERS,
            disclosure_row(标题="长" * 301),
            [*disclosure_row(标题="乙"), "多余"],
        ],
    )

    assert_rejected(
        "disclosures",
        path,
        [
            "Line 2, column “标题”: At most 300 characters; this has 301.",
            "Line 3: This line has more cells than the header has columns (多余).",
        ],
        before=counts(),
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("orgs.txt", b"a,b\n", "“orgs.txt” is neither a .csv nor an .xlsx file."),
        ("orgs.csv", b"", "The file orgs.csv is empty."),
        ("orgs.csv", b"\xef\xbb\xbf\n\n", "The file orgs.csv is empty."),
        ("orgs.csv", "机关代码,机关名称,上级机关代码\n".encode(), "no rows to import"),
        ("orgs.csv", "机关代码,机关名称\n甲".encode("gbk"), "is not UTF-8 text"),
        ("orgs.xlsx", b"not a zip file", "is not a readable .xlsx workbook"),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        call_command("import_records", "organizations", str(path))
    assert Organization.objects.count() == 0


def test_missing_file_and_unknown_kind(tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        call_command("import_records", "organizations", str(tmp_path / "nosuch.csv"))
    path = write_csv(tmp_path / "x.csv", [ORG_HEADERS, ["a", "甲", ""]])
    with pytest.raises(CommandError, match="Unknown kind “cats”; known kinds: organizations"):
        call_command("import_records", "cats", str(path))


# --- the registry: other apps add kinds ---------------------------------------------------


class ChannelImporter(Importer):
    """A kind as another app would register it."""

    kind = "test-channels"
    label = "Channels"
    model = Channel
    columns = [Column("名称", max_length=50)]

    def clean_row(self, values, ctx):
        return values["名称"]

    def key(self, cleaned):
        return (cleaned,)

    def save(self, rows, ctx):
        result = SaveCounts()
        for row in rows:
            _obj, created = Channel.objects.get_or_create(name=row.data)
            if created:
                result.created += 1
            else:
                result.unchanged += 1
        return result


@pytest.fixture
def channel_kind():
    registry.register(ChannelImporter)
    yield
    registry.unregister(ChannelImporter.kind)


def test_a_registered_kind_runs_through_the_command_with_the_same_rules(tmp_path, channel_kind):
    path = write_csv(tmp_path / "channels.csv", [["名称"], ["政务抖音"], ["门户网站"]])
    existing = Channel.objects.count()

    assert import_ok("test-channels", path) == "Imported: 1 created, 0 updated, 1 unchanged."
    assert Channel.objects.count() == existing + 1

    write_csv(path, [["名称"], ["政务头条"], ["政务头条"]])
    lines, _ = import_rejected("test-channels", path)
    assert lines == ["Line 3, column “名称”: The same record as line 2 (政务头条)."]


def test_a_kind_cannot_be_registered_twice_by_different_classes(channel_kind):
    from django.core.exceptions import ImproperlyConfigured

    other = type("OtherChannels", (ChannelImporter,), {})
    with pytest.raises(ImproperlyConfigured):
        registry.register(other)
    registry.register(ChannelImporter)  # the same class again is harmless
    assert registry.kinds()[:2] == ["organizations", "disclosures"]


# --- the admin page ------------------------------------------------------------------------


@pytest.fixture
def tree(zlj):
    # Staff import under existing columns only; the supervising office adds columns.
    CategoryFactory(name="通知公告")
    a = OrganizationFactory(code="zlj-a", name="甲局", parent=zlj)
    b = OrganizationFactory(code="zlj-b", name="乙局", parent=zlj)
    a1 = OrganizationFactory(code="zlj-a1", name="甲局下属中心", parent=a)
    return {"zlj": zlj, "a": a, "b": b, "a1": a1}


def staff_with_import_rights(organization):
    user = UserFactory(organization=organization)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="disclosure",
            codename__in=[
                "add_disclosure",
                "change_disclosure",
                "view_disclosure",
                "add_organization",
                "change_organization",
            ],
        )
    )
    return user


def upload(client, kind, name, content):
    """Upload a file for checking; the check runs as a job: return the job's page."""
    file = io.BytesIO(content)
    file.name = name
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(IMPORT_URL, {"kind": kind, "file": file}, HTTP_ACCEPT_LANGUAGE="en")
    if response.status_code != 302:
        return response
    return client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")


def confirm(client, checked):
    """Confirm the check shown on `checked` (a job page); the save runs as a job."""
    url = reverse("admin:disclosure_job_confirm", args=[checked.context["job"].pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, HTTP_ACCEPT_LANGUAGE="en")


def csv_bytes(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_admin_page_is_for_staff_with_import_rights(client, tree):
    assert client.get(IMPORT_URL).status_code == 302  # to the login page
    assert reverse("admin:import_records") == IMPORT_URL

    client.force_login(UserFactory(organization=tree["a"]))
    assert client.get(IMPORT_URL).status_code == 403

    client.force_login(staff_with_import_rights(tree["a"]))
    response = client.get(IMPORT_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "机关代码" in response.text
    assert '<option value="disclosures">' in response.text


def test_superuser_checks_then_confirms_an_import(client, tree):
    client.force_login(UserFactory(is_superuser=True, organization=None))
    content = csv_bytes(
        [DISCLOSURE_HEADERS, disclosure_row(机关代码="zlj-b"), disclosure_row(标题="乙")]
    )

    response = upload(client, "disclosures", "items.csv", content)

    assert response.status_code == 200
    assert "Dry run, nothing was written: 2 would be created" in response.text
    assert Disclosure.objects.count() == 0
    assert response.context["confirmable"]

    response = confirm(client, response)

    assert response.status_code == 302
    assert Disclosure.objects.count() == 2
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert "Imported: 2 created, 0 updated, 0 unchanged." in page.text


def test_staff_cannot_import_rows_of_another_organization(client, tree):
    DisclosureFactory(organization=tree["b"], index_number="zlj-b/2016-00001")
    client.force_login(staff_with_import_rights(tree["a"]))
    before = counts()
    content = csv_bytes(
        [
            DISCLOSURE_HEADERS,
            disclosure_row(机关代码="zlj-a1"),
            disclosure_row(标题="乙", 机关代码="zlj-b"),
            disclosure_row(标题="丙", 机关代码="zlj-a", 索引号="zlj-b/2016-00001"),
        ]
    )

    response = upload(client, "disclosures", "items.csv", content)

    assert response.status_code == 200
    assert not response.context["confirmable"]
    assert [str(e) for e in response.context["result"].errors] == [
        "Line 3, column “机关代码”: Organization “zlj-b” is outside the organizations you manage.",
        "Line 4, column “索引号”: Disclosure “zlj-b/2016-00001” belongs to an organization "
        "outside the ones you manage.",
    ]
    assert "nothing was imported" in response.text
    assert counts() == before


def test_staff_imports_rows_of_their_own_organizations(client, tree):
    client.force_login(staff_with_import_rights(tree["a"]))
    content = csv_bytes(
        [DISCLOSURE_HEADERS, disclosure_row(机关代码="zlj-a"), disclosure_row(机关代码="zlj-a1")]
    )

    confirm(client, upload(client, "disclosures", "items.csv", content))

    assert set(Disclosure.objects.values_list("organization__code", flat=True)) == {
        "zlj-a",
        "zlj-a1",
    }
    assert Disclosure.objects.filter(created_by__organization=tree["a"]).count() == 2


def test_staff_add_organizations_only_below_their_own(client, tree):
    client.force_login(staff_with_import_rights(tree["a"]))
    content = csv_bytes(
        [
            ORG_HEADERS,
            ["zlj-a2", "甲局二中心", "zlj-a"],
            ["zlj-a2x", "甲局二中心科室", "zlj-a2"],
            ["zlj-c", "丙局", ""],
            ["zlj-b1", "乙局下属", "zlj-b"],
            ["zlj-b", "乙局", "zlj"],
        ]
    )

    response = upload(client, "organizations", "orgs.csv", content)

    assert [str(e) for e in response.context["result"].errors] == [
        "Line 4, column “上级机关代码”: You can only add organizations below the ones you manage.",
        "Line 5, column “上级机关代码”: Organization “zlj-b” is outside the organizations you "
        "manage.",
        "Line 6, column “机关代码”: Organization “zlj-b” is outside the organizations you manage.",
    ]

    content = csv_bytes([ORG_HEADERS, ["zlj-a2", "甲局二中心", "zlj-a"], ["zlj-a", "甲局", "zlj"]])
    confirm(client, upload(client, "organizations", "orgs.csv", content))
    assert Organization.objects.get(code="zlj-a2").parent == tree["a"]


def test_a_wrong_file_keeps_the_chosen_kind_and_says_why(client, tree):
    client.force_login(UserFactory(is_superuser=True))

    response = upload(client, "disclosures", "items.txt", b"x")

    assert response.status_code == 200
    assert "“items.txt” is neither a .csv nor an .xlsx file." in response.text
    assert response.context["form"]["kind"].value() == "disclosures"


def test_only_the_person_who_checked_a_file_confirms_it(client, tree):
    owner = UserFactory(is_superuser=True)
    client.force_login(owner)
    content = csv_bytes([DISCLOSURE_HEADERS, disclosure_row()])
    checked = upload(client, "disclosures", "items.csv", content)

    client.force_login(UserFactory(is_superuser=True))  # sees the job, may not confirm it
    assert confirm(client, checked).status_code == 403
    client.force_login(staff_with_import_rights(tree["a"]))  # does not even see it
    assert confirm(client, checked).status_code == 404
    assert Disclosure.objects.count() == 0
    client.force_login(owner)
    assert confirm(client, checked).status_code == 302
    assert Disclosure.objects.count() == 1


def test_admin_index_links_to_the_import_page(client, tree):
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")

    assert f'href="{IMPORT_URL}"' in response.text


def test_run_import_reads_an_uploaded_xlsx_object(zlj):
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(ORG_HEADERS)
    workbook.active.append(["zlj-x", "某局", "zlj"])
    workbook.save(buffer)

    result = run_import("organizations", buffer, filename="orgs.xlsx", dry_run=True)

    assert (result.ok, result.created) == (True, 1)
    assert not Organization.objects.filter(code="zlj-x").exists()


def test_long_files_report_progress_of_checking_and_saving(tmp_path, zlj):
    rows = [DISCLOSURE_HEADERS] + [
        ["", "zlj", f"关于第{i}批测试事项的通知", "", "政务动态", "通知公告",
         "2025-03-02", "2025-03-03", "有效", "", "<p>正文</p>"]
        for i in range(2500)
    ]  # fmt: skip
    path = write_csv(tmp_path / "many.csv", rows)
    seen = []

    result = run_import("disclosures", path, progress=lambda *event: seen.append(event))

    assert result.created == 2500
    assert seen[0] == ("check", 0, 2500)
    assert ("check", 2500, 2500) in seen
    assert ("save", 0, 2500) in seen
    assert ("save", 1000, 2500) in seen  # rows saved one by one report as they go
    assert seen[-1] == ("save", 2500, 2500)


def test_the_command_prints_progress_for_long_files_on_standard_error(tmp_path, zlj):
    rows = [ORG_HEADERS] + [[f"org{i:04d}", f"测试机关{i}", "zlj"] for i in range(2100)]
    path = write_csv(tmp_path / "orgs.csv", rows)
    out, err = io.StringIO(), io.StringIO()

    with translation.override("zh-hans"):
        call_command("import_records", "organizations", str(path), stdout=out, stderr=err)

    assert "2100 / 2100" in err.getvalue()
    assert "校验" in err.getvalue() and "保存" in err.getvalue()
    assert "2100" in out.getvalue()


# --- checked uploads live in private storage, held by their job, for a few days at most ----


def pending_uploads(settings):
    folder = settings.PRIVATE_MEDIA_ROOT / UPLOAD_DIR
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_checked_upload_waits_in_private_storage_and_is_deleted_on_confirm(
    client, tree, settings
):
    client.force_login(UserFactory(is_superuser=True))
    content = csv_bytes([DISCLOSURE_HEADERS, disclosure_row()])

    checked = upload(client, "disclosures", "个人信息.csv", content)

    assert not (settings.MEDIA_ROOT / UPLOAD_DIR).exists()  # never under the public media
    [waiting] = pending_uploads(settings)
    assert waiting.read_bytes() == content
    assert "个人信息" not in waiting.name  # a random name, not the person's file name
    confirm(client, checked)
    assert Disclosure.objects.count() == 1
    assert pending_uploads(settings) == []


def test_cancelling_a_checked_import_deletes_the_upload_and_imports_nothing(client, tree, settings):
    client.force_login(UserFactory(is_superuser=True))
    response = upload(
        client, "disclosures", "items.csv", csv_bytes([DISCLOSURE_HEADERS, disclosure_row()])
    )
    assert 'name="cancel"' in response.text
    assert len(pending_uploads(settings)) == 1

    response = client.post(
        reverse("admin:disclosure_job_cancel", args=[response.context["job"].pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 302
    assert pending_uploads(settings) == []
    assert Disclosure.objects.count() == 0
    page = client.get(IMPORT_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert "Import cancelled; the checked file was deleted." in page.text


def test_checked_files_nobody_confirmed_are_deleted_after_the_days_allowed(client, tree, settings):
    client.force_login(UserFactory(is_superuser=True))
    content = csv_bytes([DISCLOSURE_HEADERS, disclosure_row()])
    old_job = upload(client, "disclosures", "old.csv", content).context["job"]
    [old] = pending_uploads(settings)
    Job.objects.filter(pk=old_job.pk).update(
        finished_at=timezone.now() - timedelta(days=settings.JOB_FILES_DAYS, minutes=1)
    )
    upload(client, "disclosures", "new.csv", content)
    [new] = [path for path in pending_uploads(settings) if path != old]

    assert client.get(reverse("admin:disclosure_job_changelist")).status_code == 200  # purges
    assert pending_uploads(settings) == [new]  # still within the days allowed
    assert private_storage().exists(f"{UPLOAD_DIR}/{new.name}")
    assert purge_job_files() == 0
    old_job.refresh_from_db()
    assert not old_job.upload and old_job.state == JobState.SUCCEEDED


# --- two lines that reach one record --------------------------------------------------------


def test_a_line_with_and_a_line_without_the_index_number_of_one_disclosure_are_refused(
    tmp_path, zlj
):
    DisclosureFactory(
        organization=zlj,
        index_number="zlj/2016-00001",
        title="关于开展2016年政务公开工作的通知",
        written_on=date(2016, 3, 1),
        published_on=None,
        status=DisclosureStatus.DRAFT,
    )
    path = write_csv(
        tmp_path / "disclosures.csv",
        [DISCLOSURE_HEADERS, disclosure_row(索引号="zlj/2016-00001"), disclosure_row()],
    )

    assert_rejected(
        "disclosures",
        path,
        [
            "Line 3, column “标题”: Line 2 already updates disclosure “zlj/2016-00001”; keep one "
            "of the two lines."
        ],
        before=counts(),
    )
    assert Disclosure.objects.get().status == DisclosureStatus.DRAFT


def test_a_line_without_index_number_cannot_twin_a_line_that_gives_one(tmp_path, zlj):
    path = write_csv(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE_HEADERS,
            disclosure_row(标题="别的信息"),
            disclosure_row(索引号="zlj/2016-00007"),
            disclosure_row(索引号="zlj/2016-00008"),  # two given numbers may share a title
            disclosure_row(),
        ],
    )

    assert_rejected(
        "disclosures",
        path,
        [
            "Line 5, column “标题”: Same organization, title and date of writing as line 3, "
            "but only one of the two lines gives an index number: give it on both, or keep one "
            "of the two lines."
        ],
        before=counts(),
    )


def test_the_same_disclosure_twice_in_the_admin_is_a_listed_problem_not_a_server_error(
    client, tree
):
    DisclosureFactory(
        organization=tree["a"],
        index_number="zlj-a/2016-00001",
        title="关于开展2016年政务公开工作的通知",
        written_on=date(2016, 3, 1),
        published_on=None,
        status=DisclosureStatus.DRAFT,
    )
    client.force_login(staff_with_import_rights(tree["a"]))
    content = csv_bytes(
        [
            DISCLOSURE_HEADERS,
            disclosure_row(机关代码="zlj-a"),
            disclosure_row(机关代码="zlj-a", 索引号="zlj-a/2016-00001"),
        ]
    )

    response = upload(client, "disclosures", "items.csv", content)

    assert response.status_code == 200
    assert not response.context["confirmable"]
    assert [(e.line, e.column) for e in response.context["result"].errors] == [(3, "索引号")]
    assert Disclosure.objects.get().status == DisclosureStatus.DRAFT


def test_a_step_the_publishing_service_refuses_while_saving_is_a_file_error(tmp_path, zlj):
    draft = DisclosureFactory(
        organization=zlj,
        index_number="zlj/2016-00001",
        written_on=date(2016, 3, 1),
        published_on=None,
        status=DisclosureStatus.DRAFT,
    )
    path = write_csv(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE_HEADERS,
            disclosure_row(标题="新信息", 栏目="新栏目"),
            disclosure_row(索引号="zlj/2016-00001"),
        ],
    )

    def publish_meanwhile(stage, done, total):
        # Someone publishes the draft in the admin after the file was checked.
        if (stage, done) == ("save", 0):
            publish_disclosure(disclosure=Disclosure.objects.get(pk=draft.pk), by=None)

    with pytest.raises(ImportFileError) as excinfo:
        run_import("disclosures", path, progress=publish_meanwhile)

    assert str(excinfo.value).startswith(
        "Line 3 could not be saved, nothing was imported: “"
    ) and str(excinfo.value).endswith("” is already published.")
    assert Disclosure.objects.count() == 1  # the new line was rolled back with the rest
    assert not Category.objects.filter(name="新栏目").exists()


# --- columns are shared: only the supervising office adds them -------------------------------


def test_staff_without_column_rights_cannot_create_columns_by_import(client, tree):
    parent = CategoryFactory(name="政府重点信息公开专栏")
    client.force_login(staff_with_import_rights(tree["a"]))
    before = counts()
    content = csv_bytes(
        [
            DISCLOSURE_HEADERS,
            disclosure_row(机关代码="zlj-a", 栏目="通知公告"),
            disclosure_row(机关代码="zlj-a", 标题="乙", 栏目="审阅新建栏目"),
            disclosure_row(机关代码="zlj-a", 标题="丙", 栏目="政府重点信息公开专栏/新子栏目"),
        ]
    )

    response = upload(client, "disclosures", "items.csv", content)

    assert [str(e) for e in response.context["result"].errors] == [
        "Line 3, column “栏目”: There is no column “审阅新建栏目”; columns are added by the "
        "supervising office. Use an existing column or ask them to add it.",
        "Line 4, column “栏目”: There is no column “政府重点信息公开专栏/新子栏目”; columns are "
        "added by the supervising office. Use an existing column or ask them to add it.",
    ]
    assert counts() == before
    assert not parent.children.exists()


@pytest.mark.parametrize("who", ["column rights", "supervisor", "operator"])
def test_supervisors_staff_with_column_rights_and_the_operator_create_columns(tree, who):
    if who == "column rights":
        user = staff_with_import_rights(tree["a"])
        user.user_permissions.add(Permission.objects.get(codename="add_category"))
    elif who == "supervisor":
        _staff, supervisors = ensure_staff_groups()
        user = UserFactory(organization=tree["zlj"])
        user.groups.add(supervisors)
    else:
        user = None
    rows = [DISCLOSURE_HEADERS, disclosure_row(机关代码="zlj-a", 栏目="新栏目/子栏目")]

    result = run_import("disclosures", io.BytesIO(csv_bytes(rows)), user=user, filename="d.csv")

    assert result.ok, result.errors
    column = Disclosure.objects.get().category
    assert (column.name, column.parent.name) == ("子栏目", "新栏目")
