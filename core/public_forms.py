"""Protections shared by the public forms: client address, rate limit, honeypot."""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _


def client_ip(request) -> str:
    """The client's address.

    Behind N trusted proxies it is the N-th entry from the right of X-Forwarded-For.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(
    request,
    scope: str,
    *,
    limit: int | None = None,
    window: int | None = None,
    subject: str | None = None,
) -> bool:
    """Count one attempt for this client in `scope`; True when over the limit.

    With `subject` (a tracking number, say) the attempts are counted per subject,
    from whatever address they come. The counter lives in the shared cache (Redis
    in production), so every app server sees the same count.
    """
    limit = settings.PUBLIC_FORM_RATE if limit is None else limit
    window = settings.PUBLIC_FORM_RATE_WINDOW if window is None else window
    counted = client_ip(request) if subject is None else f"subject:{subject}"
    ip_hash = hashlib.sha256(counted.encode()).hexdigest()[:16]
    key = f"ratelimit:{scope}:{ip_hash}"
    if cache.add(key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=window)
            count = 1
    return count > limit


class HoneypotFormMixin(forms.Form):
    """A field hidden from people with CSS; bots that fill it are turned away."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))


class YearForm(forms.Form):
    """The year a public list shows (?year=2016); blank for the default year."""

    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
