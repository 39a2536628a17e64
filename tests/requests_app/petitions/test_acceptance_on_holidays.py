"""信访 acceptance deadline: a 15th day off moves to the next working day (民法典第二百零三条)."""

from datetime import date

import pytest

from disclosure.models.calendar import DayException
from disclosure.workdays import WorkCalendar
from requests_app.petitions.admin import AcceptanceFilter
from requests_app.petitions.models import DECIDED_IN_TIME_Q, Petition
from requests_app.petitions.rules import acceptance_deadline, is_accepted_in_time
from requests_app.petitions.services import decide_acceptance, refresh_acceptance_deadlines
from requests_app.petitions.stats import petition_statistics
from tests.factories import OrganizationFactory, PetitionFactory

D = date.fromisoformat

# 2026 as the State Council arranged it (国办发明电〔2025〕7号), as far as these tests look:
# 春节 15–23 February off, Saturday 14 and Saturday 28 February worked.
CAL_2026 = WorkCalendar.build(
    [2026],
    {
        **{D(f"2026-02-{d}"): False for d in ("16", "17", "18", "19", "20", "23")},
        D("2026-02-14"): True,
        D("2026-02-28"): True,
    },
)


@pytest.mark.parametrize(
    ("received", "last_day"),
    [
        ("2026-02-05", "2026-02-24"),  # 15th day Fri 20 Feb, in 春节: next working day Tue 24
        ("2026-03-06", "2026-03-23"),  # 15th day Sat 21 March: Monday
        ("2026-03-01", "2026-03-16"),  # 15th day a Monday: unchanged
        ("2026-02-13", "2026-02-28"),  # 15th day Sat 28 Feb, worked (调休): unchanged
        ("2026-01-30", "2026-02-14"),  # 15th day Sat 14 Feb, worked (调休): unchanged
    ],
)
def test_a_fifteenth_day_off_moves_to_the_next_working_day(received, last_day):
    assert acceptance_deadline(D(received), CAL_2026) == D(last_day)


def test_a_decision_on_the_next_working_day_after_the_holiday_is_in_time():
    assert is_accepted_in_time(D("2026-02-05"), D("2026-02-24"), CAL_2026)
    assert not is_accepted_in_time(D("2026-02-05"), D("2026-02-25"), CAL_2026)


@pytest.mark.django_db
def test_the_stored_deadline_follows_the_official_calendar():
    petition = PetitionFactory(received_on=D("2026-02-05"))
    assert petition.accept_by == D("2026-02-24")
    assert not Petition.objects.decision_overdue(on=D("2026-02-24")).exists()
    assert Petition.objects.decision_overdue(on=D("2026-02-25")).get() == petition


@pytest.mark.django_db
def test_a_decision_after_the_holiday_counts_in_time_in_the_statistics_and_the_filter():
    org = OrganizationFactory()
    petition = PetitionFactory(organization=org, received_on=D("2026-02-05"))
    decide_acceptance(petition=petition, accepted=True, on=D("2026-02-24"))
    late = PetitionFactory(organization=org, received_on=D("2026-02-05"))
    decide_acceptance(petition=late, accepted=False, on=D("2026-02-25"))

    petition.refresh_from_db()
    assert petition.accepted_in_time is True
    assert list(Petition.objects.filter(DECIDED_IN_TIME_Q)) == [petition]
    in_time = AcceptanceFilter(None, {"acceptance": ["in_time"]}, Petition, None)
    assert list(in_time.queryset(None, Petition.objects.all())) == [petition]
    current = petition_statistics(organization=org, year=2026, on=D("2026-03-01")).current
    assert (current.decided_in_time, current.decisions_due) == (1, 2)


@pytest.mark.django_db
def test_stored_deadlines_are_computed_again_when_the_calendar_changes(
    django_capture_on_commit_callbacks,
):
    petition = PetitionFactory(received_on=D("2026-02-05"))
    # A row saved before the rule (or before a holiday was corrected) keeps a stale date.
    Petition.objects.filter(pk=petition.pk).update(accept_by=D("2026-02-20"))
    assert refresh_acceptance_deadlines() == 1
    petition.refresh_from_db()
    assert petition.accept_by == D("2026-02-24")
    assert refresh_acceptance_deadlines() == 0

    # Staff make Tuesday 24 February a holiday too: the deadline moves on after commit.
    with django_capture_on_commit_callbacks(execute=True):
        DayException.objects.create(date=D("2026-02-24"), is_workday=False, note="test")
    petition.refresh_from_db()
    assert petition.accept_by == D("2026-02-25")


@pytest.mark.django_db
def test_the_migration_moves_the_deadlines_of_existing_petitions():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("requests_app.migrations.0006_petition_acceptance_deadlines")
    holiday = PetitionFactory(received_on=D("2026-02-05"))
    plain = PetitionFactory(received_on=D("2026-03-01"))
    # As stored before the rule: receipt + 15 days, even on a holiday.
    Petition.objects.filter(pk=holiday.pk).update(accept_by=D("2026-02-20"))

    migration.move_deadlines_off_holidays(apps, None)

    holiday.refresh_from_db()
    plain.refresh_from_db()
    assert holiday.accept_by == D("2026-02-24")
    assert plain.accept_by == D("2026-03-16")
