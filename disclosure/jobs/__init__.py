"""Background jobs: `start_job(kind, user=…, params=…)` records a job and queues it.

The job runs on a Celery worker (`celery -A config worker`), or in the process that
started it when no broker is configured (`make run`, `JOBS_IN_PROCESS=1`). Kinds are
registered by the apps (`registry.register(JobKind(...))`); the row (`disclosure.Job`)
holds the progress, the result and the error, which the admin shows at
/admin/disclosure/job/.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import translation

from disclosure.jobs.registry import JobKind, register
from disclosure.jobs.runner import JobFailed, fail_unqueued, live_progress
from disclosure.jobs.tasks import run_job
from disclosure.models.jobs import Job

__all__ = ["Job", "JobFailed", "JobKind", "enqueue", "live_progress", "register", "start_job"]

logger = logging.getLogger(__name__)


def start_job(kind: str, *, user, params: dict | None = None, upload: str = "") -> Job:
    """Record a job of `kind` and queue it once the current transaction commits.

    `upload` is the name of a file already in private storage that the job reads and
    then deletes. The job's texts are written in the language active now.
    """
    job = Job.objects.create(
        kind=kind,
        user=user,
        params={**(params or {}), "language": translation.get_language()},
        upload=upload,
    )
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id: int) -> None:
    try:
        run_job.delay(job_id)
    except Exception as exc:  # the broker is unreachable: the job says so, nothing is lost
        logger.exception("could not queue job %s", job_id)
        fail_unqueued(job_id, f"{type(exc).__name__}: {exc}"[:300])
