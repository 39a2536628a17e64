"""The disclosures import writes in batches: same records, numbers and errors as row by row."""

import csv
import io
import threading
from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection, transaction
from django.utils import translation

from core.importing import ImportFileError, run_import
from disclosure.importers import disclosures as importer_module
from disclosure.models import Category, Disclosure, DisclosureStatus, IndexSequence
from disclosure.services.catalogue_cache import catalogue_version
from disclosure.services.index_numbers import next_index_number, next_index_numbers
from tests.factories import CategoryFactory, DisclosureFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "索引号", "机关代码", "标题", "栏目", "体裁",
    "成文日期", "发布日期", "有效性", "废止日期", "正文",
]  # fmt: skip


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def row(title, *, index="", org="zlj", written="2016-03-01", published="2016-03-03", **extra):
    values = {
        "索引号": index,
        "机关代码": org,
        "标题": title,
        "栏目": "通知公告",
        "体裁": "通知公告",
        "成文日期": written,
        "发布日期": published,
        "有效性": "有效",
        "废止日期": "",
        "正文": "<p>正文</p>",
        **extra,
    }
    return [values[h] for h in HEADERS]


def csv_file(rows, name="disclosures.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([HEADERS, *rows])
    f = io.BytesIO(buffer.getvalue().encode("utf-8"))
    f.name = name
    return f


@pytest.fixture
def zlj():
    return OrganizationFactory(code="zlj")


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(importer_module, "BATCH_SIZE", 4)


def test_generated_numbers_are_those_the_row_by_row_path_gives(zlj):
    fgj = OrganizationFactory(code="fgj")
    # A number in the sequence's own format, saved before: skipped, as next_index_number does.
    DisclosureFactory(organization=zlj, index_number="zlj/2016-00002", written_on=date(2016, 1, 4))
    rows = [
        row("甲"),
        row("乙", index="zlj/2016-00004"),  # given in the file: skipped by the generated ones
        row("丙", written="2017-02-01", published="2017-02-02"),
        row("丁", org="fgj"),
        row("戊"),
        row("己"),
        row("庚", written="2017-05-01", published=""),
        row("辛", org="fgj", written="2017-05-01", published="2017-05-03"),
        row("壬"),
    ]
    expected = {}
    # The path of a save one by one (save_disclosure), rolled back: given numbers first,
    # then next_index_number for each row without one, in the file's order.
    with transaction.atomic():
        DisclosureFactory(organization=zlj, index_number="zlj/2016-00004")
        orgs = {"zlj": zlj, "fgj": fgj}
        for values in rows:
            if not values[0]:
                expected[values[2]] = next_index_number(orgs[values[1]], int(values[5][:4]))
        transaction.set_rollback(True)

    result = run_import("disclosures", csv_file(rows))

    assert result.ok, result.errors
    assert result.created == 9
    numbers = dict(Disclosure.objects.values_list("title", "index_number"))
    assert {title: numbers[title] for title in expected} == expected
    assert expected == {
        "甲": "zlj/2016-00001",
        "丙": "zlj/2017-00001",
        "丁": "fgj/2016-00001",
        "戊": "zlj/2016-00003",
        "己": "zlj/2016-00005",
        "庚": "zlj/2017-00002",
        "辛": "fgj/2017-00001",
        "壬": "zlj/2016-00006",
    }
    assert IndexSequence.objects.get(identifier="zlj", year=2016).last == 6


def test_new_records_are_saved_as_the_services_would_save_them(zlj):
    DisclosureFactory(organization=zlj, index_number="zlj/2015-00001", written_on=date(2015, 1, 5))
    body = '<p onclick="x()">第一行\n第二行\t制表 \\ 反斜杠</p><script>alert(1)</script>'
    rows = [
        row(" 已发布 ", 正文=body),
        row("草稿", published=""),
        row("废止的", 有效性="废止", 废止日期="2016-12-31"),
    ]

    run_import("disclosures", csv_file(rows))

    published = Disclosure.objects.get(title="已发布")
    assert published.body == "<p>第一行\n第二行\t制表 \\ 反斜杠</p>"
    assert published.status == DisclosureStatus.PUBLISHED
    assert published.published_on == date(2016, 3, 3)
    assert published.published_at is not None
    assert published.created_at is not None and published.updated_at is not None
    assert published.publication_delay_workdays == published.compute_publication_delay()
    assert published.topic == "general"
    draft = Disclosure.objects.get(title="草稿")
    assert (draft.status, draft.published_on, draft.published_at) == (
        DisclosureStatus.DRAFT,
        None,
        None,
    )
    assert draft.publication_delay_workdays is None
    repealed = Disclosure.objects.get(title="废止的")
    assert repealed.repealed_on == date(2016, 12, 31)


def test_each_published_record_gets_its_admin_history_entry(zlj):
    user = UserFactory(is_superuser=True, is_staff=True, organization=zlj)
    rows = [row(f"信息{i}", published="" if i == 2 else "2016-03-03") for i in range(5)]

    result = run_import("disclosures", csv_file(rows), user=user)

    assert result.created == 5
    entries = LogEntry.objects.filter(user=user).order_by("object_repr")
    assert [(e.object_repr, e.get_change_message()) for e in entries] == [
        (f"信息{i}", "Published on 2016-03-03.") for i in (0, 1, 3, 4)
    ]
    assert {int(e.object_id) for e in entries} == set(
        Disclosure.objects.exclude(title="信息2").values_list("pk", flat=True)
    )


def test_a_row_the_database_refuses_in_the_last_batch_leaves_nothing_written(zlj, small_batches):
    rows = [row(f"信息{i}", 栏目="新栏目") for i in range(9)]
    rows.append(row("最后一行", index="zlj/2016-09999"))
    before = (Disclosure.objects.count(), Category.objects.count(), LogEntry.objects.count())

    def taken_meanwhile(stage, done, total):
        # Someone saves the number the last line gives after the file was checked.
        if (stage, done) == ("save", 0):
            DisclosureFactory(organization=zlj, index_number="zlj/2016-09999")

    with pytest.raises(ImportFileError) as excinfo:
        run_import("disclosures", csv_file(rows), progress=taken_meanwhile)

    assert str(excinfo.value).startswith("The database refused the import, nothing was imported")
    assert (Disclosure.objects.count(), Category.objects.count(), LogEntry.objects.count()) == (
        before
    )
    assert not IndexSequence.objects.exists()


def test_a_bad_cell_in_the_last_line_of_a_long_file_saves_nothing(zlj, small_batches):
    rows = [row(f"信息{i}") for i in range(11)]
    rows.append(row("最后一行", 发布日期="2016-02-30"))

    result = run_import("disclosures", csv_file(rows))

    assert [str(e) for e in result.errors] == [
        "Line 13, column “发布日期”: Dates are written YYYY-MM-DD; got “2016-02-30”."
    ]
    assert not Disclosure.objects.exists()
    assert not Category.objects.exists()


def test_progress_is_reported_per_batch(zlj, small_batches):
    seen = []
    run_import(
        "disclosures",
        csv_file([row(f"信息{i}") for i in range(10)]),
        progress=lambda *e: seen.append(e),
    )
    assert [e for e in seen if e[0] == "save"] == [("save", 0, 10), ("save", 10, 10)]


def count_queries(rows, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        result = run_import("disclosures", csv_file(rows))
    assert result.created == len(rows)
    return len(captured.captured_queries)


def test_queries_grow_with_batches_not_rows(zlj, django_assert_max_num_queries):
    CategoryFactory(name="通知公告", slug="notices")
    zlj_b = OrganizationFactory(code="zlj-b")
    few = [row(f"少{i}", org=("zlj", "zlj-b")[i % 2]) for i in range(10)]
    many = [
        row(
            f"多{i}",
            org=("zlj", "zlj-b")[i % 2],
            written=f"{2016 + i % 3}-03-01",
            published=f"{2016 + i % 3}-03-03",
        )
        for i in range(500)
    ]

    queries_few = count_queries(few, django_assert_max_num_queries, 25)
    # SQLite's bulk insert is split by its limit on parameters: a few more statements.
    queries_many = count_queries(many, django_assert_max_num_queries, 25 + 15)

    assert queries_many - queries_few <= (0 if connection.vendor == "postgresql" else 15)
    assert Disclosure.objects.filter(organization=zlj_b).count() == 255


@pytest.mark.django_db(transaction=True)
def test_the_catalogue_cache_is_invalidated_when_the_import_commits(zlj):
    # bulk writes send no post_save: the import announces the change itself, once.
    CategoryFactory(name="通知公告", slug="notices")
    before = catalogue_version()
    run_import("disclosures", csv_file([row("甲")]), dry_run=True)
    assert catalogue_version() == before
    run_import("disclosures", csv_file([row("甲"), row("乙")]))
    assert catalogue_version() != before


@pytest.mark.django_db(transaction=True)
def test_blocks_allocated_concurrently_are_distinct(on_postgres):
    org = OrganizationFactory(code="zlj")
    barrier = threading.Barrier(2)
    blocks: list[list[str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def allocate() -> None:
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                numbers = next_index_numbers(org, 2026, 50)
                # Hold the lock a little: the other thread must wait, then continue after.
                connection.cursor().execute("SELECT pg_sleep(0.2)")
            with lock:
                blocks.append(numbers)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    assert len(blocks) == 2
    assert sorted(blocks[0] + blocks[1]) == [f"zlj/2026-{n:05d}" for n in range(1, 101)]
    # Each block is consecutive: one caller's numbers are not interleaved with the other's.
    assert {tuple(sorted(b)) for b in blocks} == {
        tuple(f"zlj/2026-{n:05d}" for n in range(1, 51)),
        tuple(f"zlj/2026-{n:05d}" for n in range(51, 101)),
    }
    assert IndexSequence.objects.get(identifier="zlj", year=2026).last == 100


def test_allocate_reserves_a_range_of_serials():
    first = IndexSequence.allocate(year=2026, key={"identifier": "x"}, count=3)
    second = IndexSequence.allocate(year=2026, key={"identifier": "x"}, count=2)
    assert (list(first), list(second)) == ([1, 2, 3], [4, 5])
    assert IndexSequence.allocate(year=2026, key={"identifier": "x"}, count=0) == range(6, 6)
