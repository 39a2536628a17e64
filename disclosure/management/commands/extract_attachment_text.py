"""Read the text of attachments for the search, here and now, with progress.

    python manage.py extract_attachment_text            # those still waiting (--missing)
    python manage.py extract_attachment_text --all      # every attachment again

A new or replaced file is read by a background job on its own (disclosure/jobs/
attachment_text.py); this command fills in attachments uploaded before the search
existed, those whose job could not run, or all of them after the reading was improved.
The search index of their disclosures is updated as it goes.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure.jobs.attachment_text import extract_attachments, summary
from disclosure.models import Attachment, AttachmentTextStatus


class Command(BaseCommand):
    help = gettext_lazy("Read the text of attachments for the search.")

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--missing",
            action="store_true",
            help=gettext_lazy("Only attachments whose text was never read (the default)."),
        )
        which.add_argument(
            "--all", action="store_true", help=gettext_lazy("Every attachment, read again.")
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            rows = Attachment.objects.order_by("pk")
            if not options["all"]:
                rows = rows.filter(text_status=AttachmentTextStatus.PENDING)
            ids = list(rows.values_list("pk", flat=True))
            started = time.monotonic()
            self.stdout.write(_("%(count)d attachments to read.") % {"count": len(ids)})

            def progress(stage, done, total):
                if done:
                    self.stdout.write(
                        _("%(done)d / %(total)d attachments read (%(seconds).1f s)")
                        % {"done": done, "total": total, "seconds": time.monotonic() - started}
                    )

            counts = extract_attachments(ids, progress=progress, only_pending=not options["all"])
            self.stdout.write(self.style.SUCCESS(summary(counts)))
