"""Placeholders in report prose: `{key}` or `{key:style}`; `{{` and `}}` are literal braces.

Pure: resolving takes a mapping of figure key → `FigureValue`. Styles:

- (none)  the value with its qualifier: 215, 约2.4万 (an entered 约 figure of 24000 in 万
          when its definition says so and the value reaches 10,000; 约400 below), 5000余, 100多
- `pct`   a percentage with at most two decimals, with its qualifier: 62.35%, 50%, 约50.1%
- `num`   the bare number, no qualifier
- `wan`   in units of 万 with at most one decimal: 3.7万
- `change` a change in percent worded: 下降10.28% / 增长5% / 持平
- `diff`  a change in count or points worded: 增加1 / 减少4 / 持平
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z0-9_.]+)(?::([a-z_]+))?\}|\{[^{}]*\}")
STYLES = {"", "pct", "num", "wan", "change", "diff"}

QUALIFIER_FORMS = {
    "": "{v}",
    "about": "约{v}",
    "over": "{v}余",
    "more": "{v}多",
    "about_over": "约{v}余",
}
# 余 and 多 follow a count (5000余条), not a percentage: "50%以上" is how a share is qualified.
PERCENT_QUALIFIER_FORMS = {
    "": "{v}",
    "about": "约{v}",
    "over": "{v}以上",
    "more": "{v}以上",
    "about_over": "约{v}以上",
}
# A figure customarily written in 万 is written so from one 万 on: 约3.7万, but 约400, 8600.
WAN = 10000


@dataclass(frozen=True)
class FigureValue:
    value: Decimal | int | str | None
    qualifier: str = ""
    display: str = ""  # "wan" for figures customarily written in 万


@dataclass(frozen=True)
class PlaceholderError:
    placeholder: str
    message: str


def format_number(value, places: int = 2) -> str:
    """At most `places` decimals, trailing zeros dropped: 50, 12.5, 62.35."""
    if isinstance(value, int):
        return str(value)
    d = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def render_value(fv: FigureValue, style: str) -> str:
    v = fv.value
    if v is None:
        return "—"
    if isinstance(v, str):
        return v
    if style == "pct":
        return PERCENT_QUALIFIER_FORMS.get(fv.qualifier, "{v}").format(v=format_number(v) + "%")
    if style == "wan":
        return format_number(Decimal(v) / WAN, 1) + "万"
    if style == "change":
        if v == 0:
            return "持平"
        return ("增长" if v > 0 else "下降") + format_number(abs(Decimal(v))) + "%"
    if style == "diff":
        if v == 0:
            return "持平"
        return ("增加" if v > 0 else "减少") + format_number(abs(Decimal(v)))
    if fv.display == "wan" and abs(Decimal(v)) >= WAN:
        number = format_number(Decimal(v) / WAN, 1) + "万"
    else:
        number = format_number(v)
    if style == "num":
        return number
    return QUALIFIER_FORMS.get(fv.qualifier, "{v}").format(v=number)


def keys_in(text: str) -> list[str]:
    return [m.group(1) for m in PLACEHOLDER.finditer(text or "") if m.group(1)]


def render(
    text: str, figures: Mapping[str, FigureValue], *, mark_errors: bool = False
) -> tuple[str, list[PlaceholderError]]:
    """Replace every placeholder; unknown keys and styles become errors.

    With `mark_errors`, a bad placeholder is left visibly in the output as
    `【错误：…】` for staff previews; otherwise it renders as nothing — callers
    must refuse to publish a text with errors.
    """
    errors: list[PlaceholderError] = []

    def substitute(m: re.Match) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        key, style = m.group(1), m.group(2) or ""
        if key is None:
            errors.append(PlaceholderError(token, "not a placeholder: use {figure.key}"))
        elif style not in STYLES:
            errors.append(PlaceholderError(token, f"unknown style “{style}”"))
        elif key not in figures:
            errors.append(PlaceholderError(token, f"unknown figure “{key}”"))
        else:
            return render_value(figures[key], style)
        return f"【错误：{token}】" if mark_errors else ""

    return PLACEHOLDER.sub(substitute, text or ""), errors
