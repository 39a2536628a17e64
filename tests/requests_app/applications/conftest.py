"""Fixtures for the applications tests.

`official_2025_2026` is the State Council schedule for 2025 (国办发明电〔2024〕12号)
and 2026 (国办发明电〔2025〕7号) written out by hand, so that deadline tests do
not depend on the calendar package or the database.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from disclosure.workdays import WorkCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")

HOLIDAYS_ON_WEEKDAYS = [
    # 2025
    "2025-01-01",
    "2025-01-28",
    "2025-01-29",
    "2025-01-30",
    "2025-01-31",
    "2025-02-03",
    "2025-02-04",
    "2025-04-04",
    "2025-05-01",
    "2025-05-02",
    "2025-05-05",
    "2025-06-02",
    "2025-10-01",
    "2025-10-02",
    "2025-10-03",
    "2025-10-06",
    "2025-10-07",
    "2025-10-08",
    # 2026
    "2026-01-01",
    "2026-01-02",
    "2026-02-16",
    "2026-02-17",
    "2026-02-18",
    "2026-02-19",
    "2026-02-20",
    "2026-02-23",
    "2026-04-06",
    "2026-05-01",
    "2026-05-04",
    "2026-05-05",
    "2026-06-19",
    "2026-09-25",
    "2026-10-01",
    "2026-10-02",
    "2026-10-05",
    "2026-10-06",
    "2026-10-07",
]
WORKED_WEEKEND_DAYS = [  # 调休
    "2025-01-26",
    "2025-02-08",
    "2025-04-27",
    "2025-09-28",
    "2025-10-11",
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
]


@pytest.fixture
def cal() -> WorkCalendar:
    exceptions = {date.fromisoformat(d): False for d in HOLIDAYS_ON_WEEKDAYS}
    exceptions.update({date.fromisoformat(d): True for d in WORKED_WEEKEND_DAYS})
    return WorkCalendar.build([2025, 2026], exceptions)


def at(day: str, hour: int = 10):
    """A moment on `day` in Shanghai, for time_machine."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


@pytest.fixture
def frozen():
    """Freeze time: `frozen("2026-12-01")`; travel again to move on."""
    travellers = []

    def _travel(day: str, hour: int = 10):
        if travellers:
            travellers.pop().stop()
        t = time_machine.travel(at(day, hour), tick=False)
        t.start()
        travellers.append(t)

    yield _travel
    for t in travellers:
        t.stop()
