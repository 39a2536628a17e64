"""Letters true to the law as it stands (issue 10): 行政复议 first for refusals, the
reconsideration body, 第三十六条第（一）（五）项 and 第三十二条 only when consulted."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from docx import Document

from disclosure.roles import ensure_staff_groups
from requests_app.applications.event_data import (
    NOT_HELD_NONEXISTENT,
    NOT_HELD_OTHER_ORGAN,
    Answered,
    PublishedCopy,
    read,
)
from requests_app.applications.letters import (
    REFUSAL_OUTCOMES,
    LetterError,
    build_letter,
    render_docx,
)
from requests_app.applications.models import (
    ApplicationEvent,
    ApplicationStatus,
    EventKind,
    Outcome,
)
from requests_app.applications.services import workflow
from requests_app.applications.services.workflow import WorkflowError
from tests.factories import (
    ApplicationFactory,
    DisclosureFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

WITHHELD = [o for o in Outcome.values if o.startswith("withheld_")]
FIRST_RECONSIDERATION = "依照《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，应当先"
AFTER_DECISION = (
    "对行政复议决定不服的，可以自收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼"
)


@pytest.fixture(autouse=True)
def _english():
    # Refusal messages are matched in English; letters are Chinese whatever the language.
    with translation.override("en"):
        yield


@pytest.fixture
def district():
    return OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")


@pytest.fixture
def organ(district):
    return OrganizationFactory(code="zljjy", name="自流井区教育局", parent=district)


@pytest.fixture
def app(organ, frozen):
    frozen("2026-03-20")
    return ApplicationFactory(
        organization=organ, tracking_number="ZLJJY-2026-000007", received_on=date(2026, 3, 2)
    )


@pytest.fixture
def staff(organ):
    return UserFactory(organization=organ)


def body(letter) -> str:
    return "".join(letter.paragraphs)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


# -- 1. 行政复议 first for every refusal (行政复议法（2023）第二十三条) ---------------------------


def test_the_refusals_are_the_withheld_rows_and_partial_disclosure():
    assert {*WITHHELD, Outcome.PARTIALLY_GRANTED} == REFUSAL_OUTCOMES


@pytest.mark.parametrize("outcome", WITHHELD)
def test_a_refusal_sends_the_applicant_to_reconsideration_first(app, outcome):
    remedies = build_letter(app, outcome=outcome).remedies
    assert FIRST_RECONSIDERATION in remedies
    assert "自收到本答复之日起60日内向自贡市自流井区人民政府申请行政复议" in remedies
    assert AFTER_DECISION in remedies
    # No direct lawsuit: not "或者…6个月内…提起行政诉讼".
    assert "6个月内" not in remedies
    assert "或者" not in remedies


def test_partial_disclosure_sends_the_refused_part_to_reconsideration_first(app):
    remedies = build_letter(app, outcome="partially_granted").remedies
    refused, rest = remedies.split("您如对本答复的其他内容不服")
    assert refused.startswith("您如对本答复中不予公开的内容不服")
    assert FIRST_RECONSIDERATION in refused and AFTER_DECISION in refused
    assert "6个月内" not in refused
    assert "或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼" in rest


@pytest.mark.parametrize(
    "outcome",
    [o for o in Outcome.values if o not in {*WITHHELD, "partially_granted"}],
)
def test_other_outcomes_offer_reconsideration_or_a_lawsuit_within_six_months(app, outcome):
    remedies = build_letter(app, outcome=outcome).remedies
    assert "应当先" not in remedies
    assert "60日内向自贡市自流井区人民政府申请行政复议，或者" in remedies
    assert "6个月内依法向人民法院提起行政诉讼" in remedies


def test_print_view_and_docx_say_the_same_refusal_remedies(client, app, organ):
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(organization=organ)
    user.groups.add(staff_group)
    client.force_login(user)
    query = "?outcome=withheld_internal_affairs"
    html = client.get(reverse("applications:letter", args=[app.pk]) + query).content.decode()
    docx = client.get(reverse("applications:letter_docx", args=[app.pk]) + query).content
    for text in (html, docx_text(docx)):
        assert FIRST_RECONSIDERATION in text
        assert AFTER_DECISION in text
        assert "6个月内" not in text


# -- 2. The reconsideration body, per organization (行政复议法（2023）第二十四条) ------------


def test_the_district_government_names_the_body_entered_for_it(district, frozen):
    frozen("2026-03-20")
    district.reconsideration_body = "自贡市人民政府"
    district.reconsideration_address = "自贡市汇东路1号"
    district.reconsideration_phone = "0813-0000001"
    district.save()
    app = ApplicationFactory(organization=district, received_on=date(2026, 3, 2))
    for outcome in ("withheld_state_secret", "partially_granted", "granted"):
        remedies = build_letter(app, outcome=outcome).remedies
        assert (
            "向自贡市人民政府（地址：自贡市汇东路1号；联系电话：0813-0000001）申请行政复议"
            in remedies
        )


def test_a_body_entered_for_a_department_replaces_its_parent(app, organ):
    # 第二十七条: e.g. an organ under vertical leadership goes to its 上一级主管部门.
    organ.reconsideration_body = "自贡市教育局"
    organ.save()
    remedies = build_letter(app, outcome="withheld_state_secret").remedies
    assert "向自贡市教育局申请行政复议" in remedies
    assert "自流井区人民政府" not in remedies


def test_a_department_without_a_body_entered_goes_to_its_parent_without_contact(app):
    remedies = build_letter(app, outcome="withheld_state_secret").remedies
    assert "60日内向自贡市自流井区人民政府申请行政复议；" in remedies


@pytest.mark.parametrize("outcome", [*WITHHELD, "partially_granted"])
def test_a_refusal_without_any_reconsideration_body_is_refused(district, frozen, outcome):
    frozen("2026-03-20")
    app = ApplicationFactory(organization=district, received_on=date(2026, 3, 2))
    with pytest.raises(LetterError) as refused:
        build_letter(app, outcome=outcome)
    assert "自贡市自流井区人民政府" in refused.value.message
    assert "reconsideration body" in refused.value.message
    assert "Administrative reconsideration" in refused.value.message


def test_print_view_shows_what_to_fill_in_and_docx_is_refused(client, district, frozen):
    frozen("2026-03-20")
    app = ApplicationFactory(organization=district, received_on=date(2026, 3, 2))
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(organization=district)
    user.groups.add(staff_group)
    client.force_login(user)
    query = "?outcome=withheld_state_secret"
    page = client.get(
        reverse("applications:letter", args=[app.pk]) + query, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    assert "reconsideration body" in page.content.decode()
    docx = client.get(
        reverse("applications:letter_docx", args=[app.pk]) + query, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert docx.status_code == 409
    assert "reconsideration body" in docx.content.decode()


def test_a_contact_without_a_body_needs_a_parent(district):
    district.reconsideration_phone = "0813-0000001"
    with pytest.raises(ValidationError) as invalid:
        district.full_clean()
    assert "reconsideration_body" in invalid.value.message_dict


def test_the_organization_admin_edits_the_reconsideration_body(client, district):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123-xyz")
    client.force_login(admin)
    url = reverse("admin:disclosure_organization_change", args=[district.pk])
    page = client.get(url).content.decode()
    for name in ("reconsideration_body", "reconsideration_address", "reconsideration_phone"):
        assert f'name="{name}"' in page


def test_the_demo_district_government_goes_to_the_city_government():
    from demo import district as demo

    root = next(spec for spec in demo.ALL_ORGS if spec.code == "zlj")
    assert root.details["reconsideration_body"] == "自贡市人民政府"


# -- 3. 第三十六条第（五）项: another organ's to disclose --------------------------------------


def answer_not_held(app, staff, **grounds):
    return workflow.answer(
        application=app,
        by=staff,
        on=date(2026, 3, 18),
        outcome="unavailable_not_held",
        reply_text="特此告知。",
        **grounds,
    )


def test_other_organ_letter_cites_item_five_names_the_organ_and_how_to_reach_it(app, staff):
    answer_not_held(
        app,
        staff,
        not_held=NOT_HELD_OTHER_ORGAN,
        other_organ_reason="该信息由自贡市住房和城乡建设局制作并保存。",
        other_organ="自贡市住房和城乡建设局",
        other_organ_contact="自贡市汇东路2号，0813-0000002",
    )
    app.refresh_from_db()
    text = body(build_letter(app))
    assert "第三十六条第（五）项" in text
    assert "第三十六条第（四）项" not in text
    assert "理由是：该信息由自贡市住房和城乡建设局制作并保存。根据" in text
    assert (
        "负责公开该政府信息的行政机关为自贡市住房和城乡建设局，联系方式：自贡市汇东路2号，"
        "0813-0000002。您可以向该机关申请获取。"
    ) in text
    assert app.outcome == Outcome.UNAVAILABLE_NOT_HELD  # counted as 本机关不掌握 in 表三


def test_other_organ_from_the_system_is_reached_through_its_disclosure_office(app, staff, district):
    housing = OrganizationFactory(
        code="zljzj",
        name="自流井区住房和城乡建设局",
        parent=district,
        office_name="区住建局办公室",
        address="自流井区丹桂大街121号",
        postcode="643000",
        phone="0813-2210400",
    )
    answer_not_held(
        app,
        staff,
        not_held=NOT_HELD_OTHER_ORGAN,
        other_organ_reason="该信息由区住建局制作",
        other_organization=housing,
    )
    app.refresh_from_db()
    text = body(build_letter(app))
    assert "负责公开该政府信息的行政机关为自流井区住房和城乡建设局" in text
    assert (
        "区住建局办公室，地址：自流井区丹桂大街121号（邮编：643000），联系电话：0813-2210400"
        in text
    )
    grounds = read(EventKind.ANSWERED, app.events.get(kind=EventKind.ANSWERED).data)
    assert grounds.other_organization_id == housing.pk


def test_other_organ_that_cannot_be_determined_is_said_so(app, staff):
    answer_not_held(
        app,
        staff,
        not_held=NOT_HELD_OTHER_ORGAN,
        other_organ_reason="该信息不是本机关制作或者获取的",
        other_organ_unknown=True,
    )
    app.refresh_from_db()
    text = body(build_letter(app))
    assert "第三十六条第（五）项" in text
    assert "本机关无法确定负责公开该政府信息的行政机关。" in text


def test_not_held_without_a_choice_still_says_the_information_does_not_exist(app, staff):
    answer_not_held(app, staff)
    app.refresh_from_db()
    assert "第三十六条第（四）项" in body(build_letter(app))
    grounds = read(EventKind.ANSWERED, app.events.get(kind=EventKind.ANSWERED).data)
    assert grounds.not_held == NOT_HELD_NONEXISTENT


@pytest.mark.parametrize(
    ("grounds", "message"),
    [
        ({"not_held": NOT_HELD_OTHER_ORGAN, "other_organ": "某局"}, "give the reason"),
        (
            {"not_held": NOT_HELD_OTHER_ORGAN, "other_organ_reason": "不是本机关制作"},
            "or say that it cannot be determined",
        ),
        (
            {
                "not_held": NOT_HELD_OTHER_ORGAN,
                "other_organ_reason": "不是本机关制作",
                "other_organ": "某局",
                "other_organ_unknown": True,
            },
            "not both",
        ),
        (
            {
                "not_held": NOT_HELD_OTHER_ORGAN,
                "other_organ_reason": "不是本机关制作",
                "other_organ": "某局",
            },
            "how the applicant can reach 某局",
        ),
        ({"not_held": NOT_HELD_NONEXISTENT, "other_organ": "某局"}, "not when it does not exist"),
        ({"not_held": "lost"}, "Choose why the information is not held"),
    ],
)
def test_item_five_answers_that_miss_what_the_article_asks_are_refused(
    app, staff, grounds, message
):
    with pytest.raises(WorkflowError) as refused:
        answer_not_held(app, staff, **grounds)
    assert message in refused.value.message
    app.refresh_from_db()
    assert app.status == ApplicationStatus.IN_PROGRESS
    assert not app.events.filter(kind=EventKind.ANSWERED).exists()
    assert app.reply_text == ""


def test_the_organ_applied_to_cannot_be_the_responsible_organ(app, staff, organ):
    with pytest.raises(WorkflowError, match="cannot be the organization"):
        answer_not_held(
            app,
            staff,
            not_held=NOT_HELD_OTHER_ORGAN,
            other_organ_reason="不是本机关制作",
            other_organization=organ,
        )


def test_not_held_grounds_only_go_with_the_not_held_outcome(app, staff):
    with pytest.raises(WorkflowError, match="recorded only with the answer"):
        workflow.answer(
            application=app,
            by=staff,
            on=date(2026, 3, 18),
            outcome="unavailable_needs_creation",
            reply_text="特此告知。",
            not_held=NOT_HELD_OTHER_ORGAN,
        )


def test_admin_answer_step_records_item_five(client, app, organ, district):
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(organization=organ)
    user.groups.add(staff_group)
    client.force_login(user)
    url = reverse("admin:requests_app_application_step", args=[app.pk, "answer"])
    response = client.post(
        url,
        {
            "on": "2026-03-18",
            "outcome": "unavailable_not_held",
            "reply_text": "特此告知。",
            "not_held": NOT_HELD_OTHER_ORGAN,
            "other_organ_reason": "该信息由区财政局制作",
            "other_organ": "自流井区财政局",
            "other_organ_contact": "0813-2210500",
        },
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert "负责公开该政府信息的行政机关为自流井区财政局，联系方式：0813-2210500" in body(
        build_letter(app)
    )


def test_admin_answer_step_shows_the_refusal_and_keeps_the_typing(client, app, organ):
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(organization=organ)
    user.groups.add(staff_group)
    client.force_login(user)
    url = reverse("admin:requests_app_application_step", args=[app.pk, "answer"])
    response = client.post(
        url,
        {
            "on": "2026-03-18",
            "outcome": "unavailable_not_held",
            "reply_text": "特此告知。",
            "not_held": NOT_HELD_OTHER_ORGAN,
            "other_organ_reason": "该信息由区财政局制作",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "or say that it cannot be determined" in response.content.decode()
    assert "该信息由区财政局制作" in response.content.decode()


# -- 4. 第三十六条第（一）项: already published --------------------------------------------------


def test_granted_with_a_published_disclosure_cites_item_one_and_says_where(
    app, staff, district, settings
):
    settings.SITE_URL = "https://zwgk.example.gov.cn"
    published = DisclosureFactory(
        organization=district,
        index_number="115103020087730086/2026-00012",
        title="自流井区2025年学校食堂检查结果公示",
        published_on=date(2026, 3, 3),
    )
    workflow.answer(
        application=app,
        by=staff,
        on=date(2026, 3, 18),
        outcome="granted",
        reply_text="特此告知。",
        published=[published],
    )
    app.refresh_from_db()
    letter = build_letter(app)
    text = body(letter)
    assert "第三十六条第（一）项" in text
    assert "第三十六条第（二）项" not in text
    listed = next(p for p in letter.paragraphs if "索引号" in p)
    assert "《自流井区2025年学校食堂检查结果公示》" in listed
    assert "索引号：115103020087730086/2026-00012" in listed
    assert f"网址：https://zwgk.example.gov.cn/disclosures/{published.pk}/" in listed
    assert "发布机关：自贡市自流井区人民政府" in listed


def test_granted_without_a_link_keeps_item_two(app, staff):
    workflow.answer(
        application=app, by=staff, on=date(2026, 3, 18), outcome="granted", reply_text="见附件。"
    )
    app.refresh_from_db()
    text = body(build_letter(app))
    assert "第三十六条第（二）项" in text and "第三十六条第（一）项" not in text


def test_a_draft_for_another_outcome_ignores_the_recorded_links(app, staff, district):
    published = DisclosureFactory(organization=district)
    workflow.answer(
        application=app,
        by=staff,
        on=date(2026, 3, 18),
        outcome="granted",
        reply_text="特此告知。",
        published=[published],
    )
    app.refresh_from_db()
    assert "索引号" not in body(build_letter(app, outcome="partially_granted"))


def test_only_published_disclosures_can_be_linked(app, staff, district):
    draft = DisclosureFactory(organization=district, status="draft", published_on=None)
    with pytest.raises(WorkflowError, match="is not published"):
        workflow.answer(
            application=app,
            by=staff,
            on=date(2026, 3, 18),
            outcome="granted",
            reply_text="特此告知。",
            published=[draft],
        )
    assert not app.events.filter(kind=EventKind.ANSWERED).exists()


def test_links_go_only_with_granted(app, staff, district):
    with pytest.raises(WorkflowError, match="can be linked only"):
        workflow.answer(
            application=app,
            by=staff,
            on=date(2026, 3, 18),
            outcome="withheld_state_secret",
            reply_text="特此告知。",
            published=[DisclosureFactory(organization=district)],
        )


def test_admin_answer_step_links_by_index_number_and_names_unknown_ones(
    client, app, organ, district
):
    published = DisclosureFactory(organization=district, index_number="ZLJ/2026-00001")
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(organization=organ)
    user.groups.add(staff_group)
    client.force_login(user)
    url = reverse("admin:requests_app_application_step", args=[app.pk, "answer"])
    data = {"on": "2026-03-18", "outcome": "granted", "reply_text": "特此告知。"}
    unknown = client.post(url, {**data, "published": "ZLJ/2026-00001\nZLJ/2026-09999"})
    assert unknown.status_code == 200
    assert "ZLJ/2026-09999" in unknown.context["form"].errors["published"][0]
    done = client.post(url, {**data, "published": "ZLJ/2026-00001"})
    assert done.status_code == 302
    grounds = read(EventKind.ANSWERED, app.events.get(kind=EventKind.ANSWERED).data)
    assert [copy.disclosure_id for copy in grounds.published] == [published.pk]


# -- 5. 第三十二条 only when a third party was consulted ----------------------------------------


def test_third_party_refusal_without_consultation_cites_article_fifteen_alone(app):
    text = body(build_letter(app, outcome="withheld_third_party_rights"))
    assert "根据《中华人民共和国政府信息公开条例》第十五条、第三十六条第（三）项的规定" in text
    assert "第三十二条" not in text


def test_third_party_refusal_after_consulting_the_third_party_cites_article_thirty_two(app, staff):
    workflow.start_consultation(
        application=app, by=staff, on=date(2026, 3, 5), party="某某公司", kind="third_party"
    )
    workflow.end_consultation(application=app, by=staff, on=date(2026, 3, 16))
    text = body(build_letter(app, outcome="withheld_third_party_rights"))
    assert (
        "本机关已依照《中华人民共和国政府信息公开条例》第三十二条的规定书面征求第三方的意见" in text
    )
    assert "第十五条、第三十二条、第三十六条第（三）项" in text


def test_consulting_another_organ_is_not_a_third_party_consultation(app, staff):
    # 第三十四条 (organs that made the information together) is not 第三十二条.
    workflow.start_consultation(
        application=app, by=staff, on=date(2026, 3, 5), party="区档案馆", kind="organ"
    )
    workflow.end_consultation(application=app, by=staff, on=date(2026, 3, 16))
    assert "第三十二条" not in body(build_letter(app, outcome="withheld_third_party_rights"))


# -- the stored grounds -------------------------------------------------------------------------


def test_answer_grounds_read_back_and_older_rows_read_as_items_two_and_four():
    shape = Answered(
        outcome="granted",
        published=(
            PublishedCopy(
                disclosure_id=3,
                index_number="ZLJ/2026-00001",
                title="通知",
                organization="自流井区人民政府",
                published_on=date(2026, 3, 3),
                url="https://example.org/disclosures/3/",
            ),
        ),
    )
    assert read(EventKind.ANSWERED, shape.to_data()) == shape
    other = Answered(
        outcome="unavailable_not_held",
        not_held=NOT_HELD_OTHER_ORGAN,
        other_organ="某局",
        other_organ_contact="0813-1",
        other_organ_reason="理由",
    )
    assert read(EventKind.ANSWERED, other.to_data()) == other
    old = read(EventKind.ANSWERED, {"outcome": "granted"})
    assert old.published == () and old.not_held == ""
    assert Answered(outcome="granted").to_data() == {"outcome": "granted"}


def test_a_letter_for_an_answer_recorded_before_the_grounds_existed(app, staff):
    ApplicationEvent.objects.create(
        application=app,
        kind=EventKind.ANSWERED,
        occurred_on=date(2026, 3, 18),
        data={"outcome": "unavailable_not_held"},
    )
    workflow.refresh_derived(app)
    assert "第三十六条第（四）项" in body(build_letter(app))


def test_docx_carries_the_item_five_letter(app, staff):
    answer_not_held(
        app,
        staff,
        not_held=NOT_HELD_OTHER_ORGAN,
        other_organ_reason="不是本机关制作",
        other_organ="自贡市某局",
        other_organ_contact="0813-0000003",
    )
    app.refresh_from_db()
    text = docx_text(render_docx(build_letter(app)))
    assert "第三十六条第（五）项" in text and "自贡市某局" in text
