"""Settings of the benchmark servers: production's, with the few differences a benchmark needs.

Only `benchmarks/harness.py` uses them. Production settings (DEBUG off, a secret key, the
same middleware, templates and database settings) over plain HTTP on 127.0.0.1, with:
- `benchmarks.bench_urls`: the site's URLs plus the bare view the harness measures the
  ceiling with (never in `config.urls`);
- no rate limit on the public forms (every request of wrk comes from one address);
- static files from the finders (no `collectstatic` before a run), mails dropped.
"""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("CACHE_KEY_PREFIX", "zwgk-bench")

from config.settings import *  # noqa: F403
from config.settings import STORAGES

ROOT_URLCONF = "benchmarks.bench_urls"
PUBLIC_FORM_RATE = 10**9
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
