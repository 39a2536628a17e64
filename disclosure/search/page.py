"""What the catalogue list shows around search results: snippets, facets, hints."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db.models import QuerySet
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


def _digest(filterset) -> str:
    return hashlib.sha256(
        json.dumps(filterset.active_filters(), sort_keys=True, default=str).encode()
    ).hexdigest()[:32]


@dataclass
class SearchResults:
    """A keyword search of a list: the rows to page through, in order, and the window."""

    queryset: QuerySet | query.WindowRows  # the shown rows, annotated and in order
    base: QuerySet  # the published catalogue
    window: query.Window
    by_date: bool

    @property
    def rows(self) -> QuerySet:
        """The window's rows, plain (for the facets' query, when the window did not bring
        their columns)."""
        return self.base.filter(id__in=self.window.ids)


def search_results(filterset, matched, base) -> SearchResults:
    """What a list shows of a keyword search (`matched`: the filterset's queryset, the
    matches with every filter applied; `base`: the list's queryset before any filter).

    `base` is the published catalogue. The window of matches (`query.window`, a bounded
    number of rows whatever the size of the catalogue) is cached per filter combination
    until the catalogue changes, so the next pages of the same search read only their own
    rows.
    """
    text = filterset.keyword
    by_date = not filterset.by_relevance
    # Words and nothing else (the commonest search): the window is read from the index
    # table alone (`query.window`'s date slices).
    unfiltered = set(filterset.active_filters()) <= {"q", "sort"}
    terms = query.parse(text) if unfiltered else None
    found = catalogue_cache.cached(
        "search",
        lambda: query.window(matched, terms=terms),
        _digest(filterset),
        timeout=catalogue_cache.FILTERED_COUNT_TIMEOUT,
    )
    return SearchResults(
        query.shown(base, found, text, by_date=by_date),
        base,
        found,
        by_date,
    )


def facet_groups(filterset, queryset, params, window: query.Window | None = None) -> list[dict]:
    """The facets of the current query: for each, its values with counts and a link that
    adds the value to the filters (one query over the shown window, none when the window
    came with its rows' facet columns)."""
    # Cached like the list's count: per filter combination, until the catalogue changes.
    counts = catalogue_cache.cached(
        "facets",
        lambda: query.facets(queryset, rows=window.facet_rows if window else None),
        _digest(filterset),
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


def search_context(filterset, results: SearchResults | None, page_obj, params) -> dict:
    """Context of the list page when a keyword was searched (empty otherwise)."""
    text = filterset.keyword if filterset.is_bound else ""
    if not text or results is None:
        return {}
    query.attach_snippets(page_obj.object_list, text)
    found = results.window
    context = {
        "search_text": text,
        "by_relevance": filterset.by_relevance,
        "search_total": found.total,
        "search_more": found.more,
        # Only part of the matches is shown (and counted by the facets).
        "search_shown": None if found.complete else len(found.ids),
    }
    if page_obj.paginator.count:
        rows = None if found.facet_rows is not None else results.rows
        context["facets"] = facet_groups(filterset, rows, params, found)
        context["facets_partial"] = not found.complete
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
