"""Running a job: claim its row, run its kind, store the result or why it failed.

Whatever runs it (a Celery worker, or the request itself when no broker is configured),
`execute(job_id)` is the one path: a job is claimed once (a message delivered twice runs
nothing twice), its kind runs in the language of the person who started it, and any
exception marks the job failed with a message. A kind that writes does so in one
transaction (the import runner's all-or-nothing), so a failed job has written nothing.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from disclosure.jobs import registry
from disclosure.models.jobs import Job, JobState

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds), and at every change of stage.
PROGRESS_INTERVAL = 0.5


class JobFailed(Exception):
    """The work cannot be done; the message is shown to the person who started the job."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


def progress_key(job_id: int) -> str:
    return f"job-progress:{job_id}"


class Progress:
    """`progress(stage, done, total)` for a running job, throttled.

    Written to the cache, which the job page reads (Redis: shared by the workers and the
    app servers), and to the job's row when no transaction is open. An import reports from
    inside its all-or-nothing transaction: a row written there would stay invisible until
    the end, and be rolled back with a failed import.
    """

    def __init__(self, job: Job, *, interval: float = PROGRESS_INTERVAL):
        self.job = job
        self.interval = interval
        self.stage = ""
        self.written_at = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.stage and done < total and now - self.written_at < self.interval:
            return
        self.stage, self.written_at = stage, now
        job = self.job
        job.stage, job.done, job.total = stage, done, total
        cache.set(
            progress_key(job.pk),
            {"stage": stage, "done": done, "total": total},
            timeout=settings.JOB_TIME_LIMIT + 600,
        )
        if not connection.in_atomic_block:
            Job.objects.filter(pk=job.pk).update(stage=stage, done=done, total=total)


def live_progress(job: Job) -> Job:
    """The job with the latest progress a running job reported (from the cache)."""
    if job.state == JobState.RUNNING:
        reported = cache.get(progress_key(job.pk))
        if reported:
            job.stage, job.done, job.total = reported["stage"], reported["done"], reported["total"]
    return job


def execute(job_id: int) -> None:
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        # Delivered twice, or a job of another database: nothing to do.
        logger.warning("job %s is not queued here; not run", job_id)
        return
    job = Job.objects.select_related("user").get(pk=job_id)
    result, error = None, ""
    try:
        kind = registry.get(job.kind)
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            try:
                result = kind.run(job, Progress(job))
            except JobFailed as exc:
                error = exc.message
            except Exception as exc:
                if type(exc).__name__ == "SoftTimeLimitExceeded":
                    error = _(
                        "The job took longer than %(minutes)d minutes and was stopped; "
                        "nothing of it was kept."
                    ) % {"minutes": settings.JOB_TIME_LIMIT // 60}
                else:
                    logger.exception("job %s (%s) failed", job.pk, job.kind)
                    error = _("The job stopped on an unexpected error: %(error)s") % {
                        "error": f"{type(exc).__name__}: {exc}"[:500]
                    }
    except registry.UnknownJobKind:
        error = _("Unknown kind of job: %(kind)s") % {"kind": job.kind}
    _finish(job, result=result, error=error)


def _finish(job: Job, *, result, error: str) -> None:
    job.finished_at = timezone.now()
    fields = ["state", "result", "error", "finished_at", "stage", "done", "total"]
    if error:
        job.state, job.result, job.error = JobState.FAILED, None, error
        if job.output:
            job.output.delete(save=False)
            fields += ["output", "output_name"]
            job.output_name = ""
    else:
        job.state, job.result, job.error = JobState.SUCCEEDED, result, ""
        if job.output:
            fields += ["output", "output_name"]
        if job.total:
            job.done = job.total
    keep = False
    if not error and job.upload:
        try:
            keep = registry.get(job.kind).keep_upload(job, result)
        except registry.UnknownJobKind:
            keep = False
    if job.upload and not keep:
        job.upload.delete(save=False)
        fields.append("upload")
    Job.objects.filter(pk=job.pk).update(**{f: getattr(job, f) for f in fields})
    cache.delete(progress_key(job.pk))


def fail_unqueued(job_id: int, reason: str) -> None:
    """The job could not be handed to the queue (Redis unreachable): say so on its page."""
    job = Job.objects.filter(pk=job_id, state=JobState.QUEUED).first()
    if job is not None:
        _finish(
            job,
            result=None,
            error=_("The job could not be queued, nothing was done: %(reason)s")
            % {"reason": reason},
        )


def purge_job_files(*, now=None) -> int:
    """Delete the files jobs no longer need; mark failed the jobs a worker lost.

    A checked import waits `JOB_FILES_DAYS` for its confirmation, a zip of documents as
    long for its download; a job still "running" well past the time limit was lost with
    its worker (nothing of it was committed). Returns how many files were deleted.
    """
    now = now or timezone.now()
    lost = Job.objects.filter(
        state__in=[JobState.QUEUED, JobState.RUNNING],
        created_at__lt=now - timedelta(seconds=2 * settings.JOB_TIME_LIMIT + 3600),
    )
    for job in lost:
        _finish(
            job,
            result=None,
            error=_("The worker running this job stopped; nothing of it was kept."),
        )
    cutoff = now - timedelta(days=settings.JOB_FILES_DAYS)
    deleted = 0
    old = Job.objects.filter(finished_at__lt=cutoff).exclude(upload="", output="")
    for job in old:
        for field in ("upload", "output"):
            file = getattr(job, field)
            if file:
                try:
                    file.delete(save=False)
                    deleted += 1
                except OSError:
                    logger.warning("could not delete %s of job %s", file.name, job.pk)
        Job.objects.filter(pk=job.pk).update(upload="", output="")
    return deleted
