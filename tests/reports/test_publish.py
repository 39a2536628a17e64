"""Publishing a report: frozen revisions, corrections, confirmations, permissions, catalogue."""

from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.utils import translation

from disclosure.models import Category, Disclosure, DisclosureStatus, Genre
from disclosure.roles import ensure_staff_groups
from reports.engine.generate import build_from_record
from reports.engine.snapshots import document_for_revision
from reports.models import EnteredFigure, ReportRevision, ReportSection, ReportStatus
from reports.services import (
    ConfirmationRequired,
    PublishNotAllowed,
    ReportPublishError,
    publish_report,
)
from requests_app.applications.models import Application
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    DisclosureFactory,
    EnteredFigureFactory,
    OrganizationFactory,
    ReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PUBLISHED_ON = date(2017, 3, 20)
OVERVIEW = (
    "全年新收申请{applications.received}件，予以公开{table3.granted.total}件，"
    "政务服务窗口接待群众{window.visitors}人次。"
)


@pytest.fixture
def groups():
    return ensure_staff_groups()


@pytest.fixture
def district():
    return OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")


@pytest.fixture
def dept(district):
    return OrganizationFactory(code="zlj-hbj", name="自贡市自流井区环境保护局", parent=district)


@pytest.fixture
def other_dept(district):
    return OrganizationFactory(code="zlj-czj", name="自贡市自流井区财政局", parent=district)


def staff_of(organization, groups):
    user = UserFactory(organization=organization)
    user.groups.add(groups[0])
    return user


@pytest.fixture
def clerk(dept, groups):
    return staff_of(dept, groups)


@pytest.fixture
def report(dept):
    """A 2016 narrative report of the department: one granted application, one entered figure."""
    ApplicationFactory(
        organization=dept,
        applicant_type="natural_person",
        received_on=date(2016, 3, 2),
        status="closed",
        outcome="granted",
        closed_on=date(2016, 3, 20),
        is_historical=True,
    )
    EnteredFigureFactory(organization=dept, year=2016, key="window.visitors", value=37000)
    return ReportFactory(organization=dept, year=2016, texts={"overview": OVERVIEW})


def overview(revision: ReportRevision) -> str:
    doc = document_for_revision(revision)
    return next(s for s in doc.sections if s.key == "overview").paragraphs[0]


def figure(revision: ReportRevision, key: str):
    return next(f for f in revision.snapshot["document"]["figures"] if f["key"] == key)["value"]


# --- the frozen snapshot --------------------------------------------------------------------


def test_publishing_stores_the_figures_text_and_html_with_who_and_when(report, clerk):
    revision = publish_report(report=report, by=clerk, on=PUBLISHED_ON)

    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert revision.number == 1
    assert revision.published_by == clerk
    assert revision.published_on == PUBLISHED_ON
    assert revision.published_at is not None
    assert figure(revision, "applications.received") == 1
    assert figure(revision, "window.visitors") == 37000
    assert overview(revision) == "全年新收申请1件，予以公开1件，政务服务窗口接待群众3.7万人次。"
    assert "全年新收申请1件" in revision.html
    assert "全年新收申请1件" in revision.text
    assert "2017年3月20日" in revision.text  # the issuing date closes the document
    assert revision.snapshot["document"]["draft"] is False


def test_later_changes_to_records_figures_and_prose_do_not_change_a_published_revision(
    report, clerk, dept
):
    revision = publish_report(report=report, by=clerk, on=PUBLISHED_ON)
    frozen = ReportRevision.objects.get(pk=revision.pk)
    before = (frozen.snapshot, frozen.html, frozen.text)

    Application.objects.filter(organization=dept).update(outcome="withheld_state_secret")
    ApplicationFactory(
        organization=dept, received_on=date(2016, 5, 4), is_historical=True, status="in_progress"
    )
    EnteredFigure.objects.filter(organization=dept, key="window.visitors").update(value=52000)
    ReportSection.objects.filter(report=report, key="overview").update(text="改写后的概述。")

    # The records did change: a draft built now says so …
    draft = build_from_record(report)
    assert draft.value("applications.received") == 2
    assert draft.value("table3.granted.total") == 0
    assert draft.value("window.visitors") == 52000
    # … the published revision does not.
    frozen.refresh_from_db()
    assert (frozen.snapshot, frozen.html, frozen.text) == before
    assert overview(frozen) == "全年新收申请1件，予以公开1件，政务服务窗口接待群众3.7万人次。"


