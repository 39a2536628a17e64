"""Search before you apply: published documents that match what a person is asking for.

`suggest` answers the script of /apply/ (static/js/apply_suggest.js) while the person
types the description: JSON, at most five published documents. `presearch` is the same
without JavaScript: the form's "先搜索是否已公开" button posts the form to it in a new tab;
only the description and the name of the information are read, nothing is stored, and
the application form in the first tab is untouched.
"""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.public_forms import rate_limited
from requests_app.applications.matches import clean_query, published_matches

SUGGEST_SCOPE = "apply-suggest"
# A person types for a minute or two; the script asks at most once per pause in typing.
SUGGEST_RATE = 60
SUGGEST_WINDOW = 60
SUGGEST_LIMIT = 5
PRESEARCH_LIMIT = 10
# The catalogue's keyword box takes up to 100 characters.
CATALOGUE_QUERY_MAX = 100

# "<", ">" and "&" never appear raw in the JSON, so the answer is inert even if some
# client treated it as HTML (the script itself inserts text, never markup).
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _json(payload: dict, *, status: int = 200) -> HttpResponse:
    body = json.dumps(payload, ensure_ascii=False).translate(_ESCAPES)
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    # Withdrawn documents must disappear at once: no cached answer.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def catalogue_search_url(text: str) -> str:
    return f"{reverse('disclosure:list')}?{urlencode({'q': text[:CATALOGUE_QUERY_MAX]})}"


@require_GET
def suggest(request):
    if rate_limited(request, SUGGEST_SCOPE, limit=SUGGEST_RATE, window=SUGGEST_WINDOW):
        return _json(
            {"error": _("Too many searches in a short time; please wait a minute.")},
            status=429,
        )
    text = clean_query(request.GET.get("q", ""))
    matches = published_matches(text, limit=SUGGEST_LIMIT)
    return _json(
        {
            "query": text,
            "results": [m.to_json() for m in matches],
            "search_url": catalogue_search_url(text) if text else reverse("disclosure:list"),
        }
    )


@never_cache
@require_POST
def presearch(request):
    """The no-JavaScript fallback: the matches for the description typed in the form."""
    limited = rate_limited(request, SUGGEST_SCOPE, limit=SUGGEST_RATE, window=SUGGEST_WINDOW)
    parts = (request.POST.get("information_title", ""), request.POST.get("description", ""))
    text = clean_query(" ".join(p for p in parts if p))
    matches = [] if limited else published_matches(text, limit=PRESEARCH_LIMIT)
    return render(
        request,
        "requests_app/apply_presearch.html",
        {
            "text": text,
            "matches": matches,
            "limited": limited,
            "search_url": catalogue_search_url(text) if text else reverse("disclosure:list"),
        },
        status=429 if limited else 200,
    )
