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
    staff_hidden_models = {"user", "indexsequence", "personaldataaccess"}
    staff_denied_codenames = {"delete_organization", "supervise"}

    def ready(self):
        from django.core import checks

        from core.importing import registry
        from core.security import check_shared_cache
        from disclosure import signals  # noqa: F401
        from disclosure.importers.disclosures import DisclosureImporter
        from disclosure.importers.organizations import OrganizationImporter

        # Import kinds for `import_records` and /admin/import/; listed first, as the
        # records every other kind refers to.
        registry.register(OrganizationImporter)
        registry.register(DisclosureImporter)
        checks.register(check_shared_cache, checks.Tags.security, deploy=True)
