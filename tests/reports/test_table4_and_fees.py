"""表四 from review cases; 六's 信息处理费 from applications closed in the year."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reports.engine.checks import check_r4
from reports.engine.generate import build_report
from reports.engine.tables import compute_fees, compute_table4
from reports.outputs.text import to_text
from tests.factories import ApplicationFactory, OrganizationFactory, ReviewCaseFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


def case(org, kind, received, result="pending", closed=None):
    return ReviewCaseFactory(
        organization=org,
        kind=kind,
        received_on=D(received),
        result=result,
        closed_on=D(closed) if closed else None,
    )


REC, DIRECT, AFTER = "reconsideration", "litigation_direct", "litigation_after_reconsideration"


def test_cases_received_in_the_year_by_their_result_on_31_december(org):
    case(org, REC, "2016-02-01", "upheld", "2016-04-01")
    case(org, REC, "2016-03-01", "corrected", "2016-12-31")  # closed on the last day
    case(org, REC, "2016-11-01", "corrected", "2017-01-05")  # decided next year: pending in 2016
    case(org, REC, "2016-12-01")  # still pending
    case(org, DIRECT, "2016-05-01", "upheld", "2016-09-01")
    case(org, DIRECT, "2016-06-01", "other", "2016-07-01")  # withdrawn: 其他结果
    case(org, DIRECT, "2016-07-01")
    case(org, AFTER, "2016-08-01", "corrected", "2016-10-01")
    case(org, REC, "2015-12-20", "upheld", "2016-02-01")  # received last year: not in 2016
    case(OrganizationFactory(), REC, "2016-02-01", "upheld", "2016-04-01")  # another organ

    table = compute_table4({org.pk}, 2016)
    assert table == {
        REC: {"upheld": 1, "corrected": 1, "other": 0, "pending": 2, "total": 4},
        DIRECT: {"upheld": 1, "corrected": 0, "other": 1, "pending": 1, "total": 3},
        AFTER: {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1},
    }
    assert check_r4(table).ok
    # The case decided in January 2017 counts in 2017's table only if received then: it is not.
    assert compute_table4({org.pk}, 2017)[REC]["total"] == 0
    assert compute_table4({org.pk}, 2015)[REC] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }


def test_table4_in_the_json_and_the_narrative_figures(org):
    case(org, REC, "2016-02-01", "upheld", "2016-04-01")
    case(org, DIRECT, "2016-05-01", "upheld", "2016-09-01")
    case(org, DIRECT, "2016-06-01", "other", "2016-07-01")
    case(org, AFTER, "2016-07-01")

    gb = build_report(organization=org, year=2016, format="gb2021")
    assert gb.as_json()["tables"]["table4"][DIRECT] == {
        "upheld": 1,
        "corrected": 0,
        "other": 1,
        "pending": 0,
        "total": 2,
    }
    assert next(c for c in gb.checks if c.rule == "R4").ok
    # 表四 is one data row of 15 numbers in the national layout.
    reconsideration = ["1", "0", "0", "0", "1"]
    direct = ["1", "0", "1", "0", "2"]
    after = ["0", "0", "0", "1", "1"]
    assert [cell.text for cell in gb.grid("table4")[-1]] == [*reconsideration, *direct, *after]

    narrative = build_report(organization=org, year=2016, format="narrative2007")
    reviews = next(s for s in narrative.sections if s.key == "reviews")
    assert reviews.paragraphs == [
        "2016年度因政府信息公开引起的行政复议案件1起，行政诉讼案件3起，"
        "其中行政诉讼案件已审结2起，尚未审结1起。"
    ]


def closed(org, received, closed_on, fee=None, outcome="granted"):
    return ApplicationFactory(
        organization=org,
        received_on=D(received),
        status="closed",
        outcome=outcome,
        closed_on=D(closed_on),
        fee_amount=Decimal(fee) if fee is not None else None,
        is_historical=True,
    )


def test_fees_of_applications_closed_in_the_year(org):
    closed(org, "2016-03-01", "2016-04-20", "100.00")
    closed(org, "2015-12-20", "2016-01-15", "250.50")  # received last year, closed in 2016
    closed(org, "2016-05-01", "2016-06-01", "0")  # a fee notice of nothing: not charged
    closed(org, "2016-06-01", "2016-06-20")  # free
    closed(org, "2016-12-20", "2017-01-10", "300")  # closed next year
    # fee_amount is what was paid (record_payment): a lapsed notice leaves it empty.
    closed(org, "2016-07-01", "2016-09-01", outcome="other_fee_unpaid")
    closed(OrganizationFactory(), "2016-03-01", "2016-04-20", "900")

    assert compute_fees({org.pk}, 2016) == {"amount_yuan": Decimal("350.50"), "cases": 2}
    assert compute_fees({org.pk}, 2017) == {"amount_yuan": Decimal("300"), "cases": 1}
    assert compute_fees({org.pk}, 2015) == {"amount_yuan": Decimal("0"), "cases": 0}

    doc = build_report(organization=org, year=2016, format="gb2021")
    assert doc.as_json()["section6"] == {
        "information_processing_fees": {"amount_yuan": 350.5, "cases": 2}
    }
    other = next(s for s in doc.sections if s.key == "other")
    assert other.paragraphs[0] == "本年度共对2件政府信息公开申请收取信息处理费，合计350.5元。"


def test_a_year_without_fees_says_none_was_collected(org):
    closed(org, "2016-03-01", "2016-04-20")
    doc = build_report(organization=org, year=2016, format="gb2021")
    assert doc.as_json()["section6"] == {
        "information_processing_fees": {"amount_yuan": 0, "cases": 0}
    }
    assert "六、其他需要报告的事项\n本年度未收取信息处理费。" in to_text(doc)
    narrative = build_report(organization=org, year=2016, format="narrative2007")
    fees = next(s for s in narrative.sections if s.key == "fees")
    # The narrative format is that of the 2007 条例, whose fees were 检索、复制、邮寄等成本费用.
    assert fees.paragraphs == [
        "根据《条例》第二十七条，行政机关依申请提供政府信息，除可以收取检索、复制、邮寄等成本费用"
        f"外，不得收取其他费用。2016年，{org.name}没有对公民、法人和其他组织收取复印、递送等成本费用。"
    ]
