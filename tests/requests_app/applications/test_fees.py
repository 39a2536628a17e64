"""信息处理费 tiers of 国办函〔2020〕109号, at the band edges."""

from decimal import Decimal

import pytest

from requests_app.applications.fees import fee_by_count, fee_by_pages


@pytest.mark.parametrize(
    ("nth", "fee"),
    [
        (1, "0"),
        (10, "0"),  # 1–10 free
        (11, "100"),  # 11–30 at 100 per request
        (30, "100"),
        (31, "200"),  # 31–40: one band of 10 above 30, +100
        (40, "200"),
        (41, "300"),  # 41–50: +100 again
        (50, "300"),
        (51, "400"),
    ],
)
def test_fee_by_count_charges_each_request_at_its_band(nth, fee):
    assert fee_by_count(nth) == Decimal(fee)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, "0"),
        (30, "0"),  # 1–30 free
        (31, "10"),  # the 31st page at 10
        (100, "700"),  # 70 × 10
        (101, "720"),  # 70 × 10 + 1 × 20
        (200, "2700"),  # 70 × 10 + 100 × 20
        (201, "2740"),  # 70 × 10 + 100 × 20 + 1 × 40
        (250, "4700"),  # 70 × 10 + 100 × 20 + 50 × 40
    ],
)
def test_fee_by_pages_is_progressive(pages, fee):
    assert fee_by_pages(pages) == Decimal(fee)


def test_request_numbers_start_at_one():
    with pytest.raises(ValueError):
        fee_by_count(0)


def test_negative_pages_are_refused():
    with pytest.raises(ValueError):
        fee_by_pages(-1)
