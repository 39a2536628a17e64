"""Annual-report deadlines follow the 条例 in force when the report fell due.

2007 条例 第三十一条: every organ by 31 March. 2019 条例 (in force 15 May 2019) 第四十九条:
departments by 31 January, 县级以上地方人民政府 by 31 March.
"""

from datetime import date

import pytest

from reports.reminders import publication_reminders, statutory_due_date
from tests.factories import OrganizationFactory

KINDS = ["department", "subdistrict", "township", "government"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("year", [2008, 2016, 2018])
def test_reports_due_under_the_2007_regulation_are_due_on_31_march(kind, year):
    assert statutory_due_date(kind, year) == date(year + 1, 3, 31)


def test_the_report_on_2018_was_due_before_the_2019_regulation_took_effect():
    # Due 31 March 2019 under the 2007 text; the 2019 条例 took effect on 15 May 2019.
    assert statutory_due_date("department", 2018) == date(2019, 3, 31)
    # From the report on 2019: 第四十九条.
    assert statutory_due_date("department", 2019) == date(2020, 1, 31)
    assert statutory_due_date("government", 2019) == date(2020, 3, 31)


@pytest.mark.django_db
def test_a_department_is_not_overdue_in_february_2017_for_its_report_on_2016():
    district = OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")
    dept = OrganizationFactory(code="zlj-hbj", name="自流井区环境保护局", parent=district)

    assert publication_reminders(organization_ids={dept.pk}, today=date(2017, 2, 15)) == []
    (reminder,) = publication_reminders(organization_ids={dept.pk}, today=date(2017, 3, 10))
    assert (reminder.year, reminder.due_on, reminder.overdue) == (2016, date(2017, 3, 31), False)
    assert reminder.days_left == 21
