import logging

from django.db import connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from disclosure.signals import calendar_changed

logger = logging.getLogger(__name__)


@receiver(post_migrate)
def _prefill(sender, app_config=None, using="default", **kwargs):
    """Fill the editable list of petition source platforms once, when it is first created."""
    if app_config is None or app_config.label != "requests_app":
        return
    from requests_app.petitions.models import PetitionSource
    from requests_app.petitions.services import ensure_default_sources

    if not PetitionSource.objects.using(using).exists():
        ensure_default_sources()


@receiver(calendar_changed)
def _rederive_after_calendar_change(sender, using="default", during_migrate=False, **kwargs):
    """The calendar changed (after commit): due dates computed on it, or left empty because
    it lacked a year, are derived again for the open applications handled here."""
    if using != "default":
        return
    from requests_app.applications.models import Application
    from requests_app.applications.services.workflow import refresh_open_applications

    if during_migrate and (
        Application._meta.db_table not in connections[using].introspection.table_names()
    ):
        return  # `migrate disclosure` on a new database: our tables come later
    updated = refresh_open_applications()
    if updated:
        logger.info("calendar changed: %s open applications re-derived", updated)
