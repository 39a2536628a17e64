"""Due dates derived from events, against dates counted by hand on the official calendar.

Every expected date below was counted on paper; the comments show the count.
"""

from datetime import date

import pytest

from disclosure.workdays import CalendarNotCovered, WorkCalendar
from requests_app.applications.deadlines import (
    EventRecord,
    count_period,
    derive,
    derive_without_calendar,
    extension_used,
)
from requests_app.applications.models import ApplicationStatus, EventKind, Outcome

D = date.fromisoformat


def ev(event_kind, day, **data):
    return EventRecord(kind=event_kind, occurred_on=D(day), data=data)


def test_twenty_working_days_over_national_day_2025_with_two_worked_weekend_days(cal):
    # After Fri 26 Sep: Sun 28 Sep (worked) 1, 29 Sep 2, 30 Sep 3, 1–8 Oct holiday,
    # 9 Oct 4, 10 Oct 5, Sat 11 Oct (worked) 6, 13–17 Oct 7–11, 20–24 Oct 12–16,
    # 27–30 Oct 17–20.
    result = derive(received_on=D("2025-09-26"), events=[], calendar=cal)
    assert result.status == ApplicationStatus.IN_PROGRESS
    assert result.due_on == D("2025-10-30")


def test_twenty_working_days_across_new_year_2026(cal):
    # After Thu 25 Dec 2025: 26 Dec 1, 29–31 Dec 2–4, 1–3 Jan off, Sun 4 Jan (worked) 5,
    # 5–9 Jan 6–10, 12–16 Jan 11–15, 19–23 Jan 16–20.
    result = derive(received_on=D("2025-12-25"), events=[], calendar=cal)
    assert result.due_on == D("2026-01-23")


def test_twenty_working_days_over_spring_festival_2026(cal):
    # After Tue 10 Feb: 11–13 Feb 1–3, Sat 14 Feb (worked) 4, 15–23 Feb off, 24–27 Feb 5–8,
    # Sat 28 Feb (worked) 9, 2–6 Mar 10–14, 9–13 Mar 15–19, 16 Mar 20.
    result = derive(received_on=D("2026-02-10"), events=[], calendar=cal)
    assert result.due_on == D("2026-03-16")


def test_twenty_working_days_over_national_day_and_mid_autumn_2026(cal):
    # After Fri 18 Sep: Sun 20 Sep (worked) 1, 21–24 Sep 2–5, 25 Sep holiday, 28–30 Sep 6–8,
    # 1–7 Oct off, 8–9 Oct 9–10, Sat 10 Oct (worked) 11, 12–16 Oct 12–16, 19–22 Oct 17–20.
    result = derive(received_on=D("2026-09-18"), events=[], calendar=cal)
    assert result.due_on == D("2026-10-22")


def test_correction_restarts_the_period_from_the_day_the_correction_arrives(cal):
    # Received Mon 2 Mar; correction arrives Fri 20 Mar. After 20 Mar: 23–27 Mar 1–5,
    # 30 Mar–3 Apr 6–10, 6 Apr Qingming, 7–10 Apr 11–14, 13–17 Apr 15–19, 20 Apr 20.
    events = [
        ev(EventKind.REGISTERED, "2026-03-02"),
        ev(EventKind.CORRECTION_REQUESTED, "2026-03-06", deadline="2026-03-20"),
    ]
    waiting = derive(received_on=D("2026-03-02"), events=events, calendar=cal)
    assert waiting.status == ApplicationStatus.AWAITING_CORRECTION
    assert waiting.due_on is None
    assert waiting.wait_until == D("2026-03-20")

    events.append(ev(EventKind.CORRECTED, "2026-03-20"))
    result = derive(received_on=D("2026-03-02"), events=events, calendar=cal)
    assert result.status == ApplicationStatus.IN_PROGRESS
    assert result.due_on == D("2026-04-20")
    assert result.wait_until is None


def test_consultation_days_after_the_start_up_to_and_including_the_end_do_not_count(cal):
    # Received Wed 1 Apr. Counted before the pause: 2, 3, 7, 8, 9, 10 Apr = 6 (6 Apr Qingming).
    # Paused: 13–24 Apr. Resumes after Fri 24 Apr with 14 left: 27–30 Apr 7–10,
    # 1–5 May Labour Day, 6–8 May 11–13, Sat 9 May (worked) 14, 11–15 May 15–19, 18 May 20.
    events = [
        ev(EventKind.REGISTERED, "2026-04-01"),
        ev(EventKind.CONSULTATION_STARTED, "2026-04-10", kind="third_party"),
    ]
    during = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
    assert during.status == ApplicationStatus.IN_CONSULTATION
    # Issue 10: an open consultation pauses the count up to the consulted party's 15th
    # working day at the most, so the due date is known: after Wed 6 May, 14 left:
    # 7, 8 May, Sat 9 May (worked), 11–15, 18–22, 25 May = 14th.
    assert during.due_on == D("2026-05-25")
    assert during.remaining == 14
    # The consulted party has 15 working days after 10 Apr: 13–17, 20–24, 27–30 Apr,
    # then 6 May (1–5 May off) = 15th.
    assert during.wait_until == D("2026-05-06")

    events.append(ev(EventKind.CONSULTATION_ENDED, "2026-04-24"))
    result = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
    assert result.status == ApplicationStatus.IN_PROGRESS
    assert result.due_on == D("2026-05-18")
    assert result.paused_workdays == 10


