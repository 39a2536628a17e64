"""Existing petitions: the acceptance deadline again, a 15th day off moved to the next working
day (民法典第二百零三条, `requests_app.petitions.rules.acceptance_deadline`).

Computed on the official calendar as it stands in the database. On a new database the
calendar is filled after the migrations (post_migrate), and there are no petitions yet.
Later calendar changes move the deadlines through `calendar_changed`
(`petitions.services.refresh_acceptance_deadlines`).
"""

from datetime import timedelta

from django.db import migrations

# The pure rule and the pure calendar: no model involved, so using today's code is safe.
from disclosure.workdays import CalendarNotCovered, WorkCalendar
from requests_app.petitions.rules import ACCEPTANCE_PERIOD_DAYS, acceptance_deadline


def move_deadlines_off_holidays(apps, schema_editor):
    CalendarYear = apps.get_model("disclosure", "CalendarYear")
    DayException = apps.get_model("disclosure", "DayException")
    Petition = apps.get_model("requests_app", "Petition")
    calendar = WorkCalendar.build(
        CalendarYear.objects.values_list("year", flat=True),
        dict(DayException.objects.values_list("date", "is_workday")),
    )
    moved: dict = {}
    rows = Petition.objects.values_list("pk", "received_on", "accept_by").order_by()
    for pk, received_on, accept_by in rows.iterator(chunk_size=2000):
        try:
            deadline = acceptance_deadline(received_on, calendar)
        except CalendarNotCovered:
            deadline = received_on + timedelta(days=ACCEPTANCE_PERIOD_DAYS)
        if deadline != accept_by:
            moved.setdefault(deadline, []).append(pk)
    for deadline, pks in moved.items():
        Petition.objects.filter(pk__in=pks).update(accept_by=deadline)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0001_initial"),
        ("requests_app", "0005_delayed_reply"),
    ]

    operations = [
        # Going back keeps the moved dates: they are what the rule says for those rows.
        migrations.RunPython(move_deadlines_off_holidays, migrations.RunPython.noop),
    ]
