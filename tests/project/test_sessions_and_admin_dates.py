"""Sessions end with the working day and the browser; no admin list answers 500 to a date
outside `datetime.date`; nothing unused is installed."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import ApplicationFactory, DisclosureFactory, PetitionFactory, UserFactory

PASSWORD = "pw-for-tests-123"  # UserFactory's


@pytest.mark.django_db
def test_a_staff_session_ends_with_the_browser_and_lasts_a_working_day_at_most(client):
    UserFactory(username="clerk", is_staff=True)
    response = client.post(reverse("admin:login"), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert client.session.get_expiry_age() == 8 * 3600


def oversized_date_queries(model_admin) -> list[str]:
    queries = ["year=99999", "year=-1", "year=99999999999999999999"]
    field = model_admin.date_hierarchy
    if field:
        queries += [
            f"{field}__year=99999",
            f"{field}__year=9999&{field}__month=12&{field}__day=32",
            f"{field}__year=2026&{field}__month=13",
        ]
    return queries


@pytest.mark.django_db
def test_no_admin_list_answers_500_to_an_oversized_year(admin_client):
    ApplicationFactory()
    PetitionFactory()
    DisclosureFactory()
    failures = []
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for query in oversized_date_queries(model_admin):
            status = admin_client.get(f"{url}?{query}").status_code
            if status >= 500:
                failures.append((url, query, status))
    assert failures == []


def test_the_unused_import_export_is_not_installed():
    assert not apps.is_installed("import_export")
