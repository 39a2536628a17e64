# The full-text search index (disclosure/search): one SearchDocument row per published
# disclosure, plus the vendor's token index beside it — on PostgreSQL a tsvector column with a
# GIN index, on SQLite an FTS5 table. Filled by `manage.py rebuild_search_index` (and kept
# current by disclosure.search.signals afterwards).

import django.db.models.deletion
from django.db import migrations, models

PG_FORWARD = [
    "ALTER TABLE disclosure_searchdocument ADD COLUMN vector tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX disclosure_search_vector ON disclosure_searchdocument USING gin (vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS disclosure_search_vector",
    "ALTER TABLE disclosure_searchdocument DROP COLUMN IF EXISTS vector",
]
# The tokens are segmented in Python and joined by spaces; unicode61 only splits them on
# the spaces (a token holds letters and digits only). Title tokens have their own column
# (weighted in bm25).
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS disclosure_search_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS disclosure_search_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0009_attachment_text"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "disclosure",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="disclosure.disclosure",
                        verbose_name="disclosure",
                    ),
                ),
                ("text", models.TextField(blank=True, verbose_name="text")),
                ("normalized", models.TextField(blank=True, verbose_name="normalised text")),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
            },
        ),
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
