from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("Proactive disclosure")

    # Staff permissions (disclosure.roles): staff work on this app's records, read the shared
    # reference data, never touch accounts or the 索引号 counters, and cannot delete an
    # organization or lift their own scope.
    staff_records = True
    staff_view_only_models = {"category", "channel", "calendaryear", "dayexception"}
    # Jobs are seen by whoever started them (disclosure.admin.jobs), not through permissions.
    staff_hidden_models = {"user", "indexsequence", "personaldataaccess", "job"}
    staff_denied_codenames = {"delete_organization", "supervise"}

    def ready(self):
        from django.core import checks

        from core.importing import registry
        from core.security import check_shared_cache
        from disclosure import signals  # noqa: F401
        from disclosure.importers.disclosures import DisclosureImporter
        from disclosure.importers.organizations import OrganizationImporter
        from disclosure.jobs import register
        from disclosure.jobs.attachment_text import ATTACHMENT_TEXT_JOB
        from disclosure.jobs.imports import IMPORT_JOB
        from disclosure.jobs.open_data import OPEN_DATA_JOB
        from disclosure.jobs.search_index import SEARCH_INDEX_JOB
        from disclosure.search import signals as search_signals  # noqa: F401

        # Import kinds for `import_records` and /admin/import/; listed first, as the
        # records every other kind refers to.
        registry.register(OrganizationImporter)
        registry.register(DisclosureImporter)
        # The admin's import runs as background jobs (disclosure/jobs/).
        register(IMPORT_JOB)
        # The text of attachments for the search, read when a file is saved.
        register(ATTACHMENT_TEXT_JOB)
        # What a bulk import published, indexed for the search once the import commits.
        register(SEARCH_INDEX_JOB)
        # The daily open-data files of the catalogue (disclosure/open_data.py; beat's task).
        register(OPEN_DATA_JOB)
        checks.register(check_shared_cache, checks.Tags.security, deploy=True)
