"""The public leader's mailbox: write a letter, read its reply, and the published letters.

Nothing here ever shows the writer's personal data or the letter's own text:
the status page shows the subject, the dates and the reply; the public list
(来信选登) shows only what staff wrote for publication.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.public_forms import YearForm, rate_limited
from requests_app.petitions.forms import MailboxForm, MailboxStatusForm
from requests_app.petitions.models import Petition
from requests_app.petitions.services import file_mailbox_letter, find_mailbox_letter

PAGE_SIZE = 20
_FILED_SESSION_KEY = "mailbox_filed"


@require_http_methods(["GET", "POST"])
def mailbox(request):
    template = "requests_app/petitions/mailbox_form.html"
    if request.method == "GET":
        initial = {"organization": request.GET.get("org", "")}
        return render(request, template, {"form": MailboxForm(initial=initial)})

    form = MailboxForm(request.POST)
    if rate_limited(request, "mailbox"):
        form.is_valid()  # bound and cleaned, so the page shows the person's input
        form.add_error(None, _("Too many letters from your address; please try again in an hour."))
        return render(request, template, {"form": form}, status=429)
    if form.is_bot():
        form.add_error(None, _("Your letter could not be accepted. Please try again."))
        return render(request, template, {"form": form}, status=400)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    petition, code = file_mailbox_letter(letter=form.to_letter(), by=None)  # the public
    # Committed before the confirmation is shown; the code lives only in this session.
    request.session[_FILED_SESSION_KEY] = {
        "tracking_number": petition.tracking_number,
        "query_code": code,
        "organization": petition.organization.name,
    }
    # The query code is in the session: keep it for minutes, not the staff's hours.
    request.session.set_expiry(settings.PUBLIC_QUERY_SESSION_SECONDS)
    return redirect("petitions:mailbox_filed")


# The page shows the query code; the status page shows the letter: neither may be cached.
@never_cache
def mailbox_filed(request):
    filed = request.session.pop(_FILED_SESSION_KEY, None)
    if not filed:
        return redirect("petitions:mailbox")
    return render(request, "requests_app/petitions/mailbox_filed.html", {"filed": filed})


@never_cache
@require_http_methods(["GET", "POST"])
def mailbox_status(request):
    template = "requests_app/petitions/mailbox_status.html"
    if request.method == "GET":
        return render(request, template, {"form": MailboxStatusForm()})
    form = MailboxStatusForm(request.POST)
    # Guessing query codes is slowed down like the forms are.
    if rate_limited(request, "mailbox-status"):
        form.is_valid()
        form.add_error(None, _("Too many look-ups from your address; please try again later."))
        return render(request, template, {"form": form}, status=429)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    petition = find_mailbox_letter(
        tracking_number=form.cleaned_data["tracking_number"],
        query_code=form.cleaned_data["query_code"],
    )
    if petition is None:
        form.add_error(None, _("No letter matches this tracking number and query code."))
        return render(request, template, {"form": form}, status=404)
    return render(request, template, {"form": MailboxStatusForm(), "petition": petition})


def letter_list(request):
    form = YearForm(request.GET or None)
    letters = Petition.objects.published().select_related("organization")
    year = None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
    elif form.is_bound:
        messages.error(request, _("The year must be a number such as 2016."))
    if year:
        letters = letters.filter(received_on__year=year)
    letters = letters.order_by("-replied_on", "-id")
    page_obj = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "requests_app/petitions/letter_list.html",
        {"page_obj": page_obj, "letters": page_obj.object_list, "year": year},
    )


def letter_detail(request, pk: int):
    letter = get_object_or_404(Petition.objects.published().select_related("organization"), pk=pk)
    return render(request, "requests_app/petitions/letter_detail.html", {"letter": letter})
