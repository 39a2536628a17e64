"""`import_records petitions|proposals`: happy path, every error with line and column, re-import."""

import csv
import itertools
import random
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import CheckConstraint, Q
from django.utils import translation

from core.importing import run_import
from core.importing.constraints import evaluate
from disclosure.models import Disclosure
from requests_app.petitions.models import Petition
from requests_app.petitions.services import ensure_default_sources, publish_petition
from requests_app.proposals.models import Proposal
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

PETITION_HEADERS = [
    "编号", "机关代码", "渠道", "来源", "收到日期", "人数", "初访或重复访", "事由",
    "信访人", "联系电话", "身份证号", "受理决定", "受理告知日期", "办理单位",
    "答复内容", "答复日期", "办结日期",
]  # fmt: skip
PROPOSAL_HEADERS = [
    "类型", "会议", "编号", "标题", "提出人", "主办单位", "协办单位", "交办日期",
    "答复日期", "办理结果", "满意度", "答复内容", "公开答复",
]  # fmt: skip


@pytest.fixture
def zlj():
    ensure_default_sources()
    district = OrganizationFactory(code="zlj", name="自流井区人民政府")
    OrganizationFactory(code="zlj-jyj", name="区教育局", parent=district)
    OrganizationFactory(code="zlj-zjj", name="区住建局", parent=district)
    return district


