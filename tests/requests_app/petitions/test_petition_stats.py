"""The petition statistics: 件(人)次, 批/人次, collective and first visits, acceptance in time."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from requests_app.petitions.models import Petition
from requests_app.petitions.stats import petition_statistics
from tests.factories import OrganizationFactory, PetitionFactory

pytestmark = pytest.mark.django_db

ON = date(2017, 3, 1)  # the report is written after the year's end


def visit(org, persons, kind="first", **kwargs):
    return PetitionFactory(
        organization=org, channel="visit", persons=persons, visit_kind=kind, **kwargs
    )


def stats(org, year=2016, **kwargs):
    kwargs.setdefault("on", ON)
    return petition_statistics(organization=org, year=year, **kwargs)


def test_the_total_counts_letters_and_online_items_once_and_visits_by_persons():
    org = OrganizationFactory()
    PetitionFactory.create_batch(3, organization=org, channel="letter")
    PetitionFactory.create_batch(2, organization=org, channel="online")
    PetitionFactory(organization=org, channel="phone")
    visit(org, 7)
    visit(org, 2)

    current = stats(org).current

    assert current.total == 3 + 2 + 1 + 7 + 2
    assert current.records == 8
    assert current.by_channel == {"letter": 3, "online": 2, "visit": 2, "phone": 1}
    assert (current.visits.batches, current.visits.persons) == (2, 9)


def test_a_visit_of_five_is_collective_and_a_visit_of_four_is_not():
    org = OrganizationFactory()
    four = visit(org, 4)
    five = visit(org, 5)
    visit(org, 12)

    current = stats(org).current

    assert not four.is_collective
    assert five.is_collective
    assert (current.collective_visits.batches, current.collective_visits.persons) == (2, 17)
    assert set(Petition.objects.collective()) == {five, Petition.objects.get(persons=12)}


def test_first_visits_are_counted_apart_from_repeat_visits():
    org = OrganizationFactory()
    visit(org, 3, "first")
    visit(org, 6, "first")
    visit(org, 2, "repeat")

    current = stats(org).current

    assert (current.first_visits.batches, current.first_visits.persons) == (2, 9)
    assert (current.repeat_visits.batches, current.repeat_visits.persons) == (1, 2)


def test_a_letter_always_counts_one_person_whatever_is_typed():
    org = OrganizationFactory()
    letter = PetitionFactory(organization=org, channel="letter", persons=9, visit_kind="first")
    letter.refresh_from_db()
    assert (letter.persons, letter.visit_kind) == (1, "")


def test_decision_on_the_fifteenth_day_counts_in_time_and_on_the_sixteenth_late():
    org = OrganizationFactory()
    received = date(2016, 5, 2)
    on_time = PetitionFactory(
        organization=org,
        received_on=received,
        decision="accepted",
        accepted_on=received + timedelta(days=15),
    )
    late = PetitionFactory(
        organization=org,
        received_on=received,
        decision="not_accepted",
        accepted_on=received + timedelta(days=16),
    )

    result = stats(org)

    assert on_time.accepted_in_time is True
    assert late.accepted_in_time is False
    assert (result.current.decided_in_time, result.current.decisions_due) == (1, 2)
    assert result.current.accepted_in_time_rate == Decimal("50.00")


def test_an_undecided_petition_counts_late_only_once_its_fifteen_days_are_over():
    org = OrganizationFactory()
    PetitionFactory(
        organization=org,
        received_on=date(2016, 12, 20),
        decision="accepted",
        accepted_on=date(2016, 12, 21),
    )
    PetitionFactory(organization=org, received_on=date(2016, 12, 28))  # due 2017-01-12

    within = stats(org, on=date(2017, 1, 12)).current
    after = stats(org, on=date(2017, 1, 13)).current

    assert (within.decided_in_time, within.decisions_due) == (1, 1)
    assert within.accepted_in_time_rate == Decimal("100.00")
    assert (after.decided_in_time, after.decisions_due) == (1, 2)
    assert after.accepted_in_time_rate == Decimal("50.00")


def test_changes_against_the_previous_year():
    org = OrganizationFactory()
    for _ in range(4):
        visit(org, 2, received_on=date(2015, 6, 1))
    visit(org, 3, received_on=date(2016, 6, 1))
    PetitionFactory(organization=org, channel="letter", received_on=date(2016, 2, 1))

    result = stats(org)

    assert result.visit_batches.previous == 4
    assert result.visit_batches.current == 1
    assert result.visit_batches.percent == Decimal("-75.00")
    assert result.visit_persons.percent == Decimal("-62.50")  # 3 against 8
    assert result.total.percent == Decimal("-50.00")  # 4 against 8


def test_a_previous_year_of_zero_gives_no_percentage_rather_than_an_error():
    org = OrganizationFactory()
    visit(org, 6)
    PetitionFactory(organization=org, channel="online")

    result = stats(org)

    assert result.previous.total == 0
    assert result.total.percent is None
    assert result.collective_batches.percent is None
    assert result.channels["online"].percent is None
    assert result.previous.accepted_in_time_rate is None
    assert result.accepted_in_time_rate.points is None


def test_an_empty_year_gives_zeros():
    result = stats(OrganizationFactory())
    assert result.current.total == 0
    assert result.current.accepted_in_time_rate is None
    assert result.total.percent is None


def test_sub_organizations_count_only_when_asked_and_other_years_never():
    parent = OrganizationFactory()
    child = OrganizationFactory(parent=parent)
    other = OrganizationFactory()
    PetitionFactory(organization=parent)
    PetitionFactory(organization=child)
    PetitionFactory(organization=other)
    PetitionFactory(organization=parent, received_on=date(2014, 12, 31))
    PetitionFactory(organization=parent, received_on=date(2017, 1, 1))

    assert stats(parent).current.total == 1
    assert stats(parent, include_children=True).current.total == 2
    assert stats(parent.pk, include_children=True).previous.total == 0


def test_the_statistics_read_the_same_number_of_queries_for_any_amount_of_data(
    django_assert_max_num_queries,
):
    parent = OrganizationFactory()
    child = OrganizationFactory(parent=parent)
    for i in range(40):
        visit(child if i % 2 else parent, 1 + i % 9, received_on=date(2015 + i % 2, 1 + i % 12, 3))
        PetitionFactory(organization=parent, channel="online", received_on=date(2016, 4, 1))

    # One query for the organization tree, one grouped query for the petitions.
    with django_assert_max_num_queries(2):
        result = stats(parent, include_children=True)
    assert result.current.total > 0 and result.previous.total > 0
