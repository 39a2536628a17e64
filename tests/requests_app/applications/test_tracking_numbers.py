"""Tracking numbers stay unique when imported history uses the system's own format."""

from datetime import date

import pytest

from core.importing import run_import
from requests_app.applications.models import Application
from requests_app.applications.services.registration import register_application
from requests_app.tracking import (
    TrackingSequence,
    advance_tracking_sequences,
    next_tracking_number,
)
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

from .public_helpers import application_post, apply_url

pytestmark = pytest.mark.django_db

HEADER = (
    "受理编号,机关代码,申请人类型,申请人,申请方式,收到日期,申请内容,办理结果,办结日期,"
    "信息处理费(元)"
)


@pytest.fixture
def zlj():
    return OrganizationFactory(code="zlj", name="自流井区人民政府", kind="government")


def import_rows(tmp_path, *lines):
    path = tmp_path / "applications.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    result = run_import("applications", path)
    assert result.ok, [(e.line, e.column, e.message) for e in result.errors]
    return result


def test_online_form_after_importing_a_number_in_the_system_format_gets_the_next_one(
    client, zlj, tmp_path, frozen
):
    frozen("2026-03-02", hour=9)
    import_rows(
        tmp_path,
        "ZLJ-2026-000001,zlj,自然人,李四,当面,2026-01-05,某文件,予以公开,2026-01-20,",
        "ZLJ-2026-000003,zlj,自然人,王五,当面,2026-01-06,某文件,予以公开,2026-01-21,",
    )
    assert TrackingSequence.objects.get(prefix="ZLJ", year=2026).last == 3

    for i in range(2):
        response = client.post(apply_url(), application_post(zlj, client_token=f"{i}" * 30))
        assert response.status_code == 302

    assert sorted(Application.objects.values_list("tracking_number", flat=True)) == [
        "ZLJ-2026-000001",
        "ZLJ-2026-000003",
        "ZLJ-2026-000004",
        "ZLJ-2026-000005",
    ]


def test_import_never_moves_a_sequence_back_and_ignores_other_formats(zlj, tmp_path, frozen):
    frozen("2026-03-02")
    TrackingSequence.objects.create(prefix="ZLJ", year=2026, last=9)
    import_rows(
        tmp_path,
        "ZLJ-2026-000002,zlj,自然人,李四,当面,2026-01-05,某文件,予以公开,2026-01-20,",
        "ZLJ-XF-2026-000050,zlj,自然人,王五,当面,2026-01-06,某文件,予以公开,2026-01-21,",
        "依申请〔2026〕7号,zlj,自然人,赵六,当面,2026-01-06,某文件,予以公开,2026-01-21,",
        "zlj-2025-000040,zlj,自然人,钱七,当面,2025-01-06,某文件,予以公开,2025-01-21,",
    )
    assert set(TrackingSequence.objects.values_list("prefix", "year", "last")) == {
        ("ZLJ", 2026, 9),
        ("ZLJ-XF", 2026, 50),
    }


def test_dry_run_import_leaves_the_sequences_alone(zlj, tmp_path, frozen):
    frozen("2026-03-02")
    path = tmp_path / "applications.csv"
    path.write_text(
        HEADER + "\nZLJ-2026-000005,zlj,自然人,李四,当面,2026-01-05,某文件,予以公开,2026-01-20,\n",
        encoding="utf-8",
    )
    assert run_import("applications", path, dry_run=True).ok
    assert not TrackingSequence.objects.exists()


def test_next_tracking_number_skips_numbers_already_taken(zlj, frozen):
    frozen("2026-03-02")
    # History imported before sequences were moved past it: the number is taken anyway.
    ApplicationFactory(organization=zlj, tracking_number="ZLJ-2026-000001", is_historical=True)
    ApplicationFactory(organization=zlj, tracking_number="ZLJ-2026-000002", is_historical=True)
    staff = UserFactory(organization=zlj)
    app = register_application(
        organization=zlj,
        by=staff,
        channel="in_person",
        received_on=date(2026, 3, 2),
        applicant_type="natural_person",
        applicant_name="张三",
        description="某文件",
    )
    assert app.tracking_number == "ZLJ-2026-000003"
    assert TrackingSequence.objects.get(prefix="ZLJ", year=2026).last == 3


def test_next_tracking_number_without_a_check_counts_on():
    assert next_tracking_number("zlj", 2026) == "ZLJ-2026-000001"
    taken = {"ZLJ-2026-000002", "ZLJ-2026-000003"}
    assert next_tracking_number("zlj", 2026, taken=taken.__contains__) == "ZLJ-2026-000004"


def test_advance_tracking_sequences_keeps_the_highest_serial_per_prefix_and_year():
    advance_tracking_sequences(
        ["ZLJ-2026-000007", "ZLJ-2026-000003", "ZLJ-2025-000100", " ZLJ-XF-2026-12 ", "ZLJ-1"]
    )
    assert set(TrackingSequence.objects.values_list("prefix", "year", "last")) == {
        ("ZLJ", 2026, 7),
        ("ZLJ", 2025, 100),
        ("ZLJ-XF", 2026, 12),
    }
