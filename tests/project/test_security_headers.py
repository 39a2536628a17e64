"""Every response says what a page may load (CSP) and use (Permissions-Policy); production's
settings from `.env.example` pass `check --deploy`, and the rate-limit cache is checked."""

import re
import secrets
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.checks import Warning as CheckWarning
from django.test import override_settings

from core.security import check_shared_cache
from reports.services import publish_report
from tests.factories import DisclosureFactory, OrganizationFactory, ReportFactory, UserFactory
from tests.project.test_project import clean_environment

ROOT = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def env_example() -> dict[str, str]:
    """The variables of `.env.example`, with the one it tells operators to generate
    (SECRET_KEY: its placeholder rightly fails security.W009) generated."""
    values = {"SECRET_KEY": secrets.token_urlsafe(50)}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            if key.strip() != "SECRET_KEY":
                values[key.strip()] = value.strip()
    return values


def public_addresses() -> list[str]:
    """The paths of README's "Public addresses" table, with its placeholders filled in."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Public addresses", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"`(/[^`]*)`", table)


@pytest.fixture
def published_site():
    org = OrganizationFactory(code="zlj-hbj", name="自贡市自流井区环境保护局")
    disclosure = DisclosureFactory(organization=org)
    report = ReportFactory(organization=org, year=2016)
    revision = publish_report(report=report, by=UserFactory(is_superuser=True), on=date(2017, 3, 1))
    return {"<id>": str(disclosure.pk), "<code>": org.code, "revision": revision}


@pytest.mark.django_db
def test_every_public_address_carries_a_strict_policy(client, published_site):
    paths = [
        path.replace("<id>", published_site["<id>"]).replace("<code>", published_site["<code>"])
        for path in public_addresses()
    ]
    paths.append(published_site["revision"].get_absolute_url())
    assert len(paths) >= 12, paths
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], path
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert "camera=()" in response["Permissions-Policy"], path
        assert "geolocation=()" in response["Permissions-Policy"], path


@pytest.mark.django_db
def test_admin_and_error_pages_carry_the_policy_too(client):
    for path in ["/admin/login/", "/no-such-page/"]:
        response = client.get(path)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert directives(response["Content-Security-Policy"])["style-src"] == ["'self'"]
        assert "microphone=()" in response["Permissions-Policy"]


def test_no_template_has_an_inline_script_style_or_handler():
    """What the policy would block: inline `<script>`, `<style>`, `style="…"`, `on…=`,
    `javascript:` (the standalone report document is a download, never shown by the site)."""
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.I
    )
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        if template.relative_to(ROOT).as_posix() == "templates/reports/document.html":
            continue
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if inline.search(line):
                offenders.append(f"{template.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_check_deploy_is_clean_with_the_variables_of_env_example():
    env = clean_environment(**env_example())
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_without_a_shared_cache():
    env = clean_environment(**{**env_example(), "REDIS_URL": ""})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "core.W001" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("debug", "backend", "warns"),
    [
        (False, "django.core.cache.backends.locmem.LocMemCache", True),
        (False, "django.core.cache.backends.redis.RedisCache", False),
        (True, "django.core.cache.backends.locmem.LocMemCache", False),
    ],
)
def test_per_process_cache_is_reported_in_production_only(debug, backend, warns):
    with override_settings(DEBUG=debug, CACHES={"default": {"BACKEND": backend}}):
        messages = check_shared_cache()
    assert [m.id for m in messages] == (["core.W001"] if warns else [])
    assert all(isinstance(m, CheckWarning) for m in messages)
