"""Load the demo district 自贡市自流井区 (code `zlj`): `python manage.py load_demo`.

The command belongs to the `demo` app, which sits beside the product apps in a
source checkout (it is not in the built wheel) and may import all of them; no
app imports it. Its data are the files in `demo/data/`. Each module of `demo`
contributes a step to STEPS (the catalogue, applications, petitions and
proposals, entered figures and reports, the published 2016 report). Each step
is `load(stdout) -> None` and runs inside one transaction with the others: a
failing step leaves nothing half-loaded.

Idempotent: every step keys its rows (organization codes, column slugs,
usernames, explicit 索引号), so a second run adds nothing.

The demo creates development logins with published passwords, so the command
refuses to run when `DEBUG` is off (a production setting) unless `--force` is
given.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from demo import district as disclosure_demo
from disclosure.models import Category, Disclosure, DisclosureStatus
from disclosure.search import index as search_index
from disclosure.services.catalogue_cache import catalogue_changed

# Dotted paths of `load(stdout)` callables, run in this order.
STEPS = [
    "demo.district.load",
    "demo.applications.load",
    "demo.article44.load",
    "demo.petitions.load",
    "demo.reports.load",
    "demo.publish.load",
    # Later steps go here, after the records they build on.
]


class Command(BaseCommand):
    help = "Load the demo district 自贡市自流井区 (code zlj); running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy(
                "Load the demo even though DEBUG is off. It creates logins with published "
                "passwords (admin/admin, demo12345): never use it on a production database."
            ),
        )

    def handle(self, *args, **options):
        # Operators of a Chinese deployment read the progress in the site's language.
        with translation.override(settings.LANGUAGE_CODE):
            if not settings.DEBUG:
                if not options["force"]:
                    raise CommandError(
                        _(
                            "Refusing to load the demo: DEBUG is off, so this looks like a "
                            "production site. The demo creates logins with published passwords "
                            "(admin/admin, demo12345). To load it anyway, run the command "
                            "with --force."
                        )
                    )
                self.stderr.write(
                    self.style.WARNING(
                        _(
                            "DEBUG is off: loading the demo anyway (--force). Change or remove "
                            "its logins before anyone else can reach this site."
                        )
                    )
                )
            started = time.monotonic()
            with transaction.atomic():
                for path in STEPS:
                    step = import_string(path)
                    self.stdout.write(self.style.MIGRATE_HEADING(path))
                    step(self.stdout)
                # Bulk-created disclosures send no signals: the search index is built here.
                self.stdout.write(self.style.MIGRATE_HEADING("disclosure.search.index.rebuild"))
                search_index.rebuild()
                # The steps bulk-create disclosures, which sends no signals: once
                # committed, the public pages' cached counts and years are rebuilt.
                transaction.on_commit(catalogue_changed)
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
