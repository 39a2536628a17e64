"""The typed `data` of application events: what is stored, and reading older rows."""

from datetime import date
from decimal import Decimal

from requests_app.applications.event_data import (
    Answered,
    ConsultationStarted,
    CorrectionRequested,
    Extended,
    FeeNotified,
    FeePaid,
    read,
)
from requests_app.applications.models import EventKind


def test_the_stored_keys_stay_as_they_were():
    assert ConsultationStarted(consulted="organ", party="区档案馆").to_data() == {
        "kind": "organ",
        "party": "区档案馆",
    }
    assert CorrectionRequested(deadline=date(2026, 3, 20)).to_data() == {"deadline": "2026-03-20"}
    assert FeeNotified(
        method="by_count",
        amount=Decimal("100"),
        delivered_on=date(2026, 3, 3),
        pay_by=date(2026, 3, 31),
        nth_request=11,
    ).to_data() == {
        "method": "by_count",
        "nth_request": 11,
        "amount": "100",
        "delivered_on": "2026-03-03",
        "pay_by": "2026-03-31",
    }
    assert FeePaid(amount=Decimal("720")).to_data() == {"amount": "720"}


def test_each_shape_reads_back_what_it_stored():
    shapes = [
        Answered(outcome="granted"),
        ConsultationStarted(consulted="third_party", party="某某公司"),
        CorrectionRequested(deadline=date(2026, 3, 20)),
        Extended(workdays=15, approved_by="王主任", reason="档案较多"),
        FeeNotified(
            method="by_pages",
            amount=Decimal("720"),
            delivered_on=date(2026, 6, 5),
            pay_by=date(2026, 7, 6),
            pages=101,
        ),
        FeePaid(amount=Decimal("720")),
    ]
    for shape in shapes:
        assert read(shape.event_kind, shape.to_data()) == shape


def test_older_rows_without_a_key_read_as_the_default():
    assert read(EventKind.CORRECTION_REQUESTED, {}) == CorrectionRequested(deadline=None)
    assert read(EventKind.CONSULTATION_STARTED, None).consulted == "third_party"
    assert read(EventKind.EXTENDED, {"workdays": "5"}).workdays == 5
    assert read(EventKind.FEE_NOTIFIED, {"amount": "100"}).pay_by is None


def test_kinds_without_data_have_no_shape():
    assert read(EventKind.WITHDRAWN, {}) is None
    assert read(EventKind.CORRECTED, {}) is None
