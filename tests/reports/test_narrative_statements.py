"""Statements in words follow the records: 无不满意件, 所有…按要求办结, 没有收取成本费用.

The seed's prose states three figures in words. They are computed statements
(`proposals.*.dissatisfied_statement`, `proposals.*.in_time_statement`,
`fees.cost_statement`), so the seed's own texts (`demo.reports.SEED_TEXTS`) print the
seed's words while they are true and other words once the records say otherwise.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from demo.reports import SEED_TEXTS
from reports.engine.generate import build_report
from reports.engine.providers import dissatisfied_statement, in_time_statement
from tests.factories import ApplicationFactory, OrganizationFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自流井区人民政府", kind="government")


def proposal(org, *, answered_on=date(2016, 5, 20), satisfaction="satisfied"):
    return ProposalFactory(
        lead_organization=org,
        kind="cppcc_proposal",
        session="区政协九届六次会议",
        assigned_on=date(2016, 3, 9),
        due_on=date(2016, 6, 9),
        answered_on=answered_on,
        category="solved" if answered_on else "",
        satisfaction=satisfaction if answered_on else "",
        reply_text="答复正文" if answered_on else "",
    )


def seed_sections(org) -> dict[str, str]:
    doc = build_report(
        organization=org,
        year=2016,
        format="narrative2007",
        texts={"fees": SEED_TEXTS["fees"], "proposals": SEED_TEXTS["proposals"]},
    )
    assert all(not s.errors for s in doc.sections)
    return {s.key: "\n".join(s.paragraphs) for s in doc.sections}


def test_the_seeds_words_while_they_are_true(org):
    proposal(org)
    proposal(org)

    texts = seed_sections(org)

    assert "所有委员提案已在规定时限内按要求办结，其中，满意2件，无不满意件。" in texts["proposals"]
    assert texts["fees"] == (
        "在政府信息公开工作中，我区没有对公民、法人和其他组织收取复印、递送等成本费用。"
    )


def test_a_late_and_dissatisfied_proposal_and_a_fee_change_the_sentences(org):
    proposal(org)
    proposal(org, answered_on=date(2016, 6, 20), satisfaction="dissatisfied")  # after 9 June
    ApplicationFactory(
        organization=org,
        received_on=date(2016, 3, 1),
        status="closed",
        outcome="granted",
        closed_on=date(2016, 3, 20),
        fee_amount=Decimal("100"),
        is_historical=True,
    )

    texts = seed_sections(org)

    assert (
        "所有委员提案已按要求办结，其中在规定时限内办结1件、逾期办结1件，其中，满意1件，不满意1件。"
        in texts["proposals"]
    )
    assert "无不满意件" not in texts["proposals"]
    assert texts["fees"] == (
        "在政府信息公开工作中，我区对1件政府信息公开申请收取检索、复制、邮寄等成本费用，合计100元。"
    )


def test_a_proposal_still_open_is_not_said_to_be_closed(org):
    proposal(org)
    proposal(org, answered_on=None)

    texts = seed_sections(org)

    assert "已办结委员提案1件（其中在规定时限内办结1件），尚有1件正在办理" in texts["proposals"]
    assert "所有委员提案" not in texts["proposals"]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((0, 0, 0), "没有需要办理的委员提案"),
        ((74, 74, 74), "所有委员提案已在规定时限内按要求办结"),
        ((74, 74, 70), "所有委员提案已按要求办结，其中在规定时限内办结70件、逾期办结4件"),
        (
            (74, 72, 70),
            "已办结委员提案72件（其中在规定时限内办结70件、逾期办结2件），尚有2件正在办理",
        ),
        ((74, 72, 72), "已办结委员提案72件（其中在规定时限内办结72件），尚有2件正在办理"),
        ((3, 0, 0), "3件委员提案正在办理"),
    ],
)
def test_the_in_time_statement_for_every_case(counts, expected):
    assert in_time_statement("委员提案", *counts) == expected


def test_the_dissatisfied_statement():
    assert dissatisfied_statement(0) == "无不满意件"
    assert dissatisfied_statement(2) == "不满意2件"


def test_deputies_suggestions_have_the_same_statements(org):
    ProposalFactory(
        lead_organization=org,
        answered_on=date(2016, 5, 20),
        category="solved",
        satisfaction="dissatisfied",
        reply_text="答复正文",
    )
    doc = build_report(organization=org, year=2016, format="narrative2007")

    assert doc.value("proposals.npc.in_time_statement") == "所有代表建议已在规定时限内按要求办结"
    assert doc.value("proposals.npc.dissatisfied_statement") == "不满意1件"
