"""Reports over many organizations: the city's report and the supervisor's summary table.

The report of an organization with its sub-organizations, and the summary of every
organization's 表三, cost a fixed number of queries whatever the number of organizations;
the summary's figures are those of each organization's own report.
"""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from disclosure.models import Organization
from disclosure.roles import ensure_staff_groups
from reports.engine.generate import build_report
from reports.models import Report
from reports.summary import HEADINGS, organization_summary
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
TODAY = date(2026, 2, 10)
OUTCOMES = ["granted", "partially_granted", "withheld_state_secret", "not_processed_duplicate"]


def city_with(children: int, code: str = "city") -> tuple[Organization, list[Organization]]:
    city = OrganizationFactory(code=code, name="基准市人民政府", kind="government")
    departments = [
        OrganizationFactory(code=f"{code}-dep{i:03d}", name=f"第{i}局", parent=city)
        for i in range(children)
    ]
    return city, departments


def add_applications(org: Organization, n: int, *, offset: int = 0) -> None:
    """n applications of `org` in YEAR: closed on time, closed late, open, open overdue,
    one carried over from the year before."""
    for i in range(n):
        received = date(YEAR, 1 + (i + offset) % 12, 5)
        due = received + timedelta(days=28)
        kind = (i + offset) % 5
        fields = {
            "organization": org,
            "tracking_number": f"{org.code.upper()}-{YEAR}-{i + 1:06d}",
            "received_on": received,
            "due_on": due,
            "applicant_type": ["natural_person", "commercial_enterprise"][i % 2],
            "is_historical": True,
        }
        if kind in (0, 1):
            fields.update(
                status="closed",
                outcome=OUTCOMES[(i + offset) % len(OUTCOMES)],
                closed_on=due - timedelta(days=3) if kind == 0 else due + timedelta(days=4),
            )
        elif kind == 2:
            fields.update(received_on=date(YEAR - 1, 12, 20), due_on=date(YEAR + 1, 1, 20))
        elif kind == 3:
            fields.update(due_on=TODAY - timedelta(days=1), received_on=date(YEAR, 12, 1))
        ApplicationFactory(**fields)


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_the_city_report_costs_the_same_queries_for_3_and_30_organizations():
    def count_for(children: int, code: str) -> tuple[int, int]:
        city, departments = city_with(children, code)
        for i, org in enumerate(departments):
            add_applications(org, 3, offset=i)
        n = queries(
            lambda: build_report(
                organization=city, year=YEAR, format="gb2021", include_children=True
            )
        )
        doc = build_report(organization=city, year=YEAR, format="gb2021", include_children=True)
        return n, doc.figures["table3.new_received.total"].value

    small, received_small = count_for(3, "small")
    large, received_large = count_for(30, "large")
    assert 0 < received_small < received_large
    assert small == large


def test_the_summary_has_each_organizations_own_report_figures():
    city, departments = city_with(4)
    for i, org in enumerate([city, *departments]):
        add_applications(org, 5 + i, offset=i)
    Report.objects.create(organization=departments[1], year=YEAR, format="gb2021")
    Report.objects.filter(organization=departments[1]).update(status="published")
    Report.objects.create(organization=departments[2], year=YEAR - 1, format="gb2021")
    Report.objects.filter(organization=departments[2]).update(status="published")

    rows = organization_summary(organization_ids=None, year=YEAR, today=TODAY)

    assert [r.organization for r in rows] == [city, *departments]
    assert [r.depth for r in rows] == [0, 1, 1, 1, 1]
    for row in rows:
        doc = build_report(organization=row.organization, year=YEAR, format="gb2021")
        f = {key: figure.value for key, figure in doc.figures.items()}
        assert row.new_received == f["table3.new_received.total"]
        assert row.carried_over == f["table3.carried_over.total"]
        assert row.total_processed == f["table3.total_processed.total"]
        assert row.carried_forward == f["table3.carried_forward.total"]
        assert row.granted == f["table3.granted.total"] + f["table3.partially_granted.total"]
        assert row.withheld == f["table3.withheld_state_secret.total"]
        assert row.not_processed == f["table3.not_processed_duplicate.total"]
        assert (
            row.granted + row.withheld + row.unavailable + row.not_processed + row.other
            == row.total_processed
        )
    # Answered after the due date in the year; open past the due date today.
    from requests_app.applications.models import Application

    for row in rows:
        apps = Application.objects.filter(organization=row.organization)
        late = [
            a
            for a in apps
            if a.closed_on and a.closed_on.year == YEAR and a.due_on and a.closed_on > a.due_on
        ]
        overdue = [a for a in apps if a.status != "closed" and a.due_on and a.due_on < TODAY]
        assert row.late == len(late) > 0
        assert row.overdue == len(overdue) > 0
    # Published: only a report on this year counts.
    assert [r.published for r in rows] == [False, False, True, False, False]


