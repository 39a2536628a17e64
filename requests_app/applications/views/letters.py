"""Staff views of the reply letters: a print page and a .docx, within the staff's scope."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from disclosure.services.personal_data import record_personal_data_access
from requests_app.applications.letters import WORDING, LetterError, build_letter, render_docx
from requests_app.applications.models import Application, Outcome

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def application_for_staff(request, pk: int) -> Application:
    """The application, if the user is staff with the permission to view applications and
    it belongs to their scope; 403 otherwise (as the admin answers)."""
    if not request.user.is_staff or not request.user.has_perm("requests_app.view_application"):
        raise PermissionDenied
    application = get_object_or_404(
        Application.objects.select_related("organization", "organization__parent"), pk=pk
    )
    scope = request.user.scope_organization_ids
    if scope is not None and application.organization_id not in scope:
        raise PermissionDenied
    return application


def _requested_outcome(request) -> str | None:
    """`?outcome=` drafts the letter for an outcome not (yet) recorded."""
    outcome = request.GET.get("outcome") or None
    if outcome is not None and outcome not in WORDING:
        raise Http404
    return outcome


@never_cache
@login_required
@require_GET
def letter_print(request, pk: int):
    application = application_for_staff(request, pk)
    outcome = _requested_outcome(request)
    try:
        letter = build_letter(application, outcome=outcome)
    except LetterError as exc:
        return render(
            request,
            "requests_app/letters/choose_outcome.html",
            {"application": application, "error": exc.message, "outcomes": Outcome.choices},
        )
    # The letter carries the applicant's name and address.
    record_personal_data_access(
        user=request.user,
        obj=application,
        what=gettext("Reply letter opened for printing"),
        path=request.get_full_path(),
    )
    return render(
        request,
        "requests_app/letters/letter_print.html",
        {
            "application": application,
            "letter": letter,
            "draft": outcome is not None and outcome != application.outcome,
            "outcomes": Outcome.choices,
        },
    )


@never_cache
@login_required
@require_GET
def letter_docx(request, pk: int):
    application = application_for_staff(request, pk)
    try:
        letter = build_letter(application, outcome=_requested_outcome(request))
    except LetterError as exc:
        return HttpResponse(exc.message, status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(render_docx(letter), content_type=DOCX_TYPE)
    record_personal_data_access(
        user=request.user,
        obj=application,
        what=gettext("Reply letter downloaded (.docx)"),
        path=request.get_full_path(),
    )
    response["Content-Disposition"] = _attachment_header(letter.filename)
    return response


def _attachment_header(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "ignore").decode() or "letter.docx"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
