"""The one state machine: the steps the admin offers are the steps the services accept."""

import pytest
from django.utils import translation

from requests_app.applications.admin.steps import STEPS
from requests_app.applications.models import ApplicationStatus
from requests_app.applications.states import ALLOWED_FROM, refusal, steps_from


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_every_workflow_step_of_the_admin_is_declared():
    assert set(STEPS) - {"add_note"} == set(ALLOWED_FROM)


def test_steps_offered_per_status_in_the_admins_order():
    assert steps_from(ApplicationStatus.IN_PROGRESS) == [
        "answer",
        "request_correction",
        "start_consultation",
        "extend",
        "delay_reply",  # issue 10: 第三十五条
        "notify_fee",
        "withdraw",
    ]
    assert steps_from(ApplicationStatus.AWAITING_PAYMENT) == [
        "record_payment",
        "lapse_fee",
        "withdraw",
    ]
    assert steps_from(ApplicationStatus.CLOSED) == []


def test_a_step_is_refused_exactly_where_it_is_not_offered():
    for status in ApplicationStatus.values:
        offered = steps_from(status)
        for step in ALLOWED_FROM:
            assert (refusal(step, status) is None) == (step in offered), (step, status)


def test_refusals_name_the_status_or_say_what_to_do_first():
    assert refusal("extend", ApplicationStatus.AWAITING_PAYMENT) == (
        "Not possible while the application is awaiting payment."
    )
    assert refusal("answer", ApplicationStatus.IN_CONSULTATION) == (
        "End the consultation before answering."
    )
    assert refusal("withdraw", ApplicationStatus.CLOSED) == "The application is already closed."
