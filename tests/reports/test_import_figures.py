"""import_records figures: entered figures by (机关代码, 年度, 指标), all or nothing, scoped."""

import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation

from core.importing import run_import
from reports.engine.figures import registry
from reports.engine.generate import known_figure_keys
from reports.models import EnteredFigure
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "机关代码,年度,指标,数值,备注"
HEADER_Q = "机关代码,年度,指标,数值,备注,修饰"
DOC = Path(__file__).resolve().parents[2] / "docs" / "import.md"


@pytest.fixture(autouse=True)
def _english_and_2026():
    with (
        translation.override("en"),
        time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Asia/Shanghai"))),
    ):
        yield


@pytest.fixture
def orgs():
    return (
        OrganizationFactory(code="zlj", name="自流井区人民政府"),
        OrganizationFactory(code="gxq", name="高新区管委会"),
    )


def csv(tmp_path, header, *lines, name="figures.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8-sig")
    return path


def problems(result):
    return [(e.line, e.column, e.message) for e in result.errors]


def saved():
    return {
        (f.organization.code, f.year, f.key): (f.value, f.qualifier, f.note)
        for f in EnteredFigure.objects.select_related("organization")
    }


def test_rows_become_entered_figures_with_qualifier_and_note(tmp_path, orgs):
    path = csv(
        tmp_path,
        HEADER_Q,
        "zlj,2016,window.visitors,37000,政务服务中心统计,约",
        "ZLJ,2016年,portal.images,100,,多",
        'zlj,2016,wechat.posts,"5,000",,余',
        "zlj,2016,services.extended_hours,430,,约…余",
        "zlj,2016,table2.administrative_licensing.decisions,1024,审批系统导出,",
        "zlj,2016,table2.administrative_fees.amount_10k_yuan,12.3456,财政局,精确",
        "gxq,2016,petitions.entry_rate,98.5%,,",
    )
    result = run_import("figures", path)
    assert result.ok, problems(result)
    assert (result.created, result.updated, result.unchanged) == (7, 0, 0)
    assert saved() == {
        ("zlj", 2016, "window.visitors"): (Decimal("37000"), "about", "政务服务中心统计"),
        ("zlj", 2016, "portal.images"): (Decimal("100"), "more", ""),
        ("zlj", 2016, "wechat.posts"): (Decimal("5000"), "over", ""),
        ("zlj", 2016, "services.extended_hours"): (Decimal("430"), "about_over", ""),
        ("zlj", 2016, "table2.administrative_licensing.decisions"): (
            Decimal("1024"),
            "",
            "审批系统导出",
        ),
        ("zlj", 2016, "table2.administrative_fees.amount_10k_yuan"): (
            Decimal("12.3456"),
            "",
            "财政局",
        ),
        ("gxq", 2016, "petitions.entry_rate"): (Decimal("98.5"), "", ""),
    }


def test_reimport_updates_the_value_and_leaves_the_rest(tmp_path, orgs):
    first = csv(
        tmp_path,
        HEADER_Q,
        "zlj,2016,window.visitors,37000,,约",
        "zlj,2016,weibo.posts,120,,",
        name="first.csv",
    )
    assert run_import("figures", first).ok

    again = run_import("figures", first)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    corrected = csv(
        tmp_path,
        HEADER,  # no 修饰 column: the saved qualifier 约 is kept
        "zlj,2016,window.visitors,38000,复核后",
        "zlj,2016,weibo.posts,120,",
        "zlj,2015,weibo.posts,90,",
        name="corrected.csv",
    )
    result = run_import("figures", corrected)
    assert result.ok, problems(result)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert EnteredFigure.objects.count() == 3
    assert saved()[("zlj", 2016, "window.visitors")] == (Decimal("38000"), "about", "复核后")


