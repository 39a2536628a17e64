"""信息处理费 tiers (国办函〔2020〕109号《政府信息公开信息处理费管理办法》). Pure: no database.

The notice charges only requests that clearly exceed a reasonable number or
frequency, with one method per application and progressive tiers. The text
reads "……的部分" for every band, so both methods are marginal, like an income
tax: each request (按件) or each page (按量) is charged at the price of the band
it falls in, and earlier bands keep their own price.

- 按件计收, per applicant per natural month: "累计申请10件以下（含10件）的，不收费；
  累计申请11—30件（含30件）的部分，每件收费100元；累计申请30件以上的部分，以10件
  为一档，每增加一档，收费标准提高100元/件". The n-th request of the month costs
  0 (n ≤ 10), 100 (11–30), 200 (31–40), 300 (41–50), … yuan.
  Who counts: the organ that charges, over the applications it received. The
  n-th request is the n-th application of the same applicant (same identity
  document number) to the SAME organization received in the same natural month
  (`services.workflow.nth_request_in_month`): each organ charges for its own
  work, and it neither handles nor sees the applicant's requests to others, so
  requests to a department do not make a first request to the district
  government paid.
- 按量计收, per application: "30页以下（含30页）的，不收费；31—100页（含100页）
  的部分，每页收费10元；101—200页（含200页）的部分，每页收费20元；200页以上的部分，
  每页收费40元". So 101 pages cost 70×10 + 1×20 = 720 yuan, 201 pages
  70×10 + 100×20 + 1×40 = 2,740 yuan.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeeMethod(models.TextChoices):
    BY_COUNT = "by_count", _("By number of requests (按件计收)")
    BY_PAGES = "by_pages", _("By amount of pages (按量计收)")


FREE_REQUESTS_PER_MONTH = 10
FIRST_PAID_BAND_END = 30
BAND_SIZE = 10
PRICE_STEP = Decimal("100")

# (last page of the band or None for "and above", price per page in yuan)
PAGE_BANDS: tuple[tuple[int | None, Decimal], ...] = (
    (30, Decimal("0")),
    (100, Decimal("10")),
    (200, Decimal("20")),
    (None, Decimal("40")),
)


def fee_by_count(nth_request_in_month: int) -> Decimal:
    """The fee for an applicant's n-th request in a natural month (1-based)."""
    n = nth_request_in_month
    if n < 1:
        raise ValueError("the first request of a month is number 1")
    if n <= FREE_REQUESTS_PER_MONTH:
        return Decimal("0")
    if n <= FIRST_PAID_BAND_END:
        return PRICE_STEP
    # 31–40 is the first band above 30, priced one step above 100.
    band = (n - FIRST_PAID_BAND_END - 1) // BAND_SIZE + 1
    return PRICE_STEP * (band + 1)


def fee_by_pages(pages: int) -> Decimal:
    """The fee for an application of `pages` pages, each band at its own price."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    total = Decimal("0")
    lower = 0
    for upper, price in PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * price
        if upper is None or pages <= upper:
            break
        lower = upper
    return total


def page_fee_bands(pages: int) -> list[tuple[int, Decimal]]:
    """How `fee_by_pages` adds up: (pages in the band, price per page) for each charged band."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    bands = []
    lower = 0
    for upper, price in PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower and price:
            bands.append((top - lower, price))
        if upper is None or pages <= upper:
            break
        lower = upper
    return bands
