"""Reply letters (答复书 / 告知书) for the 21 outcomes of 表三.

A letter is built once as plain data (`Letter`): the body comes from the
templates in `templates/requests_app/letters/`, one per group of outcomes, and
the per-outcome wording below. The print view and the `.docx` both render that
same data, so the two never say different things.

The letters are statutory documents and are written in Chinese whatever the
staff member's interface language.
"""

import io
import re
from dataclasses import dataclass, fields
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from disclosure.models import Organization
from requests_app.applications.event_data import (
    CONSULTATION_THIRD_PARTY,
    NOT_HELD_OTHER_ORGAN,
    Answered,
    ConsultationStarted,
)
from requests_app.applications.models import (
    ApplicantType,
    Application,
    DeliveryMethod,
    EventKind,
    Outcome,
    ProvisionForm,
)

REGULATION = "《中华人民共和国政府信息公开条例》"
RECONSIDERATION_LAW = "《中华人民共和国行政复议法》"


class LetterError(DomainError):
    """No letter can be written for the application as it stands."""


class Group:
    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"
    WITHHELD = "withheld"
    UNAVAILABLE = "unavailable"
    NOT_PROCESSED = "not_processed"
    OTHER = "other"


REPLY_TITLE = "政府信息公开申请答复书"
NOTICE_TITLE = "政府信息公开申请告知书"

# Title and heading of each group: a substantive answer is a 答复书; telling the
# applicant the application is not (or no longer) processed is a 告知书.
GROUP_TITLES = {
    Group.GRANTED: REPLY_TITLE,
    Group.PARTIALLY_GRANTED: REPLY_TITLE,
    Group.WITHHELD: REPLY_TITLE,
    Group.UNAVAILABLE: REPLY_TITLE,
    Group.NOT_PROCESSED: NOTICE_TITLE,
    Group.OTHER: NOTICE_TITLE,
}


@dataclass(frozen=True)
class OutcomeWording:
    group: str
    decision: str  # the short name of the decision, as in 表三
    reason: str  # the finding and its legal basis; may use {you} and {regulation}