def test_a_blank_qualifier_cell_makes_the_figure_exact(tmp_path, orgs):
    assert run_import("figures", csv(tmp_path, HEADER_Q, "zlj,2016,window.visitors,37000,,约")).ok
    path = csv(tmp_path, HEADER_Q, "zlj,2016,window.visitors,37000,,", name="exact.csv")
    result = run_import("figures", path)
    assert (result.updated, result.unchanged) == (1, 0)
    assert saved()[("zlj", 2016, "window.visitors")][1] == ""


def test_a_computed_key_is_refused_as_counted_from_records(tmp_path, orgs):
    path = csv(
        tmp_path,
        HEADER,
        "zlj,2016,applications.received,5,",
        "zlj,2016,table2.regulations.issued,2,",
        "zlj,2016,table3.granted.total,1,",
    )
    result = run_import("figures", path)
    assert [(line, column) for line, column, _ in problems(result)] == [
        (2, "指标"),
        (3, "指标"),
        (4, "指标"),
    ]
    assert all("counted from records" in message for _, _, message in problems(result))
    assert "本年新收政府信息公开申请" in problems(result)[0][2]
    assert not EnteredFigure.objects.exists()


def test_an_unknown_key_points_to_the_documentation_or_a_close_key(tmp_path, orgs):
    path = csv(
        tmp_path,
        HEADER,
        "zlj,2016,window.visitor,1,",
        "zlj,2016,no.such.figure,1,",
    )
    result = run_import("figures", path)
    (_, _, near), (_, _, far) = problems(result)
    assert "did you mean window.visitors" in near
    assert "docs/import.md" in far
    assert "Entered figures" in far
    # The message names where to look instead of listing every key.
    assert len(far) < 200


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("-3", "cannot be negative"),
        ("3.7万", "without unit"),
        ("约5000", "without unit"),
        ("abc", "without unit"),
        ("1.23456", "At most 4 decimals"),
        ("1234567890123", "too large"),
        ("50%", "without unit"),  # a % sign only for a figure whose unit is %
    ],
)
def test_bad_values_are_refused_with_the_reason(tmp_path, orgs, value, reason):
    result = run_import("figures", csv(tmp_path, HEADER, f'zlj,2016,weibo.posts,"{value}",'))
    assert problems(result)[0][:2] == (2, "数值")
    assert reason in problems(result)[0][2]


@pytest.mark.parametrize(
    ("year", "reason"),
    [
        ("16", "four digits"),
        ("1999", "before 2000"),
        ("2027", "has not begun"),
        ("二〇一六", "four"),
    ],
)
def test_bad_years_are_refused(tmp_path, orgs, year, reason):
    result = run_import("figures", csv(tmp_path, HEADER, f"zlj,{year},weibo.posts,1,"))
    assert problems(result)[0][:2] == (2, "年度")
    assert reason in problems(result)[0][2]


def test_all_or_nothing_with_every_problem_by_line_and_column(tmp_path, orgs):
    path = csv(
        tmp_path,
        HEADER_Q,
        "zlj,2016,weibo.posts,120,,",  # good
        "xyz,2016,wechat.posts,1,,",  # unknown organization
        "zlj,2016,wechat.posts,,,",  # value missing
        "zlj,2016,portal.images,100,,大约",  # unknown qualifier
        "zlj,2016,weibo.posts,121,,",  # the same figure as line 2
    )
    result = run_import("figures", path)
    assert [(line, column) for line, column, _ in problems(result)] == [
        (3, "机关代码"),
        (4, "数值"),
        (5, "修饰"),
        (6, "指标"),
    ]
    assert "Unknown organization code “xyz”" in problems(result)[0][2]
    assert "约…余" in problems(result)[2][2]
    assert "line 2" in problems(result)[3][2]
    assert not EnteredFigure.objects.exists()


