"""The registry of every figure a report can show.

A figure has a stable key, a Chinese label, a unit, and a source: counted by a
provider from records, or entered by staff per organization and year
(`EnteredFigure`) for data that lives in other systems. Providers compute a
whole group of figures with a fixed number of grouped queries, so computing a
report costs the same number of queries for ten applications or ten thousand.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure.models import Organization
from reports.placeholders import FigureValue


@dataclass(frozen=True)
class FigureDef:
    key: str
    label: str
    unit: str = ""
    entered: bool = False
    display: str = ""  # "wan": customarily written in 万 (约3.7万人次)
    provider: str = ""  # the provider that counts it (computed figures)


@dataclass
class Context:
    organization: Organization
    year: int
    organization_ids: frozenset[int]
    # The organization's entered figures of the year, by key (for figures derived from them).
    entered: dict = field(default_factory=dict)


Provider = Callable[[Context], dict[str, Decimal | int | str | None]]


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


def scope_ids(organization: Organization, include_children: bool) -> frozenset[int]:
    if include_children:
        return frozenset(Organization.objects.descendant_ids([organization.pk]))
    return frozenset([organization.pk])


def compute_figures(
    organization: Organization,
    year: int,
    *,
    include_children: bool = False,
    organization_ids: Collection[int] | None = None,
) -> dict[str, Figure]:
    """Every registered figure for an organization and year, keyed by figure key."""
    from reports import providers  # noqa: F401  (registers the providers)
    from reports.models import EnteredFigure

    ids = (
        frozenset(organization_ids)
        if organization_ids is not None
        else scope_ids(organization, include_children)
    )
    # Entered figures belong to the report's own organization: a district's figure for its
    # e-government hall is not the sum of its departments' entries.
    entered = {e.key: e for e in EnteredFigure.objects.filter(organization=organization, year=year)}
    ctx = Context(organization=organization, year=year, organization_ids=ids, entered=entered)
    values: dict[str, Decimal | int | str | None] = {}
    for fn in registry.providers().values():
        values.update(fn(ctx))

    figures: dict[str, Figure] = {}
    for definition in registry.all():
        if definition.entered:
            e = entered.get(definition.key)
            if e is None:
                figures[definition.key] = Figure(definition, None, missing=True)
            else:
                value = e.value
                if value == value.to_integral_value():
                    value = int(value)
                figures[definition.key] = Figure(definition, value, e.qualifier, e.note)
        else:
            figures[definition.key] = Figure(definition, values.get(definition.key))
    return figures
