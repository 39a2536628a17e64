"""Whole-page caching of the public catalogue pages for anonymous visitors.

A page is stored under the catalogue version (disclosure.services.catalogue_cache), the
language and the full address, so any publish, withdrawal, edit, deletion or import makes
every stored page stale at once, in every process sharing the cache (Redis in
production; the local-memory cache of development is per process).

Every page carries the language switch, a POST form with a CSRF token. The token is never
stored: it is replaced by a placeholder before the page is cached and the visitor's own
token is put back on every response (`get_token`, which also sets the CSRF cookie).

Not cached: signed-in users, pages with messages to show, answers other than 200,
addresses with query parameters the page does not know.
"""

from __future__ import annotations

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from disclosure.services import catalogue_cache
from disclosure.services.catalogue_cache import catalogue_version

CSRF_PLACEHOLDER = "__csrf_token_placeholder_7f3a__"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]*)(")')
DEFAULT_TIMEOUT = 300


def _timeout() -> int:
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", DEFAULT_TIMEOUT))


def _cacheable_request(request, params: frozenset[str]) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if not set(request.GET).issubset(params):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # len() looks at the messages without marking them as shown.
    return not len(get_messages(request))


def _key(request, version: int) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
    return f"disclosure:page:{version}:{get_language()}:{digest}"


def cache_public_page(*, params: tuple[str, ...] = ()):
    """Serve the decorated view's page from the cache while the catalogue is unchanged.

    `params`: the query parameters the page understands; an address with any other is
    rendered each time (no one can fill the cache with made-up addresses of one page).
    """
    allowed = frozenset(params)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            timeout = _timeout()
            if timeout <= 0 or not _cacheable_request(request, allowed):
                return view(request, *args, **kwargs)
            key = _key(request, catalogue_version())
            catalogue_cache.begin_request()
            stored = cache.get(key)
            if stored is not None:
                content, content_type = stored
                if CSRF_PLACEHOLDER in content:
                    content = content.replace(CSRF_PLACEHOLDER, get_token(request))
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.streaming
                and not response.has_header("Set-Cookie")
                and not response.cookies
                and not catalogue_cache.served_previous()
            ):
                content = response.content.decode(response.charset)
                content = _CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<3>", content)
                cache.set(key, (content, response["Content-Type"]), timeout)
            return response

        return wrapper

    return decorator
