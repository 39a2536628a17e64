"""第二十六条 counts stored on disclosures follow edits of the official calendar."""

from datetime import date

import pytest

from disclosure.models import DayException, Disclosure
from tests.factories import DisclosureFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the recount runs after commit


def test_deleting_holidays_recounts_the_stored_working_days():
    # Formed 2016-09-20, published 2016-10-19: 18 working days over National Day 2016.
    d = DisclosureFactory(written_on=date(2016, 9, 20), published_on=date(2016, 10, 19))
    assert d.publication_delay_workdays == 18
    assert not Disclosure.objects.late().exists()

    DayException.objects.filter(date__range=(date(2016, 10, 3), date(2016, 10, 7))).delete()

    d.refresh_from_db()
    assert d.publication_delay_workdays == 23
    assert list(Disclosure.objects.late()) == [d]


def test_a_holiday_entered_in_the_admin_recounts_the_disclosures_around_it(client):
    d = DisclosureFactory(written_on=date(2026, 3, 2), published_on=date(2026, 3, 30))
    before = d.publication_delay_workdays
    client.force_login(UserFactory(is_superuser=True))

    response = client.post(
        "/admin/disclosure/dayexception/add/",
        {"date": "2026-03-10", "is_workday": "", "note": "临时假日"},
    )

    assert response.status_code == 302
    d.refresh_from_db()
    assert d.publication_delay_workdays == before - 1
