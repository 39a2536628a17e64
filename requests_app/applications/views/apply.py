"""The public side of 依申请公开: apply online, see the confirmation, follow the status.

No account: the applicant proves who they are with the pair 受理编号 + 查询码.
Nothing here shows an identity number, a phone number or an address.
"""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.public_forms import rate_limited
from disclosure.models import Organization
from requests_app.applications.forms import (
    ApplicationForm,
    RecoverQueryCodeForm,
    StatusLookupForm,
)
from requests_app.applications.models import Application
from requests_app.applications.selectors import (
    explain_due_date,
    provisional_years,
    public_events,
)
from requests_app.applications.services.query_codes import forget_query_code
from requests_app.applications.services.recovery import reissue_query_code
from requests_app.applications.services.submission import submit_online_application
from requests_app.tracking import TRACKING_NUMBER_RE

# Session keys. The confirmation codes are kept once, for the redirect to the done page.
CONFIRMATION_KEY = "apply:confirmation"
STATUS_PAIR_KEY = "apply:status_pair"
RECOVER_SENT_KEY = "apply:recover_sent"

APPLY_SCOPE = "apply"
STATUS_SCOPE = "apply-status"
RECOVER_SCOPE = "apply-recover"
# Per client address, and per tracking number from any address: a few a day are enough
# for an applicant; a guesser of contact details gets no further.
RECOVER_IP_LIMIT = 5
RECOVER_NUMBER_LIMIT = 3
RECOVER_NUMBER_WINDOW = 24 * 3600


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request):
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        if rate_limited(request, APPLY_SCOPE):
            form.is_valid()  # keep the input, with its messages, on the page
            return _render_form(
                request,
                form,
                status=429,
                blocking_error=_(
                    "Too many applications have been sent from your network in a short time. "
                    "Your input is kept below: please try again in an hour, or apply by post "
                    "or in person."
                ),
            )
        if form.is_bot():
            return _render_form(
                request,
                ApplicationForm(),
                status=400,
                blocking_error=_("The application could not be accepted. Please try again."),
            )
        if form.is_valid():
            result = submit_online_application(data=form.submission_data())
            application = result.application
            if result.query_code:
                # New, or the same form sent again within minutes (a double click, maybe
                # from a second session): the code this form's token may still see.
                request.session[CONFIRMATION_KEY] = {
                    "token": application.client_token,
                    "tracking_number": application.tracking_number,
                    "query_code": result.query_code,
                }
            else:
                stored = request.session.get(CONFIRMATION_KEY) or {}
                if stored.get("token") != application.client_token:
                    # Already submitted and the codes already shown: say so, without
                    # the query code (it is kept only as a hash).
                    request.session[CONFIRMATION_KEY] = {
                        "token": application.client_token,
                        "tracking_number": application.tracking_number,
                        "query_code": "",
                    }
            # The query code is in the session: keep it for minutes, not the staff's hours.
            request.session.set_expiry(settings.PUBLIC_QUERY_SESSION_SECONDS)
            return redirect("applications:done")
        return _render_form(request, form, status=200)

    initial = {}
    org_code = (request.GET.get("org") or "").strip().lower()
    if org_code and Organization.objects.active().filter(code=org_code).exists():
        initial["organization"] = org_code
    return _render_form(request, ApplicationForm(initial=initial))


def _render_form(request, form, *, status=200, blocking_error=None):
    return render(
        request,
        "requests_app/apply_form.html",
        {
            "form": form,
            "blocking_error": blocking_error,
            "file_was_dropped": form.is_bound and bool(request.FILES.get("identity_proof")),
        },
        status=status,
    )


@never_cache
@require_GET
def done(request):
    confirmation = request.session.pop(CONFIRMATION_KEY, None)
    if not confirmation:
        messages.info(
            request,
            _(
                "The confirmation page is shown only once. Follow your application with its "
                "tracking number and query code."
            ),
        )
        return redirect("applications:status")
    # Shown once: a resubmission of the same form after this gets the number only.
    forget_query_code(confirmation.get("token", ""))
    application = Application.objects.filter(
        tracking_number=confirmation.get("tracking_number", "")
    ).first()
    return render(
        request,
        "requests_app/apply_done.html",
        {"confirmation": confirmation, "application": application},
    )


