"""Background jobs: the row, the runner, the admin's job pages, and imports run as jobs.

Jobs run in the test's process here (tests/conftest.py); test_jobs_worker.py sends one to
a real Celery worker on PostgreSQL and Redis.
"""

import io
import os
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

import disclosure.admin.imports  # noqa: F401  (installs /admin/import/ on the admin site)
from disclosure.importers.organizations import OrganizationImporter
from disclosure.jobs import JobFailed, JobKind, register, start_job
from disclosure.jobs import registry as job_registry
from disclosure.jobs.runner import Progress, execute, progress_key, purge_job_files
from disclosure.models import Job, JobState, Organization
from disclosure.storage import private_storage
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
IMPORT_URL = "/admin/import/"
HEADERS = "机关代码,机关名称,上级机关代码\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def zlj():
    return OrganizationFactory(code="zlj", name="自贡市自流井区人民政府")


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, organization=None)


def org_csv(*rows: str) -> bytes:
    return (HEADERS + "".join(f"{row}\n" for row in rows)).encode()


def post_upload(client, content: bytes, name="orgs.csv", kind="organizations"):
    file = io.BytesIO(content)
    file.name = name
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(IMPORT_URL, {"kind": kind, "file": file}, HTTP_ACCEPT_LANGUAGE="en")


def job_page(client, job):
    url = reverse("admin:disclosure_job_change", args=[job.pk])
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en")


def progress(client, job):
    return client.get(reverse("admin:disclosure_job_progress", args=[job.pk]))


# --- imports as jobs ------------------------------------------------------------------------


def test_an_upload_starts_a_check_job_whose_page_offers_the_confirmation(client, zlj, superuser):
    client.force_login(superuser)

    response = post_upload(client, org_csv("zlj-x,某局,zlj", "zlj-y,某中心,zlj-x"))

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:disclosure_job_change", args=[job.pk])
    assert (job.kind, job.state, job.user) == ("import", JobState.SUCCEEDED, superuser)
    assert job.params["dry_run"] and job.params["filename"] == "orgs.csv"
    assert (job.stage, job.done, job.total) == ("save", 2, 2)
    assert job.result["created"] == 2 and job.result["errors"] == []
    assert job.started_at and job.finished_at and job.upload  # kept for the confirmation
    assert not Organization.objects.filter(code="zlj-x").exists()

    page = job_page(client, job)
    assert "Dry run, nothing was written: 2 would be created" in page.text
    assert reverse("admin:disclosure_job_confirm", args=[job.pk]) in page.text
    assert "job-progress.js" not in page.text  # finished: nothing to poll

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("admin:disclosure_job_confirm", args=[job.pk]))

    save = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("admin:disclosure_job_change", args=[save.pk])
    assert save.state == JobState.SUCCEEDED and save.params["dry_run"] is False
    assert Organization.objects.get(code="zlj-y").parent.code == "zlj-x"
    job.refresh_from_db()
    assert not job.upload and not save.upload  # the file is gone once saved
    assert not any(private_storage().listdir("imports")[1])
    assert "Imported: 2 created, 0 updated, 0 unchanged." in job_page(client, save).text
    assert "This check was confirmed" in job_page(client, job).text

    # Confirming twice saves nothing twice.
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("admin:disclosure_job_confirm", args=[job.pk]))
    assert Job.objects.count() == 2


def test_the_result_page_lists_every_problem_with_its_line_and_column(client, zlj, superuser):
    client.force_login(superuser)

    post_upload(client, org_csv("zlj-x,某局,zlj", ",无代码,zlj", "zlj-z,某所,nowhere"))

    job = Job.objects.get()
    assert job.state == JobState.SUCCEEDED  # the check ran; the file has problems
    assert job.result["error_count"] == 2
    assert not job.upload  # nothing to confirm: the file is deleted
    page = job_page(client, job)
    assert [(e.line, e.column) for e in page.context["result"].errors] == [
        (3, "机关代码"),
        (4, "上级机关代码"),
    ]
    assert "2 problems found; nothing was imported." in page.text
    assert "Line 3, column “机关代码”: A value is required." in page.text
    assert not page.context["confirmable"]
    assert Organization.objects.count() == 1


