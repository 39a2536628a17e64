"""Published disclosures that are not yet in the search index, indexed by a background job.

The paths that save one record (the admin, the services) index it in their own transaction
(`disclosure.search.signals`). A bulk import writes tens of thousands of rows with COPY-class
inserts and no signals: segmenting every body inside its transaction would cost more than
the import itself, so the import commits and then starts this job, which indexes what is
missing in batches of its own (`index.index_missing`). Until the job reaches them, imported
documents are in the catalogue but not yet found by the search; nothing unpublished is ever
indexed, and a withdrawal still leaves the index at once.

Beat runs the same catch-up every few minutes (`CELERY_BEAT_SCHEDULE`), so a job that could
not be queued (the broker was down) is made good without anyone noticing; without beat,
`manage.py rebuild_search_index --missing` does it.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from disclosure.jobs.registry import JobKind

logger = logging.getLogger(__name__)

KIND = "search_index"


def run(job, progress) -> dict:
    from disclosure.search import index
    from disclosure.services.catalogue_cache import catalogue_changed

    done = index.index_missing(progress=lambda d, t: progress("index", d, t))
    if done:
        # A cached search result page may now be missing these documents.
        catalogue_changed()
    return {
        "indexed": done,
        "output": ngettext(
            "%(count)d disclosure added to the search index.",
            "%(count)d disclosures added to the search index.",
            done,
        )
        % {"count": done},
        "warnings": "",
    }


SEARCH_INDEX_JOB = JobKind(
    name=KIND,
    label=_("Search index of imported disclosures"),
    run=run,
    result_template="admin/disclosure/job/result_output.html",
    stages={"index": _("Disclosures indexed")},
)


def start_indexing(user=None):
    """Queue the job that indexes what is missing (one per import)."""
    from disclosure.jobs import start_job

    return start_job(KIND, user=user)


class _AfterCommit:
    """The start of one indexing job when a transaction commits."""

    def __init__(self, user):
        self.user = user

    def __call__(self):
        start_indexing(self.user)


def index_after_commit(user=None, using: str = "default") -> None:
    """Start the indexing job once the current transaction commits, once per transaction
    however many batches asked (robust: the import is saved either way, and beat's
    catch-up indexes what a failed start left out)."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        isinstance(entry[1], _AfterCommit) for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(_AfterCommit(user), using=using, robust=True)


@shared_task(name="disclosure.index_missing")
def index_missing_task() -> int:
    """Beat's safety net: index what no job has indexed yet, without recording a job."""
    from disclosure.search import index
    from disclosure.services.catalogue_cache import catalogue_changed

    done = index.index_missing()
    if done:
        logger.info(gettext("%(count)d disclosures added to the search index.") % {"count": done})
        catalogue_changed()
    return done
