"""Pages of the public catalogue that cost the same on page 1 and on page 50,000.

- The number of items is given (cached per filter combination, see
  disclosure.services.catalogue_cache.list_count), never counted per request.
- `?page=N` keeps working (existing links, bookmarks, the numbered links). A page in the
  second half of the list is read from the end, in the reverse order, so the last page
  is as cheap as the first.
- Beyond the first pages, the “next” and “previous” links carry a cursor
  (`?after=<published_on>,<id>` or `?before=…`, with `page=N` for the page number shown):
  the page is read by seeking in the (status, published_on, id) index, not by skipping
  thousands of rows with OFFSET. Walking through a list of a million items one page after
  another costs the same on every page.

The list must be ordered by `-published_on, -id` (the model's ordering).
"""

from __future__ import annotations

from datetime import date

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Q, QuerySet

# From this page on, “next” and “previous” links carry a cursor instead of a page number.
CURSOR_FROM_PAGE = 6
# From this row on, an OFFSET skips ids only (see CountedPaginator.page).
DEFERRED_FROM_ROW = 200


class CountedPaginator(Paginator):
    """A paginator told its count, reading the second half of the list from its end."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @property
    def count(self) -> int:
        return self._count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        queryset = self.object_list
        if not (isinstance(queryset, QuerySet) and queryset.ordered):
            return self._get_page(queryset[bottom:top], number, self)
        if bottom > self.count // 2:
            queryset, bottom, top = queryset.reverse(), self.count - top, self.count - bottom
            reverse = True
        else:
            reverse = False
        if bottom < DEFERRED_FROM_ROW:
            items = list(queryset[bottom:top])
        else:
            # Skip the rows on the index alone (an index-only scan of the ids), then read
            # the page's rows and their organization and column by primary key.
            ids = list(queryset.values_list("pk", flat=True)[bottom:top])
            rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
            items = [rows[pk] for pk in ids if pk in rows]
        if reverse:
            items.reverse()
        return self._get_page(items, number, self)


def parse_cursor(value: str | None) -> tuple[date, int] | None:
    """`2026-01-05,1234` → (date(2026, 1, 5), 1234); None when absent or malformed."""
    if not value:
        return None
    day, _, pk = value.partition(",")
    try:
        return date.fromisoformat(day.strip()), int(pk)
    except ValueError:
        return None


def format_cursor(item) -> str:
    return f"{item.published_on.isoformat()},{item.pk}"


class CataloguePage(Page):
    """A page with its own “next”/“previous” addresses (cursor or page number)."""

    next_url = ""
    previous_url = ""
    _has_next: bool | None = None
    _has_previous: bool | None = None

    def has_next(self):
        return self.number < self.paginator.num_pages if self._has_next is None else self._has_next

    def has_previous(self):
        return self.number > 1 if self._has_previous is None else self._has_previous


def _query(params, **changes) -> str:
    query = params.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode()


def _page_number(paginator, raw, default: int) -> int:
    try:
        return paginator.validate_number(raw)
    except InvalidPage:
        return default


def catalogue_page(
    queryset, params, *, per_page: int, count: int, cursors: bool = True
) -> CataloguePage:
    """The page of `queryset` asked for in `params` (a QueryDict: page, after, before).

    `cursors=False` for a list not in date order (search results by relevance): pages by
    number only, any `after`/`before` ignored.
    """
    paginator = CountedPaginator(queryset, per_page, count=count)
    paginator._get_page = lambda *args, **kwargs: CataloguePage(*args, **kwargs)
    after = parse_cursor(params.get("after")) if cursors else None
    before = None if (after or not cursors) else parse_cursor(params.get("before"))
    if after:
        day, pk = after
        rows = list(
            queryset.filter(Q(published_on__lt=day) | Q(published_on=day, pk__lt=pk)).filter(
                published_on__lte=day
            )[: per_page + 1]
        )
        number = max(2, _page_number(paginator, params.get("page"), 2))
        if len(rows) <= per_page:  # nothing after: this is the last page
            number = max(number, paginator.num_pages)
        page = CataloguePage(rows[:per_page], number, paginator)
        page._has_next, page._has_previous = len(rows) > per_page, True
    elif before:
        day, pk = before
        rows = list(
            queryset.filter(Q(published_on__gt=day) | Q(published_on=day, pk__gt=pk))
            .filter(published_on__gte=day)
            .reverse()[: per_page + 1]
        )
        has_previous = len(rows) > per_page
        rows = rows[:per_page]
        rows.reverse()
        last = max(1, paginator.num_pages - 1)
        number = min(last, _page_number(paginator, params.get("page"), 1))
        if not has_previous:  # nothing before: this is the first page
            number = 1
        page = CataloguePage(rows, number, paginator)
        page._has_next, page._has_previous = True, has_previous
    else:
        page = paginator.get_page(params.get("page"))
    items = list(page.object_list)
    page.object_list = items
    if page.has_next():
        if cursors and page.number + 1 >= CURSOR_FROM_PAGE and items:
            page.next_url = _query(
                params, page=str(page.number + 1), after=format_cursor(items[-1]), before=None
            )
        else:
            page.next_url = _query(params, page=str(page.number + 1), after=None, before=None)
    if page.has_previous():
        if cursors and page.number - 1 >= CURSOR_FROM_PAGE and items:
            page.previous_url = _query(
                params, page=str(page.number - 1), before=format_cursor(items[0]), after=None
            )
        else:
            page.previous_url = _query(params, page=str(page.number - 1), after=None, before=None)
    return page
