# 依申请公开转主动公开 (条例第四十四条): where a published disclosure came from.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0007_background_jobs"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosure",
            name="origin",
            field=models.CharField(
                choices=[
                    ("proactive", "Proactive disclosure"),
                    ("on_request", "Made public after an application (Article 44)"),
                ],
                default="proactive",
                editable=False,
                help_text="Information first released on request and then made public (Article 44).",
                max_length=20,
                verbose_name="origin",
            ),
        ),
        migrations.AddIndex(
            model_name="disclosure",
            index=models.Index(
                condition=models.Q(("origin", "on_request"), ("status", "published")),
                fields=["-published_on", "-id"],
                name="disclosure_pub_on_request",
            ),
        ),
        migrations.AddConstraint(
            model_name="disclosure",
            constraint=models.CheckConstraint(
                condition=models.Q(("origin__in", ["proactive", "on_request"])),
                name="disclosure_origin_valid",
            ),
        ),
    ]
