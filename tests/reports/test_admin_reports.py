"""The report admin over HTTP: editing page, checks and preview, publishing, reminders, scope."""

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from disclosure.models import Genre
from disclosure.roles import ensure_staff_groups
from reports.models import EnteredFigure, ReportRevision, ReportStatus
from reports.reminders import publication_reminders, statutory_due_date
from reports.services import publish_report
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

OVERVIEW = "全年新收申请{applications.received}件，窗口接待群众{window.visitors}人次。"
# Publication dates of the 2016 reports are in 2017.
IN_2017 = "2017-03-10 10:00 +0800"


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
def clerk_client(client, dept, groups):
    client.force_login(staff_of(dept, groups))
    return client


@pytest.fixture
def outsider_client(client, other_dept, groups):
    client.force_login(staff_of(other_dept, groups))
    return client


@pytest.fixture
def report(dept):
    ApplicationFactory(
        organization=dept,
        received_on=date(2016, 3, 2),
        status="closed",
        outcome="granted",
        closed_on=date(2016, 3, 20),
        is_historical=True,
    )
    EnteredFigureFactory(organization=dept, year=2016, key="window.visitors", value=37000)
    return ReportFactory(organization=dept, year=2016, texts={"overview": OVERVIEW})


@pytest.fixture
def gb_report(dept):
    """A gb2021 report whose 表二 entered cells are missing: the entered-figures check fails."""
    return ReportFactory(organization=dept, year=2016, format="gb2021")


def change_url(report):
    return reverse("admin:reports_report_change", args=[report.pk])


def publish_url(report):
    return reverse("admin:reports_report_publish", args=[report.pk])


def text(response) -> str:
    return response.content.decode()


# --- the editing page -----------------------------------------------------------------------


def test_the_report_page_shows_prose_preview_entered_figures_and_no_failing_check(
    clerk_client, report
):
    response = clerk_client.get(change_url(report))

    assert response.status_code == 200
    body = text(response)
    assert OVERVIEW in body  # the prose with its placeholders, in its textarea
    assert "全年新收申请1件，窗口接待群众3.7万人次。" in body  # … and rendered in the preview
    assert 'id="report-preview"' in body
    assert response.context["report_doc"].failing_checks == []
    rows = {row["key"]: row for row in response.context["report_figures"]}
    assert rows["window.visitors"]["used"] and rows["window.visitors"]["record"] is not None
    assert reverse("admin:reports_report_draft", args=[report.pk, "docx"]) in body
    assert publish_url(report) in body


def test_failing_checks_are_listed_at_the_top_and_their_cells_highlighted(clerk_client, gb_report):
    response = clerk_client.get(change_url(gb_report))

    body = text(response)
    failing = response.context["report_doc"].failing_checks
    assert [c.rule for c in failing] == ["entered_figures"]
    assert body.index('class="report-checks"') < body.index('id="report-preview"')
    key = "table2.administrative_licensing.decisions"
    assert f'data-key="{key}" class="check-error" title="entered_figures"' in body
    assert 'data-key="table3.granted.total" class=' not in body
    rows = {row["key"]: row for row in response.context["report_figures"]}
    assert rows[key]["used"] and rows[key]["record"] is None
    assert f"key={key}" in rows[key]["url"]  # a link to enter it, prefilled


def test_the_live_preview_renders_the_prose_as_typed_without_saving_it(clerk_client, report):
    sections = list(report.sections.order_by("pk"))
    data = {"sections-TOTAL_FORMS": str(len(sections)), "title": ""}
    for i, section in enumerate(sections):
        data[f"sections-{i}-id"] = str(section.pk)
        data[f"sections-{i}-text"] = section.text
    overview = next(i for i, s in enumerate(sections) if s.key == "overview")
    data[f"sections-{overview}-text"] = "新写的概述：{applications.received}件，{no.such}。"

    response = clerk_client.post(reverse("admin:reports_report_preview", args=[report.pk]), data)

    assert response.status_code == 200
    body = text(response)
    assert "新写的概述：1件，【错误：{no.such}】。" in body
    assert "placeholders" in body  # the failing check, next to the preview
    assert report.sections.get(key="overview").text == OVERVIEW


