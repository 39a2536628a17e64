"""Reminders (第四十九条) cover every year since an organization's first records.

A report still missing after the new year stays listed: the government whose report on
2025 was never published is reminded of it in 2027 too.
"""

from datetime import date

import pytest

from disclosure.models import Category, Genre
from reports.reminders import publication_reminders
from reports.services import publish_report
from tests.factories import (
    ApplicationFactory,
    DisclosureFactory,
    EnteredFigureFactory,
    OrganizationFactory,
    PetitionFactory,
    ProposalFactory,
    ReportFactory,
    ReviewCaseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")


@pytest.fixture
def dept(district):
    return OrganizationFactory(code="zlj-hbj", name="自贡市自流井区环境保护局", parent=district)


def listed(today, organization_ids=None):
    return [
        (r.organization.code, r.year, r.overdue)
        for r in publication_reminders(organization_ids=organization_ids, today=today)
    ]


def test_every_unpublished_year_since_the_first_records_is_listed(district, dept):
    # The department's records start in 2013.
    DisclosureFactory(organization=dept, written_on=date(2013, 5, 1), published_on=date(2013, 5, 2))
    # 2014: published in this system; 2015: published by hand in the catalogue's 年报 column.
    publish_report(
        report=ReportFactory(organization=dept, year=2014),
        by=UserFactory(is_superuser=True, organization=district),
        on=date(2015, 1, 20),
    )
    DisclosureFactory(
        organization=dept,
        category=Category.objects.get(slug="annual-reports"),  # made by the publication
        genre=Genre.REPORT,
        title="自贡市自流井区环境保护局2015年政府信息公开工作年度报告",
        written_on=date(2016, 1, 10),
        published_on=date(2016, 1, 12),
    )
    draft = ReportFactory(organization=dept, year=2016)
    # The district's records start in 2016 (a suggestion it leads).
    ProposalFactory(lead_organization=district, assigned_on=date(2016, 3, 9))

    reminders = publication_reminders(organization_ids=None, today=date(2018, 3, 5))

    # Overdue first, the most recent first; then the reports still to come, by date. The
    # reports on 2017 are due on 31 March 2018 (2007 条例 第三十一条, every organ).
    assert [(r.organization.code, r.year, r.overdue) for r in reminders] == [
        ("zlj", 2016, True),
        ("zlj-hbj", 2016, True),
        ("zlj-hbj", 2013, True),
        ("zlj", 2017, False),
        ("zlj-hbj", 2017, False),
    ]
    assert [r.report_id for r in reminders] == [None, draft.pk, None, None, None]
    assert reminders[-1].days_left == 26
    assert reminders[0].days_overdue == (date(2018, 3, 5) - date(2017, 3, 31)).days


def test_a_report_still_missing_after_the_new_year_stays_listed(district):
    ReportFactory(organization=district, year=2025, format="gb2021")  # a draft, never published

    assert listed(date(2026, 11, 27)) == [("zlj", 2025, True)]
    assert listed(date(2027, 1, 5)) == [("zlj", 2025, True)]  # 2026: due 31 March 2027
    assert listed(date(2027, 3, 1)) == [("zlj", 2025, True), ("zlj", 2026, False)]


@pytest.mark.parametrize(
    "record",
    [
        lambda org: DisclosureFactory(
            organization=org, written_on=date(2014, 3, 1), published_on=date(2014, 3, 2)
        ),
        lambda org: ApplicationFactory(
            organization=org, received_on=date(2014, 3, 2), derive=False
        ),
        lambda org: ReviewCaseFactory(organization=org, received_on=date(2014, 4, 1)),
        lambda org: PetitionFactory(organization=org, received_on=date(2014, 3, 1)),
        lambda org: ProposalFactory(
            lead_organization=org, assigned_on=date(2014, 3, 9), due_on=date(2014, 6, 9)
        ),
        lambda org: EnteredFigureFactory(organization=org, year=2014),
        lambda org: ReportFactory(organization=org, year=2014),
    ],
    ids=["disclosure", "application", "review", "petition", "proposal", "figure", "report"],
)
def test_any_record_counted_in_reports_starts_the_years(dept, record):
    record(dept)

    assert listed(date(2016, 12, 20), {dept.pk}) == [
        ("zlj-hbj", 2015, True),
        ("zlj-hbj", 2014, True),
    ]


def test_an_organization_without_records_is_reminded_of_last_year_only(dept):
    # Under the 2007 条例 the district's report (parent of the department) is due the
    # same day, 31 March.
    assert listed(date(2017, 3, 5)) == [("zlj", 2016, False), ("zlj-hbj", 2016, False)]


def test_years_before_the_first_annual_reports_are_not_listed(dept):
    # A regulation of 2005 in the catalogue: the first reports were on 2008 (条例 of 2007).
    DisclosureFactory(organization=dept, written_on=date(2005, 3, 1), published_on=date(2005, 3, 1))

    # The report on 2009 is due on 31 March 2010 (2007 条例 第三十一条): not yet within
    # 30 days on 15 February.
    assert listed(date(2010, 2, 15)) == [("zlj-hbj", 2008, True)]


def test_the_records_of_organizations_out_of_scope_are_not_read(district, dept):
    DisclosureFactory(
        organization=district, written_on=date(2013, 3, 1), published_on=date(2013, 3, 2)
    )

    assert listed(date(2017, 3, 5), {dept.pk}) == [("zlj-hbj", 2016, False)]


def test_four_queries_whatever_the_number_of_organizations_and_years(
    district, django_assert_num_queries
):
    def many(n, first_year):
        for i in range(n):
            org = OrganizationFactory(code=f"unit{first_year}-{i}", parent=district)
            DisclosureFactory(
                organization=org,
                written_on=date(first_year, 3, 1),
                published_on=date(first_year, 3, 2),
            )
            ReportFactory(organization=org, year=first_year + 1)
            PetitionFactory(organization=org, received_on=date(first_year, 5, 1))

    many(2, 2015)
    with django_assert_num_queries(4):
        small = publication_reminders(organization_ids=None, today=date(2020, 2, 1))
    many(10, 2010)
    with django_assert_num_queries(4):
        large = publication_reminders(organization_ids=None, today=date(2020, 2, 1))

    assert len(small) == 2 * 5  # 2015–2019 for each
    assert len(large) == 2 * 5 + 10 * 10  # 2010–2019 for each new one