def test_a_file_that_cannot_be_read_fails_the_job_with_the_reason(client, zlj, superuser):
    client.force_login(superuser)

    post_upload(client, HEADERS.encode())  # a header and no rows

    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert job.error == "The file has a header but no rows to import."
    page = job_page(client, job)
    assert "The job failed; nothing of it was saved." in page.text
    assert "The file has a header but no rows to import." in page.text
    assert not job.upload


def test_an_exception_while_saving_fails_the_job_and_writes_nothing(
    client, zlj, superuser, monkeypatch
):
    client.force_login(superuser)
    post_upload(client, org_csv("zlj-x,某局,zlj", "zlj-y,某中心,zlj-x"))
    checked = Job.objects.get()
    original_save = OrganizationImporter.save

    def save_then_crash(self, rows, ctx):
        original_save(self, rows, ctx)  # every row is written …
        raise RuntimeError("disk on fire")  # … and then the save breaks

    monkeypatch.setattr(OrganizationImporter, "save", save_then_crash)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("admin:disclosure_job_confirm", args=[checked.pk]))

    save = Job.objects.exclude(pk=checked.pk).get()
    assert save.state == JobState.FAILED
    assert "RuntimeError: disk on fire" in save.error
    assert save.finished_at is not None and not save.upload
    assert list(Organization.objects.values_list("code", flat=True)) == ["zlj"]
    assert "disk on fire" in job_page(client, save).text


def test_a_job_that_cannot_be_queued_says_so(client, zlj, superuser, monkeypatch):
    from disclosure.jobs import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis")

    monkeypatch.setattr(tasks.run_job, "delay", broker_down)
    client.force_login(superuser)

    post_upload(client, org_csv("zlj-x,某局,zlj"))

    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert job.error.startswith("The job could not be queued, nothing was done:")
    assert not job.upload and not Organization.objects.filter(code="zlj-x").exists()


def test_a_job_runs_in_the_language_of_the_person_who_started_it(client, zlj, superuser):
    client.force_login(superuser)
    file = io.BytesIO(org_csv(",无代码,zlj"))
    file.name = "orgs.csv"
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            IMPORT_URL, {"kind": "organizations", "file": file}, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )

    job = Job.objects.get()
    assert job.params["language"] == "zh-hans"
    assert job.result["errors"][0][2] != "A value is required."  # written in Chinese


# --- scoping --------------------------------------------------------------------------------


def test_staff_see_only_their_own_jobs_and_superusers_all(client, zlj):
    alice, bob = UserFactory(organization=zlj), UserFactory(organization=zlj)
    mine = Job.objects.create(kind="import", user=alice, params={"kind": "organizations"})
    theirs = Job.objects.create(kind="import", user=bob, params={"kind": "organizations"})
    system = Job.objects.create(kind="remind_deadlines", user=None)

    client.force_login(alice)
    listing = client.get(reverse("admin:disclosure_job_changelist"))
    assert list(listing.context["cl"].result_list) == [mine]
    assert job_page(client, mine).status_code == 200
    assert job_page(client, theirs).status_code == 404
    assert progress(client, theirs).status_code == 404
    assert progress(client, system).status_code == 404

    client.force_login(UserFactory(is_superuser=True, organization=None))
    listing = client.get(reverse("admin:disclosure_job_changelist"))
    assert set(listing.context["cl"].result_list) == {mine, theirs, system}
    assert job_page(client, theirs).status_code == 200


def test_the_public_and_logged_out_users_get_no_job(client, zlj):
    job = Job.objects.create(kind="import", user=UserFactory(organization=zlj))
    assert progress(client, job).status_code == 302  # to the login page
    assert job_page(client, job).status_code == 302


# --- progress -------------------------------------------------------------------------------


