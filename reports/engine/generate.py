"""Generate an annual report from records and entered figures: the engine's one entry point.

`build_report` computes every figure with a fixed number of grouped queries,
renders the prose of each section (staff text or the format's default) with
its placeholders resolved, lays out the national tables and runs the checks.
The result is plain data (`ReportDocument`) that every output format reads.
"""

from disclosure.models import Organization
from reports.engine import checks, formats, tables
from reports.engine.document import RenderedSection, ReportDocument
from reports.engine.figures import Figure, registry
from reports.engine.placeholders import format_number, keys_in, render
from reports.engine.providers import compute_figures, scope_ids
from reports.models import ReportRevision


def fee_sentence(figures: dict[str, Figure]) -> str:
    """六: the 信息处理费 collected under 国办函〔2020〕109号, or that none was."""
    cases = figures["fees.cases"].value or 0
    if not cases:
        return "本年度未收取信息处理费。"
    amount = format_number(figures["fees.amount_yuan"].value)
    return f"本年度共对{cases}件政府信息公开申请收取信息处理费，合计{amount}元。"


def build_report(
    *,
    organization: Organization,
    year: int,
    format: str,
    include_children: bool = False,
    texts: dict[str, str] | None = None,
    title: str = "",
    draft: bool = True,
) -> ReportDocument:
    # One scan of the applications and one of the catalogue for the whole report: the
    # tables and providers share their grouped queries (`tables.shared_counts`).
    with tables.shared_counts():
        return _build_report(
            organization=organization,
            year=year,
            format=format,
            include_children=include_children,
            texts=texts,
            title=title,
            draft=draft,
        )


def _build_report(
    *,
    organization: Organization,
    year: int,
    format: str,
    include_children: bool,
    texts: dict[str, str] | None,
    title: str,
    draft: bool,
) -> ReportDocument:
    if format not in formats.FORMATS:
        raise ValueError(f"unknown format {format!r}")
    ids = scope_ids(organization, include_children)
    figures = compute_figures(organization, year, organization_ids=ids)
    values = {key: f.as_placeholder_value() for key, f in figures.items()}
    texts = texts or {}

    sections: list[RenderedSection] = []
    used_keys: set[str] = set()
    for definition in formats.sections(format):
        text = texts.get(definition.key)
        if text is None:
            text = definition.default_for(organization.kind)
        used_keys.update(keys_in(text))
        rendered, errors = render(text, values, mark_errors=True)
        paragraphs = [p.strip() for p in rendered.splitlines() if p.strip()]
        if format == "gb2021" and definition.key == "other":
            paragraphs.insert(0, fee_sentence(figures))
        sections.append(
            RenderedSection(
                definition.key, definition.heading, paragraphs, definition.table, errors
            )
        )

    if format == "gb2021":
        used_keys.update(f"table2.{row}.{column}" for row, column in tables.TABLE2_ENTERED.items())
    missing = [
        (key, figures[key].definition.label)
        for key in sorted(used_keys)
        if key in figures and figures[key].missing
    ]
    results = [
        checks.check_placeholders({s.heading or s.key: s.errors for s in sections}),
        checks.check_entered(missing),
    ]
    if format == "gb2021":
        t3 = {
            row: {c: figures[f"table3.{row}.{c}"].value for c in tables.TABLE3_COLUMNS}
            for row in tables.TABLE3_ROWS
        }
        t4 = {
            g: {c: figures[f"table4.{g}.{c}"].value for c in tables.TABLE4_COLUMNS}
            for g in tables.TABLE4_GROUPS
        }
        previous = previous_carried_forward(
            organization, year, ids, include_children=include_children
        )
        results += [
            checks.check_r1(t3),
            checks.check_r2(t3),
            checks.check_r3(t3, tables.OUTCOME_ROWS),
            checks.check_r4(t4),
            checks.check_r5(t3, previous),
        ]
    return ReportDocument(
        organization=organization,
        year=year,
        format=format,
        title=title or f"{organization.name}{year}年政府信息公开工作年度报告",
        include_children=include_children,
        figures=figures,
        sections=sections,
        checks=results,
        draft=draft,
    )


def previous_carried_forward(
    organization, year: int, ids, *, include_children: bool = False
) -> dict | None:
    """表三 of the year before, for R5: as last published, else as the records stand today.

    The published report is what the public compared against; when the records of the year
    before were changed after it was published, R5 shows the difference. Only a report of
    the same scope compares: last year's report of the organization alone says nothing about
    this year's report with its sub-organizations (or the reverse). The scope is read from
    the snapshot, as published, not from the report record, which staff may have changed since.
    """
    snapshot = (
        ReportRevision.objects.filter(
            report__organization=organization, report__year=year - 1, report__format="gb2021"
        )
        .order_by("-number")
        .values_list("snapshot", flat=True)
        .first()
    )
    document = (snapshot or {}).get("document") or {}
    if bool(document.get("include_children")) == include_children:
        published = (document.get("tables") or {}).get("table3") or {}
        if "carried_forward" in published:
            return {"carried_forward": published["carried_forward"]}
    cells = tables.compute_table3(ids, year - 1).cells
    if not any(cells[row]["total"] for row in tables.TABLE3_ROWS):
        return None
    return cells


def build_from_record(report, *, draft: bool = True) -> ReportDocument:
    texts = {s.key: s.text for s in report.sections.all()}
    return build_report(
        organization=report.organization,
        year=report.year,
        format=report.format,
        include_children=report.include_children,
        texts=texts,
        title=report.title,
        draft=draft,
    )


def known_figure_keys() -> list[str]:
    return [f.key for f in registry.all()]
