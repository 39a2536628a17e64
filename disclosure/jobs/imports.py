"""The import job: checking a file (a dry run) and saving it, each as a job.

`run_import` does the work, all or nothing, and reports (stage, done, total); the job
stores its `ImportResult` as JSON (counts and every line-and-column problem) and the page
shows it as the import page always did.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.importing import ImportFileError, run_import
from core.importing.base import ImportResult, LineError
from disclosure.jobs.registry import JobKind
from disclosure.jobs.runner import JobFailed
from disclosure.models.jobs import Job, JobState

KIND = "import"
# A file with more problems than this lists the first ones and says how many there were.
MAX_STORED_ERRORS = 10_000


def result_to_json(result: ImportResult) -> dict:
    return {
        "kind": result.kind,
        "dry_run": result.dry_run,
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "error_count": len(result.errors),
        "errors": [[e.line, e.column, e.message] for e in result.errors[:MAX_STORED_ERRORS]],
    }


def result_from_json(data: dict) -> ImportResult:
    return ImportResult(
        kind=data["kind"],
        dry_run=data["dry_run"],
        errors=[LineError(line, column, message) for line, column, message in data["errors"]],
        rows=data["rows"],
        created=data["created"],
        updated=data["updated"],
        unchanged=data["unchanged"],
    )


def run(job: Job, progress) -> dict:
    params = job.params
    user = job.user
    if user is None or not user.is_active:
        # Never run as "everything" (user=None is the operator's command).
        raise JobFailed(gettext("The account that started this import is no longer active."))
    if not job.upload:
        raise JobFailed(gettext("The file of this import is no longer available."))
    try:
        with job.upload.open("rb") as handle:
            result = run_import(
                params["kind"],
                handle,
                dry_run=params["dry_run"],
                user=user,
                filename=params["filename"],
                progress=progress,
            )
    except ImportFileError as exc:
        raise JobFailed(str(exc)) from exc
    except PermissionDenied as exc:
        raise JobFailed(gettext("You may not import records of this kind.")) from exc
    except FileNotFoundError as exc:
        raise JobFailed(gettext("The file of this import is no longer available.")) from exc
    return result_to_json(result)


def awaits_confirmation(job: Job, result) -> bool:
    """A check without problems keeps its file for the confirmation."""
    return bool(result and result["dry_run"] and not result["error_count"])


def confirmable(job: Job) -> bool:
    return (
        job.kind == KIND
        and job.state == JobState.SUCCEEDED
        and bool(job.upload)
        and awaits_confirmation(job, job.result)
    )


IMPORT_JOB = JobKind(
    name=KIND,
    label=_("Import of records"),
    run=run,
    result_template="admin/disclosure/job/result_import.html",
    stages={"check": _("Rows checked"), "save": _("Rows saved")},
    keep_upload=awaits_confirmation,
)
