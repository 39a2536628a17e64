"""Background jobs in the admin: the list of recent jobs and each job's page.

A staff member sees the jobs they started, a superuser every job. A job's page shows its
progress while it runs (a bar that `js/admin/job-progress.js` moves by polling the job's
small JSON; without JavaScript, a reload link) and then its result, or why it failed. A
checked import is confirmed or cancelled here; a job that produced a file offers it here.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.importing import registry as import_registry
from disclosure.jobs import live_progress, registry, start_job
from disclosure.jobs.imports import KIND as IMPORT_KIND
from disclosure.jobs.imports import confirmable, result_from_json
from disclosure.jobs.runner import purge_job_files
from disclosure.models.jobs import Job, JobState


def job_url(job: Job) -> str:
    return reverse("admin:disclosure_job_change", args=[job.pk])


def progress_json(job: Job) -> dict:
    job = live_progress(job)
    try:
        stages = registry.get(job.kind).stages
    except registry.UnknownJobKind:
        stages = {}
    return {
        "id": job.pk,
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "stage": job.stage,
        "stage_label": str(stages.get(job.stage, job.stage)),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "finished": job.finished,
    }


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.name, kind.label) for kind in registry.kinds()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("number", "kind_label", "what", "state", "progress", "user", "created_at")
    list_display_links = ("number", "kind_label")
    list_filter = ("state", KindFilter)
    list_select_related = ("user",)
    list_per_page = 50
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    # Every staff member has a list of their own jobs; nobody edits a job by hand.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("number"), ordering="id")
    def number(self, obj):
        return f"#{obj.pk}"

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj):
        return registry.label(obj.kind)

    @admin.display(description=_("what"))
    def what(self, obj):
        params = obj.params or {}
        if obj.kind == IMPORT_KIND:
            try:
                label = import_registry.get(params.get("kind", "")).label
            except import_registry.UnknownKind:
                label = params.get("kind", "")
            mode = gettext("check") if params.get("dry_run") else gettext("save")
            return f"{label} · {params.get('filename', '')} · {mode}"
        return params.get("description", "")

    @admin.display(description=_("progress"))
    def progress(self, obj):
        obj = live_progress(obj)
        if obj.state == JobState.FAILED:
            return "—"
        if not obj.total:
            return f"{obj.percent}%"
        return format_html("{} / {} ({}%)", obj.done, obj.total, obj.percent)

    def changelist_view(self, request, extra_context=None):
        purge_job_files()
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:job_id>/progress/", wrap(self.progress_view), name="disclosure_job_progress"
            ),
            path("<int:job_id>/confirm/", wrap(self.confirm_view), name="disclosure_job_confirm"),
            path("<int:job_id>/cancel/", wrap(self.cancel_view), name="disclosure_job_cancel"),
            path(
                "<int:job_id>/download/", wrap(self.download_view), name="disclosure_job_download"
            ),
            *super().get_urls(),
        ]

    def _job(self, request, job_id, *, lock=False) -> Job:
        queryset = self.get_queryset(request)
        if lock:
            queryset = queryset.select_for_update()
        job = queryset.filter(pk=job_id).first()
        if job is None:  # another user's job is not found, not forbidden: no ids to probe
            raise Http404(gettext("No such job."))
        return job

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            job = self._job(request, int(object_id))
        except ValueError:
            raise Http404(gettext("No such job.")) from None
        job = live_progress(job)
        try:
            kind = registry.get(job.kind)
        except registry.UnknownJobKind:
            kind = None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("%(kind)s #%(number)d")
            % {"kind": registry.label(job.kind), "number": job.pk},
            "subtitle": None,
            "opts": self.opts,
            "job": job,
            "job_what": self.what(job),
            "stage_label": kind.stages.get(job.stage, job.stage) if kind else job.stage,
            "result_template": kind.result_template if kind else "",
            "progress_url": reverse("admin:disclosure_job_progress", args=[job.pk]),
            "job_files_days": settings.JOB_FILES_DAYS,
        }
        if job.kind == IMPORT_KIND and job.result:
            result = result_from_json(job.result)
            context.update(
                result=result,
                error_count=job.result.get("error_count", len(result.errors)),
                kind_label=registry.label(job.kind),
                import_label=self._import_label(job),
                file_name=job.params.get("filename", ""),
                confirmable=confirmable(job) and job.user_id == request.user.pk,
            )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/disclosure/job/job.html", context)

    @staticmethod
    def _import_label(job):
        try:
            return import_registry.get(job.params.get("kind", "")).label
        except import_registry.UnknownKind:
            return job.params.get("kind", "")

    def progress_view(self, request, job_id):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        response = JsonResponse(progress_json(self._job(request, job_id)))
        response["Cache-Control"] = "no-store"
        return response

    def confirm_view(self, request, job_id):
        """Save a checked import: a new job takes over the checked file."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        with transaction.atomic():
            checked = self._job(request, job_id, lock=True)
            if checked.user_id != request.user.pk:
                raise PermissionDenied
            if not confirmable(checked):
                messages.error(
                    request,
                    gettext("This check cannot be confirmed any more; upload the file again."),
                )
                return HttpResponseRedirect(job_url(checked))
            importer = import_registry.get(checked.params["kind"])
            if not importer.has_permission(request.user):
                raise PermissionDenied
            save = start_job(
                IMPORT_KIND,
                user=request.user,
                params={
                    "kind": checked.params["kind"],
                    "filename": checked.params.get("filename", ""),
                    "dry_run": False,
                    "checked_by_job": checked.pk,
                },
                upload=checked.upload.name,
            )
            Job.objects.filter(pk=checked.pk).update(
                upload="", params={**checked.params, "confirmed_by_job": save.pk}
            )
        return HttpResponseRedirect(job_url(save))

    def cancel_view(self, request, job_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        with transaction.atomic():
            checked = self._job(request, job_id, lock=True)
            if checked.user_id != request.user.pk:
                raise PermissionDenied
            if checked.upload:
                checked.upload.delete(save=False)
                Job.objects.filter(pk=checked.pk).update(
                    upload="", params={**checked.params, "cancelled": True}
                )
        messages.info(request, gettext("Import cancelled; the checked file was deleted."))
        return redirect("admin:import_records")

    def download_view(self, request, job_id):
        job = self._job(request, job_id)
        if job.state != JobState.SUCCEEDED or not job.output:
            raise Http404(gettext("This job's file is no longer available."))
        try:
            handle = job.output.open("rb")
        except FileNotFoundError:
            raise Http404(gettext("This job's file is no longer available.")) from None
        response = FileResponse(handle, content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(
            True, job.output_name or f"job-{job.pk}.zip"
        )
        return response