# One entry per leaf row of 表三 (annual-report-format-2021.md), with the article it rests on.
WORDING: dict[str, OutcomeWording] = {
    Outcome.GRANTED: OutcomeWording(
        Group.GRANTED,
        "予以公开",
        "经审查，{you}申请获取的政府信息属于可以公开的政府信息。根据{regulation}"
        "第三十六条第（二）项的规定，本机关决定予以公开。",
    ),
    Outcome.PARTIALLY_GRANTED: OutcomeWording(
        Group.PARTIALLY_GRANTED,
        "部分公开",
        "经审查，{you}申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。"
        "根据{regulation}第三十七条的规定，本机关向{you}提供可以公开的政府信息内容，"
        "对不予公开的内容说明理由如下。",
    ),
    Outcome.WITHHELD_STATE_SECRET: OutcomeWording(
        Group.WITHHELD,
        "不予公开（属于国家秘密）",
        "经审查，{you}申请获取的政府信息属于依法确定为国家秘密的政府信息。根据{regulation}"
        "第十四条、第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    Outcome.WITHHELD_PROHIBITED_BY_LAW: OutcomeWording(
        Group.WITHHELD,
        "不予公开（其他法律行政法规禁止公开）",
        "经审查，{you}申请获取的政府信息属于法律、行政法规禁止公开的政府信息。根据{regulation}"
        "第十四条、第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    Outcome.WITHHELD_SECURITY_STABILITY: OutcomeWording(
        Group.WITHHELD,
        "不予公开（危及“三安全一稳定”）",
        "经审查，{you}申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、"
        "社会稳定。根据{regulation}第十四条、第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    Outcome.WITHHELD_THIRD_PARTY_RIGHTS: OutcomeWording(
        Group.WITHHELD,
        "不予公开（保护第三方合法权益）",
        "经审查，{you}申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益"
        "造成损害。根据{regulation}第十五条、第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    Outcome.WITHHELD_INTERNAL_AFFAIRS: OutcomeWording(
        Group.WITHHELD,
        "不予公开（属于三类内部事务信息）",
        "经审查，{you}申请获取的政府信息属于行政机关的内部事务信息（人事管理、后勤管理、"
        "内部工作流程等方面的信息）。根据{regulation}第十六条第一款、第三十六条第（三）项的"
        "规定，本机关决定不予公开。",
    ),
    Outcome.WITHHELD_PROCESS_INFORMATION: OutcomeWording(
        Group.WITHHELD,
        "不予公开（属于四类过程性信息）",
        "经审查，{you}申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、"
        "过程稿、磋商信函、请示报告等过程性信息。根据{regulation}第十六条第二款、"
        "第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    Outcome.WITHHELD_ENFORCEMENT_FILE: OutcomeWording(
        Group.WITHHELD,
        "不予公开（属于行政执法案卷）",
        "经审查，{you}申请获取的政府信息属于行政执法案卷信息。根据{regulation}第十六条第二款、"
        "第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    Outcome.WITHHELD_ADMINISTRATIVE_QUERY: OutcomeWording(
        Group.WITHHELD,
        "不予公开（属于行政查询事项）",
        "经审查，{you}申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对"
        "信息的获取有特别规定。根据{regulation}第三十六条第（七）项的规定，请{you}依照有关"
        "法律、行政法规的规定办理。",
    ),
    Outcome.UNAVAILABLE_NOT_HELD: OutcomeWording(
        Group.UNAVAILABLE,
        "无法提供（本机关不掌握相关政府信息）",
        "经检索，本机关没有{you}申请公开的政府信息。根据{regulation}第三十六条第（四）项的"
        "规定，现告知{you}该政府信息不存在。",
    ),
    Outcome.UNAVAILABLE_NEEDS_CREATION: OutcomeWording(
        Group.UNAVAILABLE,
        "无法提供（没有现成信息需要另行制作）",
        "经审查，本机关没有{you}申请获取的现成信息，提供该信息需要本机关对现有政府信息进行"
        "加工、分析。根据{regulation}第三十八条的规定，本机关不予提供。",
    ),
    Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION: OutcomeWording(
        Group.UNAVAILABLE,
        "无法提供（补正后申请内容仍不明确）",
        "本机关已告知{you}对申请作出补正。经补正后，{you}的申请内容仍不明确，本机关无法确定"
        "{you}所需的政府信息。根据{regulation}第三十条的规定，本机关无法提供。",
    ),
    Outcome.NOT_PROCESSED_PETITION: OutcomeWording(
        Group.NOT_PROCESSED,
        "不予处理（信访举报投诉类申请）",
        "经审查，{you}以政府信息公开申请的形式进行信访、投诉、举报等活动。根据{regulation}"
        "第三十九条第一款的规定，本机关不作为政府信息公开申请处理，{you}可以通过信访、投诉、"
        "举报等相应渠道提出。",
    ),
    Outcome.NOT_PROCESSED_DUPLICATE: OutcomeWording(
        Group.NOT_PROCESSED,
        "不予处理（重复申请）",
        "经审查，本机关已就{you}提出的政府信息公开申请作出答复，{you}重复申请公开相同政府信息。"
        "根据{regulation}第三十六条第（六）项的规定，本机关不予重复处理。",
    ),
    Outcome.NOT_PROCESSED_PUBLICATION: OutcomeWording(
        Group.NOT_PROCESSED,
        "不予处理（要求提供公开出版物）",
        "经审查，{you}的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物。根据"
        "{regulation}第三十九条第二款的规定，本机关告知{you}获取的途径，不作为政府信息公开"
        "申请处理。",
    ),
    Outcome.NOT_PROCESSED_EXCESSIVE: OutcomeWording(
        Group.NOT_PROCESSED,
        "不予处理（无正当理由大量反复申请）",
        "{you}申请公开政府信息的数量、频次明显超过合理范围，本机关已要求{you}说明理由。"
        "本机关认为申请理由不合理，根据{regulation}第三十五条的规定，告知{you}不予处理。",
    ),
    Outcome.NOT_PROCESSED_CONFIRMATION: OutcomeWording(
        Group.NOT_PROCESSED,
        "不予处理（要求行政机关确认或重新出具已获取信息）",
        "经审查，{you}要求本机关确认或者重新出具{you}已获取的信息，该要求不属于获取{regulation}"
        "第二条所称政府信息的申请。本机关不作为政府信息公开申请处理。",
    ),
    Outcome.OTHER_NO_CORRECTION: OutcomeWording(
        Group.OTHER,
        "其他处理（逾期不补正）",
        "本机关已于{correction_requested}告知{you}对申请作出补正，{you}无正当理由逾期未补正。"
        "根据{regulation}第三十条的规定，视为{you}放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    Outcome.OTHER_FEE_UNPAID: OutcomeWording(
        Group.OTHER,
        "其他处理（逾期未缴纳信息处理费）",
        "本机关已于{fee_notified}向{you}发出收费通知，{you}逾期未按收费通知要求缴纳信息处理费。"
        "根据{regulation}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
        "的规定，视为{you}放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    Outcome.OTHER: OutcomeWording(
        Group.OTHER,
        "其他处理",
        "本机关对{you}的政府信息公开申请处理如下。",
    ),
}

