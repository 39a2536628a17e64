"""Rebuild the full-text search index of the public catalogue from scratch."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from disclosure.search import index


class Command(BaseCommand):
    help = _("Rebuild the search index: every published disclosure, segmented afresh.")

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

        count = index.rebuild(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                _("Search index rebuilt: %(count)d published disclosures in %(seconds).1f s.")
                % {"count": count, "seconds": time.monotonic() - started}
            )
        )
