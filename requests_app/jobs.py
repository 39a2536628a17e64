"""The daily reminders as a background job: `celery -A config beat` starts it every
morning (`CELERY_BEAT_SCHEDULE`); a cron running `manage.py remind_deadlines` is the
alternative for a site without beat.
"""

from io import StringIO

from celery import shared_task
from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from disclosure.jobs import JobKind, start_job

REMINDERS_KIND = "remind_deadlines"
# What the job keeps of the command's output (the mails' text without personal data).
MAX_OUTPUT_CHARS = 50_000


def run(job, progress) -> dict:
    progress("send", 0, 1)
    out, err = StringIO(), StringIO()
    call_command("remind_deadlines", stdout=out, stderr=err, days=job.params.get("days", 5))
    progress("send", 1, 1)
    return {"output": out.getvalue()[-MAX_OUTPUT_CHARS:], "warnings": err.getvalue()}


REMINDERS_JOB = JobKind(
    name=REMINDERS_KIND,
    label=_("Daily deadline reminders"),
    run=run,
    result_template="admin/disclosure/job/result_output.html",
    stages={"send": _("Reminders")},
)


@shared_task(name="requests_app.remind_deadlines")
def remind_deadlines_job(days: int = 5) -> int:
    """Beat's entry: record the day's reminder job (owned by no one) and queue it."""
    return start_job(REMINDERS_KIND, user=None, params={"days": days}).pk
