"""Filters of the public catalogue list, and the column tree they and the pages share.

The choices of every select (columns, organizations, years) and the counts per column
come from disclosure.services.catalogue_cache: read once per change of the catalogue, not
once per request, so the list page costs the same however large the catalogue grows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import django_filters
from django import forms
from django.db.models import Count
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from disclosure.models import Disclosure, Genre, Validity
from disclosure.search import query as search_query
from disclosure.services import catalogue_cache

# An ideographic space keeps the indentation of sub-columns visible inside a <select>.
INDENT = "\u3000"


@dataclass
class Node:
    id: int | str
    name: str
    parent_id: int | str | None
    depth: int = 0
    children: list[Node] = field(default_factory=list)
    count: int = 0  # disclosures filed directly in this column
    total: int = 0  # … in this column and all its sub-columns


class Tree:
    """A forest read in one query, walked depth-first in the order of the rows.

    A parent that is missing or a cycle (both impossible through the admin, but
    cheap to survive) makes the node a root instead of looping forever.
    """

    def __init__(self, rows: Iterable[tuple]):
        self.nodes: dict[int | str, Node] = {
            pk: Node(pk, name, parent) for pk, name, parent in rows
        }
        self.roots: list[Node] = []
        for node in self.nodes.values():
            parent = self.nodes.get(node.parent_id) if node.parent_id else None
            if parent is None or self._is_ancestor(node, parent):
                self.roots.append(node)
            else:
                parent.children.append(node)
        self.ordered: list[Node] = []
        stack = [(root, 0) for root in reversed(self.roots)]
        while stack:
            node, depth = stack.pop()
            node.depth = depth
            self.ordered.append(node)
            stack.extend((child, depth + 1) for child in reversed(node.children))

    def _is_ancestor(self, node: Node, candidate: Node) -> bool:
        seen, current = set(), candidate
        while current is not None and current.id not in seen:
            if current.id == node.id:
                return True
            seen.add(current.id)
            current = self.nodes.get(current.parent_id) if current.parent_id else None
        return False

    def descendant_ids(self, pk: int | str) -> set:
        """The node and everything below it."""
        node = self.nodes.get(pk)
        if node is None:
            return set()
        result, stack = set(), [node]
        while stack:
            current = stack.pop()
            if current.id not in result:
                result.add(current.id)
                stack.extend(current.children)
        return result

    def choices(self) -> list[tuple[str, str]]:
        return [(str(node.id), INDENT * node.depth + node.name) for node in self.ordered]

    def add_counts(self, counts: dict) -> Tree:
        """Attach per-node counts and subtree totals (children are summed before parents)."""
        for node in self.nodes.values():
            node.count = counts.get(node.id, 0)
        for node in reversed(self.ordered):
            node.total = node.count + sum(child.total for child in node.children)
        return self


def category_tree() -> Tree:
    return Tree(catalogue_cache.category_rows())


def category_tree_with_counts(disclosures) -> Tree:
    """The column tree with the number of `disclosures` in each column (one grouped query)."""
    counts = dict(
        disclosures.order_by()
        .values("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    return category_tree().add_counts(counts)


def published_tree_with_counts(organization_id: int | None = None) -> Tree:
    """The column tree with the published disclosures per column, of the whole catalogue or
    of one organization (cached until the catalogue changes)."""
    return category_tree().add_counts(catalogue_cache.column_counts(organization_id))


def organization_tree() -> Tree:
    return Tree(catalogue_cache.organization_rows())


class FastSelect(forms.Select):
    """A select built as a string, not through the widget templates.

    A province's organization select has hundreds of options; rendered by templates each
    costs tens of microseconds, which made the filter form most of the list page's time.
    The HTML is the same as `forms.Select` (name, the bound field's attributes such as
    `aria-invalid`, `selected`).
    """

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        selected = set(self.format_value(value))
        parts = [f'<select name="{escape(name)}"{flatatt(final)}>']
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            parts.append(
                f'<option value="{escape(option_value)}"{mark}>{escape(str(label))}</option>'
            )
        parts.append("</select>")
        return mark_safe("\n".join(parts))


class DisclosureFilter(django_filters.FilterSet):
    """The public catalogue's filters. Parameter names are part of public URLs (`?org=zlj`)."""

    org = django_filters.ChoiceFilter(
        label=_("Issued by"),
        empty_label=_("All organizations"),
        method="filter_org",
        widget=FastSelect,
    )
    category = django_filters.ChoiceFilter(
        label=_("Column"),
        empty_label=_("All columns"),
        method="filter_category",
        widget=FastSelect,
    )
    genre = django_filters.ChoiceFilter(
        label=_("Genre"),
        choices=Genre.choices,
        empty_label=_("All genres"),
        widget=FastSelect,
    )
    year = django_filters.ChoiceFilter(
        label=_("Year of publication"),
        empty_label=_("All years"),
        method="filter_year",
        widget=FastSelect,
    )
    validity = django_filters.ChoiceFilter(
        label=_("Validity"),
        choices=Validity.choices,
        empty_label=_("Any validity"),
        widget=FastSelect,
    )
    q = django_filters.CharFilter(
        label=_("Keyword"),
        method="filter_keyword",
        max_length=100,
        help_text=_(
            "Searches the title, document number, index number, text and attachments. "
            'Several words: all of them; "quotes" for an exact phrase.'
        ),
    )
    # Only with a keyword: results by relevance (default) or newest first.
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[("date", _("Newest first"))],
        empty_label=_("Most relevant first"),
        method="filter_sort",
        widget=FastSelect,
    )

    class Meta:
        model = Disclosure
        fields = ["org", "category", "genre", "year", "validity", "q", "sort"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.categories = category_tree()
        # Organizations are keyed by code, so their tree is built on codes.
        self.filters["org"].extra["choices"] = organization_tree().choices()
        self.filters["category"].extra["choices"] = self.categories.choices()
        years = catalogue_cache.published_years()
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]

    @property
    def form(self):
        form = super().form
        form.fields["q"].widget.input_type = "search"
        return form

    def filter_org(self, queryset, name, value: str):
        if not value:
            return queryset
        # By id (cached), not by a join on the code: the (organization, published_on)
        # index then gives the newest items directly.
        pk = catalogue_cache.organization_ids().get(value)
        if pk is None:
            return queryset.filter(organization__code=value)
        return queryset.filter(organization_id=pk)

    def filter_category(self, queryset, name, value):
        # A column includes its sub-columns: 信息公开目录 › 财政信息 lists 预算 and 决算 too.
        if not value:
            return queryset
        return queryset.filter(category__in=self.categories.descendant_ids(int(value)))

    def filter_year(self, queryset, name, value: str):
        if not value:
            return queryset
        # A range, not EXTRACT(YEAR …): the (status, published_on) index answers it.
        year = int(value)
        return queryset.filter(
            published_on__gte=date(year, 1, 1), published_on__lt=date(year + 1, 1, 1)
        )

    def active_filters(self) -> dict:
        """The cleaned, non-empty filter values (the key of the cached count)."""
        data = getattr(self.form, "cleaned_data", None) or {}
        return {name: value for name, value in sorted(data.items()) if value not in ("", None)}

    def filter_keyword(self, queryset, name, value):
        """Full-text search (disclosure.search): the matches, in no order. What a list shows
        of them, and in which order (relevance, or by date with `?sort=date`), is
        `disclosure.search.page.search_results`; without a keyword the list keeps its date
        order."""
        value = value.strip()
        if not value:
            return queryset
        return search_query.search(queryset, value)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied by filter_keyword

    @property
    def keyword(self) -> str:
        data = getattr(self.form, "cleaned_data", None) or {}
        return (data.get("q") or "").strip()

    @property
    def by_relevance(self) -> bool:
        """The list is ordered by relevance (not by date): no date cursors for its pages."""
        data = getattr(self.form, "cleaned_data", None) or {}
        return bool(self.keyword) and (data.get("sort") or "") != "date"
