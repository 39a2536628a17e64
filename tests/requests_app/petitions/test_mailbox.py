"""The public leader's mailbox: filing, its protections, the reply, and anonymised publication."""

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from requests_app.petitions.models import Petition
from requests_app.petitions.services import (
    PetitionError,
    decide_acceptance,
    publish_petition,
    reply_to_petition,
)
from tests.factories import OrganizationFactory, PetitionFactory

pytestmark = pytest.mark.django_db

NAME = "钱多多"
PHONE = "13812345678"
ID_NUMBER = "510302198507150012"  # valid check character
ADDRESS = "四川省自贡市自流井区五星街66号"
PERSONAL = (NAME, PHONE, ID_NUMBER, ADDRESS, "13812345678"[:3] + "****5678")


@pytest.fixture
def zlj():
    return OrganizationFactory(code="zlj", name="自贡市自流井区人民政府")


@pytest.fixture
def frozen():
    with time_machine.travel("2016-04-11 10:00 +0800", tick=False):
        yield


def letter(org, **overrides):
    data = {
        "organization": org.code,
        "subject": "反映小区路灯损坏问题",
        "content": "我家楼下的三盏路灯坏了两个月，晚上出行不便。",
        "petitioner_name": NAME,
        "phone": PHONE,
        "id_number": ID_NUMBER,
        "address": ADDRESS,
        "email": "",
        "consent_to_publish": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def post(client, org, **overrides):
    return client.post(reverse("petitions:mailbox"), letter(org, **overrides))


def test_the_form_page_carries_a_csrf_token_and_the_honeypot(client, zlj):
    page = client.get(reverse("petitions:mailbox") + "?org=zlj").content.decode()
    assert "csrfmiddlewaretoken" in page
    assert 'name="website"' in page
    assert '<option value="zlj" selected>' in page


def test_a_post_without_csrf_token_is_refused(zlj):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("petitions:mailbox"), letter(zlj))
    assert response.status_code == 403
    assert not Petition.objects.exists()


def test_a_letter_is_filed_as_an_online_complaint_with_tracking_number_and_code(
    client, zlj, frozen
):
    response = post(client, zlj)

    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.channel == "online"
    assert petition.source.code == "leader-mailbox"
    assert petition.received_on == date(2016, 4, 11)
    assert petition.accept_by == date(2016, 4, 26)
    assert petition.tracking_number == "ZLJ-XF-2016-000001"
    assert petition.consent_to_publish is True
    done = client.get(response["Location"]).content.decode()
    assert petition.tracking_number in done
    code = client.session.get("mailbox_filed")
    assert code is None  # shown once, then forgotten
    # The code itself is not stored, only its keyed hash.
    assert len(petition.query_code_hash) == 64


def test_the_confirmation_shows_the_query_code_once(client, zlj, frozen):
    post(client, zlj)
    first = client.get(reverse("petitions:mailbox_filed"))
    second = client.get(reverse("petitions:mailbox_filed"))
    assert first.status_code == 200
    assert second.status_code == 302


def test_honeypot_filled_creates_nothing(client, zlj):
    response = post(client, zlj, website="http://spam.example")
    assert response.status_code == 400
    assert not Petition.objects.exists()


def test_rate_limit_answers_429_and_keeps_the_input(client, zlj, settings, frozen):
    settings.PUBLIC_FORM_RATE = 2
    assert post(client, zlj).status_code == 302
    assert post(client, zlj).status_code == 302

    response = post(client, zlj, subject="第三封信")

    assert response.status_code == 429
    page = response.content.decode()
    assert "第三封信" in page
    assert Petition.objects.count() == 2


def test_invalid_input_comes_back_with_a_message_per_field_and_the_input_kept(client, zlj):
    response = post(client, zlj, phone="12345", id_number="510302198507150013", subject="路灯")

    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"phone", "id_number"}
    page = response.content.decode()
    assert "路灯" in page
    assert "我家楼下的三盏路灯坏了两个月" in page
    assert not Petition.objects.exists()


def test_an_unknown_organization_is_a_field_error(client, zlj):
    response = post(client, zlj, organization="nope")
    assert response.status_code == 400
    assert "organization" in response.context["form"].errors


def _filed(client, zlj):
    post(client, zlj)
    filed = client.get(reverse("petitions:mailbox_filed")).context["filed"]
    return Petition.objects.get(), filed


