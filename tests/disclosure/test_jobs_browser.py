"""A running job's page in a browser: the bar moves as the job reports, and the page shows
the result with its line-and-column problems once the job has finished — under the
strict Content-Security-Policy (the script is a static file).

SCREENSHOT_DIR=/some/folder saves the two pages at 1280 px, to look at them.
"""

import os
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from disclosure.jobs.runner import progress_key
from disclosure.models import Job, JobState
from disclosure.roles import ensure_staff_groups
from tests.factories import OrganizationFactory, UserFactory

PASSWORD = "pw-for-tests-123"  # UserFactory's

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def screenshot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def test_the_job_page_follows_the_job_and_then_shows_its_problems(browser, live_server):
    org = OrganizationFactory(code="zlj", name="自贡市自流井区人民政府")
    clerk = UserFactory(username="clerk", organization=org)
    clerk.groups.add(ensure_staff_groups()[0])
    job = Job.objects.create(
        kind="import",
        user=clerk,
        state=JobState.RUNNING,
        started_at=timezone.now(),
        params={"kind": "disclosures", "filename": "2016年主动公开目录.xlsx", "dry_run": True},
    )
    cache.set(progress_key(job.pk), {"stage": "check", "done": 30000, "total": 100000})

    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/disclosure/job/{job.pk}/change/")

    bar = page.locator("#job-progress-bar")
    assert bar.get_attribute("value") == "30000"
    cache.set(progress_key(job.pk), {"stage": "check", "done": 64000, "total": 100000})
    page.locator("#job-progress-percent", has_text="64%").wait_for()
    assert bar.evaluate("bar => bar.value") == 64000
    assert "64000 / 100000" in page.locator("#job-progress-stage").inner_text()
    screenshot(page, "job-progress.png")

    Job.objects.filter(pk=job.pk).update(
        state=JobState.SUCCEEDED,
        finished_at=timezone.now(),
        stage="check",
        done=100000,
        total=100000,
        result={
            "kind": "disclosures",
            "dry_run": True,
            "rows": 0,
            "created": 0,
            "updated": 0,
            "unchanged": 0,
            "error_count": 2,
            "errors": [
                [17, "成文日期", "日期应写作YYYY-MM-DD，实为“2016/3/1”。"],
                [2041, "机关代码", "机关“zlj-x”不存在。"],
            ],
        },
    )
    page.locator(".import-problems").wait_for()  # the script reloaded the finished job
    problems = page.locator(".import-problems li").all_inner_texts()
    assert re.match(r"第\s*17\s*行", problems[0]) and "成文日期" in problems[0]
    assert "2041" in problems[1]
    assert page.locator("#job-progress").count() == 0
    screenshot(page, "job-result.png")
    assert not [e for e in errors if "Content Security Policy" in e]
