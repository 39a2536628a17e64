"""Generated 索引号: `<credit code or code>/<year>-<5-digit serial>`, unique under concurrency."""

import re
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from disclosure.models import Disclosure, IndexSequence
from disclosure.services.index_numbers import next_index_number, save_disclosure
from tests.factories import CategoryFactory, DisclosureFactory, OrganizationFactory


@pytest.mark.django_db
def test_generated_index_number_uses_the_credit_code_and_the_year_of_writing():
    org = OrganizationFactory(code="zlj", credit_code="11510302MB1518283L")
    d = DisclosureFactory(organization=org, written_on=date(2025, 12, 31), index_number="")
    assert d.index_number == "11510302MB1518283L/2025-00001"


@pytest.mark.django_db
def test_generated_index_number_falls_back_to_the_organization_code():
    org = OrganizationFactory(code="zlj-fgj", credit_code="")
    d = DisclosureFactory(organization=org, written_on=date(2026, 3, 2))
    assert d.index_number == "zlj-fgj/2026-00001"
    assert re.fullmatch(r"[a-z0-9_-]+/\d{4}-\d{5}", d.index_number)


@pytest.mark.django_db
def test_serial_increments_per_identifier_and_year():
    zlj = OrganizationFactory(code="zlj")
    fgj = OrganizationFactory(code="fgj")
    numbers = [
        DisclosureFactory(organization=zlj, written_on=date(2026, 1, 5)).index_number,
        DisclosureFactory(organization=zlj, written_on=date(2026, 7, 1)).index_number,
        DisclosureFactory(organization=zlj, written_on=date(2025, 7, 1)).index_number,
        DisclosureFactory(organization=fgj, written_on=date(2026, 7, 1)).index_number,
        DisclosureFactory(organization=zlj, written_on=date(2026, 12, 31)).index_number,
    ]
    assert numbers == [
        "zlj/2026-00001",
        "zlj/2026-00002",
        "zlj/2025-00001",
        "fgj/2026-00001",
        "zlj/2026-00003",
    ]


@pytest.mark.django_db
def test_generation_skips_a_number_taken_by_an_imported_index_number():
    org = OrganizationFactory(code="zlj")
    DisclosureFactory(organization=org, index_number="zlj/2026-00002")  # imported as is
    DisclosureFactory(organization=org, index_number="zlj/2026-00003")
    generated = [DisclosureFactory(organization=org).index_number for _ in range(3)]
    assert generated == ["zlj/2026-00001", "zlj/2026-00004", "zlj/2026-00005"]
    assert IndexSequence.objects.get(identifier="zlj", year=2026).last == 5


@pytest.mark.django_db
def test_explicit_index_number_is_kept_and_stripped():
    d = DisclosureFactory(index_number="  000014349/2016-00123 ")
    assert d.index_number == "000014349/2016-00123"
    assert not IndexSequence.objects.exists()


@pytest.mark.django_db
def test_index_number_is_generated_once_and_kept_on_later_saves():
    d = DisclosureFactory(organization=OrganizationFactory(code="zlj"))
    d.title = "修改后的标题"
    d.save()
    d.refresh_from_db()
    assert d.index_number == "zlj/2026-00001"


def test_index_year_is_the_year_of_writing_else_of_publication_else_today():
    assert Disclosure(written_on=date(2024, 12, 31), published_on=date(2025, 1, 2)).index_year == (
        2024
    )
    assert Disclosure(written_on=None, published_on=date(2024, 5, 6)).index_year == 2024
    with time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))):
        # Half past midnight in Beijing is still 2026 in UTC: the legal year is Beijing's.
        assert Disclosure(written_on=None, published_on=None).index_year == 2027


@pytest.mark.django_db
def test_next_index_number_directly():
    org = OrganizationFactory(code="zlj")
    assert next_index_number(org, 2026) == "zlj/2026-00001"
    assert next_index_number(org, 2026) == "zlj/2026-00002"
    assert next_index_number(org, 2027) == "zlj/2027-00001"


THREADS = 24


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_gives_distinct_index_numbers(on_postgres):
    org = OrganizationFactory(code="zlj")
    category = CategoryFactory()
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    created: list[str] = []
    lock = threading.Lock()

    def create(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            d = save_disclosure(
                Disclosure(
                    title=f"并发创建的信息{i}",
                    organization_id=org.pk,
                    category_id=category.pk,
                    written_on=date(2026, 3, 2),
                    published_on=date(2026, 3, 3),
                    status="published",
                )
            )
            with lock:
                created.append(d.index_number)
        except BaseException as exc:  # collected and asserted on in the main thread
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert sorted(created) == [f"zlj/2026-{n:05d}" for n in range(1, THREADS + 1)]
    assert Disclosure.objects.filter(organization=org).count() == THREADS
    assert IndexSequence.objects.get(identifier="zlj", year=2026).last == THREADS


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_across_organizations_and_years(on_postgres):
    orgs = [OrganizationFactory(code=f"org-c{i}") for i in range(3)]
    category = CategoryFactory()
    years = [2025, 2026]
    jobs = [(org, year) for org in orgs for year in years for _ in range(4)]  # 24 jobs
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def create(org, year) -> None:
        try:
            barrier.wait(timeout=30)
            save_disclosure(
                Disclosure(
                    title="并发",
                    organization_id=org.pk,
                    category_id=category.pk,
                    written_on=date(year, 6, 1),
                )
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    numbers = set(Disclosure.objects.values_list("index_number", flat=True))
    assert numbers == {
        f"{org.code}/{year}-{n:05d}" for org in orgs for year in years for n in range(1, 5)
    }
