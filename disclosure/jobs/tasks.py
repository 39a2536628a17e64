"""The Celery tasks of the job system. Imported by `DisclosureConfig.ready()`."""

from celery import shared_task
from django.conf import settings

from disclosure.jobs.runner import execute, purge_job_files


@shared_task(
    name="disclosure.run_job",
    soft_time_limit=settings.JOB_TIME_LIMIT,
    time_limit=settings.JOB_TIME_LIMIT + 60,
)
def run_job(job_id: int) -> None:
    execute(job_id)


@shared_task(name="disclosure.purge_job_files")
def purge_job_files_task() -> int:
    return purge_job_files()
