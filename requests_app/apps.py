from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Applications and cases")

    # Staff permissions (disclosure.roles): the petition source platforms are shared
    # reference data, maintained by the 政务公开办.
    staff_records = True
    staff_view_only_models = {"petitionsource"}

    def ready(self):
        from core.importing import registry
        from requests_app import signals  # noqa: F401
        from requests_app.applications.importers import ApplicationImporter, ReviewImporter
        from requests_app.petitions.importers import PetitionImporter
        from requests_app.proposals.importers import ProposalImporter

        # Import kinds for `import_records` and /admin/import/.
        for importer in (ApplicationImporter, ReviewImporter, PetitionImporter, ProposalImporter):
            registry.register(importer)