def test_progress_json_gives_the_running_jobs_latest_report(client, zlj, superuser):
    job = Job.objects.create(
        kind="import", user=superuser, state=JobState.RUNNING, params={"kind": "organizations"}
    )
    cache.set(progress_key(job.pk), {"stage": "check", "done": 3000, "total": 12000})
    client.force_login(superuser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the words below are the msgids

    data = progress(client, job).json()

    assert data == {
        "id": job.pk,
        "state": "running",
        "state_label": "running",
        "stage": "check",
        "stage_label": "Rows checked",
        "done": 3000,
        "total": 12000,
        "percent": 25,
        "finished": False,
    }
    page = job_page(client, job)
    assert 'src="/static/js/admin/job-progress.js"' in page.text
    assert '<progress id="job-progress-bar" max="12000" value="3000">' in page.text
    assert "Rows checked: 3000 / 12000" in page.text
    assert "<script>" not in page.text and "style=" not in page.text  # strict CSP
    assert 'id="job-reload"' in page.text  # without JavaScript: a link that reloads


def test_progress_is_written_at_stage_changes_and_at_most_every_interval(zlj, superuser):
    job = Job.objects.create(kind="import", user=superuser, state=JobState.RUNNING)
    report = Progress(job, interval=3600)

    report("check", 0, 5000)
    report("check", 1000, 5000)  # within the interval: not written
    assert cache.get(progress_key(job.pk)) == {"stage": "check", "done": 0, "total": 5000}
    report("check", 5000, 5000)  # the end of a stage always is
    assert cache.get(progress_key(job.pk))["done"] == 5000
    report("save", 0, 5000)  # so is a new stage
    assert cache.get(progress_key(job.pk))["stage"] == "save"


def test_progress_outside_a_transaction_is_written_to_the_row(transactional_db, superuser):
    job = Job.objects.create(kind="import", user=superuser, state=JobState.RUNNING)
    Progress(job)("build", 4, 10)
    job.refresh_from_db()
    assert (job.stage, job.done, job.total, job.percent) == ("build", 4, 10, 40)


# --- the runner with other kinds ------------------------------------------------------------


@pytest.fixture
def test_kinds():
    def refuse(job, progress):
        raise JobFailed("no such thing")

    def succeed(job, progress):
        progress("work", 1, 1)
        job.output.save("out.zip", ContentFile(b"zip"), save=False)
        return {"ok": True}

    register(JobKind(name="test-refuse", label="refuse", run=refuse))
    register(JobKind(name="test-succeed", label="succeed", run=succeed))
    yield
    job_registry._kinds.pop("test-refuse")
    job_registry._kinds.pop("test-succeed")


def test_a_job_is_run_once_even_if_its_message_comes_twice(superuser, test_kinds):
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = start_job("test-succeed", user=superuser)
    job.refresh_from_db()
    finished_at = job.finished_at
    assert job.state == JobState.SUCCEEDED and job.result == {"ok": True} and job.output

    execute(job.pk)

    job.refresh_from_db()
    assert job.finished_at == finished_at


def test_a_refused_job_fails_with_its_message_and_keeps_no_file(superuser, test_kinds, settings):
    with TestCase.captureOnCommitCallbacks(execute=True):
        stored = private_storage().save("jobs/in.csv", ContentFile(b"x"))
        job = start_job("test-refuse", user=superuser, upload=stored)
    job.refresh_from_db()
    assert (job.state, job.error, job.result) == (JobState.FAILED, "no such thing", None)
    assert not job.upload and not (settings.PRIVATE_MEDIA_ROOT / "jobs" / "in.csv").exists()


def test_an_unknown_kind_fails(superuser):
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = start_job("no-such-kind", user=superuser)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "no-such-kind" in job.error


def test_old_files_are_purged_and_lost_jobs_marked_failed(superuser, test_kinds, settings):
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = start_job("test-succeed", user=superuser)
    done.refresh_from_db()
    path = Path(done.output.path)
    lost = Job.objects.create(kind="test-succeed", user=superuser, state=JobState.RUNNING)
    Job.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - timedelta(seconds=3 * settings.JOB_TIME_LIMIT)
    )

    assert purge_job_files() == 0  # the zip is fresh
    assert path.exists()
    lost.refresh_from_db()
    assert lost.state == JobState.FAILED and "stopped" in lost.error

    later = timezone.now() + timedelta(days=settings.JOB_FILES_DAYS, hours=1)
    assert purge_job_files(now=later) == 1
    assert not path.exists()
    done.refresh_from_db()
    assert not done.output


def test_a_produced_file_is_downloaded_by_its_owner_only(client, zlj, superuser, test_kinds):
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = start_job("test-succeed", user=superuser)
    url = reverse("admin:disclosure_job_download", args=[job.pk])
    client.force_login(UserFactory(organization=zlj))
    assert client.get(url).status_code == 404
    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"zip"


