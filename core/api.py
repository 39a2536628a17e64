"""What every app's read-only API endpoints share (Django REST framework).

- `ApiRateThrottle`: requests per client address (the address of the public forms' rate
  limit, behind TRUSTED_PROXY_COUNT proxies), counted in the shared cache, at the rate of
  the setting API_RATE ("120/min"), read on every request so a test or an operator can
  change it without a restart.
- `PublicCacheMixin`: answers in the site's language (LANGUAGE_CODE) whatever the client's
  Accept-Language; `Cache-Control: public, max-age=API_CACHE_SECONDS` on successful
  answers; an endpoint may add an ETag (`etag_version()`), answered with 304 when the
  client has it.
- `LimitedPageNumberPagination`: `?page=N&page_size=M`, at most MAX_PAGE_SIZE per page.

Plain code: names no app.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import get_language
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import SimpleRateThrottle

from core.public_forms import client_ip

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class ApiRateThrottle(SimpleRateThrottle):
    """At most API_RATE requests per client address (429 with Retry-After beyond it)."""

    scope = "api"
    cache_format = "api:throttle:%(ident)s"

    def get_rate(self):
        return getattr(settings, "API_RATE", "120/min")

    def allow_request(self, request, view):
        # Read per request: API_RATE may change (tests, an operator's setting).
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"ident": client_ip(request._request) or "unknown"}

    def parse_rate(self, rate):
        # "120/min" as DRF reads it, plus "120/5min": a number of units before the unit.
        if rate is None:
            return (None, None)
        num, period = rate.split("/")
        digits = "".join(ch for ch in period if ch.isdigit())
        unit = period[len(digits) :][:1] or "s"
        seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
        return int(num), seconds * (int(digits) if digits else 1)


class LimitedPageNumberPagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


def _max_age() -> int:
    return int(getattr(settings, "API_CACHE_SECONDS", 60))


def etag_for(*parts) -> str:
    """A strong ETag of `parts` (e.g. a data version and the request's full path)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return quote_etag(digest)


class PublicCacheMixin:
    """Lets browsers and proxies keep successful answers for a short while.

    A view that can name the version of its data returns it from `etag_version()`; the
    answer then carries an ETag (the version, the address and the language), and a request
    with a matching If-None-Match gets 304 without touching the database.
    """

    def etag_version(self):
        return None

    def _etag(self, request):
        version = self.etag_version()
        if version is None:
            return None
        return etag_for(version, request.get_full_path(), get_language())

    def dispatch(self, request, *args, **kwargs):
        # The data speaks the site's language (LANGUAGE_CODE, 简体中文) whatever the client's
        # Accept-Language: a program reads the same names and messages on every request.
        with translation.override(settings.LANGUAGE_CODE):
            return self._dispatch(request, *args, **kwargs)

    def _dispatch(self, request, *args, **kwargs):
        etag = self._etag(request) if request.method in ("GET", "HEAD") else None
        if etag is not None:
            client = request.headers.get("If-None-Match", "")
            if etag in [value.strip() for value in client.split(",")]:
                response = HttpResponseNotModified()
                response["ETag"] = etag
                patch_cache_control(response, public=True, max_age=_max_age())
                return response
        response = super().dispatch(request, *args, **kwargs)
        if etag is not None and response.status_code == 200:
            response["ETag"] = etag
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=_max_age())
        else:
            patch_cache_control(response, no_store=True)
        return response
