"""Load the demo district 自贡市自流井区 (code `zlj`): `python manage.py load_demo`.

Idempotent: every step keys its rows (organization codes, column slugs,
usernames, explicit 索引号), so a second run adds nothing. The command lives in
`reports` because that app may import every other app; each app contributes a
step, and later issues append theirs to STEPS (applications, petitions and
proposals from `requests_app`, entered figures and reports from `reports`).
Each step is `load(stdout) -> None` and runs inside one transaction with the
others: a failing step leaves nothing half-loaded.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Q
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from demo import district as disclosure_demo
from disclosure.models import Category, Disclosure, DisclosureStatus

# Dotted paths of `load(stdout)` callables, run in this order.
STEPS = [
    "demo.district.load",
    "demo.applications.load",
    "demo.petitions.load",
    "demo.reports.load",
    "demo.publish.load",
    # Later steps go here, after the records they build on, e.g. "demo.reports.load".
]


class Command(BaseCommand):
    help = "Load the demo district 自贡市自流井区 (code zlj); running it again changes nothing."

    def handle(self, *args, **options):
        # Operators of a Chinese deployment read the progress in the site's language.
        with translation.override(settings.LANGUAGE_CODE):
            started = time.monotonic()
            with transaction.atomic():
                for path in STEPS:
                    step = import_string(path)
                    self.stdout.write(self.style.MIGRATE_HEADING(path))
                    step(self.stdout)
            elapsed = time.monotonic() - started
            self._summary(elapsed)

    def _summary(self, elapsed: float) -> None:
        tree = disclosure_demo.demo_tree_ids()
        counts = Disclosure.objects.filter(organization_id__in=tree).aggregate(
            total=Count("id"),
            published=Count("id", filter=Q(status=DisclosureStatus.PUBLISHED)),
            seed_year=Count(
                "id",
                filter=Q(
                    status=DisclosureStatus.PUBLISHED,
                    published_on__year=disclosure_demo.SEED_YEAR,
                ),
            ),
        )
        write = self.stdout.write
        write(self.style.SUCCESS(_("Demo loaded in %(seconds).1f s.") % {"seconds": elapsed}))
        write(
            _(
                "%(organizations)d organizations, %(columns)d columns, %(total)d disclosures "
                "(%(published)d published, %(seed)d of them published in %(year)d)."
            )
            % {
                "organizations": len(tree),
                "columns": Category.objects.count(),
                "total": counts["total"],
                "published": counts["published"],
                "seed": counts["seed_year"],
                "year": disclosure_demo.SEED_YEAR,
            }
        )
        write(_("Development login (never use these passwords in production):"))
        for line in disclosure_demo.login_lines():
            write(line)
