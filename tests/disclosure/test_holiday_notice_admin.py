"""The admin page where supervisors paste the State Council's notice, check it, confirm it."""

from datetime import date
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from disclosure.models.calendar import CalendarSource, CalendarYear, DayException
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOTICES = Path(__file__).parent / "holiday_notices"
URL = reverse("admin:disclosure_calendaryear_holiday_notice")
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def published(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def calendar_perms(*actions):
    return Permission.objects.filter(
        content_type__app_label="disclosure",
        codename__in=[f"{a}_{m}" for a in actions for m in ("calendaryear", "dayexception")],
    )


@pytest.fixture
def supervisor(client):
    user = UserFactory(username="gkb")
    user.user_permissions.set(calendar_perms("view", "add", "change", "delete"))
    client.force_login(user)
    return user


def stored_calendar():
    return (
        sorted(DayException.objects.values_list("date", "is_workday", "note")),
        sorted(CalendarYear.objects.values_list("year", "source", "notice")),
    )


def forget_2026():
    CalendarYear.objects.filter(year=2026).delete()
    DayException.objects.filter(date__year=2026).delete()


def test_the_calendar_year_list_links_to_the_page(client, supervisor):
    response = client.get(reverse("admin:disclosure_calendaryear_changelist"))

    assert URL in response.content.decode()


def test_checking_shows_the_days_and_the_differences_and_saves_nothing(client, supervisor):
    forget_2026()
    DayException.objects.create(date=D("2026-03-10"), is_workday=False, note="误录")
    before = stored_calendar()

    response = client.post(URL, {"text": published(2026), "year": ""})

    assert response.status_code == 200
    assert stored_calendar() == before
    page = response.content.decode()
    assert "admin/css/forms.css" in page  # the admin's look
    assert "The calendar has no arrangement for 2026 yet" in page
    notice = response.context["notice"]
    assert len(notice.days) == 39
    # The table: date, weekday, 休/班.
    assert "<td>2026-02-14</td>" in page and "<td>Saturday</td>" in page
    assert '<td class="notice-mark">班</td>' in page
    changes = {c["day"]: c for c in response.context["changes"]}
    assert changes[D("2026-03-10")]["kind"] == "removed"
    assert changes[D("2026-02-28")]["kind"] == "added"
    assert changes[D("2026-02-28")]["after"] == "working day (调休) 春节调休上班"
    # The confirmation carries the text that was checked.
    assert 'name="confirm"' in page
    assert page.count('name="text"') == 2


def test_confirming_saves_the_year_and_its_exceptions(client, supervisor):
    forget_2026()
    DayException.objects.create(date=D("2026-03-10"), is_workday=False, note="误录")

    response = client.post(URL, {"text": published(2026), "confirm": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:disclosure_calendaryear_changelist")
    row = CalendarYear.objects.get(year=2026)
    assert (row.source, row.notice) == (CalendarSource.NOTICE, "国办发明电〔2025〕7号")
    days = dict(DayException.objects.filter(date__year=2026).values_list("date", "is_workday"))
    assert D("2026-03-10") not in days
    assert days[D("2026-10-10")] is True and days[D("2026-10-07")] is False
    assert len(days) == 25
    entry = LogEntry.objects.get(object_id=str(row.pk))
    assert entry.user == supervisor
    assert "国办发明电〔2025〕7号" in entry.change_message
    followed = client.get(response["Location"])
    assert any("2026 entered" in str(m) for m in followed.context["messages"])


def test_an_entered_year_shows_only_what_changes(client, supervisor):
    response = client.post(URL, {"text": published(2017)})

    page = response.content.decode()
    assert "The calendar already has 2017 (chinesecalendar package)" in page
    kinds = {c["kind"] for c in response.context["changes"]}
    assert kinds == {"renamed"}  # same days; 中秋节、国庆节 is one item of the notice
    assert not response.context["comparison"].moves_working_days


def test_errors_are_listed_per_line_and_the_text_is_kept(client, supervisor):
    text = published(2026).replace("至23日", "至13日")
    before = stored_calendar()

    response = client.post(URL, {"text": text, "confirm": "1"})

    assert response.status_code == 200
    assert stored_calendar() == before
    errors = response.context["form"].errors["text"]
    assert errors == [
        "Line 10 “二、春节：2月15日（农历腊月二十八、周日）至13日（农历正月初七、周一）放假调休，"
        "共9天。2月14日（周六）、2月28日（周六）上班。”: "
        "the range 2026-02-15 to 2026-02-13 runs backwards."
    ]
    page = response.content.decode()
    assert "至13日（农历正月初七、周一）" in page  # kept in the textarea
    assert 'name="confirm"' not in page
    assert "nothing was saved" in page


def test_the_year_field_stands_in_for_a_missing_title(client, supervisor):
    items = "一、元旦：1月1日放假，1月2日（星期一）补休。"

    missing = client.post(URL, {"text": items})
    given = client.post(URL, {"text": items, "year": "2017"})

    assert "The year cannot be determined" in missing.context["form"].errors["text"][0]
    assert given.context["notice"].year == 2017
    assert 'name="year" value="2017"' in given.content.decode()


def test_staff_without_the_calendar_permissions_get_403(client):
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.set(calendar_perms("view"))
    client.force_login(viewer)
    before = stored_calendar()

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": published(2026), "confirm": "1"}).status_code == 403
    assert (
        URL not in client.get(reverse("admin:disclosure_calendaryear_changelist")).content.decode()
    )
    client.force_login(UserFactory(username="clerk"))
    assert client.post(URL, {"text": published(2026), "confirm": "1"}).status_code == 403
    assert stored_calendar() == before


def test_a_superuser_may_enter_a_notice_and_the_year_can_be_suggested(client):
    client.force_login(UserFactory(username="root", is_superuser=True))

    response = client.get(URL, {"year": "2027"})

    assert response.status_code == 200
    assert 'name="year" value="2027"' in response.content.decode()
    assert client.get(URL, {"year": "x"}).status_code == 200


def test_the_page_refuses_a_post_without_the_csrf_token(supervisor):
    csrf_client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    csrf_client.force_login(supervisor)
    forget_2026()

    response = csrf_client.post(URL, {"text": published(2026), "confirm": "1"})

    assert response.status_code == 403
    assert not CalendarYear.objects.filter(year=2026).exists()
