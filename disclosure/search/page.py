"""What the catalogue list shows around search results: snippets, facets, hints."""

from __future__ import annotations

import hashlib
import json

from django.utils.translation import gettext_lazy as _

from disclosure.models import Genre
from disclosure.search import query
from disclosure.services import catalogue_cache

FACET_ITEMS = 10
FACETS = [
    ("organization", "org", _("Issued by")),
    ("category", "category", _("Column")),
    ("genre", "genre", _("Genre")),
    ("year", "year", _("Year of publication")),
]


def _url(params, key: str, value) -> str:
    changed = params.copy()
    for name in ("page", "after", "before"):
        changed.pop(name, None)
    changed[key] = str(value)
    return "?" + changed.urlencode()


def facet_groups(filterset, queryset, params) -> list[dict]:
    """The facets of the current query: for each, its values with counts and a link that
    adds the value to the filters (four grouped queries)."""
    # Cached like the list's count: per filter combination, until the catalogue changes.
    digest = hashlib.sha256(
        json.dumps(filterset.active_filters(), sort_keys=True, default=str).encode()
    ).hexdigest()[:32]
    counts = catalogue_cache.cached(
        "facets",
        lambda: query.facets(queryset),
        digest,
        timeout=catalogue_cache.FILTERED_COUNT_TIMEOUT,
    )
    organizations = {code: name for code, name, _parent in catalogue_cache.organization_rows()}
    genres = dict(Genre.choices)
    labels = {
        "organization": lambda key: organizations.get(key, key),
        "category": lambda key: getattr(filterset.categories.nodes.get(key), "name", key),
        "genre": lambda key: genres.get(key, key),
        "year": str,
    }
    groups = []
    for name, param, title in FACETS:
        current = params.get(param, "")
        items = [
            {
                "label": labels[name](key),
                "count": n,
                "url": _url(params, param, key),
                "active": str(key) == current,
            }
            for key, n in counts[name][:FACET_ITEMS]
        ]
        if items:
            groups.append({"name": name, "title": title, "items": items})
    return groups


def search_context(filterset, queryset, page_obj, params) -> dict:
    """Context of the list page when a keyword was searched (empty otherwise)."""
    text = filterset.keyword if filterset.is_bound else ""
    if not text:
        return {}
    query.attach_snippets(page_obj.object_list, text)
    context = {"search_text": text, "by_relevance": filterset.by_relevance}
    if page_obj.paginator.count:
        context["facets"] = facet_groups(filterset, queryset, params)
        sort_params = params.copy()
        for name in ("page", "after", "before", "sort"):
            sort_params.pop(name, None)
        context["sort_relevance_url"] = "?" + sort_params.urlencode()
        sort_params["sort"] = "date"
        context["sort_date_url"] = "?" + sort_params.urlencode()
    else:
        hints = query.no_result_hints(text)
        fewer = []
        for rest in hints["fewer"]:
            changed = params.copy()
            for name in ("page", "after", "before"):
                changed.pop(name, None)
            changed["q"] = rest
            fewer.append({"text": rest, "url": "?" + changed.urlencode()})
        context["hints"] = {
            "fewer": fewer,
            "code": hints["code"],
            "filtered": any(
                params.get(name) for name in ("org", "category", "genre", "year", "validity")
            ),
        }
    return context
