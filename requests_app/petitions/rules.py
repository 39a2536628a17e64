"""Pure rules for petitions (信访): collective visits, the acceptance period. No database."""

from datetime import date, timedelta

# 集体访: the seed report (and the usual 信访 statistics) count a visit by five or
# more persons as a collective visit (群访).
COLLECTIVE_VISIT_MIN_PERSONS = 5

# 信访工作条例（2022）第二十二条第一款、第二十三条第三款 (and 信访条例（2005）第二十一条、
# 第二十二条 before it): decide and tell the petitioner "在15日内" / "自收到之日起15日内".
# These are calendar days: the same article counts other periods in 工作日 ("5个工作日内")
# when it means working days. As for every period counted in days, the day of
# receipt is not counted (民法典第二百零一条), so the last day is receipt + 15.
ACCEPTANCE_PERIOD_DAYS = 15


def acceptance_deadline(received_on: date) -> date:
    """The last day on which the decision whether to accept is still in time."""
    return received_on + timedelta(days=ACCEPTANCE_PERIOD_DAYS)


def is_accepted_in_time(received_on: date, decided_on: date) -> bool:
    return decided_on <= acceptance_deadline(received_on)