def test_the_summary_costs_the_same_queries_for_3_and_30_organizations():
    city, departments = city_with(30)
    for i, org in enumerate(departments):
        add_applications(org, 2, offset=i)
    three = [city.pk, *(d.pk for d in departments[:2])]
    small = queries(lambda: organization_summary(organization_ids=three, year=YEAR, today=TODAY))
    large = queries(lambda: organization_summary(organization_ids=None, year=YEAR, today=TODAY))
    assert small == large == 3


@pytest.fixture
def tree():
    city, departments = city_with(2)
    district = OrganizationFactory(code="dist", name="某区人民政府", parent=city)
    office = OrganizationFactory(code="dist-office", name="某区办公室", parent=district)
    for i, org in enumerate([city, *departments, district, office]):
        add_applications(org, 5, offset=i)
    return city, departments, district, office


def _summary(client, user, **query):
    client.force_login(user)
    return client.get(reverse("admin:reports_report_summary"), query, HTTP_ACCEPT_LANGUAGE="en")


def test_staff_see_their_organization_and_those_below_it_only(client, tree):
    _city, _departments, district, office = tree
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(username="dist-staff", organization=district)
    user.groups.add(staff_group)

    response = _summary(client, user, year=YEAR)

    assert response.status_code == 200
    assert [r.organization for r in response.context["rows"]] == [district, office]
    html = response.content.decode()
    assert "某区办公室" in html and "基准市人民政府" not in html and "第0局" not in html


def test_a_supervisor_sees_every_organization(client, tree):
    city, departments, district, office = tree
    _, supervisors = ensure_staff_groups()
    user = UserFactory(username="supervisor", organization=city)
    user.groups.add(supervisors)

    response = _summary(client, user, year=YEAR)

    assert response.status_code == 200
    assert {r.organization for r in response.context["rows"]} == {
        city,
        *departments,
        district,
        office,
    }
    total = response.context["totals"]
    assert total["new_received"] == sum(r.new_received for r in response.context["rows"])


def test_the_admin_front_page_links_to_the_summary(client, tree):
    _, supervisors = ensure_staff_groups()
    user = UserFactory(username="supervisor", organization=tree[0])
    user.groups.add(supervisors)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert reverse("admin:reports_report_summary") in response.content.decode()


def test_a_bad_year_is_refused_with_a_message_and_the_default_year_shown(client, tree):
    _, supervisors = ensure_staff_groups()
    user = UserFactory(username="supervisor", organization=tree[0])
    user.groups.add(supervisors)
    response = _summary(client, user, year="20x5")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["year"] == response.context["today"].year - 1


def test_csv_and_xlsx_carry_the_rows_with_translated_headings(client, tree):
    _city, _departments, district, office = tree
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(username="dist-staff", organization=district)
    user.groups.add(staff_group)
    client.force_login(user)
    url = reverse("admin:reports_report_summary")
    with translation.override("zh-hans"):
        headings = [str(HEADINGS[k]) for k in ("organization", "new_received", "published")]

    response = client.get(url, {"year": YEAR, "download": "csv"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert [table[0][0], table[0][1], table[0][-1]] == headings
    assert [row[0] for row in table[1:]] == ["某区人民政府", "某区办公室"]
    rows = organization_summary(organization_ids={district.pk, office.pk}, year=YEAR, today=TODAY)
    assert [int(row[1]) for row in table[1:]] == [r.new_received for r in rows]

    response = client.get(url, {"year": YEAR, "download": "xlsx"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == headings[0]
    assert [v[0] for v in values[1:]] == ["某区人民政府", "某区办公室"]
    assert [v[1] for v in values[1:]] == [r.new_received for r in rows]


def test_one_query_gives_table3_of_the_year_and_the_year_before_and_the_channels():
    from reports.engine import tables

    city, departments = city_with(3)
    for i, org in enumerate([city, *departments]):
        add_applications(org, 12, offset=i)
    ApplicationFactory(
        organization=departments[0],
        tracking_number="OLD-2024-000001",
        received_on=date(YEAR - 1, 3, 1),
        channel="online",
        status="closed",
        outcome="granted",
        closed_on=date(YEAR - 1, 3, 20),
        is_historical=True,
    )
    ids = Organization.objects.scope_ids(city, include_children=True)
    alone = (
        tables.compute_table3(ids, YEAR).cells,
        tables.compute_table3(ids, YEAR - 1).cells,
        tables.compute_received_by_channel(ids, YEAR),
    )
    with tables.shared_counts():
        n = queries(
            lambda: (
                tables.compute_table3(ids, YEAR),
                tables.compute_table3(ids, YEAR - 1),
                tables.compute_received_by_channel(ids, YEAR),
            )
        )
        shared = (
            tables.compute_table3(ids, YEAR).cells,
            tables.compute_table3(ids, YEAR - 1).cells,
            tables.compute_received_by_channel(ids, YEAR),
        )
    assert n == 1
    assert shared == alone
    assert alone[1]["granted"]["total"] >= 1 and alone[1]["new_received"]["total"] >= 1
