"""Staff downloads of private files (identity proofs, reply attachments), within their scope.

Identity proofs go only to staff of the application's own organization (or a
superuser), like the full identity number (`requests_app.applications.privacy`).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from disclosure.services.personal_data import record_personal_data_access
from requests_app.applications.models import ReplyAttachment
from requests_app.applications.privacy import sees_full_personal_data
from requests_app.applications.views.letters import application_for_staff


def _stream(field, filename: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
@require_GET
def identity_proof(request, pk: int):
    application = application_for_staff(request, pk)
    if not sees_full_personal_data(request.user, application):
        # Issue 3 §7: identity documents only to staff of the organization applied to.
        raise PermissionDenied
    if not application.identity_proof:
        raise Http404
    suffix = application.identity_proof.name.rsplit(".", 1)[-1]
    response = _stream(
        application.identity_proof, f"{application.tracking_number}-身份证明.{suffix}"
    )
    record_personal_data_access(
        user=request.user,
        obj=application,
        what=gettext("Identity proof downloaded"),
        path=request.get_full_path(),
    )
    return response


@never_cache
@login_required
@require_GET
def reply_attachment(request, pk: int):
    attachment = get_object_or_404(ReplyAttachment.objects.select_related("application"), pk=pk)
    application_for_staff(request, attachment.application_id)
    name = attachment.title or attachment.file.name.rsplit("/", 1)[-1]
    if "." not in name:
        name += "." + attachment.file.name.rsplit(".", 1)[-1]
    response = _stream(attachment.file, name)
    record_personal_data_access(
        user=request.user,
        obj=attachment.application,
        what=gettext("Reply attachment downloaded: %(name)s") % {"name": name},
        path=request.get_full_path(),
    )
    return response
