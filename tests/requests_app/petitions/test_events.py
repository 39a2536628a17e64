"""The event logs of petitions and proposals: every service appends its event with the actor,
the admin and imports log what they save, and the admin page shows the log read-only."""

import csv
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from core.importing import run_import
from requests_app.petitions.models import PetitionEvent, PetitionEventKind
from requests_app.petitions.services import (
    MailboxLetter,
    PetitionError,
    close_petition,
    decide_acceptance,
    ensure_default_sources,
    file_mailbox_letter,
    publish_petition,
    reply_to_petition,
    unpublish_petition,
)
from requests_app.proposals.models import ProposalEvent, ProposalEventKind
from requests_app.proposals.services import (
    ProposalData,
    ProposalError,
    ProposerData,
    publish_reply,
    record_answer,
    record_satisfaction,
    register_proposal,
    unpublish_reply,
)
from tests.factories import OrganizationFactory, PetitionFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2016-06-01 10:00 +0800", tick=False):
        yield


@pytest.fixture
def org():
    return OrganizationFactory(code="zlj", name="自流井区人民政府")


@pytest.fixture
def clerk(org):
    return UserFactory(username="clerk", organization=org)


def log(record):
    return [(e.kind, e.on, e.by, e.data) for e in record.events.all()]


# --- petitions: the services ----------------------------------------------------------


def test_a_letter_filed_through_the_mailbox_is_logged_without_an_actor(org):
    letter = MailboxLetter(
        organization=org,
        subject="路灯损坏",
        content="路灯坏了。",
        petitioner_name="钱多多",
        phone="13812345678",
    )
    petition, _code = file_mailbox_letter(letter=letter, on=date(2016, 5, 30), by=None)
    assert log(petition) == [(PetitionEventKind.FILED, date(2016, 5, 30), None, {})]


def test_each_petition_step_is_logged_with_its_date_and_actor(org, clerk):
    petition = PetitionFactory(organization=org, consent_to_publish=True)

    decide_acceptance(petition=petition, accepted=True, on=date(2016, 3, 5), by=clerk)
    reply_to_petition(petition=petition, reply="已办理。", on=date(2016, 3, 30), by=clerk)
    publish_petition(petition=petition, public_title="标题", public_summary="摘要", by=clerk)
    unpublish_petition(petition=petition, by=clerk)
    close_petition(petition=petition, on=date(2016, 4, 2), by=clerk)

    today = date(2016, 6, 1)
    assert log(petition) == [
        (PetitionEventKind.DECIDED, date(2016, 3, 5), clerk, {"decision": "accepted"}),
        (PetitionEventKind.REPLIED, date(2016, 3, 30), clerk, {}),
        (PetitionEventKind.PUBLISHED, today, clerk, {}),
        (PetitionEventKind.UNPUBLISHED, today, clerk, {}),
        (PetitionEventKind.CLOSED, date(2016, 4, 2), clerk, {}),
    ]


def test_a_decision_not_to_accept_is_logged_as_such(org, clerk):
    petition = PetitionFactory(organization=org)
    decide_acceptance(petition=petition, accepted=False, on=date(2016, 3, 2), by=clerk)
    assert petition.events.get().data == {"decision": "not_accepted"}


def test_a_refused_step_logs_nothing(org, clerk):
    petition = PetitionFactory(organization=org)
    with pytest.raises(PetitionError):
        reply_to_petition(petition=petition, reply="x", on=date(2016, 3, 5), by=clerk)
    assert not petition.events.exists()


# --- proposals: the services ----------------------------------------------------------


