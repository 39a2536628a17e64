"""Cached aggregates of the public catalogue (year choices, counts per column and organization,
list totals), so that no public page scans the archive on every request.

Every cached value is stored under a key that contains the catalogue *version*, a number
kept in the shared cache. Anything that changes what the public sees (publish, withdraw,
edit, delete, a bulk import) calls `catalogue_changed()`, which increments the version:
every cached aggregate is stale at once, in every process that shares the cache (Redis in
production). The old entries are never read again and expire on their own.

With the local-memory cache (development, tests without REDIS_URL) the version lives in
each process: a change made in one worker is not seen by another until the entries
expire (`CATALOGUE_CACHE_SECONDS`). Production runs with Redis (see core.security's
deploy check).

The signal handlers in disclosure/signals.py call `catalogue_changed()` after every save
or delete of a disclosure commits; bulk paths that bypass signals (bulk_create, update(),
COPY) call it themselves, e.g. `transaction.on_commit(catalogue_changed)`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction

T = TypeVar("T")

VERSION_KEY = "disclosure:catalogue:version"
# Aggregates expire after this many seconds even without a change (a safety net for a
# path that forgot to announce its change, and the only refresh with a per-process cache).
DEFAULT_TIMEOUT = 600


def _timeout() -> int:
    return int(getattr(settings, "CATALOGUE_CACHE_SECONDS", DEFAULT_TIMEOUT))


def catalogue_version() -> int:
    """The current version of the public catalogue (one cache read)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start value, never a small constant: if the version key was evicted,
        # entries stored under an old version must not become current again.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
        if version is None:  # a cache that stores nothing (DummyCache)
            return 0
    return int(version)


def catalogue_changed(**kwargs) -> None:
    """Make every cached catalogue aggregate stale, in every process sharing the cache.

    One atomic increment. Accepts and ignores keyword arguments, so it can be connected
    to a signal directly. Call it after the change is committed
    (`transaction.on_commit(catalogue_changed)`): called earlier, a request between the
    call and the commit could cache the old state again.
    """
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        # The key is missing (first change, or evicted): start at a fresh value.
        if not cache.add(VERSION_KEY, time.time_ns(), timeout=None):
            cache.incr(VERSION_KEY)


def catalogue_changed_after_commit(using: str = "default") -> None:
    """`catalogue_changed()` once the current transaction commits (at once outside one).

    Saving many disclosures in one transaction announces one change, not one per row.
    """
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        entry[1] is catalogue_changed for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(catalogue_changed, using=using, robust=True)


def cache_key(name: str, *parts, version: int | None = None) -> str:
    version = catalogue_version() if version is None else version
    suffix = ":".join(str(p) for p in parts)
    return f"disclosure:catalogue:{version}:{name}" + (f":{suffix}" if suffix else "")


# While one process rebuilds an aggregate after a change, the others show the previous
# value instead of all running the same grouped query over the archive at once.
BUILD_LOCK_SECONDS = 30
LATEST_SECONDS = 24 * 3600
_state = threading.local()


def begin_request() -> None:
    """Forget whether a previous value was served (see `served_previous`)."""
    _state.previous = False


def served_previous() -> bool:
    """True when, since `begin_request()`, an aggregate was the value from before the last
    change (another process was rebuilding it): a page built on it must not be cached."""
    return getattr(_state, "previous", False)


def cached(name: str, build: Callable[[], T], *parts, timeout: int | None = None) -> T:
    """The aggregate `name` (with `parts` in its key) of the current catalogue version,
    computed by `build()` when missing — by one process at a time: while it builds, the
    others get the previous version's value if there is one."""
    key = cache_key(name, *parts)
    value = cache.get(key)
    if value is not None:
        return value
    suffix = ":".join(str(p) for p in parts)
    latest_key = f"disclosure:catalogue:latest:{name}:{suffix}"
    lock_key = key + ":building"
    if cache.add(lock_key, 1, timeout=BUILD_LOCK_SECONDS):
        try:
            value = build()
            cache.set(key, value, _timeout() if timeout is None else timeout)
            cache.set(latest_key, value, LATEST_SECONDS)
        finally:
            cache.delete(lock_key)
        return value
    previous = cache.get(latest_key)
    if previous is not None:
        _state.previous = True
        return previous
    return build()