def test_consultation_started_and_ended_the_same_day_pauses_nothing(cal):
    events = [
        ev(EventKind.CONSULTATION_STARTED, "2026-04-10", kind="organ"),
        ev(EventKind.CONSULTATION_ENDED, "2026-04-10"),
    ]
    # Without a pause 1 Apr gives 30 Apr: 2, 3, 7–10, 13–17, 20–24, 27–30 Apr.
    result = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
    assert result.due_on == D("2026-04-30")


def test_extension_adds_its_working_days_once(cal):
    # Received 1 Apr, due 30 Apr; +20: 6–8 May 21–23, Sat 9 May 24, 11–15 May 25–29,
    # 18–22 May 30–34, 25–29 May 35–39, Mon 1 Jun 40.
    events = [ev(EventKind.EXTENDED, "2026-04-20", workdays=20)]
    result = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
    assert result.due_on == D("2026-06-01")
    assert result.extended_by == 20


def test_fee_wait_does_not_count(cal):
    # Received Mon 1 Jun; 4 days counted (2–5 Jun) before the notice on Fri 5 Jun.
    # Payment deadline: 20 working days after 5 Jun: 8–12 Jun 5, 15–18 Jun 9 (19 Jun
    # Dragon Boat), 22–26 Jun 14, 29–30 Jun 16, 1–3 Jul 19, Mon 6 Jul 20.
    events = [
        ev(EventKind.REGISTERED, "2026-06-01"),
        ev(EventKind.FEE_NOTIFIED, "2026-06-05", amount="100", pay_by="2026-07-06"),
    ]
    waiting = derive(received_on=D("2026-06-01"), events=events, calendar=cal)
    assert waiting.status == ApplicationStatus.AWAITING_PAYMENT
    assert waiting.due_on is None
    assert waiting.remaining == 16
    assert waiting.wait_until == D("2026-07-06")

    # Paid Wed 17 Jun: 8–12 and 15–17 Jun (8 working days) do not count. 16 left after
    # 17 Jun: 18 Jun 1, 22–26 Jun 2–6, 29–30 Jun 7–8, 1–3 Jul 9–11, 6–10 Jul 12–16.
    events.append(ev(EventKind.FEE_PAID, "2026-06-17"))
    result = derive(received_on=D("2026-06-01"), events=events, calendar=cal)
    assert result.status == ApplicationStatus.IN_PROGRESS
    assert result.due_on == D("2026-07-10")
    assert result.paused_workdays == 8


def test_overlapping_pauses_count_their_days_once(cal):
    # Consultation 10–24 Apr and a fee wait 20–28 Apr: paused 13 Apr–28 Apr (12 working
    # days). 6 counted by 10 Apr; after 28 Apr: 29–30 Apr 7–8, 6–8 May 9–11, 9 May 12,
    # 11–15 May 13–17, 18–20 May 18–20.
    events = [
        ev(EventKind.CONSULTATION_STARTED, "2026-04-10", kind="organ"),
        ev(EventKind.FEE_NOTIFIED, "2026-04-20", pay_by="2026-05-20"),
        ev(EventKind.CONSULTATION_ENDED, "2026-04-24"),
        ev(EventKind.FEE_PAID, "2026-04-28"),
    ]
    result = derive(received_on=D("2026-04-01"), events=events, calendar=cal)
    assert result.due_on == D("2026-05-20")


def test_correction_request_then_extension_and_consultation_combine(cal):
    # Correction arrives Fri 20 Mar → 20 Apr (see above). Consultation 1–3 Apr pauses
    # 2–3 Apr (2 days); extension of 5: 20 + 5 + 2 working days after 20 Mar:
    # 21 Apr 21, 22 Apr 22, 23 Apr 23, 24 Apr 24, 27 Apr 25, 28 Apr 26, 29 Apr 27.
    events = [
        ev(EventKind.CORRECTION_REQUESTED, "2026-03-05", deadline="2026-03-25"),
        ev(EventKind.CORRECTED, "2026-03-20"),
        ev(EventKind.CONSULTATION_STARTED, "2026-04-01", kind="third_party"),
        ev(EventKind.CONSULTATION_ENDED, "2026-04-03"),
        ev(EventKind.EXTENDED, "2026-04-10", workdays=5),
    ]
    result = derive(received_on=D("2026-03-02"), events=events, calendar=cal)
    assert result.due_on == D("2026-04-29")