def test_each_proposal_step_is_logged_with_its_date_and_actor(org, clerk):
    proposal = register_proposal(
        data=ProposalData(
            kind="deputy_suggestion",
            session="区十七届人大六次会议",
            number="001",
            title="关于增设公交站点的建议",
            lead_organization=org,
            assigned_on=date(2016, 3, 9),
            proposers=[ProposerData("赵强", "新街街道代表团")],
        ),
        by=clerk,
    )
    record_answer(
        proposal=proposal, on=date(2016, 5, 1), category="solved", reply_text="已增设。", by=clerk
    )
    record_satisfaction(proposal=proposal, satisfaction="satisfied", by=clerk)
    publish_reply(proposal=proposal, by=clerk)
    unpublish_reply(proposal=proposal, by=clerk)

    today = date(2016, 6, 1)
    assert log(proposal) == [
        (ProposalEventKind.REGISTERED, today, clerk, {}),
        (ProposalEventKind.ANSWERED, date(2016, 5, 1), clerk, {"category": "solved"}),
        (ProposalEventKind.SATISFACTION_RECORDED, today, clerk, {"satisfaction": "satisfied"}),
        (ProposalEventKind.PUBLISHED, today, clerk, {}),
        (ProposalEventKind.UNPUBLISHED, today, clerk, {}),
    ]


def test_a_refused_proposal_step_logs_nothing(org, clerk):
    proposal = ProposalFactory(lead_organization=org)
    with pytest.raises(ProposalError):
        publish_reply(proposal=proposal, by=clerk)
    assert not proposal.events.exists()


# --- the admin ------------------------------------------------------------------------


def test_a_petition_registered_and_edited_in_the_admin_is_logged_with_the_user(
    client, staff_user_factory, org
):
    user = staff_user_factory(org)
    client.force_login(user)
    data = {
        "organization": org.pk,
        "channel": "letter",
        "received_on": "2016-03-01",
        "persons": "1",
        "subject": "反映噪音问题",
    }
    assert client.post(reverse("admin:requests_app_petition_add"), data).status_code == 302
    petition = org.petitions.get()
    change_url = reverse("admin:requests_app_petition_change", args=[petition.pk])
    page = client.get(change_url)
    data.update(
        {
            "decision": "accepted",
            "accepted_on": "2016-03-04",
            **management_form(page, PetitionEvent),
        }
    )
    assert client.post(change_url, data).status_code == 302

    assert [(e.kind, e.by, e.data) for e in petition.events.all()] == [
        (PetitionEventKind.REGISTERED, user, {}),
        (PetitionEventKind.EDITED, user, {"fields": ["accepted_on", "decision"]}),
    ]


def test_unpublishing_from_the_petition_list_is_logged_with_the_user(
    client, staff_user_factory, org
):
    user = staff_user_factory(org)
    client.force_login(user)
    petition = PetitionFactory(organization=org, consent_to_publish=True)
    decide_acceptance(petition=petition, accepted=True, on=date(2016, 3, 5))
    reply_to_petition(petition=petition, reply="已办理。", on=date(2016, 3, 30))
    publish_petition(petition=petition, public_title="标题", public_summary="摘要")

    client.post(
        reverse("admin:requests_app_petition_changelist"),
        {"action": "unpublish_selected", "_selected_action": [petition.pk]},
    )

    last = petition.events.last()
    assert (last.kind, last.by) == (PetitionEventKind.UNPUBLISHED, user)


def test_publishing_from_the_proposal_list_is_logged_with_the_user(client, staff_user_factory, org):
    user = staff_user_factory(org)
    client.force_login(user)
    proposal = ProposalFactory(lead_organization=org)
    record_answer(proposal=proposal, on=date(2016, 5, 1), category="solved", reply_text="已解决")

    client.post(
        reverse("admin:requests_app_proposal_changelist"),
        {"action": "publish_selected", "_selected_action": [proposal.pk]},
    )

    last = proposal.events.last()
    assert (last.kind, last.by) == (ProposalEventKind.PUBLISHED, user)