# 第三十六条第（一）项: the information is already published; the letter says where to get it
# (the disclosures linked when answering, listed after this paragraph by the template).
GRANTED_PUBLISHED_REASON = (
    "经审查，{you}申请获取的政府信息已经主动公开。根据{regulation}第三十六条第（一）项的规定，"
    "现告知{you}获取该政府信息的方式、途径如下："
)

# 第三十六条第（五）项: "所申请公开信息不属于本行政机关负责公开的，告知申请人并说明理由；能够确定
# 负责公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式".
OTHER_ORGAN_REASON = (
    "经审查，{you}申请公开的政府信息不属于本机关负责公开的政府信息，理由是：{other_organ_reason}。"
    "根据{regulation}第三十六条第（五）项的规定，现告知{you}："
)
OTHER_ORGAN_NAMED = (
    "负责公开该政府信息的行政机关为{other_organ}，联系方式：{contact}。{you}可以向该机关申请获取。"
)
OTHER_ORGAN_UNKNOWN = "本机关无法确定负责公开该政府信息的行政机关。"

# 第三十二条 is cited only when a third party was consulted in writing, as that article
# prescribes; without a consultation the refusal rests on 第十五条 alone (WORDING).
THIRD_PARTY_CONSULTED_REASON = (
    "经审查，{you}申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。"
    "本机关已依照{regulation}第三十二条的规定书面征求第三方的意见。根据{regulation}第十五条、"
    "第三十二条、第三十六条第（三）项的规定，本机关决定不予公开。"
)

# 行政复议法（2023年修订，2024年1月1日起施行）第二十三条第一款第（四）项: "申请政府信息公开，
# 行政机关不予公开" must go to 行政复议 before 行政诉讼, and 第二款 has the organ tell the
# applicant so. Every 不予公开 row of 表三 and the refused part of 部分公开.
REFUSAL_OUTCOMES = frozenset(
    {o for o, w in WORDING.items() if w.group == Group.WITHHELD} | {Outcome.PARTIALLY_GRANTED}
)

# The applicant's choices in the words of a Chinese letter (第二十九条第二款第（三）项).
PROVISION_FORMS = {
    ProvisionForm.PAPER: "纸质",
    ProvisionForm.ELECTRONIC: "电子文件",
    ProvisionForm.DISC: "光盘",
    ProvisionForm.OTHER: "其他",
}
DELIVERY_METHODS = {
    DeliveryMethod.POST: "邮寄",
    DeliveryMethod.EMAIL: "电子邮件",
    DeliveryMethod.PICKUP: "自行领取",
    DeliveryMethod.FAX: "传真",
    DeliveryMethod.ONLINE: "网上获取",
}

WITHDRAWN_REASON = "{you}已于{withdrawn}撤回该政府信息公开申请，本机关终止处理。"


