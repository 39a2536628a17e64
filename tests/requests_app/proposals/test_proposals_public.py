"""The public results of proposals per year, and the proposal services."""

from datetime import date

import pytest
from django.urls import reverse

from requests_app.proposals.models import Proposal
from requests_app.proposals.services import (
    ProposalData,
    ProposalError,
    ProposerData,
    publish_reply,
    record_answer,
    record_satisfaction,
    register_proposal,
)
from tests.factories import OrganizationFactory, ProposalFactory, ProposalProposerFactory

pytestmark = pytest.mark.django_db


def published(org, title, year=2016, **kwargs):
    proposal = ProposalFactory(
        lead_organization=org,
        title=title,
        assigned_on=date(year, 3, 9),
        due_on=date(year, 6, 9),
        answered_on=date(year, 5, 9),
        category="solved",
        reply_text=f"{title}的答复正文",
        publish_reply=True,
        **kwargs,
    )
    ProposalProposerFactory(proposal=proposal, name="罗瑛")
    return proposal


def test_the_list_shows_the_published_replies_of_the_year_asked_for(client):
    org = OrganizationFactory()
    published(org, "二〇一六年的建议")
    published(org, "二〇一五年的建议", year=2015)
    ProposalFactory(lead_organization=org, title="尚未答复的建议")
    ProposalFactory(
        lead_organization=org, title="答复未公开的建议", answered_on=date(2016, 5, 1),
        category="solved", reply_text="内部答复",
    )  # fmt: skip

    page_2016 = client.get(reverse("proposals:proposal_list"), {"year": "2016"}).content.decode()
    page_2015 = client.get(reverse("proposals:proposal_list"), {"year": "2015"}).content.decode()
    default = client.get(reverse("proposals:proposal_list")).content.decode()

    assert "二〇一六年的建议" in page_2016 and "二〇一五年的建议" not in page_2016
    assert "二〇一五年的建议" in page_2015
    assert "二〇一六年的建议" in default  # the latest year by default
    for page in (page_2016, page_2015, default):
        assert "尚未答复的建议" not in page
        assert "答复未公开的建议" not in page


def test_a_bad_year_is_a_message_not_an_error(client):
    response = client.get(reverse("proposals:proposal_list"), {"year": "abc"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_detail_shows_the_reply_and_unpublished_ones_are_not_found(client):
    org = OrganizationFactory()
    proposal = published(org, "关于增设公交站点的建议")
    hidden = ProposalFactory(lead_organization=org)

    page = client.get(reverse("proposals:proposal_detail", args=[proposal.pk])).content.decode()

    assert "关于增设公交站点的建议的答复正文" in page
    assert "罗瑛" in page
    assert client.get(reverse("proposals:proposal_detail", args=[hidden.pk])).status_code == 404


def test_the_list_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    org = OrganizationFactory()
    for i in range(30):
        published(org, f"建议{i}")
    with django_assert_max_num_queries(5):
        assert client.get(reverse("proposals:proposal_list")).status_code == 200


def test_registering_a_proposal_sets_the_due_date_and_proposers(settings):
    org = OrganizationFactory()
    proposal = register_proposal(
        data=ProposalData(
            kind="cppcc_proposal",
            session="区政协九届六次会议",
            number="001",
            title="关于加强食品安全监管的提案",
            lead_organization=org,
            assigned_on=date(2016, 3, 31),
            proposers=[ProposerData("王芳", "民盟界"), ProposerData("陈明", "经济界")],
        )
    )
    assert proposal.due_on == date(2016, 6, 30)
    assert proposal.year == 2016
    assert [str(p) for p in proposal.proposers.all()] == ["王芳（民盟界）", "陈明（经济界）"]

    settings.PROPOSAL_REPLY_MONTHS = 0
    with pytest.raises(ValueError):
        register_proposal(
            data=ProposalData(
                kind="cppcc_proposal", session="s", number="002", title="t",
                lead_organization=org, assigned_on=date(2016, 3, 31),
            )
        )  # fmt: skip


def test_answer_satisfaction_and_publication_follow_each_other():
    proposal = ProposalFactory()
    with pytest.raises(ProposalError):
        record_satisfaction(proposal=proposal, satisfaction="satisfied")
    with pytest.raises(ProposalError):
        publish_reply(proposal=proposal)
    with pytest.raises(ProposalError):
        record_answer(proposal=proposal, on=date(2016, 3, 1), category="solved", reply_text="x")

    record_answer(proposal=proposal, on=date(2016, 5, 1), category="solved", reply_text="已解决")
    record_satisfaction(proposal=proposal, satisfaction="satisfied")
    publish_reply(proposal=proposal)

    proposal.refresh_from_db()
    assert proposal.answered_in_time
    assert Proposal.objects.published().get() == proposal
    assert proposal.published_at is not None
    with pytest.raises(ProposalError):
        record_answer(proposal=proposal, on=date(2016, 5, 2), category="solved", reply_text="y")
