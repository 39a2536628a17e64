"""Staff views of the letters: a print page and a .docx, within the staff's scope.

Drafts (the reply letter for any outcome, the letter of a recorded step) are built
from the application as it stands; an issued letter (`IssuedLetter`) is shown from
its stored snapshot and its .docx is the stored file.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.downloads import attachment_header, safe_filename
from disclosure.services.personal_data import record_personal_data_access
from requests_app.applications.letters import (
    WORDING,
    Letter,
    LetterError,
    build_letter,
    render_docx,
)
from requests_app.applications.models import Application, IssuedLetter, Outcome
from requests_app.applications.step_letters import build_slot_letter, find_slot

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
            "docx_url": reverse("applications:letter_docx", args=[application.pk])
            + (f"?outcome={letter.outcome}" if outcome is not None else ""),
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
        return _conflict(exc)
    response = HttpResponse(render_docx(letter), content_type=DOCX_TYPE)
    record_personal_data_access(
        user=request.user,
        obj=application,
        what=gettext("Reply letter downloaded (.docx)"),
        path=request.get_full_path(),
    )
    response["Content-Disposition"] = _attachment_header(letter.filename, application)
    return response


def _attachment_header(filename: str, application: Application, *, draft: bool = False) -> str:
    """The letter's Chinese file name, with the tracking number as the ASCII fallback."""
    fallback = f"{'draft-' if draft else ''}letter-{application.tracking_number}.docx"
    return attachment_header(filename, safe_filename(fallback))


def _conflict(exc: LetterError) -> HttpResponse:
    """A letter that cannot be built yet: 409 with the reason, in plain text."""
    return HttpResponse(exc.message, status=409, content_type="text/plain; charset=utf-8")


def _step_letter(request, pk: int, key: str):
    """(application, draft letter of its step `key`, None), or (application, None, a 409
    answer) when the letter cannot be built yet; 404 for a step the application lacks."""
    application = application_for_staff(request, pk)
    slot = find_slot(application, key)
    if slot is None:
        raise Http404
    try:
        return application, build_slot_letter(application, slot), None
    except LetterError as exc:
        return application, None, _conflict(exc)


@never_cache
@login_required
@require_GET
def step_letter_print(request, pk: int, key: str):
    """The draft of a step's letter (no number yet), built from the application now."""
    application, letter, refused = _step_letter(request, pk, key)
    if refused is not None:
        return refused
    record_personal_data_access(
        user=request.user,
        obj=application,
        what=gettext("Draft letter opened for printing: %(title)s") % {"title": letter.title},
        path=request.get_full_path(),
    )
    return render(
        request,
        "requests_app/letters/letter_print.html",
        {
            "application": application,
            "letter": letter,
            "unissued": True,
            "docx_url": reverse("applications:step_letter_docx", args=[application.pk, key]),
        },
    )


@never_cache
@login_required
@require_GET
def step_letter_docx(request, pk: int, key: str):
    application, letter, refused = _step_letter(request, pk, key)
    if refused is not None:
        return refused
    response = HttpResponse(render_docx(letter), content_type=DOCX_TYPE)
    record_personal_data_access(
        user=request.user,
        obj=application,
        what=gettext("Draft letter downloaded (.docx): %(title)s") % {"title": letter.title},
        path=request.get_full_path(),
    )
    response["Content-Disposition"] = _attachment_header(
        f"草稿-{letter.filename}", application, draft=True
    )
    return response


def _issued_for_staff(request, pk: int) -> IssuedLetter:
    issued = get_object_or_404(IssuedLetter, pk=pk)
    issued.application = application_for_staff(request, issued.application_id)
    return issued


@never_cache
@login_required
@require_GET
def issued_letter_print(request, pk: int):
    """An issued letter as it was issued: from its snapshot, never built again."""
    issued = _issued_for_staff(request, pk)
    record_personal_data_access(
        user=request.user,
        obj=issued.application,
        what=gettext("Issued letter opened for printing: %(number)s") % {"number": issued.number},
        path=request.get_full_path(),
    )
    return render(
        request,
        "requests_app/letters/letter_print.html",
        {
            "application": issued.application,
            "letter": Letter.from_data(issued.content),
            "issued": issued,
            "docx_url": reverse("applications:issued_letter_docx", args=[issued.pk]),
        },
    )


@never_cache
@login_required
@require_GET
def issued_letter_docx(request, pk: int):
    """The stored .docx of an issued letter, byte for byte."""
    issued = _issued_for_staff(request, pk)
    try:
        handle = issued.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = f"{issued.application.tracking_number}-{issued.title}-{issued.number}.docx"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=DOCX_TYPE)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    record_personal_data_access(
        user=request.user,
        obj=issued.application,
        what=gettext("Issued letter downloaded (.docx): %(number)s") % {"number": issued.number},
        path=request.get_full_path(),
    )
    return response
