"""Shares, rounding and changes against last year, as the narrative renders them.

Placeholders `pct` (two decimals, 四舍五入), `change` (增长/下降 in percent) and
`diff` (增加/减少 in count or percentage points) over figures computed from
records; petitions and proposals come from `requests_app.petitions.stats` through the
registry keys.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reports.engine.generate import build_report
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    DisclosureFactory,
    OrganizationFactory,
    PetitionFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


def render(org, text, year=2016):
    doc = build_report(organization=org, year=year, format="narrative2007", texts={"other": text})
    section = next(s for s in doc.sections if s.key == "other")
    assert section.errors == []
    return "".join(section.paragraphs)


def applications(org, n, *, closed=0, granted=0):
    """`n` applications received in 2016; the first `closed` closed, `granted` of them granted."""
    for i in range(n):
        if i < closed:
            ApplicationFactory(
                organization=org,
                received_on=D("2016-03-01"),
                status="closed",
                outcome="granted" if i < granted else "not_processed_duplicate",
                closed_on=D("2016-03-10"),
                is_historical=True,
            )
        else:
            ApplicationFactory(organization=org, received_on=D("2016-12-01"), is_historical=True)


def test_a_rate_is_rounded_half_up_to_two_decimals(org):
    applications(org, 32, closed=1, granted=1)  # 1/32 = 3.125%
    assert render(org, "答复率{applications.reply_rate:pct}") == "答复率3.13%"


def test_shares_drop_trailing_zeros_and_the_granted_share_is_of_closed_applications(org):
    applications(org, 8, closed=4, granted=3)
    assert (
        render(org, "办结{applications.closed}件，答复率{applications.reply_rate:pct}，"
               "予以公开{applications.granted_rate:pct}")
        == "办结4件，答复率50%，予以公开75%"
    )  # fmt: skip


def test_a_rate_with_nothing_to_divide_is_a_dash(org):
    assert render(org, "答复率{applications.reply_rate:pct}") == "答复率—"


def published(org, year, n):
    for i in range(n):
        DisclosureFactory(
            organization=org,
            written_on=date(year, 3, 1 + i),
            published_on=date(year, 3, 1 + i),
        )


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (7, 6, "主动公开6条，较上年下降14.29%"),
        (8, 9, "主动公开9条，较上年增长12.5%"),
        (4, 4, "主动公开4条，较上年持平"),
        (0, 3, "主动公开3条，较上年—"),  # no base to compare with
    ],
)
def test_changes_against_last_year_in_percent(org, previous, current, expected):
    published(org, 2015, previous)
    published(org, 2016, current)
    text = "主动公开{disclosures.published}条，较上年{disclosures.published_change:change}"
    assert render(org, text) == expected


def answered(org, category, year, kind="deputy_suggestion"):
    return ProposalFactory(
        lead_organization=org,
        kind=kind,
        assigned_on=date(year, 3, 9),
        due_on=date(year, 6, 9),
        answered_on=date(year, 5, 20),
        category=category,
        satisfaction="satisfied",
        reply_text="答复正文",
    )


def test_proposal_shares_and_their_change_in_percentage_points(org):
    answered(org, "solved", 2015)
    answered(org, "for_reference", 2015)
    answered(org, "solved", 2016)
    answered(org, "solved", 2016)
    answered(org, "in_progress", 2016)
    answered(org, "solved", 2016, kind="cppcc_proposal")

    doc = build_report(organization=org, year=2016, format="narrative2007")
    assert str(doc.value("proposals.npc.a.share")) == "66.67"
    assert str(doc.value("proposals.npc.b.share")) == "33.33"
    assert doc.figures["proposals.npc.a.share_change"].definition.unit == "个百分点"

    text = (
        "承办人大代表建议{proposals.npc.count}件，比上年{proposals.npc.count_change:diff}件；"
        "A类{proposals.npc.a.count}件，占{proposals.npc.a.share:pct}，"
        "比上年{proposals.npc.a.share_change:diff}个百分点；"
        "B类占{proposals.npc.b.share:pct}，比上年{proposals.npc.b.share_change:diff}个百分点；"
        "C类{proposals.npc.c.count}件，比上年{proposals.npc.c.count_change:diff}件，"
        "占比{proposals.npc.c.share_change:diff}个百分点。"
        "政协委员提案A类占{proposals.cppcc.a.share:pct}。"
    )
    assert render(org, text) == (
        "承办人大代表建议3件，比上年增加1件；"
        "A类2件，占66.67%，比上年增加16.67个百分点；"
        "B类占33.33%，比上年增加33.33个百分点；"
        "C类0件，比上年减少1件，占比减少50个百分点。"
        "政协委员提案A类占100%。"
    )


def test_petition_totals_and_their_changes(org):
    for _ in range(4):
        PetitionFactory(organization=org, received_on=D("2015-05-05"))
    for _ in range(3):
        PetitionFactory(organization=org, received_on=D("2016-05-05"))
    PetitionFactory(
        organization=org,
        received_on=D("2016-06-06"),
        channel="visit",
        persons=2,
        visit_kind="first",
    )
    text = (
        "信访总量{petitions.total}件(人)次，较上年{petitions.total_change:change}；"
        "信访件{petitions.records}件，较上年{petitions.records_change:change}；"
        "来访{petitions.visit_batches}批{petitions.visit_persons}人次，"
        "来信{petitions.channel.letter}件。"
    )
    assert render(org, text) == (
        "信访总量5件(人)次，较上年增长25%；信访件4件，较上年持平；来访1批2人次，来信3件。"
    )


def test_key_area_items_count_in_every_column_below_a_key_area_column(org):
    special = CategoryFactory(slug="key-information", is_key_area=True)
    child = CategoryFactory(slug="environment", parent=special)
    grandchild = CategoryFactory(slug="eia-notices", parent=child)
    great_grandchild = CategoryFactory(slug="eia-2016", parent=grandchild)
    elsewhere = CategoryFactory(slug="news")
    for column in (special, child, grandchild, great_grandchild, elsewhere):
        DisclosureFactory(
            organization=org,
            category=column,
            written_on=date(2016, 3, 1),
            published_on=date(2016, 3, 2),
        )
    # Another year does not count.
    DisclosureFactory(
        organization=org,
        category=grandchild,
        written_on=D("2015-03-01"),
        published_on=D("2015-03-02"),
    )

    assert render(org, "重点领域政府信息{disclosures.key_areas}条") == "重点领域政府信息4条"
