"""The catalogue import (insert_rows, no signals) puts what it publishes in the index: a job
started when the import commits (disclosure/jobs/search_index.py)."""

import io

import pytest

from disclosure.models import Disclosure, Job
from disclosure.search import query
from tests.disclosure.test_import import (
    DISCLOSURE_HEADERS,
    disclosure_row,
    import_ok,
    write_csv,
    zlj,  # noqa: F401 (fixture)
)

pytestmark = pytest.mark.django_db


def test_imported_published_rows_are_searchable_drafts_are_not(
    tmp_path,
    zlj,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    path = write_csv(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE_HEADERS,
            disclosure_row(
                标题="关于做好河长制巡河工作的通知",
                文号="自井府办发〔2016〕7号",
                正文="<p>各镇街开展巡河护河。</p>",
            ),
            disclosure_row(标题="河长制草稿", 文号="", 发布日期="", 正文="<p>巡河</p>"),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_ok("disclosures", path)
    # One indexing job for the import, however many batches it wrote.
    assert len([c for c in callbacks if "AfterCommit" in type(c).__name__]) == 1
    job = Job.objects.get(kind="search_index")
    assert job.result["indexed"] == 1
    found = query.search(Disclosure.objects.all(), "巡河")
    assert list(found.values_list("title", flat=True)) == ["关于做好河长制巡河工作的通知"]
    assert query.search(Disclosure.objects.all(), "自井府办发[2016]7号").count() == 1


def test_beats_catch_up_indexes_what_no_job_indexed(tmp_path, zlj):  # noqa: F811
    """An import whose indexing job never ran (callbacks not executed: the broker was down)
    is made good by beat's task and by `rebuild_search_index --missing`."""
    from django.core.management import call_command

    from disclosure.jobs.search_index import index_missing_task

    rows = [DISCLOSURE_HEADERS, disclosure_row(标题="关于巡河的通知", 正文="<p>巡河</p>")]
    import_ok("disclosures", write_csv(tmp_path / "a.csv", rows))
    assert not query.search(Disclosure.objects.all(), "巡河").exists()
    assert index_missing_task() == 1
    assert query.search(Disclosure.objects.all(), "巡河").count() == 1

    rows = [DISCLOSURE_HEADERS, disclosure_row(标题="关于护河的通知", 正文="<p>护河</p>")]
    import_ok("disclosures", write_csv(tmp_path / "b.csv", rows))
    out = io.StringIO()
    call_command("rebuild_search_index", "--missing", stdout=out)
    assert "1" in out.getvalue()
    assert query.search(Disclosure.objects.all(), "护河").count() == 1
