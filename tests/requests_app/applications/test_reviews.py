"""Reconsideration and litigation cases: constraints and services."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from requests_app.applications.models import ReviewCase, ReviewResult
from requests_app.applications.services.reviews import close_case, record_case
from requests_app.applications.services.workflow import WorkflowError
from tests.factories import ApplicationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj")


def test_record_and_close_a_case_linked_to_an_application(org, frozen):
    frozen("2026-06-01")
    app = ApplicationFactory(organization=org)
    case = record_case(
        organization=org,
        case_number="（2026）川0302行初5号",
        kind="litigation_direct",
        received_on=D("2026-04-01"),
        application=app,
    )
    assert case.result == ReviewResult.PENDING and case.closed_on is None
    close_case(case=case, result=ReviewResult.UPHELD, closed_on=D("2026-05-20"))
    case.refresh_from_db()
    assert (case.result, case.closed_on) == (ReviewResult.UPHELD, D("2026-05-20"))
    assert list(app.review_cases.all()) == [case]
    with pytest.raises(WorkflowError, match="already closed"):
        close_case(case=case, result=ReviewResult.OTHER, closed_on=D("2026-05-21"))


def test_close_case_refusals(org, frozen):
    frozen("2026-06-01")
    case = record_case(
        organization=org, case_number="复1", kind="reconsideration", received_on=D("2026-04-01")
    )
    with pytest.raises(WorkflowError, match="Choose the result"):
        close_case(case=case, result=ReviewResult.PENDING, closed_on=D("2026-05-01"))
    with pytest.raises(WorkflowError, match="before it was received"):
        close_case(case=case, result=ReviewResult.UPHELD, closed_on=D("2026-03-01"))
    with pytest.raises(WorkflowError, match="future"):
        close_case(case=case, result=ReviewResult.UPHELD, closed_on=D("2026-06-02"))


def test_record_case_refuses_an_application_of_another_organization(org, frozen):
    frozen("2026-06-01")
    app = ApplicationFactory(organization=OrganizationFactory(code="gxq"))
    with pytest.raises(ValidationError) as info:
        record_case(
            organization=org,
            case_number="复2",
            kind="reconsideration",
            received_on=D("2026-04-01"),
            application=app,
        )
    assert "application" in info.value.message_dict
    assert not ReviewCase.objects.exists()


def test_record_case_validates_kind_and_duplicate_number(org, frozen):
    frozen("2026-06-01")
    with pytest.raises(ValidationError) as info:
        record_case(
            organization=org, case_number="复3", kind="arbitration", received_on=D("2026-04-01")
        )
    assert "kind" in info.value.message_dict
    record_case(
        organization=org, case_number="复3", kind="reconsideration", received_on=D("2026-04-01")
    )
    with pytest.raises(ValidationError) as info:
        record_case(
            organization=org, case_number="复3", kind="reconsideration", received_on=D("2026-04-01")
        )
    assert "case_number" in info.value.message_dict


@pytest.mark.parametrize(
    ("result", "closed_on"),
    [(ReviewResult.PENDING, D("2026-05-01")), (ReviewResult.UPHELD, None)],
)
def test_database_refuses_pending_with_closing_date_and_closed_without(org, result, closed_on):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewCase.objects.create(
            organization=org,
            case_number="X",
            kind="reconsideration",
            received_on=D("2026-04-01"),
            result=result,
            closed_on=closed_on,
        )


def test_database_refuses_closing_before_receipt(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewCase.objects.create(
            organization=org,
            case_number="Y",
            kind="reconsideration",
            received_on=D("2026-04-01"),
            result=ReviewResult.OTHER,
            closed_on=D("2026-03-01"),
        )