# --- the aggregates ------------------------------------------------------------------------


def _published():
    from disclosure.models import Disclosure

    return Disclosure.objects.published()


def _published_years_query() -> list[int]:
    """The years with published disclosures, newest first, in one query.

    On PostgreSQL a recursive query walks the (status, published_on) index one year at
    a time (a loose index scan): a few index probes per year, whatever the number of
    disclosures. Elsewhere (SQLite in development) a DISTINCT over the dates.
    """
    from django.db import connection

    from disclosure.models import Disclosure, DisclosureStatus

    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Disclosure._meta.db_table)
        sql = f"""
            WITH RECURSIVE years(day) AS (
                SELECT MAX(published_on) FROM {table} WHERE status = %s
                UNION ALL
                SELECT (
                    SELECT MAX(d.published_on) FROM {table} d
                    WHERE d.status = %s
                      AND d.published_on < make_date(EXTRACT(YEAR FROM years.day)::int, 1, 1)
                )
                FROM years WHERE years.day IS NOT NULL
            )
            SELECT EXTRACT(YEAR FROM day)::int FROM years WHERE day IS NOT NULL
        """
        status = DisclosureStatus.PUBLISHED.value
        with connection.cursor() as cursor:
            cursor.execute(sql, [status, status])
            return [int(row[0]) for row in cursor.fetchall()]
    return [d.year for d in _published().dates("published_on", "year", order="DESC")]


def published_years() -> list[int]:
    """Years with at least one published disclosure, newest first (the year filter)."""
    return cached("years", _published_years_query)


def column_counts(organization_id: int | None = None) -> dict[int, int]:
    """Published disclosures per column id: of the whole catalogue or of one organization."""

    def build():
        queryset = _published()
        if organization_id is not None:
            queryset = queryset.filter(organization_id=organization_id)
        return dict(
            queryset.order_by()
            .values("category")
            .annotate(n=models.Count("id"))
            .values_list("category", "n")
        )

    return cached("columns", build, "all" if organization_id is None else organization_id)


def category_rows() -> list[tuple]:
    """(id, name, parent id) of every column, in display order."""
    from disclosure.models import Category

    return cached(
        "category-rows",
        lambda: list(
            Category.objects.order_by("sort_order", "name").values_list("id", "name", "parent")
        ),
    )


def organization_rows() -> list[tuple]:
    """(code, name, parent code) of every active organization, in display order."""
    from disclosure.models import Organization

    return cached(
        "organization-rows",
        lambda: list(
            Organization.objects.active()
            .order_by("sort_order", "code")
            .values_list("code", "name", "parent__code")
        ),
    )


def organization_ids() -> dict[str, int]:
    """Code → id of every active organization (the list filters on the id, by index)."""
    from disclosure.models import Organization

    return cached(
        "organization-ids", lambda: dict(Organization.objects.active().values_list("code", "id"))
    )


# Counts of a filtered list are kept briefly: a filter combination is typed by one visitor
# and paged through for a minute; the catalogue version makes them stale on any change.
FILTERED_COUNT_TIMEOUT = 120


def list_count(queryset, filters: dict) -> int:
    """The number of rows of a public list `queryset` selected by `filters` (the cleaned,
    non-empty filter values, which make the cache key)."""
    import hashlib
    import json

    if filters:
        digest = hashlib.sha256(
            json.dumps(filters, sort_keys=True, default=str).encode()
        ).hexdigest()[:32]
        return cached(
            "count", lambda: queryset.order_by().count(), digest, timeout=FILTERED_COUNT_TIMEOUT
        )
    return cached("count", lambda: queryset.order_by().count(), "all")
