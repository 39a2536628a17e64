"""Public pages of published annual reports: the list, each report, its revisions, downloads.

Only frozen revisions are read here (设计原则 4): the page and every download of
a revision render from its snapshot, never from the records, so a report the
public has read does not change behind its back. Each page reads a fixed number
of queries whatever the number of reports or revisions.
"""

import json
from itertools import groupby

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.engine.snapshots import document_for_revision
from reports.models import Report, ReportRevision, ReportStatus
from reports.outputs.common import attachment_header, download_filename
from reports.outputs.html import with_focusable_tables
from reports.outputs.json import revision_data
from reports.outputs.renderers import RENDERERS
from reports.services import DOWNLOAD_FORMATS

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
# What each download link says: a citizen looks for "Word", not ".docx".
DOWNLOAD_LABELS = {
    "docx": gettext_lazy("Word document (.docx)"),
    "xlsx": gettext_lazy("Excel workbook (.xlsx)"),
    "json": gettext_lazy("Data (.json)"),
    "csv": gettext_lazy("Figures as CSV (.csv)"),
}
# A revision never changes: browsers and proxies may keep its documents for a day.
DOCUMENT_MAX_AGE = 24 * 3600


def trends_url(code: str) -> str:
    """The organization's trend page (`reports.views.trends`), when the site serves one."""
    try:
        return reverse("trends:organization", args=[code])
    except NoReverseMatch:
        return ""


def report_list(request):
    """Published reports grouped by organization, newest year first."""
    reports = (
        Report.objects.published()
        .with_latest_revision()
        .filter(latest_number__isnull=False)
        .select_related("organization")
        .order_by("organization__sort_order", "organization__code", "-year", "format")
    )
    groups = [
        {
            "organization": items[0].organization,
            "reports": items,
            "trends_url": trends_url(items[0].organization.code),
        }
        for items in (list(g) for _, g in groupby(reports, key=lambda r: r.organization_id))
    ]
    return render(request, "reports/report_list.html", {"groups": groups})


def _revisions(code: str, year: int, report_format: str) -> list[ReportRevision]:
    revisions = list(
        ReportRevision.objects.filter(
            report__organization__code=code,
            report__year=year,
            report__format=report_format,
            report__status=ReportStatus.PUBLISHED,
        )
        .select_related("report__organization")
        .defer("snapshot", "html", "text")
        .order_by("-number")
    )
    if not revisions:
        raise Http404(_("No published report at this address."))
    return revisions


def report_detail(request, code: str, year: int, report_format: str):
    revisions = _revisions(code, year, report_format)
    return _revision_page(request, revisions, revisions[0])


def revision_detail(request, code: str, year: int, report_format: str, number: int):
    revisions = _revisions(code, year, report_format)
    current = next((r for r in revisions if r.number == number), None)
    if current is None:
        raise Http404(_("This report has no such revision."))
    return _revision_page(request, revisions, current)


def _revision_page(request, revisions: list[ReportRevision], current: ReportRevision):
    html = ReportRevision.objects.values_list("html", flat=True).get(pk=current.pk)
    report = current.report
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "organization": report.organization,
            "revision": current,
            "latest": revisions[0],
            "is_latest": current.pk == revisions[0].pk,
            "revisions": revisions,
            "corrections": [r for r in reversed(revisions) if r.number > 1],
            # Rendered at publication by reports/document.html with autoescaping on.
            "report_html": mark_safe(with_focusable_tables(html)),
            "downloads": [
                (ext, DOWNLOAD_LABELS[ext], current.download_url(ext)) for ext in DOWNLOAD_FORMATS
            ],
            "trends_url": trends_url(report.organization.code),
        },
    )


def download(request, code: str, year: int, report_format: str, number: int, extension: str):
    """A revision as .docx, .xlsx, .json (the engine's shape) or .csv of its figures."""
    if extension not in DOWNLOAD_FORMATS:
        raise Http404(_("No such document format."))
    revision = get_object_or_404(
        ReportRevision.objects.select_related("report__organization"),
        report__organization__code=code,
        report__year=year,
        report__format=report_format,
        report__status=ReportStatus.PUBLISHED,
        number=number,
    )
    if extension == "json":
        data = revision_data(revision)
        content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    else:
        content = RENDERERS[extension](document_for_revision(revision))
        if isinstance(content, str):
            # With a byte-order mark, spreadsheet programs read the Chinese labels right.
            content = content.encode("utf-8-sig" if extension == "csv" else "utf-8")
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    title = revision.snapshot["document"]["title"]
    response["Content-Disposition"] = attachment_header(
        f"{download_filename(title, revision=number)}.{extension}",
        fallback=f"{code}-{year}-{report_format}-r{number}.{extension}",
    )
    patch_cache_control(response, public=True, max_age=DOCUMENT_MAX_AGE)
    return response
