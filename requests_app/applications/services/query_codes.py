"""The plain query code, kept for a short while for whoever holds the form's secret token.

The query code is stored only as a keyed hash, and the confirmation page shows
it once. A double click sends the same form twice; when the two requests carry
different sessions (a first-time visitor has no session cookie yet), the
browser follows the second response, which finds the application already made
and would have no code to show. So the code is kept in the shared cache for
15 minutes, under a hash of the form's `client_token` and encrypted with a key
derived from the token: the cache alone reveals nothing, and only a request
that carries the token (the same filled-in form) gets the code back. The
confirmation page forgets it once shown.
"""

import hashlib
import time

from django.core.cache import cache

from requests_app.applications.models import Application

RECALL_SECONDS = 15 * 60
_PREFIX = "apply:query-code:"


def _cache_key(token: str) -> str:
    return _PREFIX + hashlib.sha256(b"key:" + token.encode()).hexdigest()


def _pad(token: str, length: int) -> bytes:
    pad = b""
    counter = 0
    while len(pad) < length:
        pad += hashlib.sha256(f"pad:{counter}:".encode() + token.encode()).digest()
        counter += 1
    return pad[:length]


def _xor(data: bytes, token: str) -> bytes:
    return bytes(a ^ b for a, b in zip(data, _pad(token, len(data)), strict=True))


def remember_query_code(*, token: str, tracking_number: str, query_code: str) -> None:
    if not token or not query_code:
        return
    sealed = _xor(query_code.encode(), token).hex()
    # The deadline travels with the value: the cache's own expiry is a backend detail
    # (Redis counts real seconds), the 15 minutes are a rule of ours.
    until = time.time() + RECALL_SECONDS
    cache.set(_cache_key(token), {"n": tracking_number, "c": sealed, "t": until}, RECALL_SECONDS)


def recall_query_code(*, token: str, application: Application) -> str | None:
    """The plain code of `application` if this token submitted it in the last 15 minutes."""
    if not token:
        return None
    kept = cache.get(_cache_key(token))
    if not kept or kept.get("n") != application.tracking_number:
        return None
    if time.time() > kept.get("t", 0):
        return None
    try:
        code = _xor(bytes.fromhex(kept["c"]), token).decode()
    except (KeyError, ValueError, UnicodeDecodeError):
        return None
    # The hash on the row is the authority: a stale or forged entry gives nothing.
    return code if application.check_query_code(code) else None


def forget_query_code(token: str) -> None:
    if token:
        cache.delete(_cache_key(token))