# --- report documents and the reminders -----------------------------------------------------


def test_the_documents_of_many_reports_are_built_as_one_job(client, zlj, superuser):
    from reports.models import Report

    other = OrganizationFactory(code="zlj-a", name="甲局", parent=zlj)
    reports = [
        Report.objects.create(organization=org, year=2016, format="gb2021") for org in (zlj, other)
    ]
    client.force_login(superuser)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("admin:reports_report_changelist"),
            {"action": "documents_docx", "_selected_action": [r.pk for r in reports]},
        )

    job = Job.objects.get()
    assert response["Location"] == reverse("admin:disclosure_job_change", args=[job.pk])
    assert job.state == JobState.SUCCEEDED, job.error
    assert (job.stage, job.done, job.total) == ("build", 2, 2)
    page = job_page(client, job)
    assert reverse("admin:disclosure_job_download", args=[job.pk]) in page.text
    download = client.get(reverse("admin:disclosure_job_download", args=[job.pk]))
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        names = archive.namelist()
    assert len(names) == 2 and all(n.endswith(".docx") and "2016" in n for n in names)


def test_staff_documents_job_builds_only_reports_in_their_scope(zlj):
    from reports.jobs import run
    from reports.models import Report

    a = OrganizationFactory(code="zlj-a", name="甲局", parent=zlj)
    outside = Report.objects.create(organization=zlj, year=2016, format="gb2021")
    staff = UserFactory(organization=a)
    job = Job.objects.create(
        kind="report_documents", user=staff, params={"report_ids": [outside.pk], "format": "docx"}
    )
    with pytest.raises(JobFailed):
        run(job, lambda *a: None)


def test_the_daily_reminders_run_as_a_job_of_no_one(zlj):
    from requests_app.jobs import remind_deadlines_job

    with TestCase.captureOnCommitCallbacks(execute=True):
        job_id = remind_deadlines_job.delay().get()

    job = Job.objects.get(pk=job_id)
    assert job.user is None and job.kind == "remind_deadlines"
    assert job.state == JobState.SUCCEEDED, job.error
    assert "No overdue or nearly-due applications" in job.result["output"]


def test_beat_schedules_the_reminders_the_purge_the_index_and_the_open_data(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks == {
        "requests_app.remind_deadlines",
        "disclosure.purge_job_files",
        "disclosure.export_open_data",
        "disclosure.index_missing",
    }
    from config.celery import app

    app.loader.import_default_modules()
    assert tasks <= set(app.tasks)


# --- mails ----------------------------------------------------------------------------------


def test_a_mail_job_sends_the_mail(mailoutbox):
    from requests_app.mail import send_mail_job

    send_mail_job.apply(args=("主题", "正文", ["a@example.com"]))

    [mail] = mailoutbox
    assert (mail.subject, mail.body, mail.to) == ("主题", "正文", ["a@example.com"])


def test_a_mail_is_sent_at_once_when_the_queue_is_unreachable(mailoutbox, monkeypatch):
    from requests_app import mail

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(mail.send_mail_job, "delay", broker_down)
    conf = mail.send_mail_job.app.conf
    conf.task_always_eager = False
    try:
        mail.deliver_mail("主题", "正文", ["a@example.com"])
    finally:
        conf.task_always_eager = True
    assert [m.to for m in mailoutbox] == [["a@example.com"]]


# --- in-process without a broker ------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "eager"),
    [({}, True), ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, False),
     ({"REDIS_URL": "redis://127.0.0.1:6379/0", "JOBS_IN_PROCESS": "1"}, True)],
)  # fmt: skip
def test_jobs_run_in_process_unless_a_broker_is_configured(env, eager):
    names = {"REDIS_URL", "CELERY_BROKER_URL", "JOBS_IN_PROCESS"}
    clean = {k: v for k, v in os.environ.items() if k not in names}
    code = (
        "import django; django.setup(); from config.celery import app; "
        "print(f'eager={app.conf.task_always_eager} broker={app.conf.broker_url or \"\"}')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "config.settings", "ENV_FILE": "/none"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert f"eager={eager} broker={env.get('REDIS_URL', 'memory://')}\n" in out
