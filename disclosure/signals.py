from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from .models.calendar import CalendarYear, DayException, forget_work_calendar


@receiver([post_save, post_delete], sender=DayException)
@receiver([post_save, post_delete], sender=CalendarYear)
def _calendar_changed(**kwargs):
    # Forget now and again after commit: a request in between could cache the old calendar.
    forget_work_calendar()
    transaction.on_commit(forget_work_calendar)


@receiver(post_migrate)
def _prefill(sender, app_config=None, using="default", **kwargs):
    """Fill reference data the first time the tables exist; never overwrite staff edits."""
    if app_config is None or app_config.label != "disclosure":
        return
    from .services.reference_data import ensure_channels, sync_calendar_from_package

    ensure_channels(using=using)
    sync_calendar_from_package(using=using)


@receiver(post_save, sender=CalendarYear)
def _calendar_year_added(instance, created, **kwargs):
    """A year entered in the calendar makes the late-publication counts of that year computable."""
    if not created:
        return
    from .services.reference_data import recount_publication_delays

    def recount():
        forget_work_calendar()
        recount_publication_delays([instance.year])

    transaction.on_commit(recount)
