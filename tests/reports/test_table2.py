"""表二: 规章 and 行政规范性文件 counted from the catalogue; the other cells entered by staff."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reports.engine.generate import build_report
from reports.engine.tables import compute_table2_documents
from reports.models import EnteredFigure
from tests.factories import DisclosureFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


def document(org, genre, written, *, validity="valid", repealed=None, status="published"):
    return DisclosureFactory(
        organization=org,
        genre=genre,
        written_on=D(written),
        published_on=D(written) if status != "draft" else None,
        status=status,
        validity=validity,
        repealed_on=D(repealed) if repealed else None,
    )


REG, NORM = "regulation", "normative_document"


def test_issued_repealed_and_in_force_on_31_december(org):
    document(org, REG, "2016-03-01")  # issued in 2016, in force
    document(org, REG, "2015-05-01", validity="repealed", repealed="2016-06-30")
    document(org, REG, "2013-01-10", validity="expired", repealed="2016-12-31")
    document(org, REG, "2014-02-02", validity="revised")  # revised: still in force
    document(org, NORM, "2016-12-31")  # issued on the last day
    document(org, NORM, "2014-07-01", validity="expired", repealed="2017-01-01")  # ends next year
    document(org, NORM, "2015-09-09", validity="repealed", repealed="2015-12-31")  # ended last year
    document(org, NORM, "2017-01-02")  # next year's

    assert compute_table2_documents({org.pk}, 2016) == {
        "regulations": {"issued": 1, "repealed": 2, "in_force": 2},
        "normative_documents": {"issued": 1, "repealed": 0, "in_force": 2},
    }
    assert compute_table2_documents({org.pk}, 2015) == {
        "regulations": {"issued": 1, "repealed": 0, "in_force": 3},
        "normative_documents": {"issued": 1, "repealed": 1, "in_force": 1},
    }
    assert compute_table2_documents({org.pk}, 2017) == {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 2},
        "normative_documents": {"issued": 1, "repealed": 1, "in_force": 2},
    }


def test_drafts_withdrawn_documents_other_genres_and_other_organizations_are_not_counted(org):
    document(org, REG, "2016-03-01", status="draft")
    document(org, NORM, "2016-03-01", status="withdrawn")
    document(org, "notice", "2016-03-01")
    document(org, "official_document", "2016-03-01")
    document(OrganizationFactory(), REG, "2016-03-01")

    assert compute_table2_documents({org.pk}, 2016) == {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 0, "repealed": 0, "in_force": 0},
    }


def test_a_sub_organizations_documents_count_with_include_children(org):
    child = OrganizationFactory(parent=org)
    document(org, NORM, "2016-04-01")
    document(child, NORM, "2016-05-01")

    alone = build_report(organization=org, year=2016, format="gb2021")
    whole = build_report(organization=org, year=2016, format="gb2021", include_children=True)
    assert alone.as_json()["tables"]["table2"]["normative_documents"]["issued"] == 1
    assert whole.as_json()["tables"]["table2"]["normative_documents"]["issued"] == 2


def entered(org, key, value, year=2016):
    return EnteredFigure.objects.create(organization=org, year=year, key=key, value=Decimal(value))


def test_the_entered_cells_come_from_entered_figures(org):
    document(org, REG, "2016-03-01")
    entered(org, "table2.administrative_licensing.decisions", "1024")
    entered(org, "table2.administrative_penalty.decisions", "37")
    entered(org, "table2.administrative_coercion.decisions", "0")
    entered(org, "table2.administrative_fees.amount_10k_yuan", "12.3500")
    entered(org, "table2.administrative_penalty.decisions", "99", year=2015)  # another year

    doc = build_report(organization=org, year=2016, format="gb2021")
    assert doc.as_json()["tables"]["table2"] == {
        "regulations": {"issued": 1, "repealed": 0, "in_force": 1},
        "normative_documents": {"issued": 0, "repealed": 0, "in_force": 0},
        "administrative_licensing": {"decisions": 1024},
        "administrative_penalty": {"decisions": 37},
        "administrative_coercion": {"decisions": 0},
        "administrative_fees": {"amount_10k_yuan": 12.35},
    }
    sources = {f["key"]: f["source"] for f in doc.as_json()["figures"]}
    assert sources["table2.administrative_penalty.decisions"] == "entered"
    assert sources["table2.regulations.issued"] == "computed"
    check = next(c for c in doc.checks if c.rule == "entered_figures")
    assert check.ok


def test_missing_entered_cells_are_reported_by_the_entered_figures_check(org):
    entered(org, "table2.administrative_licensing.decisions", "1024")
    entered(org, "table2.administrative_fees.amount_10k_yuan", "1.5")

    doc = build_report(organization=org, year=2016, format="gb2021")
    check = next(c for c in doc.checks if c.rule == "entered_figures")
    assert not check.ok
    assert check.severity == "error"
    assert check.cells == (
        "table2.administrative_coercion.decisions",
        "table2.administrative_penalty.decisions",
    )
    assert (
        "表二 行政处罚 本年处理决定数量（table2.administrative_penalty.decisions）" in check.message
    )
    assert not doc.ok
    # A missing cell is left empty in the table, never shown as 0.
    assert doc.as_json()["tables"]["table2"]["administrative_penalty"] == {"decisions": None}
    assert doc.cell_text("table2.administrative_penalty.decisions") == ""


def test_the_narrative_reports_only_the_entered_figures_its_text_uses(org):
    # The default narrative text uses no entered figure: nothing is missing.
    doc = build_report(organization=org, year=2016, format="narrative2007")
    assert next(c for c in doc.checks if c.rule == "entered_figures").ok

    doc = build_report(
        organization=org,
        year=2016,
        format="narrative2007",
        texts={"key_areas": "窗口接待群众{window.visitors}人次，微博发布{weibo.posts}条。"},
    )
    check = next(c for c in doc.checks if c.rule == "entered_figures")
    assert check.cells == ("weibo.posts", "window.visitors")