def test_a_correction_is_a_new_revision_with_its_note_and_the_first_is_kept(report, clerk):
    first = publish_report(report=report, by=clerk, on=PUBLISHED_ON)
    EnteredFigure.objects.filter(key="window.visitors").update(value=41000)

    second = publish_report(
        report=report, by=clerk, note="更正政务服务窗口接待人次。", on=date(2017, 4, 6)
    )

    assert (first.number, second.number) == (1, 2)
    assert second.note == "更正政务服务窗口接待人次。"
    assert figure(ReportRevision.objects.get(pk=first.pk), "window.visitors") == 37000
    assert figure(second, "window.visitors") == 41000
    assert "第2版" in second.text and "更正政务服务窗口接待人次。" in second.text
    assert list(report.revisions.values_list("number", flat=True)) == [2, 1]


def test_a_correction_without_a_note_is_refused_and_nothing_is_written(report, clerk):
    publish_report(report=report, by=clerk, on=PUBLISHED_ON)

    with translation.override("en"), pytest.raises(ReportPublishError, match="note"):
        publish_report(report=report, by=clerk, note="   ", on=date(2017, 4, 6))

    assert report.revisions.count() == 1


def test_a_revision_cannot_be_dated_before_the_previous_one(report, clerk):
    publish_report(report=report, by=clerk, on=PUBLISHED_ON)

    with pytest.raises(ReportPublishError):
        publish_report(report=report, by=clerk, note="更正。", on=date(2017, 3, 1))
    assert report.revisions.count() == 1


# --- failing checks need a recorded confirmation --------------------------------------------


def test_a_failing_error_check_refuses_publication_without_confirmation(report, clerk, dept):
    EnteredFigure.objects.filter(organization=dept).delete()  # the text uses it: check fails

    with pytest.raises(ConfirmationRequired) as refused:
        publish_report(report=report, by=clerk, on=PUBLISHED_ON)

    assert [c.rule for c in refused.value.checks] == ["entered_figures"]
    assert not ReportRevision.objects.exists()
    assert not Disclosure.objects.exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_confirmation_is_recorded_on_the_revision_with_who_and_which_checks(report, clerk, dept):
    EnteredFigure.objects.filter(organization=dept).delete()

    revision = publish_report(report=report, by=clerk, on=PUBLISHED_ON, confirm_failing_checks=True)

    revision.refresh_from_db()
    assert revision.confirmed_failing_checks is True
    assert revision.confirmed_by == clerk
    assert [c["rule"] for c in revision.error_checks] == ["entered_figures"]
    assert "window.visitors" in revision.error_checks[0]["cells"]
    log = LogEntry.objects.get(content_type__app_label="reports", object_id=str(report.pk))
    assert "entered_figures" in log.change_message


def test_without_failing_checks_nothing_is_recorded_as_confirmed(report, clerk):
    revision = publish_report(report=report, by=clerk, on=PUBLISHED_ON, confirm_failing_checks=True)

    assert revision.confirmed_failing_checks is False
    assert revision.confirmed_by is None
    assert revision.error_checks == []


def test_publishing_before_the_year_has_ended_needs_a_confirmation(report, clerk):
    with pytest.raises(ConfirmationRequired) as refused:
        publish_report(report=report, by=clerk, on=date(2016, 12, 20))
    assert [c.rule for c in refused.value.checks] == ["year_not_ended"]

    revision = publish_report(
        report=report, by=clerk, on=date(2016, 12, 20), confirm_failing_checks=True
    )
    assert [c["rule"] for c in revision.error_checks] == ["year_not_ended"]


