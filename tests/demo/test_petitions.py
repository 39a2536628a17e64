"""The demo district reproduces the seed report's 2016 figures (sections 三（六） and 七)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from demo import petitions as demo_petitions
from disclosure.models import Organization
from requests_app.petitions.models import Petition
from requests_app.petitions.stats import petition_statistics
from requests_app.proposals.models import Proposal
from requests_app.proposals.stats import proposal_statistics

pytestmark = pytest.mark.django_db

ON = date(2017, 3, 1)


@pytest.fixture
def demo():
    demo_petitions.load(io.StringIO())
    return Organization.objects.get(code="zlj")


def test_petitions_2016_equal_the_seed(demo):
    s = petition_statistics(organization=demo, year=2016, include_children=True, on=ON)
    cur = s.current

    assert cur.total == 1296  # 信访总量1296件(人)次
    assert cur.by_channel["letter"] == 3  # 来信3件
    assert cur.by_channel["online"] == 6  # 网上投诉件6件
    assert (cur.visits.batches, cur.visits.persons) == (253, 1287)  # 来访253批1287人次
    assert (cur.collective_visits.batches, cur.collective_visits.persons) == (60, 917)
    assert (cur.first_visits.batches, cur.first_visits.persons) == (201, 886)
    assert cur.accepted_in_time_rate == Decimal("100.00")  # 及时受理率100%
    # 信访件共录入262件: the records themselves, 3 letters + 6 online + 253 visits (批).
    assert cur.records == 262


def test_petition_changes_against_2015_equal_the_seed(demo):
    s = petition_statistics(organization=demo, year=2016, include_children=True, on=ON)

    assert s.visit_batches.percent == Decimal("-10.28")
    assert s.visit_persons.percent == Decimal("-34.77")
    assert s.collective_batches.percent == Decimal("-29.41")
    assert s.collective_persons.percent == Decimal("-43.88")
    assert s.first_visit_batches.percent == Decimal("-21.18")
    assert s.first_visit_persons.percent == Decimal("-46.40")
    # Not in the seed, computed from the demo's chosen 2015 letters, online items, late ones:
    assert s.total.percent == Decimal("-34.71")
    assert s.accepted_in_time_rate.previous == Decimal("98.98")
    assert s.accepted_in_time_rate.points == Decimal("1.02")


def test_deputies_suggestions_2016_equal_the_seed(demo):
    deputies = proposal_statistics(organization=demo, year=2016, include_children=True)[
        "deputy_suggestion"
    ]
    a, b, c = (deputies.by_category[k] for k in ("solved", "in_progress", "for_reference"))

    assert deputies.count.current == 14
    assert deputies.closure_rate == Decimal("100.00")
    assert deputies.by_satisfaction == {
        "satisfied": 13,
        "basically_satisfied": 0,
        "dissatisfied": 1,
    }
    # A: 11件, 比去年增加1件, 占78.57%, 同比增加25.94 (points).
    assert (a.count, a.count_change, a.share, a.share_change_points) == (
        11,
        1,
        Decimal("78.57"),
        Decimal("25.94"),
    )
    # B: 2件, 比去年减少4件; 14.29% (the seed prints 14.28, see docs/seed-differences.md),
    # so the change is −17.29 points (printed −17.3).
    assert (b.count, b.count_change, b.share, b.share_change_points) == (
        2,
        -4,
        Decimal("14.29"),
        Decimal("-17.29"),
    )
    # C: 1件 (2 fewer than 2015; the seed says 增加2件), 7.14%, 同比减少8.65 (points).
    assert (c.count, c.count_change, c.share, c.share_change_points) == (
        1,
        -2,
        Decimal("7.14"),
        Decimal("-8.65"),
    )
    assert a.share + b.share + c.share == Decimal("100.00")
    # 2015 as derived from the changes: 19 suggestions, A 10 B 6 C 3.
    assert deputies.count.previous == 19
    assert (a.previous_share, b.previous_share, c.previous_share) == (
        Decimal("52.63"),
        Decimal("31.58"),
        Decimal("15.79"),
    )


def test_the_dissatisfied_suggestion_is_luo_yings_c_one(demo):
    proposal = Proposal.objects.get(satisfaction="dissatisfied", year=2016)
    assert proposal.title == "关于每年为退休科技干部和退休工人体检一次的建议"
    assert proposal.category == "for_reference"
    assert [p.name for p in proposal.proposers.all()] == ["罗瑛"]


def test_cppcc_proposals_2016_equal_the_seed(demo):
    cppcc = proposal_statistics(organization=demo, year=2016, include_children=True)[
        "cppcc_proposal"
    ]

    assert cppcc.count.current == 74
    assert cppcc.closure_rate == Decimal("100.00")
    assert cppcc.in_time_rate == Decimal("100.00")  # 已在规定时限内按要求办结
    assert cppcc.by_satisfaction["satisfied"] == 74
    assert cppcc.by_satisfaction["dissatisfied"] == 0
    shares = {k: (f.count, f.share) for k, f in cppcc.by_category.items()}
    assert shares == {
        "solved": (35, Decimal("47.30")),
        "in_progress": (37, Decimal("50.00")),
        "for_reference": (2, Decimal("2.70")),
    }


def test_loading_the_demo_twice_adds_nothing(demo):
    petitions, proposals = Petition.objects.count(), Proposal.objects.count()
    out = io.StringIO()
    with translation.override("en"):  # the English words the test names
        demo_petitions.load(out)
    assert (Petition.objects.count(), Proposal.objects.count()) == (petitions, proposals)
    assert "0 petitions and 0 proposals added" in out.getvalue()


def test_the_demo_statistics_run_under_a_fixed_query_budget(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        petition_statistics(organization=demo, year=2016, include_children=True, on=ON)
        proposal_statistics(organization=demo, year=2016, include_children=True)


def test_no_personal_data_of_the_demo_appears_on_public_pages(client, demo):
    published = list(Petition.objects.published())
    assert published
    pages = [client.get(reverse("petitions:letter_list")).content.decode()]
    pages += [
        client.get(reverse("petitions:letter_detail", args=[p.pk])).content.decode()
        for p in published
    ]
    for page in pages:
        for p in published:
            for value in (p.petitioner_name, p.phone, p.id_number, p.address):
                assert value not in page


def test_the_demo_proposals_are_listed_for_2016(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("proposals:proposal_list") + "?year=2016")
    page = response.content.decode()
    assert "关于每年为退休科技干部和退休工人体检一次的建议" in page
