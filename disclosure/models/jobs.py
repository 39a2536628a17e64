"""Background jobs: one row per piece of work longer than a request (an import's check or
save, the documents of many reports, the daily reminders).

The row is what staff see: who started it, how far it has come, its result or why it
failed. The engine that runs it is Celery (`config/celery.py`, `disclosure/jobs/`); the row
does not depend on it, so a job run in-process (no broker configured) looks the same.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosure.storage import private_storage


class JobState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")


FINISHED_STATES = (JobState.SUCCEEDED, JobState.FAILED)


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own jobs; a superuser sees every job (the reminders have no owner)."""
        if user.is_superuser:
            return self
        return self.filter(user=user)

    def finished(self):
        return self.filter(state__in=FINISHED_STATES)

    def unfinished(self):
        return self.exclude(state__in=FINISHED_STATES)


def _private_storage():
    return private_storage()


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    # What the job was asked to do (the import kind, the file's name, the report ids …).
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    # The kind's result, as JSON: an import's counts and its line-and-column errors.
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The file the job reads (an uploaded import) and the file it made (a zip of documents):
    # private, never served directly, deleted when no longer needed (`disclosure.jobs`).
    upload = models.FileField(
        _("uploaded file"), storage=_private_storage, upload_to="jobs", blank=True, max_length=200
    )
    output = models.FileField(
        _("produced file"), storage=_private_storage, upload_to="jobs", blank=True, max_length=200
    )
    output_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["user", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=JobState.values), name="job_state_valid"
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.kind} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def percent(self) -> int:
        if self.state == JobState.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
