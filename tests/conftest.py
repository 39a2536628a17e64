import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from hypothesis import settings as hypothesis_settings

# Fuzzing (tests/project/test_fuzzing.py): few examples, no deadline (the first request of a
# test warms caches), so the suite stays fast; HYPOTHESIS_PROFILE=thorough for more.
hypothesis_settings.register_profile("suite", max_examples=25, deadline=None)
hypothesis_settings.register_profile("thorough", max_examples=500, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

CHROMIUM = Path("/usr/bin/chromium")
# The flags that keep Debian's chromium from reaching for the network at start-up.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Factories and the demo set a password on many users, and the default hasher is slow by
# design (it is what a stolen database is up against). Tests need no such protection.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True, scope="session")
def _jobs_in_process():
    """Background jobs run in the test's own process, with or without REDIS_URL; the worker
    test (tests/disclosure/test_jobs_worker.py) sends one to a real worker instead."""
    from config.celery import app

    app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and the cached calendar live in the cache: each test starts empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _verified_test_logins(monkeypatch):
    """Test logins as if the second factor had been given; in tests only.

    The suite logs staff in with `client.force_login` (and pytest-django's `admin_client`);
    a supervisor or superuser then also gets a confirmed TOTP device, put in the session
    as `django_otp.login` would. `tests/disclosure/test_login_protection.py` proves that a
    real login asks for the code. `client.login` is given a request, which django-axes
    needs to count failures.
    """
    from django.http import HttpRequest
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from disclosure.admin_site import second_factor_required

    force_login = Client.force_login
    login = Client.login

    def verified_force_login(self, user, backend=None):
        force_login(self, user, backend)
        if second_factor_required(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="tests", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    def login_with_request(self, **credentials):
        credentials.setdefault("request", HttpRequest())
        return login(self, **credentials)

    monkeypatch.setattr(Client, "force_login", verified_force_login)
    monkeypatch.setattr(Client, "login", login_with_request)


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def browser(monkeypatch):
    """Debian's chromium driven by Playwright (no browser download): skipped when missing,
    unless REQUIRE_BROWSER=1 (CI), where a missing browser fails the run."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's ORM calls between
    # browser steps are ordinary synchronous calls. Set per test: a process-wide setting
    # would leak into other tests (and into `check --deploy` subprocesses).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