def write_csv(tmp_path, headers, rows, name="data.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


GOOD_PETITIONS = [
    ["XF2016-001", "zlj", "来访", "现场", "2016-03-01", "6", "初访", "反映拖欠工资问题",
     "张三", "13800001111", "510302198001011234", "受理", "2016-03-03", "zlj-zjj、zlj-jyj",
     "已协调支付。", "2016-04-01", "2016-04-05"],
    ["XF2016-002", "zlj", "来信", "邮寄", "2016-03-02", "", "", "反映入学问题",
     "李四", "", "", "", "", "", "", "", ""],
    ["XF2016-003", "zlj", "网上投诉", "省网上信访信息系统", "2016-03-05", "", "", "反映噪音问题",
     "", "", "", "不予受理", "2016-03-20", "", "", "", ""],
]  # fmt: skip


def test_petitions_are_imported_with_their_counting_fields(tmp_path, zlj):
    result = run_import("petitions", write_csv(tmp_path, PETITION_HEADERS, GOOD_PETITIONS))

    assert result.ok, result.errors
    assert result.created == 3
    visit = Petition.objects.get(external_reference="XF2016-001")
    assert (visit.channel, visit.persons, visit.visit_kind, visit.is_collective) == (
        "visit", 6, "first", True,
    )  # fmt: skip
    assert visit.status == "closed"
    assert visit.accepted_in_time
    assert {o.code for o in visit.handling_organizations.all()} == {"zlj-zjj", "zlj-jyj"}
    letter = Petition.objects.get(external_reference="XF2016-002")
    assert (letter.persons, letter.status, letter.source.code) == (1, "registered", "post")
    online = Petition.objects.get(external_reference="XF2016-003")
    assert (online.status, online.accepted_on) == ("not_accepted", date(2016, 3, 20))


def test_importing_the_same_petitions_again_changes_nothing_and_a_change_updates(tmp_path, zlj):
    path = write_csv(tmp_path, PETITION_HEADERS, GOOD_PETITIONS)
    run_import("petitions", path)

    again = run_import("petitions", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)

    changed = [row[:] for row in GOOD_PETITIONS]
    changed[1][11:13] = ["受理", "2016-03-10"]
    result = run_import("petitions", write_csv(tmp_path, PETITION_HEADERS, changed, "b.csv"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert Petition.objects.get(external_reference="XF2016-002").status == "accepted"
    assert Petition.objects.count() == 3


def test_every_bad_petition_cell_is_reported_with_line_and_column_and_nothing_is_saved(
    tmp_path, zlj
):
    rows = [
        GOOD_PETITIONS[0],
        ["XF2016-010", "nope", "传真", "", "2016-02-30", "", "", "事由", "", "", "", "", "",
         "", "", "", ""],
        ["XF2016-011", "zlj", "来信", "", "2016-03-01", "3", "初访", "事由", "", "",
         "510302198001011233", "受理", "", "", "", "", ""],
        ["XF2016-012", "zlj", "来访", "不存在的平台", "2016-03-01", "0", "", "事由", "", "", "",
         "", "2016-02-01", "zlj-xxx", "", "2016-04-01", ""],
        ["XF2016-001", "zlj", "来信", "", "2016-03-01", "", "", "重复编号", "", "", "", "", "",
         "", "", "", ""],
    ]  # fmt: skip

    result = run_import("petitions", write_csv(tmp_path, PETITION_HEADERS, rows))

    found = {(e.line, e.column) for e in result.errors}
    assert {(3, "机关代码"), (3, "渠道"), (3, "收到日期")} <= found
    assert {(4, "人数"), (4, "初访或重复访"), (4, "身份证号"), (4, "受理告知日期")} <= found
    assert {(5, "来源"), (5, "人数"), (5, "初访或重复访"), (5, "受理决定")} <= found
    assert {(5, "办理单位"), (5, "答复内容")} <= found
    assert (6, "编号") in found  # the same record as line 2
    messages = " ".join(str(e) for e in result.errors)
    assert "nope" in messages and "2016-02-30" in messages
    assert not Petition.objects.exists()


def test_the_command_reports_errors_and_fails(tmp_path, zlj):
    rows = [["XF-1", "zlj", "来信", "", "2016-13-01", "", "", "事由", "", "", "", "", "", "",
             "", "", ""]]  # fmt: skip
    with pytest.raises(CommandError):
        call_command(
            "import_records", "petitions", str(write_csv(tmp_path, PETITION_HEADERS, rows))
        )
    assert not Petition.objects.exists()


def test_staff_import_only_for_their_organizations(tmp_path, zlj, staff_user_factory):
    department = zlj.children.get(code="zlj-jyj")
    user = staff_user_factory(department)
    result = run_import(
        "petitions", write_csv(tmp_path, PETITION_HEADERS, GOOD_PETITIONS[:1]), user=user
    )
    assert (2, "机关代码") in {(e.line, e.column) for e in result.errors}
    assert not Petition.objects.exists()


GOOD_PROPOSALS = [
    ["人大代表建议", "区十七届人大六次会议", "001",
     "关于每年为退休科技干部和退休工人体检一次的建议", "罗瑛（五星街街道代表团）",
     "zlj-jyj", "zlj-zjj", "2016-03-09", "2016-05-20", "C类", "不满意",
     "受财力限制，暂时不能解决，留作参考。", "是"],
    ["提案", "区政协九届六次会议", "012", "关于加快老旧小区改造的提案",
     "王芳（民盟界）、陈明（经济界）", "zlj-zjj", "", "2016-03-08", "2016-05-30", "A",
     "满意", "已列入并完成改造。", "否"],
    ["建议", "区十七届人大六次会议", "002", "关于增设公交站点的建议", "赵强（新街街道代表团）",
     "zlj", "", "2016-11-30", "", "", "", "", ""],
]  # fmt: skip


def test_proposals_are_imported_with_proposers_and_default_due_date(tmp_path, zlj):
    result = run_import("proposals", write_csv(tmp_path, PROPOSAL_HEADERS, GOOD_PROPOSALS))

    assert result.ok, result.errors
    assert result.created == 3
    luo = Proposal.objects.get(number="001")
    assert (luo.kind, luo.category, luo.satisfaction, luo.publish_reply) == (
        "deputy_suggestion", "for_reference", "dissatisfied", True,
    )  # fmt: skip
    assert luo.due_on == date(2016, 6, 9)
    assert [(p.name, p.affiliation) for p in luo.proposers.all()] == [("罗瑛", "五星街街道代表团")]
    assert [o.code for o in luo.co_organizations.all()] == ["zlj-zjj"]
    cppcc = Proposal.objects.get(number="012")
    assert cppcc.kind == "cppcc_proposal"
    assert [p.name for p in cppcc.proposers.all()] == ["王芳", "陈明"]
    open_one = Proposal.objects.get(number="002")
    assert (open_one.answered_on, open_one.due_on) == (None, date(2017, 2, 28))


def test_importing_the_same_proposals_again_changes_nothing(tmp_path, zlj):
    path = write_csv(tmp_path, PROPOSAL_HEADERS, GOOD_PROPOSALS)
    run_import("proposals", path)
    again = run_import("proposals", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)

    changed = [row[:] for row in GOOD_PROPOSALS]
    changed[2][8:12] = ["2017-01-10", "B", "满意", "已列入计划。"]
    result = run_import("proposals", write_csv(tmp_path, PROPOSAL_HEADERS, changed, "b.csv"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert Proposal.objects.get(number="002").category == "in_progress"
    assert Proposal.objects.count() == 3


def test_every_bad_proposal_cell_is_reported_and_nothing_is_saved(tmp_path, zlj):
    rows = [
        GOOD_PROPOSALS[0],
        ["议案", "区十七届人大六次会议", "003", "标题", "（无名）", "nope", "zlj-xxx",
         "2016-03-09", "2016-03-01", "D", "很满意", "", "也许"],
        ["建议", "区十七届人大六次会议", "004", "标题", "某代表", "zlj", "", "2016-03-09", "",
         "A", "满意", "", "是"],
    ]  # fmt: skip

    result = run_import("proposals", write_csv(tmp_path, PROPOSAL_HEADERS, rows))

    found = {(e.line, e.column) for e in result.errors}
    assert {(3, "类型"), (3, "提出人"), (3, "主办单位"), (3, "协办单位")} <= found
    assert {(3, "办理结果"), (3, "满意度"), (3, "答复内容"), (3, "公开答复")} <= found
    assert {(4, "办理结果"), (4, "满意度"), (4, "公开答复")} <= found
    assert not Proposal.objects.exists()


def test_a_missing_column_is_named_on_line_one(tmp_path, zlj):
    headers = [h for h in PROPOSAL_HEADERS if h != "交办日期"]
    rows = [
        [c for h, c in zip(PROPOSAL_HEADERS, GOOD_PROPOSALS[0], strict=True) if h != "交办日期"]
    ]
    result = run_import("proposals", write_csv(tmp_path, headers, rows))
    assert (1, "交办日期") in {(e.line, e.column) for e in result.errors}


def test_importers_need_the_models_permissions(zlj):
    from requests_app.petitions.importers import PetitionImporter

    assert not PetitionImporter.has_permission(UserFactory(organization=zlj))


# --- each row is checked as it would be saved --------------------------------------------


@pytest.fixture
def english():
    """Messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


def test_too_long_proposer_names_and_affiliations_are_reported_on_their_line(
    tmp_path, zlj, english
):
    long_name, long_affiliation = "张" * 51, "界" * 101
    rows = [
        GOOD_PROPOSALS[2],
        [
            *GOOD_PROPOSALS[0][:4],
            f"罗瑛（{long_affiliation}）、{long_name}",
            *GOOD_PROPOSALS[0][5:],
        ],
    ]

    result = run_import("proposals", write_csv(tmp_path, PROPOSAL_HEADERS, rows))

    assert [(e.line, e.column) for e in result.errors] == [(3, "提出人")]
    message = result.errors[0].message
    assert f"A delegation or sector has at most 100 characters; “{long_affiliation}” has 101." in (
        message
    )
    assert f"A proposer's name has at most 50 characters; “{long_name}” has 51." in message
    assert not Proposal.objects.exists()


def published_petition(zlj, tmp_path):
    run_import("petitions", write_csv(tmp_path, PETITION_HEADERS, GOOD_PETITIONS[:1], "a.csv"))
    petition = Petition.objects.get()
    Petition.objects.filter(pk=petition.pk).update(consent_to_publish=True)
    petition.refresh_from_db()
    return publish_petition(petition=petition, public_title="拖欠工资", public_summary="反映欠薪。")


def test_reimporting_a_published_petition_without_its_reply_date_is_a_line_error(
    tmp_path, zlj, english
):
    petition = published_petition(zlj, tmp_path)
    row = GOOD_PETITIONS[0][:]
    row[14:17] = ["", "", ""]  # 答复内容, 答复日期, 办结日期 left blank

    result = run_import("petitions", write_csv(tmp_path, PETITION_HEADERS, [row]))

    assert [str(e) for e in result.errors] == [
        "Line 2, column “答复日期”: Petition “XF2016-001” is published in the mailbox, so its "
        "date replied is required; to take it off the site, withdraw it in the admin."
    ]
    petition.refresh_from_db()
    assert (petition.published, petition.replied_on) == (True, date(2016, 4, 1))


def test_a_petition_update_is_checked_against_the_saved_values_it_keeps(tmp_path, zlj, english):
    run_import("petitions", write_csv(tmp_path, PETITION_HEADERS, GOOD_PETITIONS[:1], "a.csv"))
    # A file without the reply columns keeps the saved reply of 2016-04-01, which a later
    # date received would put before the receipt.
    headers = [h for h in PETITION_HEADERS if h not in ("答复内容", "答复日期", "办结日期")]
    row = [c for h, c in zip(PETITION_HEADERS, GOOD_PETITIONS[0], strict=True) if h in headers]
    row[headers.index("收到日期")] = "2016-04-02"
    row[headers.index("受理告知日期")] = "2016-04-03"

    result = run_import("petitions", write_csv(tmp_path, headers, [row]))

    assert [(e.line, e.column) for e in result.errors] == [(2, "答复日期")]
    assert result.errors[0].message == (
        "This date cannot be before the date received. The file has no “答复日期” column, so "
        "the saved value is kept; add the column to change it."
    )
    assert Petition.objects.get().received_on == date(2016, 3, 1)


def test_reimporting_a_published_proposal_without_its_answer_is_a_line_error(
    tmp_path, zlj, english
):
    run_import("proposals", write_csv(tmp_path, PROPOSAL_HEADERS, GOOD_PROPOSALS[:1], "a.csv"))
    headers = [h for h in PROPOSAL_HEADERS if h != "公开答复"]
    row = [c for h, c in zip(PROPOSAL_HEADERS, GOOD_PROPOSALS[0], strict=True) if h in headers]
    row[8:12] = ["", "", "", ""]  # 答复日期, 办理结果, 满意度, 答复内容

    result = run_import("proposals", write_csv(tmp_path, headers, [row]))

    assert [str(e) for e in result.errors] == [
        "Line 2, column “答复日期”: The reply to proposal “001” is published, so its date "
        "answered is required; to take it off the site, withdraw it in the admin."
    ]
    assert Proposal.objects.get().publish_reply


def test_a_later_assignment_than_the_kept_due_date_is_reported_on_the_due_date(
    tmp_path, zlj, english
):
    run_import("proposals", write_csv(tmp_path, PROPOSAL_HEADERS, GOOD_PROPOSALS[2:], "a.csv"))
    assert Proposal.objects.get().due_on == date(2017, 2, 28)
    row = GOOD_PROPOSALS[2][:]
    row[7] = "2017-03-01"  # 交办日期 after the saved 答复期限; the file has no 答复期限 column

    result = run_import("proposals", write_csv(tmp_path, PROPOSAL_HEADERS, [row]))

    assert [(e.line, e.column) for e in result.errors] == [(2, "答复期限")]
    assert result.errors[0].message.startswith("The due date cannot be before the date assigned.")
    assert Proposal.objects.get().assigned_on == date(2016, 11, 30)


def test_a_refused_service_step_while_saving_becomes_a_file_error(tmp_path, zlj):
    from core.importing import ImportFileError
    from requests_app.petitions.importers import PetitionImporter
    from requests_app.petitions.services import PetitionError

    assert PetitionError in PetitionImporter.domain_errors
    path = write_csv(tmp_path, PETITION_HEADERS, GOOD_PETITIONS)

    def refuse(stage, done, total):
        if (stage, done) == ("save", 0):
            raise PetitionError("refused")

    with pytest.raises(ImportFileError, match="refused"):
        run_import("petitions", path, progress=refuse)
    assert not Petition.objects.exists()


def _candidates(field):
    """A few values of the field's type, NULL included, to exercise every branch."""
    if field.is_relation:
        return [None, 1]
    if field.choices:
        return ["", field.choices[0][0], field.choices[-1][0]]
    kind = field.get_internal_type()
    if kind == "DateField":
        return [None, date(2016, 3, 1), date(2016, 3, 2)]
    if kind == "BooleanField":
        return [True, False]
    if kind in ("PositiveSmallIntegerField", "IntegerField", "PositiveIntegerField"):
        return [0, 1, 5]
    return ["", "x"]


@pytest.mark.parametrize("model", [Petition, Proposal, Disclosure])
def test_check_constraints_evaluated_in_python_agree_with_the_database(model):
    """The importers' fast constraint check says what the database says, NULLs included."""
    rng = random.Random(2016)
    for constraint in model._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        condition = Q(constraint.condition)
        fields = [model._meta.get_field(n) for n in sorted(condition.referenced_base_fields)]
        combos = list(itertools.product(*(_candidates(f) for f in fields)))
        for values in rng.sample(combos, min(len(combos), 60)):
            instance = model()
            for field, value in zip(fields, values, strict=True):
                setattr(instance, field.attname, value)
            against = instance._get_field_expression_map(meta=model._meta)
            in_python = evaluate(condition, instance) is not False
            assert in_python == condition.check(against), (constraint.name, values)
