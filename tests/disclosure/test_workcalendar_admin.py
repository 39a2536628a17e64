"""The calendar admin: only holders of the model permissions edit it; sync never overwrites."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from disclosure.models import CalendarYear, DayException
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CALENDAR_PERMS = [
    f"{action}_{model}"
    for action in ("view", "add", "change", "delete")
    for model in ("calendaryear", "dayexception")
]


@pytest.fixture
def supervisor(client):
    user = UserFactory(username="gkb")
    user.user_permissions.set(Permission.objects.filter(codename__in=CALENDAR_PERMS))
    client.force_login(user)
    return user


@pytest.fixture
def plain_staff(client):
    user = UserFactory(username="clerk")
    client.force_login(user)
    return user


def test_staff_without_the_model_permissions_cannot_see_or_change_the_calendar(client, plain_staff):
    assert client.get(reverse("admin:disclosure_calendaryear_changelist")).status_code == 403
    assert client.get(reverse("admin:disclosure_dayexception_changelist")).status_code == 403
    day = DayException.objects.get(date=date(2025, 10, 8))
    url = reverse("admin:disclosure_dayexception_change", args=[day.pk])
    assert client.post(url, {"date": "2025-10-08", "is_workday": "on"}).status_code == 403
    assert client.post(reverse("admin:disclosure_calendaryear_sync")).status_code == 403
    day.refresh_from_db()
    assert day.is_workday is False


def test_view_only_user_gets_no_sync_button_and_403_on_sync(client):
    user = UserFactory(username="viewer")
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_calendaryear", "view_dayexception"])
    )
    client.force_login(user)
    response = client.get(reverse("admin:disclosure_calendaryear_changelist"))
    assert response.status_code == 200
    assert reverse("admin:disclosure_calendaryear_sync") not in response.content.decode()
    assert client.post(reverse("admin:disclosure_calendaryear_sync")).status_code == 403


def test_calendar_year_list_explains_when_a_year_is_usable(
    client, supervisor, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:disclosure_calendaryear_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "calendar-year-help" in page
    assert reverse("admin:disclosure_calendaryear_sync") in page
    # Rows come newest first with their counts of holidays and 调休 days.
    years = [row.year for row in response.context["cl"].result_list]
    assert years == sorted(years, reverse=True)
    row_2025 = next(r for r in response.context["cl"].result_list if r.year == 2025)
    assert (row_2025.holiday_count, row_2025.workday_count) == (18, 5)


def test_calendar_year_list_is_in_chinese(client, supervisor):
    with translation.override("zh-hans"):
        response = client.get(
            reverse("admin:disclosure_calendaryear_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    page = response.content.decode()
    assert "调休上班日" in page
    assert "只有列在这里的年度才能计算工作日期限" in page


def test_sync_button_adds_missing_years_and_keeps_edited_days(client, supervisor):
    CalendarYear.objects.filter(year=2026).delete()
    DayException.objects.filter(date__year=2026).delete()
    DayException.objects.filter(date=date(2025, 10, 8)).update(note="人工更正")
    url = reverse("admin:disclosure_calendaryear_sync")
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert CalendarYear.objects.filter(year=2026).exists()
    assert DayException.objects.get(date=date(2026, 2, 28)).is_workday
    assert DayException.objects.get(date=date(2025, 10, 8)).note == "人工更正"
    messages = [str(m) for m in response.context["messages"]]
    assert any("2026" in m for m in messages)

    count = DayException.objects.count()
    response = client.post(url, follow=True)
    assert DayException.objects.count() == count


def test_sync_only_answers_post(client, supervisor):
    assert client.get(reverse("admin:disclosure_calendaryear_sync")).status_code == 405


def test_day_exception_list_filters_by_year_and_searches_notes(client, supervisor):
    url = reverse("admin:disclosure_dayexception_changelist")
    response = client.get(url, {"year": "2025"})
    assert response.status_code == 200
    assert {d.date.year for d in response.context["cl"].result_list} == {2025}
    response = client.get(url, {"q": "国庆节"})
    dates = {d.date for d in response.context["cl"].queryset}
    assert date(2025, 10, 8) in dates
    assert date(2025, 1, 28) not in dates
    response = client.get(url, {"date__year": "2026", "date__month": "2"})
    assert response.status_code == 200
    assert {d.date.month for d in response.context["cl"].result_list} == {2}


@pytest.mark.parametrize("year", ["0", "99999", "99999999999999999999999", "abc"])
def test_a_year_that_is_not_a_date_lists_no_days_instead_of_failing(client, supervisor, year):
    url = reverse("admin:disclosure_dayexception_changelist")

    response = client.get(url, {"year": year})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_a_worked_weekday_is_refused_with_a_clear_message(client, supervisor):
    url = reverse("admin:disclosure_dayexception_add")
    data = {"date": "2026-03-02", "is_workday": "on", "note": "误录"}
    with translation.override("en"):
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["date"]
    assert "2026-03-02" in errors[0]
    assert not DayException.objects.filter(date=date(2026, 3, 2)).exists()


def test_supervisor_enters_a_new_years_schedule(client, supervisor):
    add_day = reverse("admin:disclosure_dayexception_add")
    for day, is_workday in [("2099-01-01", False), ("2099-01-03", True)]:
        data = {"date": day, "note": "元旦"}
        if is_workday:
            data["is_workday"] = "on"
        assert client.post(add_day, data).status_code == 302
    response = client.post(
        reverse("admin:disclosure_calendaryear_add"),
        {"year": "2099", "source": "manual", "notice": "国办发明电〔2098〕1号"},
    )
    assert response.status_code == 302
    from disclosure.models.calendar import load_work_calendar

    cal = load_work_calendar()
    assert cal.covers(2099)
    assert not cal.is_workday(date(2099, 1, 1))
    assert cal.is_workday(date(2099, 1, 3))
