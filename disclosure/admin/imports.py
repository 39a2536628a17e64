"""The admin's import page, `/admin/import/`: choose a kind, upload; check, then confirm.

It runs the same `run_import` as `manage.py import_records` (no import-export
resources that would restate the rules), limited to the organizations the
staff member manages. The page is added to the default admin site's URLs and
listed on the admin index next to the disclosure models.

The check and the save each run as a background job (`disclosure.jobs.imports`), so a
file of a hundred thousand rows returns at once and shows its progress on the job's
page (`disclosure.admin.jobs`), where the checked file is confirmed or cancelled. The
uploaded file waits in private storage (outside MEDIA_ROOT, which a web server may
serve: petition files carry names, phone and ID numbers) under a random name, held by
the job; it is deleted when the import is saved, refused or cancelled, and a checked
file nobody confirmed is deleted `JOB_FILES_DAYS` after its check.
"""

from __future__ import annotations

import csv
import io
import os

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.importing import registry
from core.importing.reader import EXTENSIONS
from disclosure.admin.jobs import job_url
from disclosure.jobs import start_job
from disclosure.jobs.imports import KIND as IMPORT_KIND
from disclosure.models.jobs import Job
from disclosure.storage import private_storage, random_name

UPLOAD_DIR = "imports"
# How many of the user's recent imports the page lists.
RECENT_JOBS = 5


def allowed_importers(user) -> list:
    return [cls for cls in registry.importers() if cls.has_permission(user)]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of records"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("A .csv file in UTF-8 or an .xlsx workbook; the first row holds the headers."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def __init__(self, *args, importers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(cls.kind, cls.label) for cls in importers]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = os.path.splitext(upload.name)[1].lower()
        if extension not in EXTENSIONS:
            raise forms.ValidationError(
                _("“%(name)s” is neither a .csv nor an .xlsx file."), params={"name": upload.name}
            )
        limit = settings.MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB."), params={"limit": settings.MAX_UPLOAD_MB}
            )
        return upload


def _store(upload) -> str:
    upload.seek(0)
    return private_storage().save(random_name(UPLOAD_DIR, upload.name), upload)


@require_http_methods(["GET", "POST"])
def import_view(request):
    importers = allowed_importers(request.user)
    if not importers:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, importers=importers)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_job(
            IMPORT_KIND,
            user=request.user,
            params={"kind": form.cleaned_data["kind"], "filename": upload.name, "dry_run": True},
            upload=_store(upload),
        )
        return redirect(job_url(job))
    context = {
        **admin.site.each_context(request),
        "title": _("Import records"),
        "importers": importers,
        "form": form,
        "recent_jobs": Job.objects.filter(user=request.user, kind=IMPORT_KIND)[:RECENT_JOBS],
        "jobs_url": reverse("admin:disclosure_job_changelist") + f"?kind={IMPORT_KIND}",
    }
    return TemplateResponse(request, "admin/import_records.html", context)


@require_http_methods(["GET"])
def template_view(request, kind):
    """An empty file to fill in: the kind's headers in its column order, as CSV.

    UTF-8 with a byte-order mark, so that Excel and WPS open it with the Chinese
    headings intact; checked against the same permission as the import itself.
    """
    try:
        importer = registry.get(kind)
    except registry.UnknownKind as exc:
        raise Http404 from exc
    if not importer.has_permission(request.user):
        raise PermissionDenied
    buffer = io.StringIO()
    csv.writer(buffer).writerow(importer.column_headers())
    response = HttpResponse(
        buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{importer.label}导入模板.csv"
    )
    return response


# --- registration on the default admin site -------------------------------------------


def _install(site: admin.AdminSite) -> None:
    if getattr(site, "_import_page_installed", False):
        return
    site._import_page_installed = True
    original_get_urls = site.get_urls
    original_get_app_list = site.get_app_list

    def get_urls():
        return [
            path("import/", site.admin_view(import_view), name="import_records"),
            path(
                "import/template/<slug:kind>.csv",
                site.admin_view(template_view),
                name="import_template",
            ),
            *original_get_urls(),
        ]

    def get_app_list(request, app_label=None):
        app_list = original_get_app_list(request, app_label)
        if not allowed_importers(request.user):
            return app_list
        try:
            url = reverse("admin:import_records", current_app=site.name)
        except NoReverseMatch:
            return app_list
        for app in app_list:
            if app["app_label"] == "disclosure":
                app["models"].append(
                    {
                        "model": None,
                        "name": _("Import records"),
                        "object_name": "ImportRecords",
                        "perms": {"view": True},
                        "admin_url": url,
                        "add_url": None,
                        "view_only": True,
                    }
                )
        return app_list

    site.get_urls = get_urls
    site.get_app_list = get_app_list


_install(admin.site)
