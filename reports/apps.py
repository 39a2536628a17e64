from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Annual reports")

    # Staff permissions (disclosure.roles): staff write their organization's reports.
    staff_records = True

    def ready(self):
        from core.importing import registry
        from disclosure.jobs import register
        from reports.engine import figures, providers
        from reports.importers import FigureImporter
        from reports.jobs import DOCUMENTS_JOB

        # Every figure a report can show, the providers' and the entered ones: here only.
        providers.register(figures.registry)
        # Import kind `figures` for `import_records` and /admin/import/ (disclosure never
        # imports us).
        registry.register(FigureImporter)
        # The documents of many reports, built as a background job (reports/jobs.py).
        register(DOCUMENTS_JOB)