@pytest.mark.parametrize(
    ("kind", "data", "outcome"),
    [
        (EventKind.ANSWERED, {"outcome": "granted"}, Outcome.GRANTED),
        (EventKind.WITHDRAWN, {}, Outcome.OTHER),
        (EventKind.CORRECTION_LAPSED, {}, Outcome.OTHER_NO_CORRECTION),
        (EventKind.FEE_LAPSED, {}, Outcome.OTHER_FEE_UNPAID),
    ],
)
def test_closing_events_close_with_their_outcome(cal, kind, data, outcome):
    result = derive(
        received_on=D("2026-03-02"), events=[ev(kind, "2026-03-10", **data)], calendar=cal
    )
    assert result.status == ApplicationStatus.CLOSED
    assert result.outcome == outcome
    assert result.closed_on == D("2026-03-10")
    # The due date at closing stays known: 20 working days after 2 Mar is 30 Mar.
    assert result.due_on == D("2026-03-30")


def test_without_receipt_the_application_awaits_confirmation(cal):
    result = derive(received_on=None, events=[ev(EventKind.SUBMITTED, "2026-03-02")], calendar=cal)
    assert result.status == ApplicationStatus.AWAITING_CONFIRMATION
    assert result.due_on is None


def test_a_year_missing_from_the_calendar_gives_a_provisional_due_date(cal):
    # Issue 10: this used to raise CalendarNotCovered and leave no due date.
    # 10 Dec 2026 + 20 working days runs into January 2027, which the calendar lacks:
    # after Thu 10 Dec: 11 Dec 1, 14–18 Dec 6, 21–25 Dec 11, 28–31 Dec 15,
    # (Fri 1 Jan 2027 元旦 by the 办法), 4–8 Jan 20.
    result = derive(received_on=D("2026-12-10"), events=[], calendar=cal)
    assert result.due_on == D("2027-01-08")
    assert result.provisional_years == (2027,)
    assert result.dates_provisional
    assert "暂定" in result.steps[-1].label
    assert "2027" in result.steps[-1].detail
    assert result.steps[-1].date is None


def test_a_due_date_inside_covered_years_is_not_provisional(cal):
    # After Tue 1 Dec 2026 the 20th working day is Tue 29 Dec: 2027 is never counted.
    result = derive(received_on=D("2026-12-01"), events=[], calendar=cal)
    assert result.due_on == D("2026-12-29")
    assert result.provisional_years == ()
    assert "暂定" not in result.steps[-1].label


def test_a_consultation_deadline_in_a_year_not_entered_is_provisional(cal):
    # The period stops; the consulted party's 15 working days after Mon 14 Dec 2026 reach
    # 2027: 15–18 Dec 4, 21–25 Dec 9, 28–31 Dec 13, (1 Jan 元旦), 4–5 Jan 15.
    events = [ev(EventKind.CONSULTATION_STARTED, "2026-12-14", kind="third_party")]
    result = derive(received_on=D("2026-12-01"), events=events, calendar=cal)
    # 9 counted before the pause (2–4, 7–11, 14 Dec); 11 after Tue 5 Jan: 6–8, 11–15, 18–20.
    assert result.due_on == D("2027-01-20")
    assert result.wait_until == D("2027-01-05")
    assert result.provisional_years == (2027,)


def test_a_correction_deadline_is_set_not_counted_and_never_provisional(cal):
    events = [ev(EventKind.CORRECTION_REQUESTED, "2026-12-14", deadline="2027-01-20")]
    result = derive(received_on=D("2026-12-10"), events=events, calendar=cal)
    assert result.wait_until == D("2027-01-20")
    assert result.provisional_years == ()


