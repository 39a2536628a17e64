from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("Proactive disclosure")

    def ready(self):
        from core.importing import registry
        from disclosure import signals  # noqa: F401
        from disclosure.importers.disclosures import DisclosureImporter
        from disclosure.importers.organizations import OrganizationImporter

        # Import kinds for `import_records` and /admin/import/; listed first, as the
        # records every other kind refers to.
        registry.register(OrganizationImporter)
        registry.register(DisclosureImporter)
