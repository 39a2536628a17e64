"""六、收取费用 counts a fee in the year it was paid, not the year the application closed."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reports.engine.generate import build_report
from reports.engine.tables import compute_fees
from requests_app.applications.fees import FeeMethod
from requests_app.applications.models import SubmissionChannel
from requests_app.applications.services import workflow as wf
from requests_app.applications.services.registration import register_application
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def on(day: str):
    return time_machine.travel(
        datetime.fromisoformat(day).replace(hour=10, tzinfo=ZoneInfo("Asia/Shanghai")),
        tick=False,
    )


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


def paid_application(org, *, received, noticed, paid, answered=None, pages=101):
    """An application through the workflow: fee notice, payment, and (maybe) the answer."""
    staff = UserFactory(organization=org)
    with on(received):
        app = register_application(
            organization=org,
            by=staff,
            channel=SubmissionChannel.IN_PERSON,
            received_on=D(received),
            applicant_type="natural_person",
            applicant_name="张三",
            description="2025年本区老旧小区改造项目清单",
        )
    with on(noticed):
        wf.notify_fee(
            application=app, by=staff, on=D(noticed), method=FeeMethod.BY_PAGES, pages=pages
        )
    with on(paid):
        wf.record_payment(application=app, by=staff, on=D(paid))
    if answered:
        with on(answered):
            wf.answer(
                application=app, by=staff, on=D(answered), outcome="granted", reply_text="见附件。"
            )
    return app


def test_fee_paid_in_december_and_answered_in_january_counts_in_the_year_paid(org):
    # 720 yuan for 101 pages, paid 2025-12-10, answered 2026-01-05.
    paid_application(
        org, received="2025-11-20", noticed="2025-11-25", paid="2025-12-10", answered="2026-01-05"
    )
    assert compute_fees({org.pk}, 2025) == {"amount_yuan": Decimal("720"), "cases": 1}
    assert compute_fees({org.pk}, 2026) == {"amount_yuan": Decimal("0"), "cases": 0}

    with on("2026-01-20"):
        doc = build_report(organization=org, year=2025, format="gb2021")
        later = build_report(organization=org, year=2026, format="gb2021")
    assert doc.as_json()["section6"] == {
        "information_processing_fees": {"amount_yuan": 720, "cases": 1}
    }
    other = next(s for s in doc.sections if s.key == "other")
    assert other.paragraphs[0] == "本年度共对1件政府信息公开申请收取信息处理费，合计720元。"
    assert later.as_json()["section6"] == {
        "information_processing_fees": {"amount_yuan": 0, "cases": 0}
    }
    assert next(s for s in later.sections if s.key == "other").paragraphs[0] == (
        "本年度未收取信息处理费。"
    )


def test_the_narrative_fee_sentence_follows_the_year_paid(org):
    paid_application(
        org, received="2025-11-20", noticed="2025-11-25", paid="2025-12-10", answered="2026-01-05"
    )
    with on("2026-01-20"):
        doc = build_report(organization=org, year=2025, format="narrative2007")
    fees = next(s for s in doc.sections if s.key == "fees")
    assert fees.paragraphs[-1].endswith(
        "2025年，自流井区人民政府对1件政府信息公开申请收取检索、复制、邮寄等成本费用，合计720元。"
    )


def test_a_fee_paid_on_an_application_still_open_counts(org):
    paid_application(org, received="2025-12-01", noticed="2025-12-03", paid="2025-12-22")
    assert compute_fees({org.pk}, 2025) == {"amount_yuan": Decimal("720"), "cases": 1}


def test_imported_history_counts_its_fee_in_the_year_it_closed(org):
    # No event log: the closing date is the only date an imported fee carries.
    ApplicationFactory(
        organization=org,
        received_on=D("2025-12-01"),
        status="closed",
        outcome="granted",
        closed_on=D("2026-01-10"),
        fee_amount=Decimal("100"),
        is_historical=True,
    )
    paid_application(
        org, received="2025-11-20", noticed="2025-11-25", paid="2025-12-10", answered="2026-01-05"
    )
    assert compute_fees({org.pk}, 2025) == {"amount_yuan": Decimal("720"), "cases": 1}
    assert compute_fees({org.pk}, 2026) == {"amount_yuan": Decimal("100"), "cases": 1}


def test_fees_are_one_query_whatever_the_number_of_applications(org, django_assert_num_queries):
    for day in ("2025-12-01", "2025-12-02"):
        paid_application(org, received=day, noticed="2025-12-03", paid="2025-12-22")
    with django_assert_num_queries(1):
        assert compute_fees({org.pk}, 2025)["cases"] == 2
