"""The admin's front page is the officer's desk: pending work counted in the user's scope."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from disclosure.roles import ensure_staff_groups
from tests.factories import (
    ApplicationFactory,
    OrganizationFactory,
    PetitionFactory,
    ProposalFactory,
    UserFactory,
)
from tests.requests_app.applications.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    """Freeze time on a day in Shanghai; travel again to move on."""
    travellers = []

    def _travel(day: str):
        if travellers:
            travellers.pop().stop()
        travellers.append(time_machine.travel(at(day), tick=False))
        travellers[-1].start()

    yield _travel
    for t in travellers:
        t.stop()


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


@pytest.fixture
def staff(org):
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(username="zlj-staff", organization=org)
    user.groups.add(staff_group)
    return user


def desk_of(client, user, budget):
    client.force_login(user)
    with budget:
        response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return {item.label: item for item in response.context["desk"]}, response.content.decode()


def make_work(org, n):
    for _ in range(n):
        ApplicationFactory(organization=org, received_on=date(2026, 3, 2))  # overdue on 4-20
        ApplicationFactory(organization=org, received_on=date(2026, 3, 20))  # due soon
        ApplicationFactory(organization=org, received_on=None, status="awaiting_confirmation")
        PetitionFactory(organization=org, received_on=date(2026, 3, 2))  # past 15 days
        PetitionFactory(organization=org, received_on=date(2026, 4, 17))
        ProposalFactory(lead_organization=org, due_on=date(2026, 4, 1))
        ProposalFactory(lead_organization=org, due_on=date(2026, 4, 22))


@pytest.mark.parametrize("n", [1, 3])
def test_the_desk_counts_the_users_pending_work_with_a_fixed_query_budget(
    client, staff, org, frozen, django_assert_max_num_queries, n
):
    frozen("2026-03-25")
    make_work(org, n)
    other = OrganizationFactory(code="gxq", name="高新区管委会")
    frozen("2026-03-25")
    ApplicationFactory(organization=other, received_on=date(2026, 3, 2))
    PetitionFactory(organization=other, received_on=date(2026, 3, 2))
    ProposalFactory(lead_organization=other, due_on=date(2026, 4, 1))
    frozen("2026-04-20")

    desk, html = desk_of(client, staff, django_assert_max_num_queries(30))

    assert desk["Applications overdue"].count == n  # not the other organization's
    assert desk["Applications due within 5 working days"].count == n
    assert desk["Applications awaiting confirmation of receipt"].count == n
    assert desk["Petitions past the 15 days for the decision on acceptance"].count == n
    assert desk["Petitions awaiting the decision on acceptance"].count == 2 * n
    assert desk["Proposals not answered and past the due date"].count == n
    assert desk["Proposals due within 5 working days"].count == n
    labels = list(desk)
    assert labels[0] == "Applications overdue"
    assert all(item.urgent for item in list(desk.values())[:3])
    changelist = reverse("admin:requests_app_application_changelist")
    assert f'href="{changelist}?deadline=overdue"' in html
    assert html.index('id="officer-desk-heading"') < html.index('id="report-reminders-heading"')


def test_the_desk_links_lead_to_the_same_rows(client, staff, org, frozen):
    frozen("2026-03-25")
    make_work(org, 1)
    frozen("2026-04-20")
    client.force_login(staff)
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    for item in response.context["desk"]:
        listing = client.get(item.url)
        assert listing.status_code == 200, item.url
        assert listing.context["cl"].result_count == item.count, item.label


def test_only_the_report_now_due_is_listed_and_older_years_are_counted(client, staff, org, frozen):
    frozen("2026-03-25")
    ApplicationFactory(organization=org, received_on=date(2020, 3, 2), derive=False)
    client.force_login(staff)
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert [r.year for r in response.context["report_reminders"]] == [2025]
    assert response.context["report_reminders_older"] == 5  # 2020–2024
    assert "5 reports on earlier years not published" in response.content.decode()
