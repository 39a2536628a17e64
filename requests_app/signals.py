from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def _prefill(sender, app_config=None, using="default", **kwargs):
    """Fill the editable list of petition source platforms once, when it is first created."""
    if app_config is None or app_config.label != "requests_app":
        return
    from .models.petitions import PetitionSource
    from .services.petitions import ensure_default_sources

    if not PetitionSource.objects.using(using).exists():
        ensure_default_sources()