def _application_from_session(request) -> Application | None:
    """The application whose pair this browser proved; re-checked on every request."""
    pair = request.session.get(STATUS_PAIR_KEY)
    if not pair:
        return None
    application = (
        Application.objects.select_related("organization")
        .filter(tracking_number=pair.get("tracking_number", ""))
        .first()
    )
    if application is None or not application.check_query_code(pair.get("query_code", "")):
        request.session.pop(STATUS_PAIR_KEY, None)
        return None
    return application


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    if request.method == "POST":
        form = StatusLookupForm(request.POST)
        if rate_limited(request, STATUS_SCOPE):
            return render(
                request,
                "requests_app/status.html",
                {
                    "form": form,
                    "blocking_error": _(
                        "Too many look-ups from your network in a short time. "
                        "Please try again in an hour."
                    ),
                },
                status=429,
            )
        if form.is_valid():
            number = form.cleaned_data["tracking_number"]
            code = form.cleaned_data["query_code"]
            application = Application.objects.filter(tracking_number=number).first()
            # One message for an unknown number and for a wrong code: no enumeration.
            if application is not None and application.check_query_code(code):
                request.session.cycle_key()
                request.session[STATUS_PAIR_KEY] = {"tracking_number": number, "query_code": code}
                request.session.set_expiry(settings.PUBLIC_QUERY_SESSION_SECONDS)
                return redirect("applications:status")
            form.add_error(
                None,
                _(
                    "No application matches this tracking number and query code. Check both "
                    "and try again."
                ),
            )
        return render(request, "requests_app/status.html", {"form": form})

    application = _application_from_session(request)
    context = {"form": StatusLookupForm()}
    if application is not None:
        context.update(_status_context(application))
    return render(request, "requests_app/status.html", context)


def _status_context(application: Application) -> dict:
    return {
        "application": application,
        "events": public_events(application),
        "due_steps": explain_due_date(application),
        "provisional_years": provisional_years(application),
        "attachments": (
            application.reply_attachments.order_by("id") if application.is_closed else []
        ),
    }


@require_POST
def status_leave(request):
    request.session.pop(STATUS_PAIR_KEY, None)
    return redirect("applications:status")


@never_cache
@require_GET
def status_attachment(request, pk: int):
    """Reply attachments go only to the browser that proved the pair: no public media URL."""
    application = _application_from_session(request)
    if application is None or not application.is_closed:
        raise Http404
    attachment = get_object_or_404(application.reply_attachments, pk=pk)
    filename = attachment.file.name.rsplit("/", 1)[-1]
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=filename)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def recover(request):
    """A new 查询码 for the 受理编号 and the contact given in the application.

    Every well-formed request ends on the same page with the same words, whether it
    matched or not (`services.recovery`): nobody learns which numbers exist or which
    address an application gave.
    """
    if request.method == "POST":
        form = RecoverQueryCodeForm(request.POST)
        too_many = _(
            "Too many requests in a short time. Please try again tomorrow, or call the office "
            "that received your application."
        )
        if rate_limited(request, RECOVER_SCOPE, limit=RECOVER_IP_LIMIT):
            form.is_valid()  # keep the input, with its messages
            return _render_recover(request, form, blocking_error=too_many, status=429)
        if form.is_bot():
            return _recover_sent(request, "")
        if form.is_valid():
            number = form.cleaned_data["tracking_number"]
            if rate_limited(
                request,
                RECOVER_SCOPE,
                limit=RECOVER_NUMBER_LIMIT,
                window=RECOVER_NUMBER_WINDOW,
                subject=number,
            ):
                return _render_recover(request, form, blocking_error=too_many, status=429)
            reissue_query_code(tracking_number=number, contact=form.cleaned_data["contact"])
            return _recover_sent(request, number)
        return _render_recover(request, form)
    return _render_recover(request, RecoverQueryCodeForm())


def _render_recover(request, form, *, blocking_error=None, status=200):
    return render(
        request,
        "requests_app/recover.html",
        {"form": form, "blocking_error": blocking_error},
        status=status,
    )


def _recover_sent(request, number: str):
    # Post/redirect/get; the page names the office the number's prefix belongs to, which
    # the number itself says whether or not an application carries it.
    request.session[RECOVER_SENT_KEY] = {"office": _office_code(number)}
    return redirect("applications:status_recover_sent")


def _office_code(number: str) -> str:
    match = TRACKING_NUMBER_RE.fullmatch(number or "")
    return match["prefix"].lower() if match else ""


@never_cache
@require_GET
def recover_sent(request):
    sent = request.session.get(RECOVER_SENT_KEY)
    if sent is None:
        return redirect("applications:status_recover")
    office = None
    if sent.get("office"):
        office = Organization.objects.active().filter(code=sent["office"]).first()
    return render(request, "requests_app/recover_sent.html", {"office": office})
