# The disclosure's date beside its search entry, with a (date, id) index, and on PostgreSQL
# its month among its tokens (`@202611`, disclosure.search.segment.month_token): a search
# finds its newest matches in this table alone, a slice of months at a time, each answered
# by the token index (disclosure.search.query.window).
#
# On PostgreSQL the entry's large columns are compressed with lz4 where the server has it
# (decompressing the 1,000 token vectors of a window to rank it costs less); the month
# tokens are added after, so the vectors are rewritten with it.

from django.db import migrations, models

COPY_DATES = (
    "UPDATE disclosure_searchdocument SET published_on = (SELECT d.published_on "
    "FROM disclosure_disclosure d WHERE d.id = disclosure_searchdocument.disclosure_id)"
)
LZ4_COLUMNS = ("vector", "text", "normalized")
ADD_MONTH_TOKENS = (
    "UPDATE disclosure_searchdocument SET vector = vector || "
    "quote_literal('@' || to_char(published_on, 'YYYYMM'))::tsvector "
    "WHERE published_on IS NOT NULL"
)


def copy_dates(apps, schema_editor):
    schema_editor.execute(COPY_DATES)


def compress_with_lz4(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # PostgreSQL 14+ built with lz4 lists it among the values of this setting.
        cursor.execute("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
    if not row or "lz4" not in (row[0] or []):
        return
    for column in LZ4_COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE disclosure_searchdocument ALTER COLUMN {column} SET COMPRESSION lz4"
        )


def add_month_tokens(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD_MONTH_TOKENS)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0011_report_covering_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="published_on",
            field=models.DateField(blank=True, null=True, verbose_name="date of publication"),
        ),
        migrations.RunPython(copy_dates, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(
                fields=["-published_on", "-disclosure"], name="disclosure_search_date"
            ),
        ),
        migrations.RunPython(compress_with_lz4, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(add_month_tokens, migrations.RunPython.noop, elidable=True),
    ]
