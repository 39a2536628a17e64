"""A report's (and an entered figure's) year is between 2000 and 2100: forms and database.

A year such as 20226 or 1 used to be saved, and every admin page computing dates of
the year (and of the year before) answered 500 from then on.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from disclosure.roles import ensure_staff_groups
from reports.models import EnteredFigure, Report
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept():
    return OrganizationFactory(code="zlj-hbj", name="自贡市自流井区环境保护局")


@pytest.fixture
def clerk_client(client, dept):
    user = UserFactory(organization=dept)
    user.groups.add(ensure_staff_groups()[0])
    client.force_login(user)
    return client


def add_form(organization, year):
    return {
        "organization": organization.pk,
        "year": year,
        "format": "gb2021",
        "title": "",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "_save": "1",
    }


@pytest.mark.parametrize("year", [1, 1999, 2101, 20226])
def test_the_admin_refuses_a_year_outside_2000_to_2100_and_keeps_the_input(
    clerk_client, dept, year
):
    with translation.override("en"):
        response = clerk_client.post(reverse("admin:reports_report_add"), add_form(dept, year))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "year" in form.errors
    assert str(year) in response.content.decode()  # the input is kept
    assert not Report.objects.exists()


def test_a_year_inside_the_bounds_is_saved_and_its_pages_open(clerk_client, dept):
    response = clerk_client.post(reverse("admin:reports_report_add"), add_form(dept, 2100))

    assert response.status_code == 302
    report = Report.objects.get(organization=dept, year=2100)
    change = clerk_client.get(reverse("admin:reports_report_change", args=[report.pk]))
    assert change.status_code == 200
    assert (
        clerk_client.get(
            reverse("admin:reports_report_draft", args=[report.pk, "json"])
        ).status_code
        == 200
    )


@pytest.mark.parametrize("year", [1999, 2101])
def test_the_model_validation_names_the_year(dept, year):
    with pytest.raises(ValidationError) as refused:
        Report(organization=dept, year=year, format="gb2021").full_clean()
    assert list(refused.value.message_dict) == ["year"]

    figure = EnteredFigure(organization=dept, year=year, key="window.visitors", value=1)
    with pytest.raises(ValidationError) as refused:
        figure.full_clean()
    assert "year" in refused.value.message_dict


@pytest.mark.parametrize("year", [1, 20226])
def test_the_database_refuses_a_year_outside_the_bounds(dept, year):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(organization=dept, year=year, format="gb2021")
    with pytest.raises(IntegrityError), transaction.atomic():
        EnteredFigure.objects.create(organization=dept, year=year, key="window.visitors", value=1)
