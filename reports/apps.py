from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Annual reports")

    # Staff permissions (disclosure.roles): staff write their organization's reports.
    staff_records = True

    def ready(self):
        from core.importing import registry
        from reports.engine import figures, providers
        from reports.importers import FigureImporter

        # Every figure a report can show, the providers' and the entered ones: here only.
        providers.register(figures.registry)
        # Import kind `figures` for `import_records` and /admin/import/ (disclosure never
        # imports us).
        registry.register(FigureImporter)
