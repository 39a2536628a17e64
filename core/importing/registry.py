"""The kinds `import_records` knows: each app registers its own in `AppConfig.ready()`::

    def ready(self):
        from core.importing import registry
        from myapp.importers import ThingImporter

        registry.register(ThingImporter)

Kinds are listed in the order they were registered, so in the order of
INSTALLED_APPS. This module names no app.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.importing.base import Importer, ImportFileError

_registry: dict[str, type[Importer]] = {}


class UnknownKind(ImportFileError):
    pass


def register(importer: type[Importer]) -> type[Importer]:
    """Add a kind; usable as a class decorator. Registering the same class twice is harmless."""
    if not importer.kind or not importer.columns:
        raise ImproperlyConfigured(f"{importer.__name__} needs a kind and columns")
    existing = _registry.get(importer.kind)
    if existing is not None and existing is not importer:
        raise ImproperlyConfigured(
            f"import kind {importer.kind!r} is already registered by {existing.__name__}"
        )
    headers = importer.column_headers()
    if len(set(headers)) != len(headers):
        raise ImproperlyConfigured(f"{importer.__name__} repeats a column header")
    _registry[importer.kind] = importer
    return importer


def unregister(kind: str) -> None:
    _registry.pop(kind, None)


def get(kind: str) -> type[Importer]:
    try:
        return _registry[kind]
    except KeyError:
        raise UnknownKind(
            _("Unknown kind “%(kind)s”; known kinds: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(_registry)}
        ) from None


def kinds() -> list[str]:
    return list(_registry)


def importers() -> list[type[Importer]]:
    return list(_registry.values())
