"""Reply letters (答复书 / 告知书): wording per outcome, remedies, print view and .docx."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from disclosure.roles import ensure_staff_groups
from requests_app.applications.letters import (
    NOTICE_TITLE,
    REPLY_TITLE,
    WORDING,
    Group,
    LetterError,
    build_letter,
    render_docx,
)
from requests_app.applications.models import ApplicationEvent, EventKind, Outcome
from requests_app.applications.services import workflow
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

REMEDIES = ("60日内", "申请行政复议", "6个月内", "向人民法院提起行政诉讼")
REFUSAL_REMEDIES = ("应当先", "60日内", "申请行政复议", "15日内", "向人民法院提起行政诉讼")
REFUSALS_GOING_TO_RECONSIDERATION_FIRST = {
    "partially_granted",
    *(o for o in Outcome.values if o.startswith("withheld_")),
}


@pytest.fixture
def district():
    return OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")


@pytest.fixture
def organ(district):
    return OrganizationFactory(
        code="zljjy",
        name="自流井区教育局",
        parent=district,
        office_name="自流井区教育局办公室",
        address="自贡市自流井区檀木林大街1号",
        postcode="643000",
        phone="0813-2201234",
    )


@pytest.fixture
def app(organ, frozen):
    frozen("2026-03-20")
    return ApplicationFactory(
        organization=organ,
        tracking_number="ZLJJY-2026-000007",
        applicant_name="王小明",
        information_title="2025年学校食堂检查结果",
        received_on=date(2026, 3, 2),
    )


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_every_outcome_of_the_national_table_has_wording():
    assert set(WORDING) == set(Outcome.values)
    assert len(WORDING) == 21


@pytest.mark.parametrize("outcome", Outcome.values)
def test_docx_for_each_outcome_has_number_wording_organ_and_remedies(app, outcome):
    letter = build_letter(app, outcome=outcome)
    text = docx_text(render_docx(letter))
    assert "ZLJJY-2026-000007" in text
    assert "王小明：" in text
    assert "2025年学校食堂检查结果" in text
    assert "2026年3月2日" in text  # the date of receipt
    # The outcome's own finding and legal basis (its first sentence).
    first_sentence = (
        WORDING[outcome]
        .reason.format(
            you="您",
            regulation="《中华人民共和国政府信息公开条例》",
            correction_requested="",
            fee_notified="",
            withdrawn="",
        )
        .split("。")[0]
    )
    assert first_sentence in text
    # Changed for issue 10: a refusal (不予公开, and the refused part of 部分公开) must go to
    # 行政复议 first (行政复议法（2023）第二十三条): no direct 6-month lawsuit for it.
    if outcome in REFUSALS_GOING_TO_RECONSIDERATION_FIRST:
        for phrase in REFUSAL_REMEDIES:
            assert phrase in text
        if outcome != "partially_granted":
            assert "6个月内" not in text
    else:
        for phrase in REMEDIES:
            assert phrase in text
    # The reconsideration organ of a department is its government (行政复议法).
    assert "向自贡市自流井区人民政府申请行政复议" in text
    assert "自流井区教育局办公室" in text
    assert "自贡市自流井区檀木林大街1号" in text and "0813-2201234" in text
    expected_title = (
        NOTICE_TITLE
        if WORDING[outcome].group in (Group.NOT_PROCESSED, Group.OTHER)
        else REPLY_TITLE
    )
    assert expected_title in text


@pytest.mark.parametrize(
    ("outcome", "citation"),
    [
        ("granted", "第三十六条第（二）项"),
        ("partially_granted", "第三十七条"),
        ("withheld_state_secret", "第十四条"),
        ("withheld_prohibited_by_law", "第十四条"),
        ("withheld_security_stability", "第十四条"),
        ("withheld_third_party_rights", "第十五条"),
        ("withheld_internal_affairs", "第十六条第一款"),
        ("withheld_process_information", "第十六条第二款"),
        ("withheld_enforcement_file", "第十六条第二款"),
        ("withheld_administrative_query", "第三十六条第（七）项"),
        ("unavailable_not_held", "第三十六条第（四）项"),
        ("unavailable_needs_creation", "第三十八条"),
        ("unavailable_unclear_after_correction", "第三十条"),
        ("not_processed_petition", "第三十九条第一款"),
        ("not_processed_duplicate", "第三十六条第（六）项"),
        ("not_processed_publication", "第三十九条第二款"),
        ("not_processed_excessive", "第三十五条"),
        ("not_processed_confirmation", "第二条"),
        ("other_no_correction", "第三十条"),
        ("other_fee_unpaid", "国办函〔2020〕109号"),
    ],
)
def test_each_outcome_cites_its_article(app, outcome, citation):
    letter = build_letter(app, outcome=outcome)
    assert citation in "".join(letter.paragraphs)


def test_lapse_letters_name_the_date_of_the_notice(app):
    ApplicationEvent.objects.create(
        application=app, kind=EventKind.CORRECTION_REQUESTED, occurred_on=date(2026, 3, 5)
    )
    ApplicationEvent.objects.create(
        application=app, kind=EventKind.FEE_NOTIFIED, occurred_on=date(2026, 3, 6)
    )
    no_correction = "".join(build_letter(app, outcome="other_no_correction").paragraphs)
    assert "本机关已于2026年3月5日告知您对申请作出补正" in no_correction
    unpaid = "".join(build_letter(app, outcome="other_fee_unpaid").paragraphs)
    assert "本机关已于2026年3月6日向您发出收费通知" in unpaid


def test_withdrawal_letter_says_the_application_was_withdrawn(app):
    workflow.withdraw(application=app, on=date(2026, 3, 20), note="申请人来电撤回")
    app.refresh_from_db()
    assert app.outcome == Outcome.OTHER
    letter = build_letter(app)
    assert "您已于2026年3月20日撤回该政府信息公开申请" in "".join(letter.paragraphs)
    assert letter.title == NOTICE_TITLE


def test_answered_letter_uses_the_recorded_outcome_reply_text_and_closing_date(app, organ):
    workflow.answer(
        application=app,
        by=UserFactory(organization=organ),
        on=date(2026, 3, 18),
        outcome="withheld_third_party_rights",
        reply_text="所申请信息涉及学生个人信息。\n第三方不同意公开。",
    )
    app.refresh_from_db()
    letter = build_letter(app)
    assert letter.outcome == "withheld_third_party_rights"
    # Each line of the staff's reply is its own paragraph.
    assert "所申请信息涉及学生个人信息。" in letter.paragraphs
    assert "第三方不同意公开。" in letter.paragraphs
    assert letter.dated == "2026年3月18日"
    assert letter.title == REPLY_TITLE


def test_organization_applicant_is_addressed_as_such(app):
    app.applicant_type = "legal_service_org"
    app.applicant_name = "某某律师事务所"
    letter = build_letter(app, outcome="granted")
    assert letter.salutation == "某某律师事务所："
    assert "贵单位" in letter.remedies and "您" not in letter.remedies


def test_organ_without_parent_gets_the_general_remedies_wording(district, frozen):
    frozen("2026-03-20")
    app = ApplicationFactory(organization=district, received_on=date(2026, 3, 2))
    letter = build_letter(app, outcome="granted")
    assert "依法申请行政复议" in letter.remedies
    assert "60日内" in letter.remedies and "6个月内" in letter.remedies


def test_letter_without_outcome_is_refused(app):
    with pytest.raises(LetterError):
        build_letter(app)


def test_letters_are_chinese_whatever_the_interface_language(app, settings):
    from django.utils import translation

    with translation.override("en"):
        letter = build_letter(app, outcome="granted")
    assert "电子文件" in "".join(letter.paragraphs)  # the provision form, in Chinese


# -- the staff views ------------------------------------------------------------------------


def staff_client(client, **user_kwargs):
    # Staff with the role group: the views also check `requests_app.view_application`.
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(**user_kwargs)
    user.groups.add(staff_group)
    client.force_login(user)
    return client


def test_print_view_for_staff_of_the_organization(client, app, organ):
    staff_client(client, organization=organ)
    response = client.get(reverse("applications:letter", args=[app.pk]) + "?outcome=granted")
    assert response.status_code == 200
    html = response.content.decode()
    assert REPLY_TITLE in html
    assert "ZLJJY-2026-000007" in html
    for phrase in REMEDIES:
        assert phrase in html


def test_staff_of_a_parent_organization_may_print(client, app, district):
    staff_client(client, organization=district)
    url = reverse("applications:letter", args=[app.pk]) + "?outcome=granted"
    assert client.get(url).status_code == 200


def test_staff_of_another_organization_are_refused(client, app):
    staff_client(client, organization=OrganizationFactory(code="other"))
    assert client.get(reverse("applications:letter", args=[app.pk])).status_code == 403
    assert client.get(reverse("applications:letter_docx", args=[app.pk])).status_code == 403


def test_non_staff_and_anonymous_users_are_refused(client, app, organ):
    anonymous = client.get(reverse("applications:letter", args=[app.pk]))
    assert anonymous.status_code == 302
    assert reverse("admin:login") in anonymous["Location"]
    staff_client(client, organization=organ, is_staff=False)
    assert client.get(reverse("applications:letter", args=[app.pk])).status_code == 403


def test_docx_download(client, app, organ):
    staff_client(client, organization=organ)
    response = client.get(
        reverse("applications:letter_docx", args=[app.pk]) + "?outcome=unavailable_not_held"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "ZLJJY-2026-000007" in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "经检索，本机关没有您申请公开的政府信息" in text
    assert "60日内" in text


def test_open_application_without_outcome_offers_the_choice(client, app, organ):
    staff_client(client, organization=organ)
    response = client.get(reverse("applications:letter", args=[app.pk]))
    assert response.status_code == 200
    assert 'name="outcome"' in response.content.decode()
    docx = client.get(reverse("applications:letter_docx", args=[app.pk]))
    assert docx.status_code == 409


def test_unknown_outcome_in_the_address_is_not_found(client, app, organ):
    staff_client(client, organization=organ)
    url = reverse("applications:letter", args=[app.pk]) + "?outcome=nonsense"
    assert client.get(url).status_code == 404


def test_staff_without_the_view_permission_cannot_print(client, app, organ):
    # Staff flag and scope, but no role group and so no `requests_app.view_application`.
    client.force_login(UserFactory(organization=organ))
    url = reverse("applications:letter", args=[app.pk]) + "?outcome=granted"
    assert client.get(url).status_code == 403
    assert client.get(reverse("applications:letter_docx", args=[app.pk])).status_code == 403
