"""The daily open-data export as a background job: `celery -A config beat` starts it every
night (`CELERY_BEAT_SCHEDULE`); a cron running `manage.py export_open_data` is the
alternative for a site without beat. The work is `disclosure.open_data.export_open_data`.
"""

from celery import shared_task
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from disclosure.jobs.registry import JobKind

OPEN_DATA_KIND = "export_open_data"


def run(job, progress) -> dict:
    from disclosure.open_data import export_open_data

    manifest = export_open_data(progress=progress)
    sizes = ", ".join(f"{info['name']} {info['size']:,} B" for info in manifest["files"].values())
    output = gettext("%(count)d published disclosures written: %(files)s.") % {
        "count": manifest["count"],
        "files": sizes,
    }
    return {"output": output, "warnings": "", "manifest": manifest}


OPEN_DATA_JOB = JobKind(
    name=OPEN_DATA_KIND,
    label=_("Open data export of the catalogue"),
    run=run,
    result_template="admin/disclosure/job/result_output.html",
    stages={"export": _("Published disclosures")},
)


@shared_task(name="disclosure.export_open_data")
def export_open_data_job() -> int:
    """Beat's entry: record the day's export job (owned by no one) and queue it."""
    from disclosure.jobs import start_job

    return start_job(OPEN_DATA_KIND, user=None).pk
