"""The index follows the catalogue: a disclosure saved (published, edited, withdrawn) or
deleted, or one of its attachments changed, is re-indexed at once, in the same transaction
(the index lives in the same database: a rolled-back change rolls back its index entry too,
and a withdrawn document is out of the index the moment the withdrawal commits).

Paths that send no signals (bulk imports with bulk_create/update) call
`index.update_disclosures` themselves, in the same on_commit as `catalogue_changed()`.
"""

from __future__ import annotations

import logging

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from disclosure.models import Attachment, Disclosure

logger = logging.getLogger(__name__)


def reindex(ids, using: str = "default") -> None:
    """Re-index these disclosures now (unpublished ones leave the index). A failure is
    logged, never raised into the save (its savepoint is rolled back; the
    `rebuild_search_index` command repairs the index)."""
    from disclosure.search import index

    if using != "default":
        return
    try:
        index.update_disclosures([i for i in ids if i is not None])
    except Exception:
        logger.exception("search index update failed for disclosures %s", list(ids)[:10])


@receiver([post_save, post_delete], sender=Disclosure)
def _disclosure_changed(instance, using="default", raw=False, **kwargs):
    if not raw:
        reindex([instance.pk], using=using)


@receiver([post_save, post_delete], sender=Attachment)
def _attachment_changed(instance, using="default", raw=False, **kwargs):
    if not raw:
        reindex([instance.disclosure_id], using=using)
