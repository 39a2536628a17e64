"""Response headers that limit what a page may load or use, and the deploy check of rate limits.

The Content-Security-Policy has no 'unsafe-inline': every script and style is a static file,
so text that slips past the sanitiser still cannot run or restyle the page.
"""

from django.conf import settings
from django.core import checks
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

DEFAULT_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
DEFAULT_PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb", "serial", "bluetooth",
        "hid", "browsing-topics",
    )
}  # fmt: skip


def content_security_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def permissions_policy(features: dict[str, list[str]]) -> str:
    return ", ".join(f"{name}=({' '.join(values)})" for name, values in features.items())


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy to every response that lacks them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = content_security_policy(
            getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CONTENT_SECURITY_POLICY)
        )
        self.permissions = permissions_policy(
            getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared body is over the limit before anything reads it.

    Django keeps a file upload on disk rather than in memory, but still reads all of it
    before a form can say "too large": a 60 MB body would be received in full to be told
    it is over 20 MB. The public site takes one attachment; the admin takes several.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit_mb = (
            settings.MAX_ADMIN_REQUEST_MB
            if request.path.startswith(reverse("admin:index"))
            else settings.MAX_PUBLIC_REQUEST_MB
        )
        if length > limit_mb * 1024 * 1024:
            return render(
                request,
                "413.html",
                {"limit_mb": limit_mb, "upload_mb": settings.MAX_UPLOAD_MB},
                status=413,
            )
        return self.get_response(request)


PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """With a per-process cache every worker counts the public-form limits on its own, so N
    workers allow N times the limit: production needs REDIS_URL (registered as a deploy check)."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            _("Rate limits of the public forms are counted per process."),
            hint=_("Set REDIS_URL so that every worker shares one cache (see .env.example)."),
            id="core.W001",
        )
    ]
