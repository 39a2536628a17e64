"""The admin's import page, `/admin/import/`: choose a kind, upload, check, confirm.

It runs the same `run_import` as `manage.py import_records` (no import-export
resources that would restate the rules), limited to the organizations the
staff member manages. The page is added to the default admin site's URLs and
listed on the admin index next to the disclosure models.

Between the check and the confirmation the uploaded file waits in private
storage under `imports/` (outside MEDIA_ROOT, which a web server may serve:
petition files carry names, phone and ID numbers); the confirmation carries a
signed token naming the file, the kind and the user. The file is deleted when
the import is confirmed or cancelled, and a file whose token has expired is
deleted the next time anyone uses the page.
"""

from __future__ import annotations

import csv
import io
import logging
import os
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.importing import ImportFileError, registry, run_import
from core.importing.reader import EXTENSIONS
from disclosure.storage import private_storage, random_name

logger = logging.getLogger(__name__)

TOKEN_SALT = "disclosure.admin.imports"
TOKEN_MAX_AGE = 60 * 60  # seconds a checked file may wait for its confirmation
UPLOAD_DIR = "imports"


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


def _discard(stored: str) -> None:
    storage = private_storage()
    if storage.exists(stored):
        storage.delete(stored)


def purge_stale_uploads(*, now=None) -> int:
    """Delete checked files whose token has expired: nobody can confirm them any more.

    Returns how many were deleted. Run whenever the page is used, so a file left by a
    person who never confirmed nor cancelled does not stay on disk.
    """
    storage = private_storage()
    cutoff = (now or timezone.now()) - timedelta(seconds=TOKEN_MAX_AGE)
    try:
        _dirs, files = storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in files:
        stored = f"{UPLOAD_DIR}/{name}"
        try:
            if storage.get_modified_time(stored) < cutoff:
                storage.delete(stored)
                deleted += 1
        except OSError:  # deleted meanwhile by a concurrent request
            logger.debug("pending import %s vanished while purging", stored)
    return deleted


def _token(request, stored: str, kind: str, name: str) -> str:
    return signing.dumps(
        {"path": stored, "kind": kind, "name": name, "user": request.user.pk}, salt=TOKEN_SALT
    )


def _read_token(request) -> dict:
    try:
        data = signing.loads(request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as exc:
        raise SuspiciousOperation("bad or expired import token") from exc
    if data.get("user") != request.user.pk or not str(data.get("path", "")).startswith(
        f"{UPLOAD_DIR}/"
    ):
        raise SuspiciousOperation("import token of another user")
    return data


@require_http_methods(["GET", "POST"])
def import_view(request):
    importers = allowed_importers(request.user)
    if not importers:
        raise PermissionDenied
    purge_stale_uploads()
    context = {
        **admin.site.each_context(request),
        "title": _("Import records"),
        "importers": importers,
        "result": None,
        "token": None,
    }
    if request.method == "POST" and "token" in request.POST:
        if "cancel" in request.POST:
            return _cancel(request)
        return _confirm(request, context)

    form = ImportForm(request.POST or None, request.FILES or None, importers=importers)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        try:
            result = run_import(kind, upload, dry_run=True, user=request.user, filename=upload.name)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            context.update(
                result=result, kind_label=registry.get(kind).label, file_name=upload.name
            )
            if result.ok:
                context["token"] = _token(request, _store(upload), kind, upload.name)
    context["form"] = form
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


def _cancel(request):
    data = _read_token(request)
    _discard(data["path"])
    messages.info(request, _("Import cancelled; the checked file was deleted."))
    return redirect("admin:import_records")


def _confirm(request, context):
    data = _read_token(request)
    kind = data["kind"]
    importer = registry.get(kind)
    if not importer.has_permission(request.user):
        _discard(data["path"])
        raise PermissionDenied
    stored = data["path"]
    storage = private_storage()
    if not storage.exists(stored):
        messages.error(request, _("The checked file is no longer available; upload it again."))
        return redirect("admin:import_records")
    try:
        with storage.open(stored, "rb") as handle:
            result = run_import(kind, handle, user=request.user, filename=data["name"])
    except ImportFileError as exc:
        result = None
        messages.error(request, str(exc))
    finally:
        # Imported or refused, the file is not needed again: a new attempt uploads anew.
        _discard(stored)
    if result is not None and result.ok:
        messages.success(request, result.summary())
        return redirect("admin:import_records")
    # Records changed between the check and the confirmation: show the new problems.
    context.update(
        form=ImportForm(initial={"kind": kind}, importers=context["importers"]),
        result=result,
        kind_label=importer.label,
        file_name=data["name"],
    )
    return TemplateResponse(request, "admin/import_records.html", context)


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
