"""Import kind `figures`: the figures staff enter for data that lives in other systems.

`python manage.py import_records figures FILE` (or `/admin/import/`) writes
`EnteredFigure` rows, one per (机关代码, 年度, 指标): the e-government hall's
case counts, the window's visitors, the 表二 cells for 行政许可/处罚/强制 decisions
and 行政事业性收费, … (the list is in docs/import.md, section “Entered figures”).
A figure counted from records (表三, 表四, 六, petitions …) cannot be entered: the
report would otherwise show a number nobody can trace back to its records.

The runner's rules apply (all or nothing, line and column in every message,
re-importing updates the value, the admin limits a run to the organizations
the user manages).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.importing import (
    CellErrors,
    ChoiceLookup,
    Column,
    ImportContext,
    Importer,
    Row,
    SaveCounts,
)
from disclosure.models import Organization
from reports.engine.figures import FigureDef, registry
from reports.models import EnteredFigure, Qualifier
from reports.validators import FIRST_YEAR, validate_no_control_characters

ORG = "机关代码"
YEAR = "年度"
KEY = "指标"
VALUE = "数值"
NOTE = "备注"
QUALIFIER = "修饰"

DOCS = "docs/import.md"

QUALIFIER_ALIASES = {
    Qualifier.EXACT: ["精确", "exact"],
    Qualifier.ABOUT: ["约"],
    Qualifier.OVER: ["余"],
    Qualifier.MORE: ["多"],
    Qualifier.ABOUT_OVER: ["约…余", "约...余", "约……余", "约余"],
}

_VALUE_DIGITS = EnteredFigure._meta.get_field("value")
MAX_DECIMALS = _VALUE_DIGITS.decimal_places
MAX_INTEGER_DIGITS = _VALUE_DIGITS.max_digits - _VALUE_DIGITS.decimal_places
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(\d{4})(?:\.0)?年?")


def parse_year(value: str) -> int:
    """A four-digit year from 2000 to the current year (2016 or 2016年)."""
    match = _YEAR.fullmatch((value or "").strip())
    if not match:
        raise ValidationError(
            _("Write the year as four digits, such as 2016; got “%(value)s”."),
            code="bad_year",
            params={"value": value},
        )
    year = int(match.group(1))
    current = timezone.localdate().year
    if year < FIRST_YEAR:
        raise ValidationError(
            _("%(year)d is before %(first)d."),
            code="year_too_early",
            params={"year": year, "first": FIRST_YEAR},
        )
    if year > current:
        raise ValidationError(
            _("%(year)d has not begun yet; figures are entered for a past or the current year."),
            code="year_in_future",
            params={"year": year},
        )
    return year


def parse_value(value: str, *, percent: bool = False) -> Decimal:
    """A non-negative number with at most four decimals; thousands separators are allowed.

    For a figure whose unit is % (a rate), a trailing % sign is accepted: 98.5% is 98.5.
    """
    text = (value or "").strip().replace(",", "").replace("，", "").replace(" ", "")
    if percent and text.endswith(("%", "％")):
        text = text[:-1]
    if text.startswith("-") and _NUMBER.fullmatch(text[1:]):
        raise ValidationError(_("A figure cannot be negative."), code="negative")
    if not _NUMBER.fullmatch(text):
        raise ValidationError(
            _(
                "Write the number alone, without unit, 万 or qualifier (约, 余 and 多 go in "
                "the column 修饰); got “%(value)s”."
            ),
            code="bad_number",
            params={"value": value},
        )
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise ValidationError(_("Not a number."), code="bad_number") from None
    integer, _sep, decimals = text.partition(".")
    if len(decimals.rstrip("0")) > MAX_DECIMALS:
        raise ValidationError(
            _("At most %(places)d decimals; got “%(value)s”."),
            code="too_many_decimals",
            params={"places": MAX_DECIMALS, "value": value},
        )
    if len(integer.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise ValidationError(
            _("The number “%(value)s” is too large."), code="too_large", params={"value": value}
        )
    return number


def entered_definitions() -> dict[str, FigureDef]:
    return {f.key: f for f in registry.all() if f.entered}


@dataclass
class FigureRow:
    organization: Organization
    year: int
    key: str
    fields: dict  # value, note and (when the column is present) qualifier


class FigureImporter(Importer):
    kind = "figures"
    label = _("Entered figures (annual report)")
    description = format_lazy(
        _(
            "Figures of the annual report that live in other systems (the e-government hall, "
            "the government's Weibo and WeChat, window visitors, the table 2 cells for "
            "licensing, penalty and coercion decisions and administrative fees), one per "
            "organization, year and figure key. The keys are listed in {docs}."
        ),
        docs=DOCS,
    )
    model = EnteredFigure
    columns = [
        Column(ORG, help=_("Code of the organization whose report shows the figure.")),
        Column(YEAR, help=_("The report year, such as 2016.")),
        Column(
            KEY,
            max_length=EnteredFigure._meta.get_field("key").max_length,
            help=format_lazy(
                _("The key of an entered figure, such as window.visitors (listed in {docs})."),
                docs=DOCS,
            ),
        ),
        Column(
            VALUE,
            help=_(
                "A number, not negative, at most four decimals; "
                "table2.administrative_fees.amount_10k_yuan in 万元."
            ),
        ),
        Column(
            NOTE,
            required=False,
            optional=True,
            max_length=EnteredFigure._meta.get_field("note").max_length,
            help=_(
                "Where the figure comes from; blank clears the saved note, "
                "without this column it is kept."
            ),
        ),
        Column(
            QUALIFIER,
            required=False,
            optional=True,
            help=_(
                "For a figure published as approximate: 约, 余, 多 or 约…余; blank for an exact "
                "figure. Without this column a saved qualifier is kept."
            ),
        ),
    ]

    def prepare(self, rows, ctx: ImportContext) -> None:
        self.definitions = entered_definitions()
        self.qualifiers = ChoiceLookup(Qualifier, QUALIFIER_ALIASES)
        codes = {values.get(ORG, "").strip().lower() for values in rows} - {""}
        self.organizations = {o.code: o for o in Organization.objects.filter(code__in=codes)}
        keys = {values.get(KEY, "").strip().lower() for values in rows} - {""}
        self.existing = {
            (f.organization_id, f.year, f.key): f
            for f in EnteredFigure.objects.filter(
                organization__in=list(self.organizations.values()), key__in=keys
            )
        }

    def _clean_key(self, e: CellErrors, raw: str) -> FigureDef | None:
        key = raw.strip().lower()
        if not key:
            return None
        definition = self.definitions.get(key)
        if definition is not None:
            return definition
        computed = registry.get(key)
        if computed is not None:
            e.add(
                KEY,
                _(
                    "“%(key)s” (%(label)s) is counted from records and cannot be entered; "
                    "correct the records instead."
                )
                % {"key": key, "label": computed.label},
            )
            return None
        close = difflib.get_close_matches(key, list(self.definitions), n=3, cutoff=0.75)
        if close:
            e.add(
                KEY,
                _("“%(key)s” is not an entered figure; did you mean %(close)s?")
                % {"key": raw.strip(), "close": "、".join(close)},
            )
        else:
            e.add(
                KEY,
                _(
                    "“%(key)s” is not an entered figure; the keys are listed in %(docs)s "
                    "(section “Entered figures”)."
                )
                % {"key": raw.strip(), "docs": DOCS},
            )
        return None

    def clean_row(self, values, ctx: ImportContext) -> FigureRow:
        e = CellErrors()
        org = None
        code = values[ORG].strip().lower()
        if code:
            org = self.organizations.get(code)
            if org is None:
                e.add(ORG, _("Unknown organization code “%(code)s”.") % {"code": code})
            elif not ctx.in_scope(org.pk):
                e.add(
                    ORG,
                    _("Organization “%(code)s” is outside the organizations you manage.")
                    % {"code": code},
                )
                org = None
        year = e.clean(YEAR, parse_year, values[YEAR]) if values[YEAR] else None
        definition = self._clean_key(e, values[KEY])
        value = None
        if values[VALUE]:
            percent = definition is not None and definition.unit == "%"
            value = e.clean(VALUE, parse_value, values[VALUE], percent=percent)
        note = values[NOTE].strip()
        e.clean(NOTE, validate_no_control_characters, note)
        fields = {"value": value}
        if NOTE in ctx.present:
            fields["note"] = note
        if QUALIFIER in ctx.present:
            fields["qualifier"] = e.clean(QUALIFIER, self.qualifiers, values[QUALIFIER]) or ""
        for column in (ORG, YEAR, KEY, VALUE):
            if not values[column]:
                # The runner reports it too; the row must not pass as clean either way.
                e.add(column, _("A value is required."))
        e.raise_if_any()
        return FigureRow(organization=org, year=year, key=definition.key, fields=fields)

    def key(self, cleaned: FigureRow) -> tuple:
        return (cleaned.organization.code, cleaned.year, cleaned.key)

    def key_column(self, cleaned) -> str:
        return KEY

    def save(self, rows: list[Row], ctx: ImportContext) -> SaveCounts:
        counts = SaveCounts()
        now = timezone.now()
        new, changed = [], []
        changed_fields: set[str] = set()
        for row in rows:
            data: FigureRow = row.data
            current = self.existing.get((data.organization.pk, data.year, data.key))
            if current is None:
                new.append(
                    EnteredFigure(
                        organization=data.organization,
                        year=data.year,
                        key=data.key,
                        updated_by=ctx.user,
                        **data.fields,
                    )
                )
                continue
            diff = [k for k, v in data.fields.items() if getattr(current, k) != v]
            if not diff:
                counts.unchanged += 1
                continue
            for k in diff:
                setattr(current, k, data.fields[k])
            current.updated_at = now  # bulk_update skips auto_now
            current.updated_by = ctx.user
            changed_fields.update([*diff, "updated_at", "updated_by"])
            changed.append(current)
        EnteredFigure.objects.bulk_create(new, batch_size=500)
        if changed:
            EnteredFigure.objects.bulk_update(changed, sorted(changed_fields), batch_size=500)
        counts.created += len(new)
        counts.updated += len(changed)
        return counts
