from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Annual reports")

    def ready(self):
        # Import kind `figures` for `import_records` and /admin/import/ (disclosure never
        # imports us).
        from reports import importers

        importers.register_importers()