def test_a_fee_deadline_never_moves_earlier_than_the_notice_said(cal):
    # Notice received Mon 14 Dec 2026; 20 working days counted then on the provisional
    # 2027: 15–18 Dec 4, 21–25 Dec 9, 28–31 Dec 13, 4–8 Jan 18, 11–12 Jan 20 → 12 Jan.
    notice = {"delivered_on": "2026-12-14", "pay_by": "2027-01-12"}
    events = [ev(EventKind.FEE_NOTIFIED, "2026-12-14", **notice)]
    provisional = derive(received_on=D("2026-12-01"), events=events, calendar=cal)
    assert provisional.wait_until == D("2027-01-12")
    assert provisional.provisional_years == (2027,)
    # 2027 entered with two more days off in January: the later date counts.
    entered = WorkCalendar.build(
        {2025, 2026, 2027},
        {**cal.exceptions, D("2027-01-01"): False, D("2027-01-04"): False, D("2027-01-05"): False},
    )
    later = derive(received_on=D("2026-12-01"), events=events, calendar=entered)
    assert later.wait_until == D("2027-01-14")
    assert later.provisional_years == ()
    # ... and an earlier one does not: the applicant keeps the date the notice gave.
    worked = WorkCalendar.build({2025, 2026, 2027}, {**cal.exceptions, D("2027-01-02"): True})
    assert derive(received_on=D("2026-12-01"), events=events, calendar=worked).wait_until == (
        D("2027-01-12")
    )


def test_a_year_outside_the_holiday_rules_still_raises_instead_of_guessing():
    cal = WorkCalendar.build({2100}, {})
    with pytest.raises(CalendarNotCovered) as info:
        derive(received_on=D("2100-12-10"), events=[], calendar=cal)
    assert info.value.year == 2101


def test_derive_without_calendar_gives_status_but_no_date():
    result = derive_without_calendar(
        received_on=D("2026-12-10"),
        events=[ev(EventKind.FEE_NOTIFIED, "2026-12-11", pay_by="2027-01-12")],
    )
    assert result.status == ApplicationStatus.AWAITING_PAYMENT
    assert result.due_on is None
    assert result.wait_until == D("2027-01-12")


def test_explanation_lists_each_step_with_its_date(cal):
    events = [
        ev(EventKind.CONSULTATION_STARTED, "2026-04-10", kind="third_party"),
        ev(EventKind.CONSULTATION_ENDED, "2026-04-24"),
    ]
    steps = derive(received_on=D("2026-04-01"), events=events, calendar=cal).steps
    assert [s.date for s in steps] == [
        D("2026-04-01"),  # date of receipt
        D("2026-04-30"),  # 20 working days without pauses
        D("2026-04-10"),
        D("2026-04-24"),
        D("2026-05-18"),  # reply due
    ]
    assert "10" in steps[3].detail  # "10 working days … do not count"


def test_count_period_with_a_pause_on_the_starting_day_only_skips_later_days():
    cal = WorkCalendar.build([2026], {})
    # Mon 2 Mar 2026, plain weekdays: pause 2–4 Mar covers 3 and 4 Mar; 3 days after:
    # 5 Mar 1, 6 Mar 2, 9 Mar 3.
    assert count_period(cal, D("2026-03-02"), 3, [(D("2026-03-02"), D("2026-03-04"))]) == (
        D("2026-03-09"),
        0,
    )


def test_extension_before_a_correction_belongs_to_the_abandoned_period(cal):
    # Extended by 20 on 3 Mar, then corrected on 10 Mar: the period counts 20 working days
    # afresh from 10 Mar (11–13 Mar 3, 16–20 8, 23–27 13, 30 Mar – 3 Apr 18, 6 Apr off,
    # 7–8 Apr 20), not 40.
    events = [
        ev(EventKind.EXTENDED, "2026-03-03", workdays=20),
        ev(EventKind.CORRECTION_REQUESTED, "2026-03-04", deadline="2026-03-20"),
        ev(EventKind.CORRECTED, "2026-03-10"),
    ]
    result = derive(received_on=D("2026-03-02"), events=events, calendar=cal)
    assert result.due_on == D("2026-04-08")
    assert result.extended_by == 0
    # Extended again in the new period: 9–10 Apr 22, 13–17 Apr 27, 20–22 Apr 30.
    again = [*events, ev(EventKind.EXTENDED, "2026-03-11", workdays=10)]
    assert derive(received_on=D("2026-03-02"), events=again, calendar=cal).due_on == D("2026-04-22")


def test_extension_used_is_reset_by_a_correction():
    assert not extension_used([])
    assert extension_used([EventKind.REGISTERED, EventKind.EXTENDED])
    assert not extension_used(
        [EventKind.EXTENDED, EventKind.CORRECTION_REQUESTED, EventKind.CORRECTED]
    )
    assert extension_used([EventKind.CORRECTED, EventKind.EXTENDED, EventKind.NOTE])


def test_pay_by_date_counts_from_the_delivery_of_the_fee_notice(cal):
    # Notice sent Tue 3 Mar, received Fri 6 Mar: 20 working days after 6 Mar end 3 Apr.
    result = derive(
        received_on=D("2026-03-02"),
        events=[ev(EventKind.FEE_NOTIFIED, "2026-03-03", delivered_on="2026-03-06")],
        calendar=cal,
    )
    assert result.status == ApplicationStatus.AWAITING_PAYMENT
    assert result.wait_until == D("2026-04-03")
