"""A stateless app tier: two app servers behind one PostgreSQL and one Redis.

Two gunicorn processes serve the test database. Visitors take the application form
(and its CSRF token, and their session) from one server and submit it to the other, many
at once; the confirmation page is read back from the first server. Every application is
saved, every 受理编号 is unique: nothing lives in one server's memory.

Runs only with PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as in CI.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from requests_app.applications.models import Application
from tests.factories import OrganizationFactory
from tests.requests_app.applications.public_helpers import application_post, codes_from

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
SUBMISSIONS_PER_SERVER = 8
DEADLINE_SECONDS = 50

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
        or not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]


def _free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    """The address of pytest-django's test database, which the servers must use."""
    db = connection.settings_dict
    user = urllib.parse.quote(db.get("USER") or "")
    password = urllib.parse.quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{db['NAME']}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser: its own cookies (session, CSRF), talking to any server."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(self, url: str, data: dict | None = None, referer: str | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)
        if referer:
            request.add_header("Referer", referer)
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx
            return error.code, error.headers, error.read().decode(errors="replace")


def _start_servers(count: int) -> list[tuple[subprocess.Popen, str]]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        # Keys of their own in the shared Redis, the same for both servers.
        "CACHE_KEY_PREFIX": f"two-servers-{uuid.uuid4().hex[:8]}",
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Every visitor comes from 127.0.0.1: the public forms' limit would stop them.
        "PUBLIC_FORM_RATE": "1000",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DB_CONN_MAX_AGE": "0",
    }
    servers = []
    for _ in range(count):
        port = _free_port()
        process = subprocess.Popen(
            [
                str(GUNICORN),
                "config.wsgi",
                *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"),
                *("--timeout", "30", "--log-level", "warning"),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        servers.append((process, f"http://127.0.0.1:{port}"))
    return servers


def _wait_until_up(servers, deadline: float) -> None:
    for process, base in servers:
        while True:
            if process.poll() is not None:
                raise AssertionError(
                    f"app server {base} exited: {process.stderr.read().decode()[-2000:]}"
                )
            try:
                with urllib.request.urlopen(base + "/apply/", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"app server {base} did not start in time")
            time.sleep(0.2)


def _stop(servers) -> None:
    for process, _base in servers:
        if process.poll() is None:
            process.terminate()
    for process, _base in servers:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stderr:
            process.stderr.close()


def _apply(form_server: str, post_server: str, organization) -> str:
    """Fetch the form from one server, post it to the other, read the confirmation back
    from the first: the 受理编号 shown."""
    visitor = Visitor()
    status, _headers, html = visitor.request(form_server + "/apply/")
    assert status == 200, html[-500:]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = application_post(organization, client_token=uuid.uuid4().hex, csrfmiddlewaretoken=token)
    status, headers, body = visitor.request(
        post_server + "/apply/", data, referer=post_server + "/apply/"
    )
    assert status == 302, f"POST answered {status}: {body[-1500:]}"
    location = urllib.parse.urljoin(form_server + "/apply/", headers["Location"])
    location = form_server + urllib.parse.urlsplit(location).path
    status, _headers, done = visitor.request(location)
    assert status == 200, done[-500:]
    tracking_number, _query_code = codes_from(done)
    return tracking_number


def test_two_app_servers_accept_applications_concurrently_with_unique_numbers():
    organization = OrganizationFactory(code="zlj", name="自流井区人民政府")
    deadline = time.monotonic() + DEADLINE_SECONDS
    servers = _start_servers(2)
    try:
        _wait_until_up(servers, deadline)
        (_, a), (_, b) = servers
        routes = [(a, b), (b, a)] * SUBMISSIONS_PER_SERVER
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(_apply, first, second, organization) for first, second in routes]
            shown = [f.result(timeout=max(1.0, deadline - time.monotonic())) for f in futures]
    finally:
        _stop(servers)

    saved = list(Application.objects.values_list("tracking_number", flat=True))
    assert len(shown) == len(routes)
    assert len(set(shown)) == len(shown), sorted(shown)
    assert sorted(saved) == sorted(shown)
