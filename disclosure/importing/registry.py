"""The kinds `import_records` knows: disclosure's own, plus those other apps register.

Other apps register theirs in `AppConfig.ready()`::

    def ready(self):
        from disclosure.importing import registry
        from .importers import ApplicationImporter

        registry.register(ApplicationImporter)

disclosure never imports those apps; its own kinds are loaded on first use so
that importing this module loads no model.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .base import Importer, ImportFileError

BUILTIN = (
    "disclosure.importing.organizations.OrganizationImporter",
    "disclosure.importing.disclosures.DisclosureImporter",
)

_registry: dict[str, type[Importer]] = {}
_builtin_loaded = False


class UnknownKind(ImportFileError):
    pass


def _load_builtin() -> None:
    global _builtin_loaded
    if _builtin_loaded:
        return
    _builtin_loaded = True
    builtin = {}
    for path in BUILTIN:
        cls = import_string(path)
        builtin[cls.kind] = cls
    # Built-in kinds come first in listings, whenever others registered.
    others = {k: v for k, v in _registry.items() if k not in builtin}
    _registry.clear()
    _registry.update(builtin)
    _registry.update(others)


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
    _load_builtin()
    try:
        return _registry[kind]
    except KeyError:
        raise UnknownKind(
            _("Unknown kind “%(kind)s”; known kinds: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(_registry)}
        ) from None


def kinds() -> list[str]:
    _load_builtin()
    return list(_registry)


def importers() -> list[type[Importer]]:
    _load_builtin()
    return list(_registry.values())
