"""The registry of every figure a report can show: definitions only, pure (no database).

A figure has a stable key, a Chinese label, a unit, and a source: counted by a
provider from records, or entered by staff per organization and year
(`EnteredFigure`) for data that lives in other systems. The providers
(`reports.engine.providers`, computation over the database) add their figures
and the entered ones to `registry` once, from `ReportsConfig.ready()`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reports.engine.placeholders import FigureValue


@dataclass(frozen=True)
class FigureDef:
    key: str
    label: str
    unit: str = ""
    entered: bool = False
    display: str = ""  # "wan": customarily written in 万 (约3.7万人次)
    provider: str = ""  # the provider that counts it (computed figures)


# A provider takes the `providers.Context` of a report (organization, year, scope) and
# returns the values of its figures by key.
Provider = Callable[[Any], dict[str, Decimal | int | str | None]]


class Registry:
    def __init__(self):
        self._figures: dict[str, FigureDef] = {}
        self._providers: dict[str, Provider] = {}

    def add(self, definition: FigureDef) -> None:
        if definition.key in self._figures:
            raise ValueError(f"figure {definition.key} registered twice")
        self._figures[definition.key] = definition

    def entered(self, key: str, label: str, unit: str = "", *, display: str = "") -> None:
        self.add(FigureDef(key, label, unit, entered=True, display=display))

    def provider(self, name: str, figures: list[tuple[str, str, str]]):
        """Register a provider counting `figures` [(key, label, unit), …]."""

        def decorate(fn: Provider) -> Provider:
            self._providers[name] = fn
            for key, label, unit in figures:
                self.add(FigureDef(key, label, unit, provider=name))
            return fn

        return decorate

    def get(self, key: str) -> FigureDef | None:
        return self._figures.get(key)

    def all(self) -> list[FigureDef]:
        return list(self._figures.values())

    def entered_keys(self) -> list[str]:
        return [f.key for f in self._figures.values() if f.entered]

    def providers(self) -> dict[str, Provider]:
        return dict(self._providers)


registry = Registry()


@dataclass(frozen=True)
class Figure:
    definition: FigureDef
    value: Decimal | int | str | None
    qualifier: str = ""
    note: str = ""
    missing: bool = False  # an entered figure nobody entered

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def source(self) -> str:
        return "entered" if self.definition.entered else "computed"

    def as_placeholder_value(self) -> FigureValue:
        return FigureValue(self.value, self.qualifier, self.definition.display)


def validate_entered_key(key: str) -> None:
    """Refuse a key that is not an entered figure (unknown, or counted from records)."""
    definition = registry.get(key)
    if definition is None:
        raise ValidationError(
            _("“%(key)s” is not a known figure."), code="unknown_figure", params={"key": key}
        )
    if not definition.entered:
        raise ValidationError(
            _("“%(key)s” is counted from records and cannot be entered."),
            code="computed_figure",
            params={"key": key},
        )
