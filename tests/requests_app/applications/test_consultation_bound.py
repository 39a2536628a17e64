"""The consultation's pause ends, at the latest, on the consulted party's 15th working day
(第三十二条, 第三十四条), counted from the day it received the request."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from disclosure.roles import ensure_staff_groups
from requests_app.applications.deadlines import EventRecord, derive
from requests_app.applications.models import (
    Application,
    ApplicationStatus,
    EventKind,
    SubmissionChannel,
)
from requests_app.applications.selectors import explain_due_date, late_consultation_end
from requests_app.applications.services import workflow as wf
from requests_app.applications.services.registration import register_application
from tests.factories import OrganizationFactory, UserFactory

D = date.fromisoformat


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def ev(event_kind, day, **data):
    return EventRecord(kind=event_kind, occurred_on=D(day), data=data)


# Received Wed 1 Apr 2026; 6 working days counted by Fri 10 Apr (6 Apr Qingming), when the
# request goes out. The third party's 15 working days after 10 Apr: 13–17, 20–24, 27–30 Apr,
# (1–5 May off) 6 May.
STARTED = [
    ev(EventKind.REGISTERED, "2026-04-01"),
    ev(EventKind.CONSULTATION_STARTED, "2026-04-10", kind="third_party"),
]


def test_a_reply_recorded_after_the_fifteenth_working_day_does_not_lengthen_the_pause(cal):
    events = [*STARTED, ev(EventKind.CONSULTATION_ENDED, "2026-05-20")]
    result = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
    # Paused after 10 Apr up to and including 6 May (15 working days). 14 left after
    # 6 May: 7–8 May 1–2, Sat 9 May (worked) 3, 11–15 May 4–8, 18–22 May 9–13, 25 May 14.
    assert result.paused_workdays == 15
    assert result.due_on == D("2026-05-25")
    ended = result.steps[-2]
    assert ended.label == "Consultation ended"
    assert "ended on May 6, 2026" in ended.detail
    assert "recorded only on May 20, 2026" in ended.detail
    assert "15 working days (after April 10, 2026 up to and including May 6, 2026)" in ended.detail


def test_a_reply_in_time_still_ends_the_pause_when_it_comes(cal):
    events = [*STARTED, ev(EventKind.CONSULTATION_ENDED, "2026-04-24")]
    result = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
    assert (result.paused_workdays, result.due_on) == (10, D("2026-05-18"))
    # On the 15th working day itself: in time, not capped.
    events = [*STARTED, ev(EventKind.CONSULTATION_ENDED, "2026-05-06")]
    on_the_day = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
    assert on_the_day.due_on == D("2026-05-25")
    assert "recorded only" not in on_the_day.steps[-2].detail


def test_the_fifteen_working_days_count_from_the_day_the_request_was_received(cal):
    # Posted Fri 10 Apr, received Tue 14 Apr: 15–17 Apr 1–3, 20–24 Apr 4–8, 27–30 Apr 9–12,
    # 6–8 May 13–15 → 8 May.
    started = [
        ev(EventKind.REGISTERED, "2026-04-01"),
        ev(
            EventKind.CONSULTATION_STARTED,
            "2026-04-10",
            kind="organ",
            delivered_on="2026-04-14",
        ),
    ]
    during = derive(received_on=D("2026-04-01"), events=started, calendar=cal)
    assert during.status == ApplicationStatus.IN_CONSULTATION
    assert during.wait_until == D("2026-05-08")
    assert "end on May 8, 2026" in during.steps[-2].detail
    # Ended on 8 May or recorded on 12 May: the pause ends on 8 May either way. 14 left
    # after 8 May: Sat 9 May 1, 11–15 May 2–6, 18–22 May 7–11, 25–27 May 12–14.
    for end in ("2026-05-08", "2026-05-12"):
        events = [*started, ev(EventKind.CONSULTATION_ENDED, end)]
        result = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
        assert result.due_on == D("2026-05-27"), end


# --- the service and the admin ----------------------------------------------------------


@pytest.fixture
def org(db):
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


@pytest.fixture
def staff(org):
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(username="zlj-staff", organization=org)
    user.groups.add(staff_group)
    return user


@pytest.fixture
def consulting(org, staff, frozen):
    frozen("2026-04-10")
    app = register_application(
        organization=org,
        by=staff,
        channel=SubmissionChannel.IN_PERSON,
        received_on=D("2026-04-01"),
        applicant_type="natural_person",
        applicant_name="张三",
        description="某企业环评材料",
    )
    wf.start_consultation(
        application=app, by=staff, on=D("2026-04-10"), party="某公司", kind="third_party"
    )
    assert app.wait_until == D("2026-05-06")
    return app


def test_staff_are_warned_when_they_record_a_late_end(consulting, staff, client, frozen):
    frozen("2026-05-20")
    client.force_login(staff)
    url = reverse("admin:requests_app_application_step", args=[consulting.pk, "end_consultation"])
    response = client.post(url, {"on": "2026-05-20", "note": "意见今日收到"})
    assert response.status_code == 302

    consulting.refresh_from_db()
    assert consulting.due_on == D("2026-05-25")
    warnings = [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    # The admin speaks the site's language (Chinese): the dates of the warning.
    assert any("2026年5月6日" in m and "2026年5月20日" in m for m in warnings), warnings
    # The status page's explanation says the pause was capped, and why.
    with translation.override("en"):  # the request above activated the site's language
        details = " ".join(step.detail for step in explain_due_date(consulting))
    assert "Articles 32 and 34" in details
    assert "recorded only on May 20, 2026" in details


def test_no_warning_for_an_end_in_time(consulting, staff, frozen):
    frozen("2026-04-24")
    assert late_consultation_end(consulting, D("2026-04-24")) == ""
    assert late_consultation_end(consulting, D("2026-05-06")) == ""
    assert "May 6, 2026" in late_consultation_end(consulting, D("2026-05-07"))
    wf.end_consultation(application=consulting, by=staff, on=D("2026-04-24"))
    assert consulting.due_on == D("2026-05-18")
    assert late_consultation_end(consulting, D("2026-05-07")) == ""  # no consultation open


def test_the_day_of_receipt_by_the_consulted_party_is_checked(org, staff, frozen):
    frozen("2026-04-14")
    app = register_application(
        organization=org,
        by=staff,
        channel=SubmissionChannel.IN_PERSON,
        received_on=D("2026-04-01"),
        applicant_type="natural_person",
        applicant_name="张三",
        description="某企业环评材料",
    )
    with pytest.raises(wf.WorkflowError, match="before it was sent"):
        wf.start_consultation(
            application=app,
            by=staff,
            on=D("2026-04-10"),
            party="区档案馆",
            kind="organ",
            delivered_on=D("2026-04-09"),
        )
    with pytest.raises(wf.WorkflowError, match="in the future"):
        wf.start_consultation(
            application=app,
            by=staff,
            on=D("2026-04-10"),
            party="区档案馆",
            kind="organ",
            delivered_on=D("2026-04-15"),
        )
    wf.start_consultation(
        application=app,
        by=staff,
        on=D("2026-04-10"),
        party="区档案馆",
        kind="organ",
        delivered_on=D("2026-04-14"),
    )
    assert app.wait_until == D("2026-05-08")
    assert app.events.get(kind=EventKind.CONSULTATION_STARTED).data["delivered_on"] == (
        "2026-04-14"
    )


def test_the_admin_step_takes_the_day_of_receipt(org, staff, client, frozen):
    frozen("2026-04-14")
    app = register_application(
        organization=org,
        by=staff,
        channel=SubmissionChannel.IN_PERSON,
        received_on=D("2026-04-01"),
        applicant_type="natural_person",
        applicant_name="李四",
        description="某企业环评材料",
    )
    client.force_login(staff)
    url = reverse("admin:requests_app_application_step", args=[app.pk, "start_consultation"])
    response = client.post(
        url,
        {"on": "2026-04-10", "kind": "organ", "party": "区档案馆", "delivered_on": "2026-04-14"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.wait_until == D("2026-05-08")
    assert date_format(D("2026-05-08"), "DATE_FORMAT") in " ".join(
        s.detail for s in explain_due_date(app)
    )


def test_an_open_consultation_stops_pausing_on_the_parties_last_day(cal):
    # Articles 32 and 34: the consulted party's time ends on its 15th working day whether or
    # not a reply is recorded. Received Wed 1 Apr 2026, consultation sent Fri 10 Apr, no
    # reply recorded: the pause lasts to Wed 6 May at the most, and the reply is due on
    # Mon 25 May (14 working days after 6 May, Sat 9 May worked). Before issue 10 the
    # open pause had no end and the application never had a due date.
    events = [
        ev(EventKind.REGISTERED, "2026-04-01"),
        ev(EventKind.CONSULTATION_STARTED, "2026-04-10", kind="third_party"),
    ]
    result = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
    assert result.status == ApplicationStatus.IN_CONSULTATION
    assert result.wait_until == D("2026-05-06")
    assert result.due_on == D("2026-05-25")
    assert result.steps[-1].label == "Reply due at the latest"
    assert "May 6, 2026" in result.steps[-1].detail


def test_an_open_consultation_past_its_last_day_becomes_overdue(consulting, frozen):
    # No reply recorded: the due date is there while the consultation is open, and once it
    # passes the application is overdue like any other.
    consulting.refresh_from_db()
    assert consulting.status == ApplicationStatus.IN_CONSULTATION
    assert consulting.due_on == D("2026-05-25")
    assert list(Application.objects.overdue(on=D("2026-05-25"))) == []
    assert list(Application.objects.overdue(on=D("2026-05-26"))) == [consulting]
