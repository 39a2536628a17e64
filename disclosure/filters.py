"""Filters of the public catalogue list, and the column tree they and the pages share.

The choices of every select are read once per request (one query each), so the
list page costs the same number of queries however large the catalogue grows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from disclosure.models import Category, Disclosure, Genre, Organization, Validity

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
    return Tree(Category.objects.order_by("sort_order", "name").values_list("id", "name", "parent"))


def category_tree_with_counts(disclosures) -> Tree:
    """The column tree with the number of `disclosures` in each column (one grouped query)."""
    counts = dict(
        disclosures.order_by()
        .values("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    return category_tree().add_counts(counts)


def organization_tree() -> Tree:
    return Tree(
        Organization.objects.active()
        .order_by("sort_order", "code")
        .values_list("code", "name", "parent__code")
    )


class DisclosureFilter(django_filters.FilterSet):
    """The public catalogue's filters. Parameter names are part of public URLs (`?org=zlj`)."""

    org = django_filters.ChoiceFilter(
        label=_("Issued by"), empty_label=_("All organizations"), method="filter_org"
    )
    category = django_filters.ChoiceFilter(
        label=_("Column"), empty_label=_("All columns"), method="filter_category"
    )
    genre = django_filters.ChoiceFilter(
        label=_("Genre"), choices=Genre.choices, empty_label=_("All genres")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year of publication"), empty_label=_("All years"), method="filter_year"
    )
    validity = django_filters.ChoiceFilter(
        label=_("Validity"), choices=Validity.choices, empty_label=_("Any validity")
    )
    q = django_filters.CharFilter(
        label=_("Keyword"),
        method="filter_keyword",
        max_length=100,
        help_text=_("Searches the title and the document number."),
    )

    class Meta:
        model = Disclosure
        fields = ["org", "category", "genre", "year", "validity", "q"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.categories = category_tree()
        # Organizations are keyed by code, so their tree is built on codes.
        self.filters["org"].extra["choices"] = organization_tree().choices()
        self.filters["category"].extra["choices"] = self.categories.choices()
        years = Disclosure.objects.published().dates("published_on", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(str(d.year), str(d.year)) for d in years]

    @property
    def form(self):
        form = super().form
        form.fields["q"].widget.input_type = "search"
        return form

    def filter_org(self, queryset, name, value):
        return queryset.filter(organization__code=value) if value else queryset

    def filter_category(self, queryset, name, value):
        # A column includes its sub-columns: 信息公开目录 › 财政信息 lists 预算 and 决算 too.
        if not value:
            return queryset
        return queryset.filter(category__in=self.categories.descendant_ids(int(value)))

    def filter_year(self, queryset, name, value):
        return queryset.filter(published_on__year=int(value)) if value else queryset

    def filter_keyword(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(document_number__icontains=value))
