"""The text of attachments for the search, read by a background job.

Whenever an attachment is created or its file replaced (the admin's upload, an import, the
demo), its text is marked as waiting (`text_status = pending`) and, once the transaction
commits, one job of kind `attachment_text` reads the text of every attachment that
transaction touched: through the attachment storage (the files are private, never read by
path), bounded in size and time (`disclosure/search/extract.py`), each attachment's text
stored in its own small write, then the disclosures re-indexed
(`disclosure.search.index.update_disclosures`). The job system's time limit bounds the
job as a whole. `manage.py extract_attachment_text` does the same for attachments
uploaded before (`--missing`) or for all of them (`--all`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from disclosure.jobs.registry import JobKind
from disclosure.models.catalogue import Attachment, AttachmentTextStatus
from disclosure.search import extract as extractor

logger = logging.getLogger(__name__)

KIND = "attachment_text"
# Attachments read between two updates of the search index.
CHUNK = 100


def read_attachment(attachment: Attachment) -> extractor.Extraction:
    """The text of one attachment, read through its storage; never raises for a bad file."""
    name = attachment.file.name
    if not name:
        return extractor.Extraction("", AttachmentTextStatus.NO_TEXT)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in extractor.READ_EXTENSIONS:
        return extractor.Extraction("", AttachmentTextStatus.NO_TEXT)
    storage = attachment.file.storage
    limit = extractor.max_file_bytes()
    try:
        if storage.size(name) > limit:
            logger.warning("attachment %s (%s) is too large to read", attachment.pk, name)
            return extractor.Extraction(
                "", AttachmentTextStatus.TOO_LARGE, f"larger than {limit // extractor.MB} MB"
            )
        with storage.open(name, "rb") as handle:
            # One byte more than allowed tells a file at the limit from a larger one.
            data = handle.read(limit + 1)
    except OSError as exc:
        logger.warning("attachment %s (%s) could not be opened: %s", attachment.pk, name, exc)
        return extractor.Extraction("", AttachmentTextStatus.FAILED, str(exc)[:300])
    return extractor.extract(data, extension, name=f"attachment {attachment.pk} ({name})")


def extract_attachments(
    ids: Iterable[int],
    *,
    progress: Callable[[str, int, int], None] | None = None,
    only_pending: bool = True,
) -> dict:
    """Read and store the text of these attachments, then re-index their disclosures.

    `only_pending`: skip attachments whose text was read since they were queued (a job
    delivered twice, the demo that reads its files at once). Returns the counts per outcome.
    """
    ids = sorted(set(ids))
    counts = {status: 0 for status in AttachmentTextStatus.values if status != "pending"}
    total = len(ids)
    done = 0
    if progress:
        progress("read", 0, total)
    for start in range(0, total, CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = Attachment.objects.filter(pk__in=chunk).order_by("pk")
        if only_pending:
            rows = rows.filter(text_status=AttachmentTextStatus.PENDING)
        disclosure_ids = set()
        for attachment in rows.only("pk", "file", "disclosure"):
            extraction = read_attachment(attachment)
            # Only if the file is still the one read: a file replaced meanwhile is queued again.
            stored = Attachment.objects.filter(pk=attachment.pk, file=attachment.file.name).update(
                extracted_text=extraction.text,
                text_status=extraction.status,
                extracted_at=timezone.now(),
            )
            if stored:
                counts[extraction.status] += 1
                disclosure_ids.add(attachment.disclosure_id)
        done += len(chunk)
        if disclosure_ids:
            update_search_index(disclosure_ids)
        if progress:
            progress("read", done, total)
    return counts


def update_search_index(disclosure_ids: Iterable[int]) -> None:
    """Re-index these disclosures; cached public pages (a search's results) are stale."""
    # Imported here: the search package imports the models, which import nothing of it.
    from disclosure.search import index
    from disclosure.services.catalogue_cache import catalogue_changed

    index.update_disclosures(sorted(disclosure_ids))
    catalogue_changed()


def summary(counts: dict) -> str:
    return (
        gettext(
            "Text read: %(extracted)d; no text: %(no_text)d; too large: %(too_large)d; "
            "unreadable: %(failed)d."
        )
        % counts
    )


def run(job, progress) -> dict:
    counts = extract_attachments(job.params.get("attachment_ids") or [], progress=progress)
    read = sum(counts.values())
    return {
        **counts,
        "output": ngettext("%(count)d attachment read.", "%(count)d attachments read.", read)
        % {"count": read}
        + "\n"
        + summary(counts),
        "warnings": "",
    }


ATTACHMENT_TEXT_JOB = JobKind(
    name=KIND,
    label=_("Text of attachments for the search"),
    run=run,
    result_template="admin/disclosure/job/result_output.html",
    stages={"read": _("Attachments read")},
)


def start_extraction(ids: Iterable[int]):
    """One job for those of these attachments whose text still waits; None if none does."""
    from disclosure.jobs import start_job

    waiting = list(
        Attachment.objects.filter(
            pk__in=set(ids), text_status=AttachmentTextStatus.PENDING
        ).values_list("pk", flat=True)
    )
    if not waiting:
        return None
    return start_job(KIND, user=None, params={"attachment_ids": sorted(waiting)})


class _Batch:
    """The attachments of one transaction whose text is read once it commits."""

    def __init__(self, using: str):
        self.using = using
        self.ids: set[int] = set()
        self.started = False

    def __call__(self):
        self.started = True
        start_extraction(self.ids)


_pending = threading.local()


def extract_after_commit(attachment_id: int, using: str = "default") -> None:
    """Queue the reading of this attachment's text after commit, one job per transaction."""
    connection = transaction.get_connection(using)
    waiting = getattr(_pending, "batch", None)
    if (
        connection.in_atomic_block
        and waiting is not None
        and not waiting.started
        and waiting.using == using
        and any(entry[1] is waiting for entry in connection.run_on_commit)
    ):
        waiting.ids.add(attachment_id)
        return
    batch = _pending.batch = _Batch(using)
    batch.ids.add(attachment_id)
    # Robust: the attachment is saved either way; `extract_attachment_text --missing` reads
    # what a failed start left waiting.
    transaction.on_commit(batch, using=using, robust=True)
