"""The admin of petitions and proposals over HTTP: organization scoping, filters, defaults."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from requests_app.proposals.models import Proposal
from tests.factories import OrganizationFactory, PetitionFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return OrganizationFactory(code="district", name="某区人民政府", kind="government")


@pytest.fixture
def dept_a(district):
    return OrganizationFactory(code="depta", name="甲局", parent=district)


@pytest.fixture
def dept_b(district):
    return OrganizationFactory(code="deptb", name="乙局", parent=district)


def test_staff_open_their_petitions_and_get_403_for_another_organizations(
    client, staff_user_factory, dept_a, dept_b
):
    client.force_login(staff_user_factory(dept_a))
    own = PetitionFactory(organization=dept_a, subject="甲局的信访件")
    other = PetitionFactory(organization=dept_b, subject="乙局的信访件")

    assert (
        client.get(reverse("admin:requests_app_petition_change", args=[own.pk])).status_code == 200
    )
    forbidden = client.get(reverse("admin:requests_app_petition_change", args=[other.pk]))
    assert forbidden.status_code == 403
    listing = client.get(reverse("admin:requests_app_petition_changelist")).content.decode()
    assert "甲局的信访件" in listing
    assert "乙局的信访件" not in listing


def test_the_petition_list_masks_the_phone_and_filters_by_year_and_collective(
    client, staff_user_factory, dept_a
):
    client.force_login(staff_user_factory(dept_a))
    PetitionFactory(
        organization=dept_a, channel="visit", persons=8, visit_kind="first", subject="集体访事项"
    )
    PetitionFactory(
        organization=dept_a,
        channel="visit",
        persons=2,
        visit_kind="first",
        subject="个体访事项",
        received_on=date(2015, 5, 5),
    )
    url = reverse("admin:requests_app_petition_changelist")

    page = client.get(url).content.decode()
    collective = client.get(url, {"collective": "yes"}).content.decode()
    of_2015 = client.get(url, {"year": "2015"}).content.decode()

    assert "139****5678" in page
    assert "13912345678" not in page
    assert "集体访事项" in collective and "个体访事项" not in collective
    assert "个体访事项" in of_2015 and "集体访事项" not in of_2015


def test_staff_cannot_register_a_petition_for_another_organization(
    client, staff_user_factory, dept_a, dept_b
):
    client.force_login(staff_user_factory(dept_a))
    response = client.post(
        reverse("admin:requests_app_petition_add"),
        {
            "organization": dept_b.pk,
            "channel": "letter",
            "received_on": "2016-03-01",
            "persons": "1",
            "subject": "越权登记",
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "organization" in response.context["adminform"].form.errors


def test_a_visit_registered_in_the_admin_needs_first_or_repeat(client, staff_user_factory, dept_a):
    client.force_login(staff_user_factory(dept_a))
    data = {
        "organization": dept_a.pk,
        "channel": "visit",
        "received_on": "2016-03-01",
        "persons": "6",
        "subject": "集体来访",
        "visit_kind": "",
    }
    response = client.post(reverse("admin:requests_app_petition_add"), data)
    assert "visit_kind" in response.context["adminform"].form.errors

    data["visit_kind"] = "first"
    response = client.post(reverse("admin:requests_app_petition_add"), data)
    assert response.status_code == 302
    petition = dept_a.petitions.get()
    assert petition.is_collective
    assert petition.accept_by == date(2016, 3, 16)
    assert petition.status == "registered"


def test_staff_get_403_for_another_organizations_proposal(
    client, staff_user_factory, dept_a, dept_b
):
    client.force_login(staff_user_factory(dept_a))
    own = ProposalFactory(lead_organization=dept_a)
    other = ProposalFactory(lead_organization=dept_b)
    url = "admin:requests_app_proposal_change"
    assert client.get(reverse(url, args=[own.pk])).status_code == 200
    assert client.get(reverse(url, args=[other.pk])).status_code == 403


def test_a_proposal_added_without_due_date_is_due_three_months_later(
    client, staff_user_factory, dept_a, settings
):
    client.force_login(staff_user_factory(dept_a))
    data = {
        "kind": "deputy_suggestion",
        "session": "区十八届人大一次会议",
        "number": "007",
        "title": "关于增设社区公交站点的建议",
        "lead_organization": dept_a.pk,
        "assigned_on": "2016-11-30",
        "due_on": "",
        "proposers-TOTAL_FORMS": "1",
        "proposers-INITIAL_FORMS": "0",
        "proposers-0-name": "罗瑛",
        "proposers-0-affiliation": "五星街街道代表团",
        "proposers-0-sort_order": "0",
    }
    response = client.post(reverse("admin:requests_app_proposal_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    proposal = Proposal.objects.get()
    assert proposal.due_on == date(2017, 2, 28)
    assert proposal.year == 2016
    assert str(proposal.proposers.get()) == "罗瑛（五星街街道代表团）"

    settings.PROPOSAL_REPLY_MONTHS = 6
    data.update(number="008", assigned_on="2016-03-09")
    client.post(reverse("admin:requests_app_proposal_add"), data)
    assert Proposal.objects.get(number="008").due_on == date(2016, 9, 9)


def test_an_answer_without_category_is_refused_in_the_admin(client, staff_user_factory, dept_a):
    client.force_login(staff_user_factory(dept_a))
    proposal = ProposalFactory(lead_organization=dept_a)
    data = {
        "kind": proposal.kind,
        "session": proposal.session,
        "number": proposal.number,
        "title": proposal.title,
        "lead_organization": dept_a.pk,
        "assigned_on": "2016-03-09",
        "due_on": "2016-06-09",
        "answered_on": "2016-05-01",
        "category": "",
        "reply_text": "",
        "proposers-TOTAL_FORMS": "0",
        "proposers-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:requests_app_proposal_change", args=[proposal.pk]), data)
    errors = response.context["adminform"].form.errors
    assert {"category", "reply_text"} <= set(errors)


def test_overdue_filter_lists_open_proposals_past_their_due_date(
    client, staff_user_factory, dept_a, time_machine
):
    time_machine.move_to("2016-07-01 10:00 +0800")
    client.force_login(staff_user_factory(dept_a))
    ProposalFactory(lead_organization=dept_a, title="已超期未答复")
    ProposalFactory(
        lead_organization=dept_a,
        title="按期答复",
        answered_on=date(2016, 5, 1),
        category="solved",
        reply_text="答复",
    )
    page = client.get(
        reverse("admin:requests_app_proposal_changelist"), {"overdue": "yes"}
    ).content.decode()
    assert "已超期未答复" in page
    assert "按期答复" not in page


def test_the_petition_list_reads_a_fixed_number_of_queries(
    client, staff_user_factory, dept_a, django_assert_max_num_queries
):
    client.force_login(staff_user_factory(dept_a))
    for _ in range(30):
        PetitionFactory(organization=dept_a)
    client.get(reverse("admin:requests_app_petition_changelist"))  # warm the session
    with django_assert_max_num_queries(20):
        assert client.get(reverse("admin:requests_app_petition_changelist")).status_code == 200


@pytest.mark.parametrize("year", ["0", "99999", "99999999999999999999999", "abc", "２０１６"])
def test_a_year_that_is_not_a_date_shows_an_empty_list_not_an_error(
    client, staff_user_factory, dept_a, year
):
    client.force_login(staff_user_factory(dept_a))
    PetitionFactory(organization=dept_a, subject="某信访事项")
    ProposalFactory(lead_organization=dept_a, title="某建议")

    for name, text in (("petition", "某信访事项"), ("proposal", "某建议")):
        response = client.get(reverse(f"admin:requests_app_{name}_changelist"), {"year": year})
        assert response.status_code == 200, name
        assert text not in response.content.decode()


def test_the_year_filters_still_select_a_year(client, staff_user_factory, dept_a):
    client.force_login(staff_user_factory(dept_a))
    ProposalFactory(lead_organization=dept_a, title="二〇一六年的建议")
    ProposalFactory(
        lead_organization=dept_a, title="二〇一五年的建议", assigned_on=date(2015, 3, 9)
    )
    url = reverse("admin:requests_app_proposal_changelist")

    page = client.get(url, {"year": "2015"}).content.decode()

    assert "二〇一五年的建议" in page and "二〇一六年的建议" not in page


@pytest.fixture
def view_only_user(dept_a):
    user = UserFactory(organization=dept_a)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_petition", "view_proposal"])
    )
    return user


def run_action(client, name, action, pk):
    return client.post(
        reverse(f"admin:requests_app_{name}_changelist"),
        {"action": action, "_selected_action": [pk], "index": "0"},
    )


def test_view_only_users_are_offered_no_publication_actions_and_cannot_run_them(
    client, view_only_user, dept_a
):
    client.force_login(view_only_user)
    answered = ProposalFactory(
        lead_organization=dept_a,
        answered_on=date(2016, 5, 1),
        category="solved",
        reply_text="已解决。",
    )
    published = ProposalFactory(
        lead_organization=dept_a,
        answered_on=date(2016, 5, 1),
        category="solved",
        reply_text="已解决。",
        publish_reply=True,
    )
    letter = PetitionFactory(
        organization=dept_a,
        reply="已答复。",
        replied_on=date(2016, 3, 20),
        consent_to_publish=True,
        published=True,
        public_title="公开标题",
        public_summary="公开摘要",
    )

    page = client.get(reverse("admin:requests_app_proposal_changelist")).content.decode()
    assert "publish_selected" not in page and "unpublish_selected" not in page
    assert "unpublish_selected" not in (
        client.get(reverse("admin:requests_app_petition_changelist")).content.decode()
    )
    run_action(client, "proposal", "publish_selected", answered.pk)
    run_action(client, "proposal", "unpublish_selected", published.pk)
    run_action(client, "petition", "unpublish_selected", letter.pk)

    answered.refresh_from_db()
    published.refresh_from_db()
    letter.refresh_from_db()
    assert (answered.publish_reply, published.publish_reply, letter.published) == (
        False,
        True,
        True,
    )


def test_staff_who_may_change_run_the_publication_actions(client, staff_user_factory, dept_a):
    client.force_login(staff_user_factory(dept_a))
    answered = ProposalFactory(
        lead_organization=dept_a,
        answered_on=date(2016, 5, 1),
        category="solved",
        reply_text="已解决。",
    )

    run_action(client, "proposal", "publish_selected", answered.pk)

    answered.refresh_from_db()
    assert answered.publish_reply