def test_the_writer_reads_the_reply_with_tracking_number_and_code(client, zlj, frozen):
    petition, filed = _filed(client, zlj)
    decide_acceptance(petition=petition, accepted=True, on=date(2016, 4, 12))
    reply_to_petition(petition=petition, reply="路灯已于4月20日修复。", on=date(2016, 4, 20))

    response = client.post(
        reverse("petitions:mailbox_status"),
        {"tracking_number": filed["tracking_number"].lower(), "query_code": filed["query_code"]},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "路灯已于4月20日修复。" in page
    assert "反映小区路灯损坏问题" in page
    for value in PERSONAL:
        assert value not in page
    assert "我家楼下的三盏路灯" not in page


def test_a_wrong_query_code_reveals_nothing(client, zlj, frozen):
    petition, filed = _filed(client, zlj)
    response = client.post(
        reverse("petitions:mailbox_status"),
        {"tracking_number": filed["tracking_number"], "query_code": "WRONGCODE2"},
    )
    assert response.status_code == 404
    assert petition.subject not in response.content.decode()


def test_status_look_ups_are_rate_limited(client, zlj, settings):
    settings.PUBLIC_FORM_RATE = 1
    data = {"tracking_number": "ZLJ-XF-2016-000001", "query_code": "AAAAAAAAAA"}
    assert client.post(reverse("petitions:mailbox_status"), data).status_code == 404
    response = client.post(reverse("petitions:mailbox_status"), data)
    assert response.status_code == 429
    assert "ZLJ-XF-2016-000001" in response.content.decode()


def _replied_letter(org, **kwargs):
    petition = PetitionFactory(
        organization=org,
        channel="online",
        received_on=date(2016, 4, 1),
        petitioner_name=NAME,
        phone=PHONE,
        id_number=ID_NUMBER,
        address=ADDRESS,
        content=f"我是{NAME}，电话{PHONE}，住{ADDRESS}。",
        **kwargs,
    )
    decide_acceptance(petition=petition, accepted=True, on=date(2016, 4, 2))
    return reply_to_petition(petition=petition, reply=f"{NAME}同志：已处理。", on=date(2016, 4, 20))


def test_publication_shows_only_the_anonymised_texts_on_every_public_page(client, zlj):
    petition = _replied_letter(zlj, consent_to_publish=True)
    publish_petition(
        petition=petition,
        public_title="关于小区路灯损坏的来信",
        public_summary="有群众反映小区路灯损坏。",
        public_reply="路灯已修复。",
    )

    pages = [
        client.get(reverse("petitions:letter_list")),
        client.get(reverse("petitions:letter_list") + "?year=2016"),
        client.get(reverse("petitions:letter_detail", args=[petition.pk])),
    ]

    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert "关于小区路灯损坏的来信" in page
        for value in PERSONAL:
            assert value not in page
        assert "已处理" not in page  # the reply sent to the writer is not the published one
    assert "路灯已修复。" in pages[2].content.decode()


def test_a_letter_without_consent_cannot_be_published(zlj):
    petition = _replied_letter(zlj, consent_to_publish=False)
    with pytest.raises(PetitionError):
        publish_petition(petition=petition, public_title="标题", public_summary="摘要")
    assert not Petition.objects.published().exists()


def test_a_letter_without_a_reply_cannot_be_published(zlj):
    petition = PetitionFactory(organization=zlj, consent_to_publish=True)
    with pytest.raises(PetitionError):
        publish_petition(petition=petition, public_title="标题", public_summary="摘要")


def test_an_unpublished_letter_is_not_found(client, zlj):
    petition = _replied_letter(zlj, consent_to_publish=True)
    assert client.get(reverse("petitions:letter_detail", args=[petition.pk])).status_code == 404
    assert "钱多多" not in client.get(reverse("petitions:letter_list")).content.decode()


def test_the_list_of_published_letters_reads_a_fixed_number_of_queries(
    client, zlj, django_assert_max_num_queries
):
    for i in range(15):
        petition = _replied_letter(zlj, consent_to_publish=True)
        publish_petition(petition=petition, public_title=f"来信{i}", public_summary="摘要")
    with django_assert_max_num_queries(4):
        response = client.get(reverse("petitions:letter_list"))
    assert response.status_code == 200


def test_the_pages_render_in_chinese(client, zlj):
    page = client.get(reverse("petitions:mailbox")).content.decode()
    assert "领导信箱" in page


def test_pages_with_the_query_code_or_the_letter_are_never_cached(client, zlj, frozen):
    post(client, zlj)
    # The session that holds the code lasts minutes, not a staff member's working day.
    assert client.session.get_expiry_age() == 30 * 60
    filed_page = client.get(reverse("petitions:mailbox_filed"))
    filed = filed_page.context["filed"]
    assert "no-store" in filed_page["Cache-Control"]
    status_page = client.post(
        reverse("petitions:mailbox_status"),
        {"tracking_number": filed["tracking_number"], "query_code": filed["query_code"]},
    )
    assert status_page.status_code == 200
    assert "no-store" in status_page["Cache-Control"]
