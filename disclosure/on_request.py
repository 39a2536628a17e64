"""The public list of information made public after an application (条例第四十四条):
published disclosures whose `origin` is `on_request`, newest first.

The catalogue knows only the flag; which application an entry came from stays on the
side of the applications and is never shown here.
"""

from django.shortcuts import render

from disclosure.models import Disclosure
from disclosure.page_cache import cache_public_page
from disclosure.pagination import catalogue_page

PAGE_SIZE = 20
LIST_PARAMS = ("page", "after", "before")


@cache_public_page(params=LIST_PARAMS)
def on_request_list(request):
    queryset = (
        Disclosure.objects.published()
        .made_public_on_request()
        .select_related("organization", "category")
    )
    # A short list (a few a year per organ): counted directly, through its partial index.
    page_obj = catalogue_page(queryset, request.GET, per_page=PAGE_SIZE, count=queryset.count())
    return render(
        request,
        "disclosure/on_request_list.html",
        {"page_obj": page_obj, "disclosures": page_obj.object_list},
    )
