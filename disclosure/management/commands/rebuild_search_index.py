"""Rebuild the full-text search index of the public catalogue from scratch, or (`--missing`)
index only the published disclosures not in it yet (what a bulk import wrote, when its
indexing job could not run)."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from disclosure.search import index


class Command(BaseCommand):
    help = _("Rebuild the search index: every published disclosure, segmented afresh.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing",
            action="store_true",
            help=_("Only index the published disclosures that are not in the index yet."),
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done == total or now - last[0] >= 2:
                last[0] = now
                self.stdout.write(
                    _("Indexed %(done)d of %(total)d disclosures (%(seconds).0f s)")
                    % {"done": done, "total": total, "seconds": now - started}
                )

        if options["missing"]:
            count = index.index_missing(progress=progress)
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(count)d published disclosures added to the search index.")
                    % {"count": count}
                )
            )
            return
        count = index.rebuild(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                _("Search index rebuilt: %(count)d published disclosures in %(seconds).1f s.")
                % {"count": count, "seconds": time.monotonic() - started}
            )
        )