@dataclass(frozen=True)
class Letter:
    tracking_number: str
    outcome: str
    group: str
    title: str
    organ_name: str
    reference: str
    salutation: str
    paragraphs: list[str]
    remedies: str
    contact: list[str]
    signature: str
    dated: str
    # The 文号 of an issued letter (`IssuedLetter`); a draft shows the format with a blank
    # serial. Empty on the reply letters drafted before numbering existed.
    number: str = ""

    @property
    def filename(self) -> str:
        return f"{self.tracking_number}-{self.title}.docx"

    def to_data(self) -> dict:
        """The letter as stored with an issued letter (`IssuedLetter.content`)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_data(cls, data: dict) -> "Letter":
        """A stored letter; a key added later reads as empty."""
        values = {}
        for f in fields(cls):
            empty = [] if f.name in ("paragraphs", "contact") else ""
            values[f.name] = data.get(f.name, empty)
        return cls(**values)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def information_subject(application: Application) -> str:
    """The information asked for, as the applicant named it (name, 文号 or description)."""
    parts = [application.information_title, application.information_number]
    text = "，".join(p for p in parts if p) or re.sub(r"\s+", " ", application.description)
    return text if len(text) <= 120 else text[:117] + "……"


_subject = information_subject


def _event_date(application: Application, kind: str) -> date | None:
    return (
        application.events.filter(kind=kind)
        .order_by("-occurred_on", "-id")
        .values_list("occurred_on", flat=True)
        .first()
    )


@dataclass(frozen=True)
class ReconsiderationBody:
    """The 行政复议机关 a letter names (行政复议法（2023）第二十条, 第二十三条第二款)."""

    name: str
    contact: str  # "地址：…；联系电话：…", or "" when none is entered


def reconsideration_body(organization: Organization) -> ReconsiderationBody | None:
    """行政复议法（2023）第二十四条: the body entered for the organization, else its parent (a
    department's 本级人民政府, a township's or subdistrict's 上一级人民政府); None for an organ
    with neither (the district government itself, until its 上一级人民政府 is entered)."""
    name = organization.reconsideration_body_name
    if not name:
        return None
    parts = []
    if organization.reconsideration_address.strip():
        parts.append(f"地址：{organization.reconsideration_address.strip()}")
    if organization.reconsideration_phone.strip():
        parts.append(f"联系电话：{organization.reconsideration_phone.strip()}")
    return ReconsiderationBody(name=name, contact="；".join(parts))


def remedies_sentence(
    application: Application, *, you: str, document: str, outcome: str | None = None
) -> str:
    """The statutory notice of remedies.

    A refusal (`REFUSAL_OUTCOMES`): 行政复议 first, within 60 days of receipt (行政复议法
    第二十条第一款), before the body named (第二十四条); then 行政诉讼 within 15 days of
    receiving the 复议决定书, or of the end of the reconsideration period if no decision
    comes (行政诉讼法第四十五条). 部分公开 says so of its refused part and offers both
    remedies for the rest. Every other outcome: 行政复议 within 60 days or 行政诉讼 within
    6 months (行政诉讼法第四十六条第一款).
    """
    body = reconsideration_body(application.organization)
    if body is None:
        to_body = "依法申请行政复议"
    else:
        reach = f"（{body.contact}）" if body.contact else ""
        to_body = f"向{body.name}{reach}申请行政复议"
    either = (
        f"可以自收到本{document}之日起60日内{to_body}，"
        f"或者自收到本{document}之日起6个月内依法向人民法院提起行政诉讼。"
    )
    if outcome not in REFUSAL_OUTCOMES:
        return f"{you}如对本{document}不服，{either}"
    first = (
        f"依照{RECONSIDERATION_LAW}第二十三条第一款第（四）项的规定，应当先自收到本{document}"
        f"之日起60日内{to_body}；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内"
        "依法向人民法院提起行政诉讼（行政复议机关逾期不作决定的，可以自复议期满之日起15日内"
        "依法向人民法院提起行政诉讼）。"
    )
    if outcome == Outcome.PARTIALLY_GRANTED:
        return (
            f"{you}如对本{document}中不予公开的内容不服，{first}"
            f"{you}如对本{document}的其他内容不服，{either}"
        )
    return f"{you}如对本{document}不服，{first}"


def _paragraphs(text: str) -> list[str]:
    """Each non-empty line is a paragraph (the templates write one paragraph a line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def recorded_grounds(application: Application, outcome: str) -> Answered:
    """The grounds recorded with the answer (第三十六条第（一）/（五）项), when `outcome` is the
    one recorded; a draft for another outcome has none (第（二）/（四）项)."""
    if not application.pk or outcome != application.outcome:
        return Answered(outcome=outcome)
    data = (
        application.events.filter(kind=EventKind.ANSWERED)
        .order_by("-occurred_on", "-id")
        .values_list("data", flat=True)
        .first()
    )
    grounds = Answered.from_data(data or {})
    return grounds if grounds.outcome == outcome else Answered(outcome=outcome)


def build_letter(
    application: Application,
    *,
    outcome: str | None = None,
    on: date | None = None,
    grounds: Answered | None = None,
) -> Letter:
    """The letter for the application's outcome (or a draft for `outcome`).

    `grounds` replaces what the answer recorded (the `letter_templates` samples use it).
    """
    outcome = outcome or application.outcome
    if not outcome:
        raise LetterError(_("The application has no outcome yet: choose one to draft a letter."))
    if outcome not in WORDING:
        raise LetterError(_("Unknown outcome."))
    organization = application.organization
    if outcome in REFUSAL_OUTCOMES and reconsideration_body(organization) is None:
        # 行政复议法（2023）第二十三条第二款: a refusal must say where to apply first.
        raise LetterError(
            _(
                "%(organization)s has no parent organization and no reconsideration body is "
                "entered for it, so a letter refusing disclosure cannot name where the "
                "applicant must first apply for administrative reconsideration (Administrative "
                "Reconsideration Law 2023, Articles 23 and 24). Enter the reconsideration body "
                "(e.g. the people's government one level up) under “Administrative "
                "reconsideration” in the organization's settings."
            )
            % {"organization": organization.name}
        )
    if grounds is None:
        grounds = recorded_grounds(application, outcome)
    with translation.override("zh-hans"):
        return _build(application, outcome, on, grounds)


def _third_party_consulted(application: Application) -> bool:
    """第三十二条: a third party was consulted in writing (not another organ, 第三十四条)."""
    if not application.pk:
        return False
    return any(
        ConsultationStarted.from_data(data).consulted == CONSULTATION_THIRD_PARTY
        for data in application.events.filter(kind=EventKind.CONSULTATION_STARTED).values_list(
            "data", flat=True
        )
    )


def staff_words(text: str) -> str:
    """Staff's words inside a sentence of the letter: without their closing punctuation."""
    return text.strip().rstrip("。．.；;，,")


_sentence = staff_words


def _organization_contact(pk: int | None) -> str:
    """How to reach an organ of the system: its disclosure office's address and phone."""
    organization = Organization.objects.filter(pk=pk).first() if pk else None
    if organization is None:
        return ""
    parts = []
    if organization.office_name:
        parts.append(organization.office_name)
    if organization.address:
        postcode = f"（邮编：{organization.postcode}）" if organization.postcode else ""
        parts.append(f"地址：{organization.address}{postcode}")
    if organization.phone:
        parts.append(f"联系电话：{organization.phone}")
    return "，".join(parts)


def _reason(application: Application, outcome: str, grounds: Answered, values: dict) -> str:
    """The finding and its legal basis, in the variant the answer's grounds call for."""
    if outcome == Outcome.GRANTED and grounds.published:
        return GRANTED_PUBLISHED_REASON.format(**values)
    if outcome == Outcome.UNAVAILABLE_NOT_HELD and grounds.not_held == NOT_HELD_OTHER_ORGAN:
        reason = OTHER_ORGAN_REASON.format(
            **values, other_organ_reason=_sentence(grounds.other_organ_reason)
        )
        if grounds.other_organ_unknown or not grounds.other_organ:
            return reason + OTHER_ORGAN_UNKNOWN
        contact = grounds.other_organ_contact.strip() or _organization_contact(
            grounds.other_organization_id
        )
        return reason + OTHER_ORGAN_NAMED.format(
            **values, other_organ=grounds.other_organ, contact=_sentence(contact)
        )
    if outcome == Outcome.WITHHELD_THIRD_PARTY_RIGHTS and _third_party_consulted(application):
        return THIRD_PARTY_CONSULTED_REASON.format(**values)
    return WORDING[outcome].reason.format(**values)


def _build(application: Application, outcome: str, on: date | None, grounds: Answered) -> Letter:
    wording = WORDING[outcome]
    organization = application.organization
    is_person = application.applicant_type == ApplicantType.NATURAL_PERSON
    you = "您" if is_person else "贵单位"
    title = GROUP_TITLES[wording.group]
    document = "答复" if title == REPLY_TITLE else "告知"

    received = application.received_on or timezone.localdate(application.submitted_at)
    withdrawn = _event_date(application, EventKind.WITHDRAWN)
    values = {
        "you": you,
        "regulation": REGULATION,
        "correction_requested": _date_or_blank(
            _event_date(application, EventKind.CORRECTION_REQUESTED)
        ),
        "fee_notified": _date_or_blank(_event_date(application, EventKind.FEE_NOTIFIED)),
        "withdrawn": _date_or_blank(withdrawn),
    }
    if outcome == Outcome.OTHER and withdrawn:
        reason = WITHDRAWN_REASON.format(**values)
    else:
        reason = _reason(application, outcome, grounds, values)

    context = {
        "application": application,
        "you": you,
        "received": chinese_date(received),
        "subject": _subject(application),
        "reason": reason,
        "decision": wording.decision,
        "document": document,
        "reply_text": application.reply_text.strip(),
        "provision_form": PROVISION_FORMS.get(application.provision_form, ""),
        "delivery_method": DELIVERY_METHODS.get(application.delivery_method, ""),
        "has_attachments": application.reply_attachments.exists(),
        # 第三十六条第（一）项: where each published disclosure can be found.
        "published": [
            {
                "title": copy.title,
                "index_number": copy.index_number,
                "organization": copy.organization,
                "published_on": _date_or_blank(copy.published_on),
                "url": copy.url,
            }
            for copy in (grounds.published if outcome == Outcome.GRANTED else ())
        ],
    }
    body = render_to_string(f"requests_app/letters/{wording.group}.txt", context)

    contact = contact_lines(organization)
    dated = on or application.closed_on or timezone.localdate()
    return Letter(
        tracking_number=application.tracking_number,
        outcome=outcome,
        group=wording.group,
        title=title,
        organ_name=organization.name,
        reference=f"受理编号：{application.tracking_number}",
        salutation=f"{application.applicant_name}：",
        paragraphs=_paragraphs(body),
        remedies=remedies_sentence(application, you=you, document=document, outcome=outcome),
        contact=contact,
        signature=organization.name,
        dated=chinese_date(dated),
    )


def contact_lines(organization: Organization) -> list[str]:
    """How to reach the organ's disclosure office, as the foot of every letter says."""
    contact = [f"联系机构：{organization.office_name or organization.name}"]
    if organization.address:
        postcode = f"（邮编：{organization.postcode}）" if organization.postcode else ""
        contact.append(f"地址：{organization.address}{postcode}")
    if organization.phone:
        contact.append(f"联系电话：{organization.phone}")
    if organization.email:
        contact.append(f"电子邮箱：{organization.email}")
    return contact


def _date_or_blank(day: date | None) -> str:
    return chinese_date(day) if day else ""


def render_text(letter: Letter) -> str:
    """The same letter as plain text, one paragraph a line (for comparing versions)."""
    lines = [
        letter.organ_name,
        letter.title,
        *([letter.number] if letter.number else []),
        letter.reference,
        letter.salutation,
        *letter.paragraphs,
        *([letter.remedies] if letter.remedies else []),
        "",
        *letter.contact,
        "",
        f"{letter.signature}（印章）",
        letter.dated,
    ]
    return "\n".join(lines) + "\n"


def render_docx(letter: Letter) -> bytes:
    """The same letter as a Word document, for staff to sign, stamp and send."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(14)
    # East Asian text takes its font from w:eastAsia, not from the Latin font name.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")

    def centred(text: str, *, size: int, bold: bool = False):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        return p

    centred(letter.organ_name, size=18, bold=True)
    centred(letter.title, size=22, bold=True)
    if letter.number:
        centred(letter.number, size=14)
    ref = doc.add_paragraph(letter.reference)
    ref.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(letter.salutation)
    for text in [*letter.paragraphs, *([letter.remedies] if letter.remedies else [])]:
        p = doc.add_paragraph(text)
        p.paragraph_format.first_line_indent = Pt(28)
    doc.add_paragraph("")
    for line in letter.contact:
        doc.add_paragraph(line)
    doc.add_paragraph("")
    for text in (f"{letter.signature}（印章）", letter.dated):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