def test_unresolved_placeholders_are_refused_even_with_a_confirmation(report, clerk):
    ReportSection.objects.filter(report=report, key="overview").update(
        text="共{no.such.figure}件。"
    )

    with pytest.raises(ReportPublishError, match=r"no\.such\.figure"):
        publish_report(report=report, by=clerk, on=PUBLISHED_ON, confirm_failing_checks=True)
    assert not ReportRevision.objects.exists()


# --- permissions ----------------------------------------------------------------------------


def test_staff_of_another_organization_cannot_publish(report, other_dept, groups):
    outsider = staff_of(other_dept, groups)

    with pytest.raises(PublishNotAllowed) as refused:
        publish_report(report=report, by=outsider, on=PUBLISHED_ON)

    assert isinstance(refused.value, PermissionDenied)
    assert not ReportRevision.objects.exists()


def test_a_user_without_the_publish_permission_cannot_publish(report, dept):
    no_role = UserFactory(organization=dept)

    with pytest.raises(PublishNotAllowed):
        publish_report(report=report, by=no_role, on=PUBLISHED_ON)


def test_staff_of_the_parent_organization_and_supervisors_can_publish(report, district, groups):
    parent_staff = staff_of(district, groups)
    supervisor = UserFactory(organization=district)
    supervisor.groups.add(groups[1])

    assert publish_report(report=report, by=parent_staff, on=PUBLISHED_ON).number == 1
    second = publish_report(report=report, by=supervisor, note="更正。", on=PUBLISHED_ON)
    assert second.number == 2


# --- the report in the catalogue ------------------------------------------------------------


def test_publishing_adds_the_report_to_the_annual_reports_column(report, clerk, dept):
    revision = publish_report(report=report, by=clerk, on=PUBLISHED_ON)

    entry = Disclosure.objects.get()
    assert entry.pk == report.disclosure_id
    assert entry.status == DisclosureStatus.PUBLISHED
    assert entry.published_on == PUBLISHED_ON
    assert entry.organization == dept
    assert entry.genre == Genre.REPORT
    assert entry.category.slug == "annual-reports"
    assert entry.category.name == "政府信息公开年报"
    assert entry.title == revision.title
    assert f'href="{report.get_absolute_url()}"' in entry.body
    assert revision.download_url("docx") in entry.body


def test_the_existing_annual_reports_column_is_used(report, clerk):
    column = CategoryFactory(slug="annual-reports", name="政府信息公开年报")

    publish_report(report=report, by=clerk, on=PUBLISHED_ON)

    assert Disclosure.objects.get().category == column
    assert Category.objects.filter(name="政府信息公开年报").count() == 1


def test_a_correction_updates_the_same_catalogue_entry_and_notes_the_revision(report, clerk):
    publish_report(report=report, by=clerk, on=PUBLISHED_ON)
    publish_report(report=report, by=clerk, note="更正窗口接待人次。", on=date(2017, 4, 6))

    entry = Disclosure.objects.get()
    assert entry.published_on == PUBLISHED_ON  # first published then; corrected since
    assert "第2版" in entry.body
    assert "更正窗口接待人次。" in entry.body
    assert "更正窗口接待人次。" in entry.summary


def test_a_catalogue_entry_entered_by_hand_for_the_report_is_adopted(report, clerk, dept):
    column = CategoryFactory(slug="annual-reports", name="政府信息公开年报")
    by_hand = DisclosureFactory(
        organization=dept,
        category=column,
        genre=Genre.REPORT,
        title=report.display_title,
        written_on=date(2017, 3, 1),
        published_on=date(2017, 3, 2),
    )

    publish_report(report=report, by=clerk, on=PUBLISHED_ON)

    assert Disclosure.objects.get().pk == by_hand.pk
    report.refresh_from_db()
    assert report.disclosure_id == by_hand.pk


def test_a_note_longer_than_the_field_is_refused_with_its_length(report, clerk):
    with translation.override("en"), pytest.raises(ReportPublishError, match="501"):
        publish_report(report=report, by=clerk, note="改" * 501, on=PUBLISHED_ON)
    assert not ReportRevision.objects.exists()
