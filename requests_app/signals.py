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
    _rederive_after_migrate(using, kwargs.get("apps"))


def _rederive_after_migrate(using: str, state_apps) -> None:
    """The stored due dates are a cache of the clock: after an upgrade (a clock that now
    counts years not entered as 暂定 instead of leaving the date empty, or any other
    change to the rules) the open applications are derived again. Skipped when the
    migrated state is older than the current models (a migration backwards)."""
    from requests_app.applications.models import Application, ApplicationEvent
    from requests_app.applications.services.workflow import refresh_open_applications

    if using != "default" or state_apps is None:
        return
    for model in (Application, ApplicationEvent):
        try:
            migrated = state_apps.get_model(model._meta.label)
        except LookupError:
            return
        have = {f.column for f in migrated._meta.concrete_fields}
        if not {f.column for f in model._meta.concrete_fields} <= have:
            return
    updated = refresh_open_applications()
    if updated:
        logger.info("after migrate: %s open applications re-derived", updated)


@receiver(calendar_changed)
def _rederive_after_calendar_change(sender, using="default", during_migrate=False, **kwargs):
    """The calendar changed (after commit): due dates computed on it, including those counted
    on a provisional year (暂定), are derived again for the open applications handled here."""
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


@receiver(calendar_changed)
def _petition_deadlines_after_calendar_change(
    sender, using="default", during_migrate=False, **kwargs
):
    """The calendar changed (after commit): a 信访 acceptance deadline whose 15th day is a
    holiday moves with it (民法典第二百零三条), so the stored deadlines are computed again."""
    if using != "default":
        return
    from requests_app.petitions.models import Petition
    from requests_app.petitions.services import refresh_acceptance_deadlines

    if during_migrate and (
        Petition._meta.db_table not in connections[using].introspection.table_names()
    ):
        return  # `migrate disclosure` on a new database: our tables come later
    moved = refresh_acceptance_deadlines()
    if moved:
        logger.info("calendar changed: %s petition acceptance deadlines moved", moved)
