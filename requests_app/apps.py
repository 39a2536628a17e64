from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Applications and cases")

    # Staff permissions (disclosure.roles): the petition source platforms are shared
    # reference data, maintained by the 政务公开办. Issued letters are evidence: staff
    # issue them through the application's page (`services.letters`), never edit them.
    staff_records = True
    staff_view_only_models = {"petitionsource", "issuedletter"}

    def ready(self):
        from core.importing import registry
        from disclosure.jobs import register
        from requests_app import mail, signals  # noqa: F401  (mail: its task, for workers)
        from requests_app.applications.importers import ApplicationImporter, ReviewImporter
        from requests_app.applications.ledger import LEDGER_JOB
        from requests_app.jobs import REMINDERS_JOB
        from requests_app.petitions.importers import PetitionImporter
        from requests_app.proposals.importers import ProposalImporter

        # Import kinds for `import_records` and /admin/import/.
        for importer in (ApplicationImporter, ReviewImporter, PetitionImporter, ProposalImporter):
            registry.register(importer)
        # The daily reminders as a background job (requests_app/jobs.py).
        register(REMINDERS_JOB)
        # The ledger of a long application list (requests_app/applications/ledger.py).
        register(LEDGER_JOB)
