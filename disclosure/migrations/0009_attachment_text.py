# The text of attachments for the search (disclosure/search/extract.py): read by a background
# job; attachments uploaded before wait as "pending" for `extract_attachment_text --missing`.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0008_disclosure_origin"),
    ]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="extracted_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="extracted text"),
        ),
        migrations.AddField(
            model_name="attachment",
            name="text_status",
            field=models.CharField(
                choices=[
                    ("pending", "waiting to be read"),
                    ("extracted", "text read"),
                    ("no_text", "no text (a format not read, or a scan)"),
                    ("too_large", "too large to read"),
                    ("failed", "unreadable"),
                ],
                default="pending",
                editable=False,
                max_length=10,
                verbose_name="text for the search",
            ),
        ),
        migrations.AddField(
            model_name="attachment",
            name="extracted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="text read at"),
        ),
    ]
