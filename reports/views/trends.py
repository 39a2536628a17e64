"""The public trend page of an organization: its figures across the years as charts.

The numbers come from `reports.engine.trends` (one grouped query per source); the
charts are drawn on the server by `reports.outputs.charts` as inline SVG, each
followed by the same numbers as an HTML table, so the page reads without
JavaScript and with a screen reader.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure.models import Organization
from reports.engine import trends
from reports.models import Report
from reports.outputs import charts
from requests_app.proposals.models import ProposalKind, ResultCategory

OUTCOME_GROUP_LABELS = {
    "granted": gettext_lazy("Granted"),
    "partially_granted": gettext_lazy("Partially granted"),
    "withheld": gettext_lazy("Withheld"),
    "unavailable": gettext_lazy("Unavailable"),
    "not_processed": gettext_lazy("Not processed"),
    "other": gettext_lazy("Other handling"),
}
PROPOSAL_COLUMN_LABELS = {
    ResultCategory.SOLVED: gettext_lazy("A: solved or adopted"),
    ResultCategory.IN_PROGRESS: gettext_lazy("B: being solved or planned"),
    ResultCategory.FOR_REFERENCE: gettext_lazy("C: kept for reference"),
    trends.NOT_ANSWERED: gettext_lazy("Not answered yet"),
}
PROPOSAL_HEADINGS = {
    ProposalKind.DEPUTY_SUGGESTION: gettext_lazy("Deputies' suggestions by result category"),
    ProposalKind.CPPCC_PROPOSAL: gettext_lazy("CPPCC proposals by result category"),
}
CHILDREN_VALUES = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


@dataclass(frozen=True)
class RenderedChart:
    spec: charts.BarChart
    svg: SafeString
    table: charts.Table


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    intro: str
    chart: RenderedChart | None  # None: nothing recorded for this source
    empty: str = ""


def _render(spec: charts.BarChart, table: charts.Table) -> RenderedChart:
    # `charts.render_svg` escapes every text it writes into the markup.
    return RenderedChart(spec=spec, svg=mark_safe(charts.render_svg(spec)), table=table)


def _span(years: list[int]) -> dict[str, int]:
    return {"first": years[0], "last": years[-1]}


def _stacked_description(years) -> str:
    return _(
        "Stacked bars, one per year from %(first)s to %(last)s; the total is written above "
        "each bar. The table below the chart gives every number."
    ) % _span(years)


def _grouped_description(years) -> str:
    return _(
        "Grouped bars, one group per year from %(first)s to %(last)s. The table below the "
        "chart gives every number."
    ) % _span(years)


def _outcome_section(data: trends.Trends, categories) -> Section:
    spec = charts.BarChart(
        id="chart-outcomes",
        title=_("Applications closed per year by outcome"),
        description=_stacked_description(data.years),
        categories=categories,
        series=tuple(
            charts.Series(
                group,
                str(OUTCOME_GROUP_LABELS[group]),
                tuple(y.count(group) for y in data.applications),
            )
            for group in trends.OUTCOME_GROUPS
        ),
        stacked=True,
        axis_label=_("items"),
    )
    table = charts.data_table(
        spec, caption=spec.title, category_header=_("Year"), total_header=_("Total")
    )
    return Section(
        id="applications",
        heading=_("Applications by outcome"),
        intro=_(
            "Applications closed in each year, grouped as in the outcome rows of table 3 of "
            "the annual report. An application counts in the year it was closed; open "
            "applications are not included."
        ),
        chart=_render(spec, table) if data.has_applications else None,
        empty=_("No closed applications recorded."),
    )


def _timeliness_section(data: trends.Trends, categories) -> Section:
    """The share answered in time: closed on or before the due date, of those with one."""
    spec = charts.BarChart(
        id="chart-in-time",
        title=_("Share of applications answered in time per year"),
        description=_(
            "Bars per year from %(first)s to %(last)s, in percent; “—” marks a year without "
            "applications closed with a due date. The table below the chart gives every number."
        )
        % _span(data.years),
        categories=categories,
        series=(
            charts.Series(
                "in_time", _("Share in time"), tuple(y.in_time_rate for y in data.applications)
            ),
        ),
        unit="%",
        axis_label="%",
        max_value=100,
    )
    table = charts.custom_table(
        caption=spec.title,
        header=[
            _("Year"),
            _("Closed with a due date"),
            _("Closed in time"),
            _("Share in time"),
            _("Closed without a due date (left out)"),
        ],
        rows=[
            (
                str(y.year),
                [
                    str(y.closed_with_due_date),
                    str(y.closed_in_time),
                    charts.format_number(y.in_time_rate, "%"),
                    str(y.closed_without_due_date),
                ],
            )
            for y in data.applications
        ],
    )
    return Section(
        id="in-time",
        heading=_("Share answered in time"),
        intro=_(
            "Of the applications closed in a year that have a due date, the share closed on "
            "or before that date (Article 33 of the Regulations: 20 working days, extendable "
            "by at most 20). Applications imported as history without a due date are left "
            "out; the table shows how many. A year without such applications shows “—”."
        ),
        chart=_render(spec, table) if data.has_applications else None,
        empty=_("No closed applications recorded."),
    )


def _petition_sections(data: trends.Trends, categories) -> list[Section]:
    visits = charts.BarChart(
        id="chart-visits",
        title=_("Visits per year in batches and persons"),
        description=_grouped_description(data.years),
        categories=categories,
        series=(
            charts.Series(
                "visit_batches",
                _("Visits (batches)"),
                tuple(y.visit_batches for y in data.petitions),
            ),
            charts.Series(
                "visit_persons",
                _("Visits (persons)"),
                tuple(y.visit_persons for y in data.petitions),
            ),
        ),
    )
    items = charts.BarChart(
        id="chart-petition-items",
        title=_("Letters, online complaints and calls per year"),
        description=_grouped_description(data.years),
        categories=categories,
        series=(
            charts.Series("letters", _("Letters"), tuple(y.letters for y in data.petitions)),
            charts.Series(
                "online", _("Online complaints"), tuple(y.online for y in data.petitions)
            ),
            charts.Series("calls", _("Calls"), tuple(y.calls for y in data.petitions)),
        ),
        axis_label=_("items"),
    )
    empty = _("No petitions recorded.")
    return [
        Section(
            id="visits",
            heading=_("Petitions: visits"),
            intro=_(
                "Visits received in each year, in batches (one per visit, whatever the number "
                "of people) and in persons."
            ),
            chart=_render(
                visits, charts.data_table(visits, caption=visits.title, category_header=_("Year"))
            )
            if data.has_petitions
            else None,
            empty=empty,
        ),
        Section(
            id="petition-items",
            heading=_("Petitions: letters, online complaints and calls"),
            intro=_("Items received in each year through each channel."),
            chart=_render(
                items,
                charts.data_table(
                    items, caption=items.title, category_header=_("Year"), total_header=_("Total")
                ),
            )
            if data.has_petitions
            else None,
            empty=empty,
        ),
    ]


def _proposal_section(data: trends.Trends, categories, kind: str) -> Section:
    rows = data.proposals[kind]
    spec = charts.BarChart(
        id=f"chart-{kind.replace('_', '-')}",
        title=str(PROPOSAL_HEADINGS[kind]),
        description=_stacked_description(data.years),
        categories=categories,
        series=tuple(
            charts.Series(
                column, str(PROPOSAL_COLUMN_LABELS[column]), tuple(y.count(column) for y in rows)
            )
            for column in trends.PROPOSAL_COLUMNS
        ),
        stacked=True,
        axis_label=_("items"),
    )
    table = charts.data_table(
        spec, caption=spec.title, category_header=_("Year"), total_header=_("Total")
    )
    return Section(
        id=kind.replace("_", "-"),
        heading=str(PROPOSAL_HEADINGS[kind]),
        intro=_(
            "Suggestions and proposals assigned in each year, by the result category of the "
            "reply: A solved or adopted, B being solved or included in plans, C kept for "
            "reference; those not answered yet are shown separately."
        ),
        chart=_render(spec, table) if data.has_proposals(kind) else None,
        empty=_("None recorded."),
    )


def build_sections(data: trends.Trends) -> list[Section]:
    categories = tuple(str(y) for y in data.years)
    return [
        _outcome_section(data, categories),
        _timeliness_section(data, categories),
        *_petition_sections(data, categories),
        *(_proposal_section(data, categories, kind) for kind in ProposalKind.values),
    ]


def organization_trends(request, code: str):
    organization = get_object_or_404(Organization.objects.active(), code=code)
    default = trends.default_include_children(organization)
    raw = request.GET.get("children", "").strip().lower()
    include_children = CHILDREN_VALUES.get(raw, default)
    data = trends.organization_trends(
        organization, include_children=include_children, today=timezone.localdate()
    )
    # The organization's own published annual reports (one query), to read the figures in context.
    published_reports = (
        Report.objects.published()
        .filter(organization=organization)
        .with_latest_revision()
        .select_related("organization")
        .order_by("-year", "format")
    )
    return render(
        request,
        "reports/trends.html",
        {
            "organization": organization,
            "trends": data,
            "sections": build_sections(data) if data.has_data else [],
            "has_children": organization.children.exists(),
            "children_value_invalid": raw if raw and raw not in CHILDREN_VALUES else "",
            "published_reports": list(published_reports),
        },
    )