def test_saving_the_prose_updates_the_record(clerk_client, report):
    sections = list(report.sections.order_by("pk"))
    data = {
        "include_children": "",
        "title": "",
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": str(len(sections)),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    for i, section in enumerate(sections):
        data[f"sections-{i}-id"] = str(section.pk)
        data[f"sections-{i}-report"] = str(report.pk)
        data[f"sections-{i}-text"] = section.text
        if section.key == "overview":
            data[f"sections-{i}-text"] = "改写：{applications.received}件。"

    response = clerk_client.post(change_url(report), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert report.sections.get(key="overview").text == "改写：{applications.received}件。"


def test_staff_do_not_see_or_open_another_organizations_report(outsider_client, report):
    assert outsider_client.get(change_url(report)).status_code == 403
    changelist = outsider_client.get(reverse("admin:reports_report_changelist"))
    assert report.display_title not in text(changelist)
    preview = reverse("admin:reports_report_preview", args=[report.pk])
    assert outsider_client.post(preview, {}).status_code == 403


# --- publishing through the admin -----------------------------------------------------------


@time_machine.travel(IN_2017, tick=False)
def test_staff_publish_their_report_from_the_admin(clerk_client, report):
    assert clerk_client.get(publish_url(report)).status_code == 200

    response = clerk_client.post(publish_url(report), {"note": ""})

    assert response.status_code == 302
    revision = ReportRevision.objects.get(report=report)
    assert revision.published_on == date(2017, 3, 10)
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED


@time_machine.travel(IN_2017, tick=False)
def test_staff_of_another_organization_get_403_and_nothing_is_published(outsider_client, report):
    assert outsider_client.get(publish_url(report)).status_code == 403
    assert outsider_client.post(publish_url(report), {"note": "x"}).status_code == 403
    assert not ReportRevision.objects.exists()


@time_machine.travel(IN_2017, tick=False)
def test_a_failing_check_needs_the_confirmation_box_which_is_recorded(
    clerk_client, gb_report, dept
):
    refused = clerk_client.post(publish_url(gb_report), {"note": ""})

    assert refused.status_code == 200
    assert "confirm_failing_checks" in refused.context["form"].fields
    assert [c.rule for c in refused.context["blocking"]] == ["entered_figures"]
    assert not ReportRevision.objects.exists()

    done = clerk_client.post(publish_url(gb_report), {"note": "", "confirm_failing_checks": "on"})

    assert done.status_code == 302
    revision = ReportRevision.objects.get()
    assert revision.confirmed_failing_checks
    assert revision.confirmed_by.organization == dept
    assert [c["rule"] for c in revision.error_checks] == ["entered_figures"]
    page = clerk_client.get(change_url(gb_report))
    assert "entered_figures" in text(page).split('id="report-revisions-heading"')[1]


@time_machine.travel(IN_2017, tick=False)
def test_a_corrected_revision_needs_a_note(clerk_client, report):
    clerk_client.post(publish_url(report), {"note": ""})
    EnteredFigure.objects.update(value=41000)

    refused = clerk_client.post(publish_url(report), {"note": ""})
    assert refused.status_code == 200
    assert refused.context["form"].errors["note"]
    assert ReportRevision.objects.count() == 1

    clerk_client.post(publish_url(report), {"note": "更正窗口接待人次。"})
    assert list(ReportRevision.objects.values_list("number", "note")) == [
        (2, "更正窗口接待人次。"),
        (1, ""),
    ]


def test_a_published_report_cannot_be_deleted(clerk_client, report, dept):
    publish_report(report=report, by=UserFactory(is_superuser=True), on=date(2017, 3, 1))

    delete = reverse("admin:reports_report_delete", args=[report.pk])
    assert clerk_client.get(delete).status_code == 403


def test_published_revisions_are_read_only_in_the_admin(clerk_client, report):
    revision = publish_report(report=report, by=UserFactory(is_superuser=True), on=date(2017, 3, 1))

    url = reverse("admin:reports_reportrevision_change", args=[revision.pk])
    response = clerk_client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert clerk_client.post(url, {"note": "changed"}).status_code == 403
    revision.refresh_from_db()
    assert revision.note == ""


# --- reminders under 第四十九条 ---------------------------------------------------------------


def test_statutory_dates_are_31_january_for_departments_and_31_march_for_governments():
    # Reports on 2019 and later, under the 2019 条例 (before: 31 March for all, see
    # test_report_deadlines_before_2019.py).
    assert statutory_due_date("department", 2019) == date(2020, 1, 31)
    assert statutory_due_date("subdistrict", 2019) == date(2020, 1, 31)
    assert statutory_due_date("government", 2019) == date(2020, 3, 31)


def test_reminders_start_30_days_before_the_statutory_date(dept, district):
    def due(on):
        return {
            r.organization.code: r for r in publication_reminders(organization_ids=None, today=on)
        }

    # 1 January: the department's report on last year is due in 30 days; the government's
    # date (31 March) is still far. (Reports on 2020, under the 2019 条例 第四十九条.)
    assert due(date(2021, 1, 1))["zlj-hbj"].days_left == 30
    assert due(date(2021, 1, 1))["zlj-hbj"].year == 2020
    assert "zlj" not in due(date(2021, 2, 28))
    assert due(date(2021, 3, 1))["zlj"].days_left == 30
    late = due(date(2021, 2, 3))["zlj-hbj"]
    assert late.overdue and late.days_overdue == 3


def test_a_published_report_ends_the_reminder(dept, report):
    # The report on 2016 was due on 31 March 2017 (2007 条例 第三十一条).
    on = date(2017, 3, 20)
    assert dept in [r.organization for r in publication_reminders(organization_ids=None, today=on)]

    publish_report(report=report, by=UserFactory(is_superuser=True), on=on)

    assert dept not in [
        r.organization for r in publication_reminders(organization_ids=None, today=on)
    ]


def test_a_report_published_by_hand_in_the_catalogue_ends_the_reminder(dept):
    column = CategoryFactory(slug="annual-reports", name="政府信息公开年报")
    DisclosureFactory(
        organization=dept,
        category=column,
        genre=Genre.REPORT,
        title="自贡市自流井区环境保护局2016年政府信息公开工作年度报告",
        written_on=date(2017, 1, 10),
        published_on=date(2017, 1, 12),
    )

    reminders = publication_reminders(organization_ids=None, today=date(2017, 3, 20))

    assert dept not in [r.organization for r in reminders]


@time_machine.travel("2017-03-20 10:00 +0800", tick=False)
def test_the_admin_front_page_lists_the_reports_due_in_the_users_scope(
    clerk_client, dept, other_dept, report
):
    response = clerk_client.get(reverse("admin:index"))

    assert response.status_code == 200
    reminders = response.context["report_reminders"]
    assert [r.organization for r in reminders] == [dept]  # not the other department's
    assert reminders[0].report_id == report.pk
    assert reminders[0].days_left == 11
    body = text(response)
    assert change_url(report) in body
    assert 'id="report-reminders-heading"' in body


@time_machine.travel("2020-01-20 10:00 +0800", tick=False)
def test_the_reminders_page_lists_every_organization_for_a_supervisor(
    client, groups, district, dept, other_dept, django_assert_max_num_queries
):
    supervisor = UserFactory(organization=district)
    supervisor.groups.add(groups[1])
    client.force_login(supervisor)
    for i in range(12):
        OrganizationFactory(code=f"unit{i}", parent=district)

    index = client.get(reverse("admin:index"))
    assert len(index.context["report_reminders"]) == 10
    assert index.context["report_reminders_more"] == 4  # 14 departments are due
    assert reverse("admin:reports_report_reminders") in text(index)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("admin:reports_report_reminders"))
    assert len(page.context["reminders"]) == 14
    assert f"?organization={other_dept.pk}&amp;year=2019" in text(page)


# --- the list of entered figures ----------------------------------------------------------


def test_entered_figures_are_listed_plainly_not_in_scientific_notation(admin_client, district):
    EnteredFigureFactory(
        organization=district, year=2016, key="window.visitors", value=37000, qualifier="about"
    )
    EnteredFigureFactory(
        organization=district, year=2016, key="petitions.forwarded_share", value="50.10"
    )
    EnteredFigureFactory(organization=district, year=2016, key="hall.cases_published", value=97458)

    response = admin_client.get(reverse("admin:reports_enteredfigure_changelist") + "?year=2016")

    cells = re.findall(r'<td class="field-display_value">(.*?)</td>', text(response))
    assert sorted(c.split(" ")[0] for c in cells) == ["37000", "50.1", "97458"]
    assert "E+" not in "".join(cells)
    assert any(c.startswith("37000 ") for c in cells)  # with its qualifier
