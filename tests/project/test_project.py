"""Project-wide checks: migrations are complete and production settings pass `check --deploy`."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def clean_environment(**overrides) -> dict[str, str]:
    """The test process's environment without what other tests may have set for themselves."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(overrides)
    return env


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


def test_check_deploy_passes_with_production_environment():
    env = clean_environment(
        DEBUG="0",
        SECRET_KEY="pR0d-Like_s3cret-9fJ2kL7mQ4xZ8vB1nC6hT0wE5rY3uI2oP7aS4dF9gH1jK6lM",
        ALLOWED_HOSTS="gk.example.gov.cn",
        BEHIND_HTTPS_PROXY="1",
        # Shared rate limits: without it, core.W001 warns (tests/project/test_security_headers.py).
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = clean_environment(DEBUG="0", SECRET_KEY="")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_bad_boolean_environment_value_is_refused():
    env = clean_environment(DEBUG="maybe")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_env_file_is_read_and_the_real_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# production\nDEBUG=0\nexport ALLOWED_HOSTS=gk.example.gov.cn\n"
        'SECRET_KEY="pR0d-Like_s3cret-9fJ2kL7mQ4xZ8vB1nC6hT0wE5rY3uI2oP7aS4dF9gH1jK6lM"\n'
        "SITE_NAME=from-file\n",
        encoding="utf-8",
    )
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.ALLOWED_HOSTS, settings.SITE_NAME)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_environment(
            ENV_FILE=str(env_file), DJANGO_SETTINGS_MODULE="config.settings", SITE_NAME="from-env"
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "['gk.example.gov.cn']", "from-env"]


def test_a_malformed_env_file_names_the_line(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=0\nthis is not a setting\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean_environment(ENV_FILE=str(env_file)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert f"{env_file}:2" in result.stderr
