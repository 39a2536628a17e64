"""Write the open-data files of the published catalogue (see disclosure/open_data.py).

    python manage.py export_open_data

Run daily by cron on a site without Celery beat (beat runs the job of the same name).
"""

from django.core.management.base import BaseCommand

from disclosure.open_data import export_open_data


class Command(BaseCommand):
    help = "Write the catalogue's open-data files (CSV and JSON Lines) under MEDIA_ROOT/open-data/."

    def handle(self, *args, **options):
        manifest = export_open_data()
        for info in manifest["files"].values():
            self.stdout.write(
                f"open-data/{info['name']}: {info['size']} bytes, sha256 {info['sha256']}"
            )
        self.stdout.write(f"{manifest['count']} published disclosures ({manifest['date']}).")
