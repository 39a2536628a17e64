from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Applications and cases")

    def ready(self):
        # Import kinds for `import_records` and /admin/import/ (disclosure never imports us).
        from . import (
            importers,
            importers_petitions,
            signals,  # noqa: F401
        )

        importers.register_importers()
        importers_petitions.register_importers()
