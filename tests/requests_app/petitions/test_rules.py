"""Pure rules: the 15-day acceptance period, months, percentages and shares."""

import random
from datetime import date
from decimal import Decimal

import pytest

from core.arithmetic import largest_remainder_shares, percent_change, points_change, rate
from disclosure.workdays import WorkCalendar
from requests_app.petitions.rules import acceptance_deadline, is_accepted_in_time
from requests_app.proposals.rules import add_months

# 2016 and 2017 as far as these tests look: 国庆 2016 (1–7 October, 8–9 October worked).
CAL_2016 = WorkCalendar.build(
    [2016, 2017],
    {
        **{date(2016, 10, d): False for d in (3, 4, 5, 6, 7)},
        date(2016, 10, 8): True,
        date(2016, 10, 9): True,
    },
)


def test_acceptance_deadline_is_fifteen_calendar_days_after_receipt():
    # The day of receipt is not counted; weekends and holidays are (15日, not 工作日).
    # Changed for issue 10: the 15th day, Sat 15 October 2016, is not a working day, so
    # the period ends on Monday 17 October (民法典第二百零三条); it was 2016-10-15.
    assert acceptance_deadline(date(2016, 9, 30), CAL_2016) == date(2016, 10, 17)  # over 国庆
    assert acceptance_deadline(date(2016, 12, 20), CAL_2016) == date(2017, 1, 4)


def test_decision_on_the_fifteenth_day_is_in_time_and_on_the_sixteenth_is_late():
    received = date(2016, 3, 1)
    assert is_accepted_in_time(received, date(2016, 3, 1), CAL_2016)
    assert is_accepted_in_time(received, date(2016, 3, 16), CAL_2016)
    assert not is_accepted_in_time(received, date(2016, 3, 17), CAL_2016)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2016, 3, 9), 3, date(2016, 6, 9)),
        (date(2016, 3, 31), 3, date(2016, 6, 30)),
        (date(2016, 11, 30), 3, date(2017, 2, 28)),
        (date(2015, 11, 30), 3, date(2016, 2, 29)),
        (date(2016, 1, 15), 12, date(2017, 1, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (253, 282, Decimal("-10.28")),
        (1287, 1973, Decimal("-34.77")),
        (60, 85, Decimal("-29.41")),
        (917, 1634, Decimal("-43.88")),
        (201, 255, Decimal("-21.18")),
        (886, 1653, Decimal("-46.40")),
        (11, 10, Decimal("10.00")),
        (5, 5, Decimal("0.00")),
        (0, 4, Decimal("-100.00")),
    ],
)
def test_percent_change_has_two_decimals(current, previous, expected):
    assert percent_change(current, previous) == expected


def test_percent_change_against_a_year_of_zero_is_none():
    assert percent_change(7, 0) is None
    assert percent_change(0, 0) is None


def test_rate_rounds_half_up_and_has_no_value_without_a_whole():
    assert rate(2, 3) == Decimal("66.67")
    assert rate(14, 14) == Decimal("100.00")
    assert rate(0, 0) is None


def test_points_change_is_the_difference_of_two_percentages():
    assert points_change(Decimal("78.57"), Decimal("52.63")) == Decimal("25.94")
    assert points_change(Decimal("7.14"), None) is None


def test_thirds_add_up_to_one_hundred():
    assert largest_remainder_shares([1, 1, 1]) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]


def test_the_largest_remainder_gets_the_missing_hundredth():
    # 11/14, 2/14, 1/14: rounded down 78.57 + 14.28 + 7.14 = 99.99; 2/14 has the largest
    # remainder (0.5714…) and becomes 14.29.
    assert largest_remainder_shares([11, 2, 1]) == [
        Decimal("78.57"),
        Decimal("14.29"),
        Decimal("7.14"),
    ]
    assert largest_remainder_shares([35, 37, 2]) == [
        Decimal("47.30"),
        Decimal("50.00"),
        Decimal("2.70"),
    ]


def test_shares_of_nothing_are_none_and_zero_counts_share_zero():
    assert largest_remainder_shares([0, 0, 0]) == [None, None, None]
    assert largest_remainder_shares([0, 5, 0]) == [Decimal("0"), Decimal("100.00"), Decimal("0")]


def test_shares_always_add_up_to_exactly_one_hundred():
    rng = random.Random(4)
    for _ in range(500):
        counts = [rng.randrange(0, 50) for _ in range(rng.randrange(1, 7))]
        if not sum(counts):
            continue
        shares = largest_remainder_shares(counts)
        assert sum(shares) == Decimal("100.00"), counts
        for count, share in zip(counts, shares, strict=True):
            exact = Decimal(count) * 100 / sum(counts)
            assert abs(share - exact) < Decimal("0.01"), counts


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        largest_remainder_shares([3, -1])
