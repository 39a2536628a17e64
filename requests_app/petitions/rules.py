"""Pure rules for petitions (信访): collective visits, the acceptance period. No database."""

from datetime import date, timedelta

from disclosure.workdays import WorkCalendar

# 集体访: the seed report (and the usual 信访 statistics) count a visit by five or
# more persons as a collective visit (群访).
COLLECTIVE_VISIT_MIN_PERSONS = 5

# 信访工作条例（2022）第二十二条第一款、第二十三条第三款 (and 信访条例（2005）第二十一条、
# 第二十二条 before it): decide and tell the petitioner "在15日内" / "自收到之日起15日内".
# These are calendar days: the same article counts other periods in 工作日 ("5个工作日内")
# when it means working days. As for every period counted in days, the day of
# receipt is not counted (民法典第二百零一条), so the last day is receipt + 15.
ACCEPTANCE_PERIOD_DAYS = 15


def acceptance_deadline(received_on: date, calendar: WorkCalendar) -> date:
    """The last day on which the decision whether to accept is still in time.

    民法典第二百零三条第一款: "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间
    的最后一日". The 信访工作条例 has no rule of its own on counting periods (民法典
    第二百零四条), so a 15th day that is not a working day on the official calendar — a
    weekend or a holiday — moves to the next working day; a weekend day worked by 调休
    is a working day and ends the period. Received 2026-02-05: the 15th day,
    2026-02-20, is in the Spring Festival holiday, so the last day is 2026-02-24.
    Raises `CalendarNotCovered` for a year the calendar cannot count.
    """
    last = received_on + timedelta(days=ACCEPTANCE_PERIOD_DAYS)
    while not calendar.is_workday(last):
        last += timedelta(days=1)
    return last


def is_accepted_in_time(received_on: date, decided_on: date, calendar: WorkCalendar) -> bool:
    return decided_on <= acceptance_deadline(received_on, calendar)