def test_missing_and_unknown_headers_are_errors_on_line_1(tmp_path, orgs):
    result = run_import(
        "figures", csv(tmp_path, "机关代码,年度,指标,数量", "zlj,2016,weibo.posts,1")
    )
    assert sorted(problems(result)) == [
        (1, "数值", "This column is missing."),
        (1, "数量", "Unknown column; the columns are: 机关代码, 年度, 指标, 数值, 备注, 修饰."),
    ]


def test_staff_import_only_for_the_organizations_they_manage(tmp_path, orgs):
    from django.contrib.auth.models import Permission

    user = UserFactory(organization=orgs[0])
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="reports",
            codename__in=["add_enteredfigure", "change_enteredfigure"],
        )
    )
    path = csv(
        tmp_path,
        HEADER,
        "zlj,2016,weibo.posts,1,",
        "gxq,2016,weibo.posts,1,",
    )
    result = run_import("figures", path, user=user)
    assert problems(result) == [
        (3, "机关代码", "Organization “gxq” is outside the organizations you manage.")
    ]
    assert not EnteredFigure.objects.exists()

    ok = run_import(
        "figures", csv(tmp_path, HEADER, "zlj,2016,weibo.posts,1,", name="own.csv"), user=user
    )
    assert ok.ok
    assert EnteredFigure.objects.get().updated_by == user


def test_the_command_imports_and_reports_bad_rows(tmp_path, orgs, capsys):
    path = csv(tmp_path, HEADER, "zlj,2016,weibo.posts,120,")
    call_command("import_records", "figures", str(path), "--dry-run")
    assert not EnteredFigure.objects.exists()
    call_command("import_records", "figures", str(path))
    assert EnteredFigure.objects.get().value == 120
    assert "1 created" in capsys.readouterr().out

    bad = csv(tmp_path, HEADER, "zlj,2016,applications.received,1,", name="bad.csv")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_records", "figures", str(bad))
    assert "Line 2, column “指标”" in capsys.readouterr().err


def test_an_imported_figure_reaches_the_report(tmp_path, orgs):
    from reports.engine.generate import build_report

    path = csv(tmp_path, HEADER_Q, "zlj,2016,table2.administrative_penalty.decisions,7,,")
    assert run_import("figures", path).ok
    doc = build_report(organization=orgs[0], year=2016, format="gb2021")
    assert doc.as_json()["tables"]["table2"]["administrative_penalty"] == {"decisions": 7}
    figure = next(f for f in doc.as_json()["figures"] if f["key"] == "window.visitors")
    assert figure["source"] == "entered"


def test_the_documentation_lists_exactly_the_entered_figure_keys():
    """docs/import.md stays true: its “Entered figures” table is the registry's entered keys."""
    known_figure_keys()
    text = DOC.read_text(encoding="utf-8")
    assert "## `figures` — Entered figures" in text
    section = text.split("## `figures` — Entered figures", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z0-9_.]+)` \|", section, flags=re.MULTILINE)
    entered = registry.entered_keys()
    missing = sorted(set(entered) - set(documented))
    assert not missing, f"add to docs/import.md: {missing}"
    assert sorted(documented) == sorted(entered)
    for key in entered:
        label = registry.get(key).label
        assert f"| `{key}` | {label} |" in section, key


def test_a_file_without_the_note_column_keeps_the_saved_note(tmp_path):
    from core.importing import run_import
    from reports.models import EnteredFigure
    from tests.factories import OrganizationFactory

    OrganizationFactory(code="zlj-x", name="某局")
    path = tmp_path / "figures.csv"
    path.write_text("机关代码,年度,指标,数值,备注\nzlj-x,2016,portal.images,100,门户统计\n")
    assert run_import("figures", path).ok
    path.write_text("机关代码,年度,指标,数值\nzlj-x,2016,portal.images,120\n")
    result = run_import("figures", path)
    assert result.ok, result.errors
    figure = EnteredFigure.objects.get(organization__code="zlj-x", key="portal.images")
    assert (figure.value, figure.note) == (120, "门户统计")
