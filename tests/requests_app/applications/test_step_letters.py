"""Numbered letters for each step (补正, 延期, 收费, 征求意见, 答复): wording, 文号, storage,
scope, the admin's issue button and the event log."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document

from disclosure.models import PersonalDataAccess
from disclosure.roles import ensure_staff_groups
from requests_app.applications.admin.applications import event_summary
from requests_app.applications.event_data import CONSULTATION_ORGAN, CONSULTATION_THIRD_PARTY
from requests_app.applications.fees import FeeMethod
from requests_app.applications.letters import LetterError, chinese_date
from requests_app.applications.models import (
    ApplicationEvent,
    EventKind,
    IssuedLetter,
    LetterKind,
)
from requests_app.applications.services import workflow as wf
from requests_app.applications.services.letters import issue_letter
from requests_app.applications.step_letters import build_slot_letter, letter_slots
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat

REMEDIES = ("60日内", "申请行政复议", "6个月内", "向人民法院提起行政诉讼")


@pytest.fixture
def district():
    return OrganizationFactory(code="zlj", name="自贡市自流井区人民政府", kind="government")


@pytest.fixture
def organ(district):
    return OrganizationFactory(
        code="zljjy",
        name="自贡市自流井区教育局",
        short_name="区教育局",
        parent=district,
        office_name="区教育局办公室",
        address="自贡市自流井区檀木林大街1号",
        postcode="643000",
        phone="0813-2201234",
    )


def staff_user(org, username="jy-staff"):
    staff_group, _ = ensure_staff_groups()
    user = UserFactory(username=username, organization=org)
    user.groups.add(staff_group)
    return user


@pytest.fixture
def staff(organ):
    return staff_user(organ)


@pytest.fixture
def app(organ, frozen):
    frozen("2026-03-02")
    return ApplicationFactory(
        organization=organ,
        tracking_number="ZLJJY-2026-000007",
        applicant_name="王小明",
        information_title="2025年学校食堂检查结果",
        received_on=D("2026-03-02"),
    )


def slot_of(app, kind):
    return next(s for s in letter_slots(app) if s.kind == kind)


def issue(app, kind, by):
    return issue_letter(application=app, key=slot_of(app, kind).key, by=by)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def stored_bytes(letter: IssuedLetter) -> bytes:
    with letter.file.open("rb") as handle:
        return handle.read()


def request_correction(app, staff, frozen):
    frozen("2026-03-04")
    wf.request_correction(
        application=app,
        by=staff,
        on=D("2026-03-04"),
        deadline=D("2026-03-18"),
        message="请写明所需检查结果涉及的学校名称。\n请写明检查的时间段。",
    )


# -- each kind: article, content, remedies --------------------------------------------------


def test_correction_notice_cites_article_30_and_says_what_to_correct(app, staff, frozen):
    request_correction(app, staff, frozen)
    letter = build_slot_letter(app, slot_of(app, LetterKind.CORRECTION))
    text = "\n".join(letter.paragraphs)
    assert letter.title == "政府信息公开申请补正告知书"
    assert "第三十条" in text
    assert "一次性告知您对申请作出补正" in text
    assert "请写明所需检查结果涉及的学校名称。" in letter.paragraphs
    assert "请写明检查的时间段。" in letter.paragraphs
    assert "2026年3月18日前（含当日）" in text
    assert "答复期限自本机关收到补正的申请之日起计算" in text
    assert "视为放弃申请" in text
    assert letter.salutation == "王小明："
    assert letter.dated == "2026年3月4日"
    # Not a decision on the application (法释〔2011〕17号第二条第（二）项): no remedies.
    assert letter.remedies == ""


def test_extension_notice_gives_the_new_due_date_of_the_clock(app, staff, frozen):
    frozen("2026-03-20")
    first_due = app.due_on
    wf.extend(
        application=app,
        by=staff,
        on=D("2026-03-20"),
        workdays=15,
        approved_by="李主任",
        reason="申请涉及多所学校的检查记录，需要逐一检索、汇总。",
    )
    app.refresh_from_db()
    letter = build_slot_letter(app, slot_of(app, LetterKind.EXTENSION))
    text = "\n".join(letter.paragraphs)
    assert letter.title == "政府信息公开申请延期答复告知书"
    assert "第三十三条第二款" in text
    assert "经本机关政府信息公开工作机构负责人同意" in text
    assert "延长15个工作日" in text
    assert f"原答复期限（{chinese_date(first_due)}）" in text
    assert f"本机关将于{chinese_date(app.due_on)}前（含当日）作出答复" in text
    assert "需要逐一检索、汇总。" in text
    assert "李主任" not in text  # the approver is internal
    assert letter.remedies == ""


def test_delay_notice_cites_article_35_and_the_date_set(app, staff, frozen):
    frozen("2026-03-20")
    wf.delay_reply(
        application=app,
        by=staff,
        on=D("2026-03-20"),
        reply_by=D("2026-05-29"),
        reason="您本月提出的申请达45件，需要逐件检索、核对",
    )
    letter = build_slot_letter(app, slot_of(app, LetterKind.DELAY))
    text = "\n".join(letter.paragraphs)
    assert letter.title == "政府信息公开申请延迟答复告知书"
    assert "第三十五条" in text
    assert "第三十三条规定的期限内答复" in text
    assert "将于2026年5月29日前（含当日）作出答复" in text
    assert "需要逐件检索、核对。" in text
    assert letter.remedies == ""


def test_fee_notice_by_pages_has_the_amount_of_the_tiers_and_remedies(app, staff, frozen):
    frozen("2026-03-10")
    wf.notify_fee(
        application=app, by=staff, on=D("2026-03-10"), method=FeeMethod.BY_PAGES, pages=101
    )
    app.refresh_from_db()
    letter = build_slot_letter(app, slot_of(app, LetterKind.FEE))
    text = "\n".join(letter.paragraphs)
    assert letter.title == "政府信息公开信息处理费收费通知书"
    assert "第四十二条" in text
    assert "国办函〔2020〕109号" in text
    assert "共101页，应缴纳信息处理费人民币720.00元（70页×10元＋1页×20元＝720.00元）" in text
    assert f"即{chinese_date(app.wait_until)}前（含当日）" in text
    assert "自收到本通知书次日起20个工作日内" in text
    assert "区教育局办公室" in text  # where to pay
    assert "逾期未缴纳信息处理费的，视为放弃申请" in text
    for phrase in REMEDIES:
        assert phrase in letter.remedies
    assert "本通知书" in letter.remedies


def test_fee_notice_by_count_names_the_nth_request(organ, staff, frozen):
    frozen("2026-03-20")
    apps = [ApplicationFactory(organization=organ, received_on=D("2026-03-02")) for _ in range(11)]
    wf.notify_fee(application=apps[-1], by=staff, on=D("2026-03-20"), method=FeeMethod.BY_COUNT)
    letter = build_slot_letter(apps[-1], slot_of(apps[-1], LetterKind.FEE))
    text = "\n".join(letter.paragraphs)
    assert "按件计收" in text
    assert "2026年3月向本机关提出的第11件政府信息公开申请" in text
    assert "人民币100.00元" in text


def test_consultation_letter_to_a_third_party_cites_article_32(app, staff, frozen):
    frozen("2026-03-09")
    wf.start_consultation(
        application=app,
        by=staff,
        on=D("2026-03-06"),
        party="自贡市某餐饮管理有限公司",
        kind=CONSULTATION_THIRD_PARTY,
        delivered_on=D("2026-03-09"),
    )
    letter = build_slot_letter(app, slot_of(app, LetterKind.CONSULTATION))
    text = "\n".join(letter.paragraphs)
    assert letter.title == "政府信息公开征求意见书"
    assert letter.salutation == "自贡市某餐饮管理有限公司："
    assert "第三十二条" in text
    assert "自收到本征求意见书之日起15个工作日内（即2026年3月30日前）" in text
    assert "逾期未提出意见的，由本机关依照" in text
    assert "王小明" not in letter.salutation + text  # the applicant is not named
    assert letter.remedies == ""


def test_consultation_letter_to_another_organ_cites_article_34(app, staff, frozen):
    frozen("2026-03-06")
    wf.start_consultation(
        application=app, by=staff, on=D("2026-03-06"), party="区卫生健康局", kind=CONSULTATION_ORGAN
    )
    text = "\n".join(build_slot_letter(app, slot_of(app, LetterKind.CONSULTATION)).paragraphs)
    assert "第三十四条" in text
    assert "逾期未提出意见的，视为同意公开" in text


def test_reply_letter_is_offered_once_closed_and_keeps_its_remedies(app, staff, frozen):
    assert not [s for s in letter_slots(app) if s.kind == LetterKind.REPLY]
    frozen("2026-03-12")
    wf.answer(application=app, by=staff, on=D("2026-03-12"), outcome="granted", reply_text="见附件")
    app.refresh_from_db()
    issued = issue(app, LetterKind.REPLY, staff)
    assert issued.title == "政府信息公开申请答复书"
    assert "第三十六条第（二）项" in issued.text
    for phrase in REMEDIES:
        assert phrase in issued.text
    assert issued.dated == D("2026-03-12")


# -- numbering --------------------------------------------------------------------------------


def test_numbers_are_sequential_per_organization_and_year(app, organ, district, staff, frozen):
    request_correction(app, staff, frozen)
    frozen("2026-03-20")
    wf.record_correction(application=app, by=staff, on=D("2026-03-10"))
    wf.extend(
        application=app, by=staff, on=D("2026-03-20"), workdays=5, approved_by="李", reason="量大"
    )
    first = issue(app, LetterKind.CORRECTION, staff)
    second = issue(app, LetterKind.EXTENSION, staff)
    assert first.number == "区教育局信息公开〔2026〕第1号"
    assert second.number == "区教育局信息公开〔2026〕第2号"
    assert (first.serial, second.serial) == (1, 2)
    # Another organization counts on its own; without a short name, its name is the prefix.
    other = ApplicationFactory(organization=district, received_on=D("2026-03-02"))
    wf.extend(
        application=other, by=None, on=D("2026-03-20"), workdays=5, approved_by="张", reason="量大"
    )
    assert issue(other, LetterKind.EXTENSION, None).number == (
        "自贡市自流井区人民政府信息公开〔2026〕第1号"
    )


def test_the_year_of_the_number_is_the_year_of_the_letter(organ, staff, frozen):
    frozen("2025-12-30")
    app = ApplicationFactory(organization=organ, received_on=D("2025-12-29"))
    wf.request_correction(
        application=app, by=staff, on=D("2025-12-30"), deadline=D("2026-01-20"), message="写明年份"
    )
    frozen("2026-01-05")  # issued in the new year, for the step of the old one
    issued = issue(app, LetterKind.CORRECTION, staff)
    assert issued.number == "区教育局信息公开〔2025〕第1号"
    assert issued.issued_on == D("2026-01-05")


def test_issuing_twice_returns_the_letter_already_issued(app, staff, frozen):
    request_correction(app, staff, frozen)
    first = issue(app, LetterKind.CORRECTION, staff)
    again = issue(app, LetterKind.CORRECTION, staff)
    assert again.pk == first.pk
    assert IssuedLetter.objects.count() == 1
    assert app.events.filter(kind=EventKind.LETTER_ISSUED).count() == 1


def test_unknown_slot_is_refused(app, staff):
    from requests_app.applications.services.letters import LetterIssueError

    with pytest.raises(LetterIssueError):
        issue_letter(application=app, key="correction-999999", by=staff)


def test_a_letter_that_cannot_be_written_spends_no_number(district, frozen):
    # A refusal of the district government itself, with no reconsideration body entered.
    frozen("2026-03-12")
    app = ApplicationFactory(organization=district, received_on=D("2026-03-02"))
    wf.answer(
        application=app,
        by=None,
        on=D("2026-03-12"),
        outcome="withheld_state_secret",
        reply_text="属于国家秘密",
    )
    app.refresh_from_db()
    with pytest.raises(LetterError):
        issue(app, LetterKind.REPLY, None)
    assert not IssuedLetter.objects.exists()
    from requests_app.applications.models import LetterSequence

    assert not LetterSequence.objects.filter(last__gt=0).exists()


# -- the stored document --------------------------------------------------------------------


def test_docx_opens_and_holds_the_number(app, staff, frozen):
    request_correction(app, staff, frozen)
    issued = issue(app, LetterKind.CORRECTION, staff)
    text = docx_text(stored_bytes(issued))
    assert "区教育局信息公开〔2026〕第1号" in text
    assert "政府信息公开申请补正告知书" in text
    assert "第三十条" in text
    assert issued.file.name.startswith(f"letters/{app.organization_id}/")
    assert "王小明" not in issued.file.name


def test_the_stored_copy_survives_later_edits(client, app, organ, staff, frozen):
    request_correction(app, staff, frozen)
    issued = issue(app, LetterKind.CORRECTION, staff)
    original = stored_bytes(issued)
    app.applicant_name = "王大明"
    app.save(update_fields=["applicant_name"])
    organ.name = "自贡市自流井区教育和体育局"
    organ.save()
    client.force_login(staff)
    response = client.get(reverse("applications:issued_letter_docx", args=[issued.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == original
    html = client.get(reverse("applications:issued_letter", args=[issued.pk])).text
    assert "王小明：" in html
    assert "王大明" not in html
    assert "自贡市自流井区教育局" in html
    # A draft is built from the application as it stands now.
    draft = client.get(
        reverse("applications:step_letter", args=[app.pk, f"correction-{issued.event_id}"])
    ).text
    assert "王大明：" in draft


def test_print_and_download_are_recorded_as_personal_data_access(client, app, staff, frozen):
    request_correction(app, staff, frozen)
    issued = issue(app, LetterKind.CORRECTION, staff)
    client.force_login(staff)
    before = PersonalDataAccess.objects.count()
    client.get(reverse("applications:issued_letter", args=[issued.pk]))
    client.get(reverse("applications:issued_letter_docx", args=[issued.pk]))
    client.get(reverse("applications:step_letter", args=[app.pk, f"correction-{issued.event_id}"]))
    assert PersonalDataAccess.objects.count() == before + 3
    assert PersonalDataAccess.objects.filter(user=staff, object_id=str(app.pk)).exists()


# -- scope ----------------------------------------------------------------------------------


def test_staff_of_another_organization_are_refused(client, app, staff, frozen):
    request_correction(app, staff, frozen)
    issued = issue(app, LetterKind.CORRECTION, staff)
    outsider = staff_user(OrganizationFactory(code="gxq", name="高新区管委会"), "gxq-staff")
    client.force_login(outsider)
    key = f"correction-{issued.event_id}"
    for url in (
        reverse("applications:issued_letter", args=[issued.pk]),
        reverse("applications:issued_letter_docx", args=[issued.pk]),
        reverse("applications:step_letter", args=[app.pk, key]),
        reverse("applications:step_letter_docx", args=[app.pk, key]),
        reverse("admin:requests_app_application_issue_letter", args=[app.pk, key]),
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            reverse("admin:requests_app_application_issue_letter", args=[app.pk, key])
        ).status_code
        == 403
    )


def test_anonymous_visitors_are_sent_to_the_login(client, app, staff, frozen):
    request_correction(app, staff, frozen)
    issued = issue(app, LetterKind.CORRECTION, staff)
    response = client.get(reverse("applications:issued_letter_docx", args=[issued.pk]))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


# -- the admin -----------------------------------------------------------------------------


def button_label() -> str:
    """生成并登记告知书 once the catalogue is merged (locale/fragments/letters-steps.po)."""
    with translation.override("zh-hans"):
        return translation.gettext("Generate and register the letter")


def change_url(app):
    return reverse("admin:requests_app_application_change", args=[app.pk])


def test_admin_button_issues_the_letter_and_the_inline_lists_it(client, app, staff, frozen):
    request_correction(app, staff, frozen)
    client.force_login(staff)
    slot = slot_of(app, LetterKind.CORRECTION)
    issue_url = reverse("admin:requests_app_application_issue_letter", args=[app.pk, slot.key])
    page = client.get(change_url(app)).text
    assert issue_url in page
    assert button_label() in page
    confirm = client.get(issue_url)
    assert confirm.status_code == 200
    assert "政府信息公开申请补正告知书" in confirm.text
    assert "区教育局信息公开〔2026〕第\u3000\u3000号" in confirm.text  # the draft's blank serial
    assert not IssuedLetter.objects.exists()
    response = client.post(issue_url)
    assert response.status_code == 302
    issued = IssuedLetter.objects.get()
    assert issued.issued_by == staff
    assert issued.kind == LetterKind.CORRECTION
    page = client.get(change_url(app)).text
    assert "区教育局信息公开〔2026〕第1号" in page
    assert reverse("applications:issued_letter", args=[issued.pk]) in page
    assert reverse("applications:issued_letter_docx", args=[issued.pk]) in page
    assert issue_url not in page  # issued once
    # Django's admin history of the application records who issued it.
    from django.contrib.admin.models import LogEntry

    assert LogEntry.objects.filter(object_id=str(app.pk), user=staff).exists()


def test_view_only_staff_see_letters_but_get_no_issue_button(client, app, staff, frozen):
    request_correction(app, staff, frozen)
    issue(app, LetterKind.CORRECTION, staff)
    viewer = UserFactory(username="viewer", organization=app.organization)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_application"))
    viewer.user_permissions.add(Permission.objects.get(codename="view_issuedletter"))
    client.force_login(viewer)
    page = client.get(change_url(app)).text
    assert "区教育局信息公开〔2026〕第1号" in page
    assert button_label() not in page


def test_issuing_is_worded_in_the_event_log(client, app, staff, frozen):
    request_correction(app, staff, frozen)
    issued = issue(app, LetterKind.CORRECTION, staff)
    event = ApplicationEvent.objects.get(application=app, kind=EventKind.LETTER_ISSUED)
    assert not event.public  # not on the applicant's status page
    assert event.message == "政府信息公开申请补正告知书（区教育局信息公开〔2026〕第1号）"
    with translation.override("zh-hans"):
        rows = dict(event_summary(event.kind, event.data))
        assert issued.number in rows.values()
        assert str(LetterKind.CORRECTION.label) in rows.values()
    client.force_login(staff)
    page = client.get(change_url(app)).text
    assert "letter_issued" not in page
    assert "letter_kind" not in page


def test_a_registered_letter_does_not_block_an_earlier_step(app, staff, frozen):
    request_correction(app, staff, frozen)
    frozen("2026-03-06")
    issue(app, LetterKind.CORRECTION, staff)  # logged on 3-06
    wf.record_correction(application=app, by=staff, on=D("2026-03-05"))
    app.refresh_from_db()
    assert app.status == "in_progress"


# -- concurrency (PostgreSQL) ---------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_never_share_a_number(on_postgres, organ, frozen):
    from tests.requests_app.applications.test_concurrency_submissions import run_in_threads

    frozen("2026-03-20")
    apps = []
    for _ in range(24):
        app = ApplicationFactory(organization=organ, received_on=D("2026-03-02"))
        wf.extend(
            application=app,
            by=None,
            on=D("2026-03-20"),
            workdays=5,
            approved_by="李",
            reason="量大",
        )
        apps.append(app)
    keys = [(app, slot_of(app, LetterKind.EXTENSION).key) for app in apps]
    # Each application twice at once: one letter each, and 24 distinct serials.
    calls = [
        (lambda a=a, k=k: issue_letter(application=a, key=k, by=None).number)
        for a, k in keys + keys
    ]
    numbers = run_in_threads(calls, threads=16)
    assert IssuedLetter.objects.count() == 24
    assert sorted(IssuedLetter.objects.values_list("serial", flat=True)) == list(range(1, 25))
    assert len(set(numbers)) == 24
