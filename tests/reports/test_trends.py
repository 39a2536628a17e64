"""The trend page: its selectors' numbers on constructed records, and the page itself."""

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosure.models import OrganizationKind
from reports.engine import trends
from requests_app.applications.models import Application, Outcome
from tests.factories import (
    ApplicationFactory,
    OrganizationFactory,
    PetitionFactory,
    ProposalFactory,
)

NOW = datetime(2024, 6, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SVG = "{http://www.w3.org/2000/svg}"


def closed_application(organization, outcome="granted", *, closed_on, due_on=None, **kwargs):
    """A closed application as a bare row (its event log is not what is counted here)."""
    received_on = kwargs.pop("received_on", date(closed_on.year, 1, 2))
    return ApplicationFactory(
        organization=organization,
        received_on=received_on,
        status="closed",
        outcome=outcome,
        closed_on=closed_on,
        due_on=due_on,
        derive=False,
        **kwargs,
    )


def visit(organization, *, persons, received_on):
    return PetitionFactory(
        organization=organization,
        channel="visit",
        persons=persons,
        visit_kind="first",
        received_on=received_on,
    )


def answered(proposal_kind, organization, *, category, assigned_on):
    return ProposalFactory(
        kind=proposal_kind,
        lead_organization=organization,
        assigned_on=assigned_on,
        due_on=date(assigned_on.year, 12, 31),
        answered_on=date(assigned_on.year, 12, 1),
        category=category,
        reply_text="答复全文",
    )


def page_svgs(content: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", content, re.S)]


# Pure rules ---------------------------------------------------------------------------------


def test_every_outcome_belongs_to_exactly_one_of_the_six_groups():
    groups = {outcome: trends.outcome_group(outcome) for outcome in Outcome.values}

    assert set(groups.values()) == set(trends.OUTCOME_GROUPS)
    assert sum(len(trends.outcomes_in_group(g)) for g in trends.OUTCOME_GROUPS) == 21
    assert groups["withheld_state_secret"] == "withheld"
    assert groups["unavailable_unclear_after_correction"] == "unavailable"
    assert groups["not_processed_confirmation"] == "not_processed"
    assert groups["other_fee_unpaid"] == groups["other"] == "other"
    assert groups["partially_granted"] == "partially_granted"


def test_an_unknown_outcome_has_no_group():
    with pytest.raises(ValueError, match="belongs to no group"):
        trends.outcome_group("lost")


def test_year_span_runs_from_the_first_year_with_data_to_this_year():
    years, left_out = trends.year_span([2021, 2019, None], today=date(2024, 6, 3))

    assert years == [2019, 2020, 2021, 2022, 2023, 2024]
    assert left_out == 0


def test_year_span_reaches_a_later_year_with_data_and_is_empty_without_data():
    assert trends.year_span([2025], today=date(2024, 6, 3))[0] == [2025]
    assert trends.year_span([], today=date(2024, 6, 3)) == ([], 0)


def test_year_span_shows_only_the_latest_years_of_a_long_history():
    years, left_out = trends.year_span([1916, 2016], today=date(2024, 6, 3), limit=20)

    assert years == list(range(2005, 2025))
    assert left_out == 2005 - 1916


# Selectors ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_applications_are_counted_by_outcome_group_in_the_year_closed():
    org, other_org = OrganizationFactory(), OrganizationFactory()
    for outcome in ["granted", "granted", "partially_granted", "withheld_state_secret"]:
        closed_application(org, outcome, closed_on=date(2023, 3, 1))
    for outcome in [
        "withheld_internal_affairs",
        "unavailable_not_held",
        "not_processed_duplicate",
        "other_fee_unpaid",
        "other",
    ]:
        closed_application(org, outcome, closed_on=date(2023, 12, 30))
    # Received in 2022, closed in 2023: counts in 2023.
    closed_application(org, "granted", received_on=date(2022, 12, 20), closed_on=date(2023, 1, 10))
    closed_application(org, "granted", closed_on=date(2021, 5, 5))
    ApplicationFactory(organization=org, received_on=date(2023, 4, 1), derive=False)  # open
    closed_application(other_org, "granted", closed_on=date(2023, 3, 1))

    by_year = trends.applications_by_year({org.pk})

    assert set(by_year) == {2021, 2023}
    assert by_year[2023].by_group == {
        "granted": 3,
        "partially_granted": 1,
        "withheld": 2,
        "unavailable": 1,
        "not_processed": 1,
        "other": 2,
    }
    assert by_year[2023].closed == 10
    assert by_year[2021].count("granted") == 1


@pytest.mark.django_db
def test_share_in_time_counts_closed_on_or_before_the_due_date_and_leaves_out_no_due_date():
    org = OrganizationFactory()
    closed_application(org, closed_on=date(2023, 3, 1), due_on=date(2023, 3, 1))  # on the day
    closed_application(org, closed_on=date(2023, 3, 1), due_on=date(2023, 3, 20))  # early
    closed_application(org, closed_on=date(2023, 3, 21), due_on=date(2023, 3, 20))  # late
    closed_application(org, closed_on=date(2023, 5, 1), due_on=None, is_historical=True)

    year = trends.applications_by_year({org.pk})[2023]

    assert year.closed == 4
    assert year.closed_with_due_date == 3
    assert year.closed_in_time == 2
    assert year.closed_without_due_date == 1
    assert year.in_time_rate == Decimal("66.67")


@pytest.mark.django_db
def test_a_year_with_only_history_without_due_dates_has_no_share():
    org = OrganizationFactory()
    closed_application(org, closed_on=date(2016, 5, 1), is_historical=True)

    year = trends.applications_by_year({org.pk})[2016]

    assert year.closed == 1
    assert year.in_time_rate is None


@pytest.mark.django_db
def test_petitions_count_visits_in_batches_and_persons_and_the_other_channels():
    org = OrganizationFactory()
    visit(org, persons=3, received_on=date(2016, 2, 1))
    visit(org, persons=6, received_on=date(2016, 7, 1))
    visit(org, persons=1, received_on=date(2015, 7, 1))
    PetitionFactory(organization=org, channel="letter", received_on=date(2016, 3, 1))
    PetitionFactory(organization=org, channel="online", received_on=date(2016, 3, 2))
    PetitionFactory(organization=org, channel="online", received_on=date(2016, 3, 3))
    PetitionFactory(organization=org, channel="phone", received_on=date(2016, 3, 4))
    PetitionFactory(channel="visit", persons=9, visit_kind="first")  # another organization

    by_year = trends.petitions_by_year({org.pk})

    assert by_year[2016] == trends.PetitionYear(
        year=2016, visit_batches=2, visit_persons=9, letters=1, online=2, calls=1
    )
    assert by_year[2015].visit_persons == 1
    assert by_year[2015].letters == 0
    assert by_year[2016].records == 6


@pytest.mark.django_db
def test_proposals_are_counted_by_year_kind_and_category_with_the_unanswered():
    org = OrganizationFactory()
    for category in ["solved", "solved", "in_progress", "for_reference"]:
        answered("deputy_suggestion", org, category=category, assigned_on=date(2016, 3, 9))
    answered("cppcc_proposal", org, category="in_progress", assigned_on=date(2016, 3, 9))
    answered("cppcc_proposal", org, category="solved", assigned_on=date(2015, 3, 9))
    ProposalFactory(lead_organization=org, assigned_on=date(2016, 4, 1))  # not answered

    by_year = trends.proposals_by_year({org.pk})

    assert by_year[(2016, "deputy_suggestion")].by_category == {
        "solved": 2,
        "in_progress": 1,
        "for_reference": 1,
        "not_answered": 1,
    }
    assert by_year[(2016, "cppcc_proposal")].count("in_progress") == 1
    assert by_year[(2015, "cppcc_proposal")].total == 1
    assert (2015, "deputy_suggestion") not in by_year


@pytest.mark.django_db
def test_trends_fill_every_year_and_include_sub_organizations_only_when_asked():
    district = OrganizationFactory(kind=OrganizationKind.GOVERNMENT)
    bureau = OrganizationFactory(parent=district)
    closed_application(district, closed_on=date(2020, 5, 1), due_on=date(2020, 6, 1))
    closed_application(bureau, "partially_granted", closed_on=date(2022, 5, 1))

    with_children = trends.organization_trends(
        district, include_children=True, today=date(2024, 6, 3)
    )
    alone = trends.organization_trends(district, include_children=False, today=date(2024, 6, 3))

    assert with_children.years == [2020, 2021, 2022, 2023, 2024]
    assert [y.closed for y in with_children.applications] == [1, 0, 1, 0, 0]
    assert with_children.organization_count == 2
    assert alone.years == [2020, 2021, 2022, 2023, 2024]
    assert [y.closed for y in alone.applications] == [1, 0, 0, 0, 0]
    assert [y.records for y in alone.petitions] == [0] * 5
    assert trends.default_include_children(district) is True
    assert trends.default_include_children(bureau) is False


# The page -----------------------------------------------------------------------------------


def trends_url(code, **query):
    url = reverse("trends:organization", args=[code])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def district(db):
    district = OrganizationFactory(code="zlj", name="自流井区人民政府", kind="government")
    bureau = OrganizationFactory(code="zlj-hbj", name="区环保局", parent=district)
    closed_application(district, closed_on=date(2022, 5, 6), due_on=date(2022, 5, 30))
    closed_application(bureau, "withheld_state_secret", closed_on=date(2023, 7, 1))
    visit(district, persons=282, received_on=date(2023, 4, 1))
    answered("cppcc_proposal", bureau, category="solved", assigned_on=date(2023, 3, 9))
    return district


@pytest.mark.usefixtures("frozen")
def test_page_draws_every_chart_as_well_formed_svg_with_its_values(client, district):
    response = client.get(trends_url("zlj"))

    assert response.status_code == 200
    content = response.content.decode()
    svgs = page_svgs(content)
    # Five charts: the district has no deputies' suggestions, which says so instead.
    assert len(svgs) == 5
    assert "暂无记录。" in content
    for svg in svgs:
        assert svg.get("role") == "img"
        assert svg.find(f"{SVG}title").text
        assert svg.find(f"{SVG}desc").text
    values = [[t.text for t in svg.iter(f"{SVG}text")] for svg in svgs]
    outcomes, in_time, visits, _items, cppcc = values
    assert {"2022", "2023", "2024"} <= set(outcomes)
    assert "1" in outcomes
    assert "100%" in in_time
    assert "282" in visits  # 人次
    assert "1" in cppcc


@pytest.mark.usefixtures("frozen")
def test_every_chart_has_its_numbers_as_a_table(client, district):
    content = client.get(trends_url("zlj")).content.decode()

    assert content.count("<svg") == content.count("<table") == 5
    assert content.count("<details") == 5
    tables = re.findall(r"<table.*?</table>", content, re.S)
    # The in-time table gives the counts behind the share.
    assert re.search(r'<th scope="row">2022</th>\s*<td class="num">1</td>', tables[1])
    assert "100%" in tables[1]
    assert re.search(r"<td[^>]*>282</td>", tables[2])


@pytest.mark.usefixtures("frozen")
def test_page_is_in_chinese_by_default(client, district):
    content = client.get(trends_url("zlj")).content.decode()

    assert "自流井区人民政府历年数据趋势" in content
    for words in ["予以公开", "不予公开", "按期答复率", "来访（人次）", "政协委员提案办理结果分类"]:
        assert words in content
    assert "统计范围：自流井区人民政府及其下属机关（共2个）。" in content


@pytest.mark.usefixtures("frozen")
def test_a_government_includes_its_departments_unless_asked_not_to(client, district):
    default = page_svgs(client.get(trends_url("zlj")).content.decode())
    alone = page_svgs(client.get(trends_url("zlj", children=0)).content.decode())

    def outcome_bars(svgs):
        return len(svgs[0].find(f"{SVG}g[@class='chart-bars']").findall(f"{SVG}rect"))

    assert outcome_bars(default) == 2
    assert outcome_bars(alone) == 1


@pytest.mark.usefixtures("frozen")
def test_a_department_counts_only_itself_by_default(client, district):
    content = client.get(trends_url("zlj-hbj")).content.decode()

    assert "统计范围：仅区环保局。" in content
    assert "暂无信访记录。" in content  # its parent's petitions are not its own


@pytest.mark.usefixtures("frozen")
def test_an_unknown_scope_value_says_so_and_shows_the_default(client, district):
    content = client.get(trends_url("zlj", children="maybe")).content.decode()

    assert "children=maybe" in content
    assert "（共2个）" in content


@pytest.mark.django_db
def test_unknown_or_inactive_organization_is_404(client):
    OrganizationFactory(code="closed-down", is_active=False)

    assert client.get(trends_url("nope")).status_code == 404
    assert client.get(trends_url("closed-down")).status_code == 404


@pytest.mark.usefixtures("frozen")
@pytest.mark.django_db
def test_an_organization_without_records_gets_a_friendly_message(client):
    quiet = OrganizationFactory(code="quiet", name="区档案馆")
    ApplicationFactory(organization=quiet, received_on=date(2024, 5, 6), derive=False)  # open

    response = client.get(trends_url("quiet"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "区档案馆尚无已办结的政府信息公开申请、信访或建议提案记录，暂无可显示的趋势。" in content
    assert "<svg" not in content


@pytest.mark.usefixtures("frozen")
@pytest.mark.django_db
def test_page_queries_do_not_grow_with_the_number_of_applications(
    client, django_assert_max_num_queries
):
    district = OrganizationFactory(code="big", kind="government")
    bureau = OrganizationFactory(parent=district)

    def add(first, last):
        Application.objects.bulk_create(
            [
                ApplicationFactory.build(
                    organization=bureau,
                    received_on=date(2020 + i % 4, 3, 2),
                    status="closed",
                    outcome=Outcome.values[i % 21],
                    closed_on=date(2020 + i % 4, 3, 20),
                    due_on=date(2020 + i % 4, 3, 30),
                )
                for i in range(first, last)
            ]
        )

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(trends_url("big"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    add(0, 10)
    few, _content = count_queries()
    add(10, 500)
    with django_assert_max_num_queries(8):
        many, content = count_queries()

    assert many == few
    outcome_table = re.findall(r"<table.*?</table>", content, re.S)[0]
    assert outcome_table.count("<tr>") == 1 + 5  # header and 2020–2024
    totals = re.findall(r'<td class="num">(\d+)</td></tr>', outcome_table)
    assert totals == ["125", "125", "125", "125", "0"]


@pytest.mark.usefixtures("frozen")
def test_page_links_the_organizations_published_annual_reports_only(client, district):
    from reports.models import Report

    Report.objects.create(organization=district, year=2023, format="gb2021", status="published")
    Report.objects.create(organization=district, year=2024, format="gb2021", status="draft")

    content = client.get(trends_url("zlj")).content.decode()

    assert "已发布的年度报告" in content
    assert 'href="/reports/zlj/2023/gb2021/"' in content
    assert "/reports/zlj/2024/gb2021/" not in content