def test_the_petition_page_shows_the_log_read_only(client, staff_user_factory, org):
    user = staff_user_factory(org, username="wanglei")
    client.force_login(user)
    petition = PetitionFactory(organization=org)
    decide_acceptance(petition=petition, accepted=False, on=date(2016, 3, 2), by=user)

    page = client.get(
        reverse("admin:requests_app_petition_change", args=[petition.pk]),
        headers={"accept-language": "en"},
    )

    html = page.content.decode()
    assert "Event log" in html
    assert "Decision on acceptance recorded" in html
    assert "not_accepted" in html
    assert "wanglei" in html
    # Read-only: the log's formset offers no row to add and none to change.
    formset = inline_formset(page, PetitionEvent)
    assert formset.forms[0].instance.kind == PetitionEventKind.DECIDED
    assert (formset.max_num, formset.can_delete) == (0, False)
    assert "events-0-kind" not in html


def test_the_proposal_page_shows_the_log_read_only(client, staff_user_factory, org):
    user = staff_user_factory(org, username="lina")
    client.force_login(user)
    proposal = ProposalFactory(lead_organization=org)
    record_answer(
        proposal=proposal, on=date(2016, 5, 1), category="solved", reply_text="已解决", by=user
    )

    page = client.get(
        reverse("admin:requests_app_proposal_change", args=[proposal.pk]),
        headers={"accept-language": "en"},
    )

    html = page.content.decode()
    assert "Event log" in html
    assert "Answer recorded" in html
    assert "lina" in html
    formset = inline_formset(page, ProposalEvent)
    assert (formset.max_num, formset.can_delete) == (0, False)
    assert "events-0-kind" not in html


def test_the_add_page_has_no_log(client, staff_user_factory, org):
    client.force_login(staff_user_factory(org))
    page = client.get(reverse("admin:requests_app_petition_add"))
    assert inline_formset(page, PetitionEvent) is None


def inline_formset(response, model):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset
    return None


def management_form(response, model):
    """What the browser posts back for the inline of `model` (its management form)."""
    formset = inline_formset(response, model)
    form = formset.management_form
    return {f"{formset.prefix}-{name}": value for name, value in form.initial.items()}


# --- imports --------------------------------------------------------------------------


def write_csv(tmp_path, rows, name="data.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerows(rows)
    return path


def test_an_import_logs_what_it_created_and_changed_with_the_importing_user(
    tmp_path, staff_user_factory, org
):
    ensure_default_sources()
    user = staff_user_factory(org)
    headers = ["编号", "机关代码", "渠道", "来源", "收到日期", "人数", "初访或重复访", "事由"]
    headers += ["受理决定", "受理告知日期"]
    row = ["XF2016-001", "zlj", "来信", "邮寄", "2016-03-01", "", "", "反映入学问题", "", ""]

    first = run_import("petitions", write_csv(tmp_path, [headers, row]), user=user)
    row[7] = "反映入学难问题"
    again = run_import("petitions", write_csv(tmp_path, [headers, row], "b.csv"), user=user)
    unchanged = run_import("petitions", write_csv(tmp_path, [headers, row], "c.csv"))

    assert (first.created, again.updated, unchanged.unchanged) == (1, 1, 1), first.errors
    petition = org.petitions.get()
    assert [(e.kind, e.by, e.data) for e in petition.events.all()] == [
        (PetitionEventKind.IMPORTED, user, {}),
        (PetitionEventKind.REIMPORTED, user, {"fields": ["subject"]}),
    ]


def test_a_proposal_import_from_the_command_line_logs_no_user(tmp_path, org):
    headers = ["类型", "会议", "编号", "标题", "提出人", "主办单位", "交办日期"]
    headers += ["答复日期", "办理结果", "满意度", "答复内容"]
    row = ["建议", "区十七届人大六次会议", "002", "关于增设公交站点的建议"]
    row += ["赵强（新街街道代表团）", "zlj", "2016-03-09", "", "", "", ""]

    result = run_import("proposals", write_csv(tmp_path, [headers, row]))

    assert result.created == 1, result.errors
    event = ProposalEvent.objects.get()
    assert (event.kind, event.by) == (ProposalEventKind.IMPORTED, None)
