"""The catalogue import (insert_rows, no signals) puts what it publishes in the index."""

import pytest

from disclosure.models import Disclosure
from disclosure.search import query
from tests.disclosure.test_import import (
    DISCLOSURE_HEADERS,
    disclosure_row,
    import_ok,
    write_csv,
    zlj,  # noqa: F401 (fixture)
)

pytestmark = pytest.mark.django_db


def test_imported_published_rows_are_searchable_drafts_are_not(tmp_path, zlj):  # noqa: F811
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
    import_ok("disclosures", path)
    found = query.search(Disclosure.objects.all(), "巡河")
    assert list(found.values_list("title", flat=True)) == ["关于做好河长制巡河工作的通知"]
    assert query.search(Disclosure.objects.all(), "自井府办发[2016]7号").count() == 1
