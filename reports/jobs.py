"""The documents of many reports as one background job: a zip of each selected report's
draft document (.docx or .xlsx), built from the current data with progress per report.

Started from the report list in the admin (the actions "documents of the selected
reports"); the zip waits on the job's page for `JOB_FILES_DAYS`.
"""

from __future__ import annotations

import tempfile
import zipfile

from django.core.files import File
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from disclosure.jobs import JobFailed, JobKind
from disclosure.storage import random_name
from reports.engine.generate import build_from_record
from reports.models import Report
from reports.outputs.common import download_filename
from reports.outputs.renderers import RENDERERS

DOCUMENTS_KIND = "report_documents"
DOCUMENT_FORMATS = ("docx", "xlsx")


def run(job, progress) -> dict:
    extension = job.params["format"]
    if extension not in DOCUMENT_FORMATS:
        raise JobFailed(gettext("No such document format."))
    user = job.user
    if user is None or not user.is_active:
        raise JobFailed(gettext("The account that started this job is no longer active."))
    reports = Report.objects.filter(pk__in=job.params["report_ids"]).select_related("organization")
    scope = user.scope_organization_ids
    if scope is not None:  # still only what the user may see, when the job runs
        reports = reports.filter(organization_id__in=scope)
    reports = list(reports.order_by("organization__code", "year", "format"))
    if not reports:
        raise JobFailed(gettext("None of the selected reports is available to you."))
    total = len(reports)
    progress("build", 0, total)
    names: set[str] = set()
    with tempfile.TemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for done, report in enumerate(reports, start=1):
                doc = build_from_record(report, draft=True)
                name = f"{download_filename(doc.title, draft=True)}.{extension}"
                if name in names:  # two reports of one title: tell them apart
                    name = f"{report.organization.code}-{report.year}-{report.format}-{name}"
                names.add(name)
                archive.writestr(name, RENDERERS[extension](doc))
                progress("build", done, total)
        buffer.seek(0)
        job.output.save(random_name("jobs", "documents.zip"), File(buffer), save=False)
    job.output_name = gettext("annual reports (%(count)d, %(format)s).zip") % {
        "count": total,
        "format": extension,
    }
    return {"count": total, "format": extension, "files": sorted(names)}


DOCUMENTS_JOB = JobKind(
    name=DOCUMENTS_KIND,
    label=_("Documents of reports"),
    run=run,
    result_template="admin/disclosure/job/result_download.html",
    stages={"build": _("Documents built")},
)
