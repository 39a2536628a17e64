"""An admin import run end to end by a real Celery worker on PostgreSQL and Redis.

The worker is a subprocess (`celery -A config worker`) pointed at this test's database
(pytest-django's `test_<name>`) through DATABASE_URL; the test process enqueues through
Redis as production does. Skipped on SQLite or without REDIS_URL; .ci/run has both.
"""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

import disclosure.admin.imports  # noqa: F401  (installs /admin/import/ on the admin site)
from disclosure.models import Job, JobState, Organization
from tests.factories import OrganizationFactory, UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
ROWS = 300
# Seconds a job may take on the worker (start-up included) before the test fails.
TIMEOUT = 120


def database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")
    from config.celery import app

    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(),  # the test database, not the one named in the env
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "JOBS_IN_PROCESS": "0",
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    app.conf.task_always_eager = False
    try:
        yield process, log
    finally:
        app.conf.task_always_eager = True
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_for(job_id: int, process, log: Path) -> Job:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job_id)
        if job.finished:
            return job
        if process.poll() is not None:
            pytest.fail(f"the worker exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    pytest.fail(f"job {job_id} still {job.state} after {TIMEOUT}s:\n{log.read_text()[-3000:]}")


def test_an_admin_import_is_checked_and_saved_by_a_real_worker(client, worker):
    process, log = worker
    OrganizationFactory(code="zlj", name="自贡市自流井区人民政府")
    user = UserFactory(is_superuser=True, organization=None)
    client.force_login(user)
    rows = "".join(f"w{i:04d},测试机关{i},zlj\n" for i in range(ROWS))
    file = io.BytesIO(("机关代码,机关名称,上级机关代码\n" + rows).encode())
    file.name = "orgs.csv"

    response = client.post("/admin/import/", {"kind": "organizations", "file": file})

    assert response.status_code == 302  # at once: the worker checks the file
    check = Job.objects.get()
    check = wait_for(check.pk, process, log)
    assert check.state == JobState.SUCCEEDED, check.error
    assert check.result["created"] == ROWS and check.result["error_count"] == 0
    assert (check.stage, check.done, check.total) == ("save", ROWS, ROWS)
    assert check.started_at >= check.created_at
    assert Organization.objects.count() == 1  # a check writes nothing
    progress = client.get(reverse("admin:disclosure_job_progress", args=[check.pk])).json()
    assert progress["finished"] and progress["percent"] == 100

    response = client.post(reverse("admin:disclosure_job_confirm", args=[check.pk]))

    save = Job.objects.exclude(pk=check.pk).get()
    assert response["Location"] == reverse("admin:disclosure_job_change", args=[save.pk])
    save = wait_for(save.pk, process, log)
    assert save.state == JobState.SUCCEEDED, save.error
    assert save.result["created"] == ROWS and not save.result["dry_run"]
    assert Organization.objects.filter(code__startswith="w", parent__code="zlj").count() == ROWS
    assert not save.upload and not Job.objects.get(pk=check.pk).upload
    page = client.get(reverse("admin:disclosure_job_change", args=[save.pk]))
    assert f"{ROWS}" in page.text
    assert "disclosure.run_job" in log.read_text()  # it was the worker, not this process
