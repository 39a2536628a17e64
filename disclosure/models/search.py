"""The search index's row per published disclosure (see disclosure.search)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosure.models.catalogue import Disclosure


class SearchDocument(models.Model):
    """What the search knows of one published disclosure.

    `text` is the plain text of the body and of the attachments (snippets are cut from it);
    `normalized` is title, 文号, 索引号 and `text` normalised (phrases and multi-token words
    are checked against it); `published_on` is the disclosure's. The token index itself is
    vendor-specific and kept beside it by disclosure.search.index: on PostgreSQL a
    `vector tsvector` column of this table with a GIN index, on SQLite the FTS5 table
    `disclosure_search_fts` (rowid = disclosure id).
    """

    disclosure = models.OneToOneField(
        Disclosure,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("disclosure"),
    )
    text = models.TextField(_("text"), blank=True)
    normalized = models.TextField(_("normalised text"), blank=True)
    # The disclosure's date, kept here so that a search finds its newest matches from this
    # table's indexes alone (disclosure.search.query.window).
    published_on = models.DateField(_("date of publication"), null=True, blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [
            models.Index(fields=["-published_on", "-disclosure"], name="disclosure_search_date"),
        ]

    def __str__(self):
        return str(self.disclosure_id)
