"""The letters of the steps before the answer, and the 文号 every issued letter carries.

- 补正告知书 (第三十条): what is unclear, the time limit, that the reply period counts
  from receipt of the correction, that no correction in time counts as giving up;
- 延期答复告知书 (第三十三条第二款): the reason, the approval of the head of the
  disclosure office, the new due date as the clock counts it (`deadlines.run_clock`);
- 延迟答复告知书 (第三十五条): the reason and the later date the organ set;
- 信息处理费收费通知书 (第四十二条, 国办函〔2020〕109号): the amount from the tiers of
  `fees`, how and by when to pay, what happens if it is not paid;
- 征求意见书 to a third party (第三十二条) or to another organ (第三十四条): 15 working
  days to answer and what follows from silence;
- the reply letter of `letters.build_letter` (第三十六条), numbered like the others.

Remedies (行政复议/行政诉讼, `letters.remedies_sentence`) are stated where the letter
decides something against the applicant: the fee notice (it charges money) and the
reply. A correction notice and an extension (or delay) notice decide nothing yet: 最高人民法院
《关于审理政府信息公开行政案件若干问题的规定》（法释〔2011〕17号）第二条第（二）项 excludes
"要求申请人作出更改、补充且对申请人权利义务不产生实际影响的告知行为" from suit, and an
extension only sets when the answer comes (the remedy is against that answer, or
against no answer by the date). A 征求意见书 goes to the consulted party, not to the
applicant. Like `letters`, the letters are written in Chinese. No database writes here:
`services.letters.issue_letter` numbers and stores them.
"""

from dataclasses import dataclass, replace
from datetime import date

from django.utils import timezone

from disclosure.models import Organization
from disclosure.models.calendar import load_work_calendar
from disclosure.workdays import CalendarNotCovered
from requests_app.applications import deadlines, fees
from requests_app.applications.event_data import (
    CONSULTATION_ORGAN,
    ConsultationStarted,
    CorrectionRequested,
    Extended,
    FeeNotified,
    ReplyDelayed,
)
from requests_app.applications.letters import (
    REGULATION,
    Letter,
    LetterError,
    build_letter,
    chinese_date,
    contact_lines,
    information_subject,
    remedies_sentence,
    staff_words,
)
from requests_app.applications.models import (
    ApplicantType,
    Application,
    ApplicationEvent,
    EventKind,
    IssuedLetter,
    LetterKind,
)

FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

TITLES = {
    LetterKind.CORRECTION: "政府信息公开申请补正告知书",
    LetterKind.EXTENSION: "政府信息公开申请延期答复告知书",
    LetterKind.DELAY: "政府信息公开申请延迟答复告知书",
    LetterKind.FEE: "政府信息公开信息处理费收费通知书",
    LetterKind.CONSULTATION: "政府信息公开征求意见书",
}

# The step each letter tells of. A reply letter follows the step that closed the application.
STEP_EVENTS = {
    LetterKind.CORRECTION: EventKind.CORRECTION_REQUESTED,
    LetterKind.EXTENSION: EventKind.EXTENDED,
    LetterKind.DELAY: EventKind.REPLY_DELAYED,
    LetterKind.FEE: EventKind.FEE_NOTIFIED,
    LetterKind.CONSULTATION: EventKind.CONSULTATION_STARTED,
}
CLOSING_EVENTS = (
    EventKind.ANSWERED,
    EventKind.WITHDRAWN,
    EventKind.CORRECTION_LAPSED,
    EventKind.FEE_LAPSED,
)
ORDER = [
    LetterKind.CORRECTION,
    LetterKind.CONSULTATION,
    LetterKind.EXTENSION,
    LetterKind.DELAY,
    LetterKind.FEE,
    LetterKind.REPLY,
]

# A full-width blank where a draft's serial will go.
DRAFT_SERIAL = "\u3000\u3000"


def number_prefix(organization: Organization) -> str:
    """The organ's own short name (简称) when it has one, else its name."""
    return (organization.short_name or "").strip() or organization.name


def render_number(organization: Organization, year: int, serial: int | str) -> str:
    """The 文号: 〔year〕 in hexagonal brackets (GB/T 9704), then the serial."""
    return f"{number_prefix(organization)}信息公开〔{year}〕第{serial}号"


@dataclass(frozen=True)
class Slot:
    """A letter the application's steps call for: issued already, or to be issued."""

    kind: str
    event: ApplicationEvent | None
    title: str
    issued: IssuedLetter | None = None

    @property
    def label(self) -> str:
        return LetterKind(self.kind).label

    @property
    def key(self) -> str:
        """`kind` or `kind-<event id>`: what the staff views address a slot by."""
        return f"{self.kind}-{self.event.pk}" if self.event is not None else self.kind


def letter_slots(application: Application) -> list[Slot]:
    """One slot per recorded step that calls for a letter, in the order of `ORDER`.

    A consultation may be started more than once; each has its letter. The reply letter
    is offered once the application is closed with its event log (not imported history).
    """
    events = list(application.events.order_by("occurred_on", "id"))
    issued = {
        (letter.kind, letter.event_id): letter
        for letter in application.issued_letters.select_related("issued_by")
    }
    slots = []
    for kind in ORDER:
        if kind == LetterKind.REPLY:
            if not application.is_closed or application.is_historical:
                continue
            closing = next((e for e in events if e.kind in CLOSING_EVENTS), None)
            if closing is None:
                continue
            chosen = [closing]
        else:
            chosen = [e for e in events if e.kind == STEP_EVENTS[kind]]
        for event in chosen:
            title = TITLES.get(kind, "")
            slots.append(Slot(kind, event, title, issued.get((kind, event.pk))))
    return slots


def find_slot(application: Application, key: str) -> Slot | None:
    return next((s for s in letter_slots(application) if s.key == key), None)


def build_slot_letter(application: Application, slot: Slot, *, number: str = "") -> Letter:
    """The letter of `slot` as the application stands now; `number` is its 文号 (a draft
    shows the format with a blank serial)."""
    event = slot.event
    if slot.kind == LetterKind.REPLY:
        letter = build_letter(application, on=application.closed_on)
    else:
        builder = _BUILDERS[slot.kind]
        letter = builder(application, event)
    if not number:
        day = letter_date(application, slot)
        number = render_number(application.organization, day.year, DRAFT_SERIAL)
    return replace(letter, number=number)


def letter_date(application: Application, slot: Slot) -> date:
    """The date the letter bears: the legal date of its step (the day it went out)."""
    if slot.kind == LetterKind.REPLY:
        return application.closed_on or timezone.localdate()
    return slot.event.occurred_on


# --- the letters ----------------------------------------------------------------------


def _you(application: Application) -> str:
    return "您" if application.applicant_type == ApplicantType.NATURAL_PERSON else "贵单位"


def _received(application: Application) -> str:
    received = application.received_on or timezone.localdate(application.submitted_at)
    return chinese_date(received)


def _intro(application: Application, you: str) -> str:
    return (
        f"本机关于{_received(application)}收到{you}提交的政府信息公开申请（受理编号："
        f"{application.tracking_number}），申请获取“{information_subject(application)}”。"
    )


def _letter(
    application: Application,
    kind: str,
    event: ApplicationEvent,
    *,
    salutation: str,
    paragraphs: list[str],
    remedies: str = "",
) -> Letter:
    organization = application.organization
    return Letter(
        tracking_number=application.tracking_number,
        outcome="",
        group=kind,
        title=TITLES[kind],
        organ_name=organization.name,
        reference=f"受理编号：{application.tracking_number}",
        salutation=salutation,
        paragraphs=paragraphs,
        remedies=remedies,
        contact=contact_lines(organization),
        signature=organization.name,
        dated=chinese_date(event.occurred_on),
    )


def _clock_after(application: Application, event: ApplicationEvent) -> deadlines.Clock:
    """The clock as it stood once `event` was recorded (later steps left out)."""
    events = []
    for e in application.events.order_by("occurred_on", "id"):
        events.append(e)
        if e.pk == event.pk:
            break
    return _run(application, events)


def _clock_before(application: Application, event: ApplicationEvent) -> deadlines.Clock:
    events = []
    for e in application.events.order_by("occurred_on", "id"):
        if e.pk == event.pk:
            break
        events.append(e)
    return _run(application, events)


def _run(application: Application, events: list) -> deadlines.Clock:
    try:
        return deadlines.run_clock(
            received_on=application.received_on, events=events, calendar=load_work_calendar()
        )
    except CalendarNotCovered as exc:
        raise LetterError(str(exc)) from exc


def _provisional(clock: deadlines.Clock) -> str:
    """A date counted on a year whose holiday arrangement is not published is 暂定."""
    if not clock.provisional_years:
        return ""
    years = "、".join(f"{y}年" for y in clock.provisional_years)
    return (
        f"上述日期系按{years}节假日安排公布前的工作日推算；如国务院公布的节假日安排使其变化，"
        "本机关将另行告知。"
    )


def correction_letter(application: Application, event: ApplicationEvent) -> Letter:
    """第三十条: 一次性告知, the matters to correct and a reasonable time limit."""
    you = _you(application)
    deadline = CorrectionRequested.from_data(event.data).deadline
    matters = [line.strip() for line in event.message.splitlines() if line.strip()]
    paragraphs = [
        _intro(application, you)
        + f"经审查，{you}的申请内容不明确，本机关无法据此确定{you}所需的政府信息。",
        f"根据{REGULATION}第三十条的规定，现一次性告知{you}对申请作出补正。需要补正的事项如下：",
        *matters,
        (
            f"请{you}于{chinese_date(deadline)}前（含当日）将补正后的申请提交本机关。"
            if deadline
            else f"请{you}在合理期限内将补正后的申请提交本机关。"
        )
        + f"答复期限自本机关收到补正的申请之日起计算。{you}对需要补正的事项有疑问的，"
        "可以通过下列方式与本机关联系。",
        f"{you}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        "特此告知。",
    ]
    return _letter(
        application,
        LetterKind.CORRECTION,
        event,
        salutation=f"{application.applicant_name}：",
        paragraphs=paragraphs,
    )


def extension_letter(application: Application, event: ApplicationEvent) -> Letter:
    """第三十三条第二款: 经政府信息公开工作机构负责人同意, at most 20 working days, the
    applicant told; the dates are those of the clock before and after the extension."""
    you = _you(application)
    data = Extended.from_data(event.data)
    before = _clock_before(application, event)
    after = _clock_after(application, event)
    if after.due_on is None:
        raise LetterError("答复期限尚不能确定（申请处于暂停计算的状态），无法出具延期答复告知书。")
    old = f"（{chinese_date(before.due_on)}）" if before.due_on else ""
    paragraphs = [
        _intro(application, you),
        f"经审查，本机关不能在原答复期限{old}内作出答复，理由是：{staff_words(data.reason)}。",
        f"根据{REGULATION}第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，"
        f"答复期限延长{data.workdays}个工作日，本机关将于{chinese_date(after.due_on)}前"
        f"（含当日）作出答复。{_provisional(after)}",
        "特此告知。",
    ]
    return _letter(
        application,
        LetterKind.EXTENSION,
        event,
        salutation=f"{application.applicant_name}：",
        paragraphs=paragraphs,
    )


def delay_letter(application: Application, event: ApplicationEvent) -> Letter:
    """第三十五条: the requests clearly exceed a reasonable number or frequency, the reason
    given was found reasonable, but the periods of 第三十三条 cannot be kept: the organ
    sets a reasonable later date and tells the applicant."""
    you = _you(application)
    data = ReplyDelayed.from_data(event.data)
    if data.reply_by is None:
        raise LetterError("延迟答复未记录答复日期，无法出具延迟答复告知书。")
    paragraphs = [
        _intro(application, you),
        f"经审查，{you}申请公开政府信息的数量、频次明显超过合理范围。本机关认为{you}说明的"
        f"理由合理，但无法在{REGULATION}第三十三条规定的期限内答复，理由是："
        f"{staff_words(data.reason)}。",
        f"根据{REGULATION}第三十五条的规定，本机关确定延迟答复的期限，将于"
        f"{chinese_date(data.reply_by)}前（含当日）作出答复。",
        "特此告知。",
    ]
    return _letter(
        application,
        LetterKind.DELAY,
        event,
        salutation=f"{application.applicant_name}：",
        paragraphs=paragraphs,
    )


def _yuan(amount) -> str:
    return f"{amount:.2f}"


def fee_letter(application: Application, event: ApplicationEvent) -> Letter:
    """第四十二条 and 国办函〔2020〕109号: the amount from the tiers of `fees`, 20 working days
    to pay from the day after receipt, and not paying in time counts as giving up."""
    you = _you(application)
    notice = FeeNotified.from_data(event.data)
    if notice.amount is None:
        raise LetterError("收费通知未记录金额，无法出具收费通知书。")
    amount = _yuan(notice.amount)
    if notice.method == fees.FeeMethod.BY_COUNT:
        received = application.received_on
        month = f"{received.year}年{received.month}月" if received else "当月"
        basis = (
            "本机关按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；"
            "累计申请11—30件（含30件）的部分，每件收费100元；累计申请30件以上的部分，以10件"
            "为一档，每增加一档，收费标准提高100元/件。"
            f"本申请为{you}{month}向本机关提出的第{notice.nth_request}件政府信息公开申请，"
            f"应缴纳信息处理费人民币{amount}元。"
        )
    else:
        pages = notice.pages or 0
        bands = "＋".join(f"{n}页×{price}元" for n, price in fees.page_fee_bands(pages))
        basis = (
            "本机关按量计收：30页以下（含30页）的，不收费；31—100页（含100页）的部分，每页收费"
            "10元；101—200页（含200页）的部分，每页收费20元；200页以上的部分，每页收费40元。"
            f"{you}申请公开的政府信息共{pages}页，应缴纳信息处理费人民币{amount}元"
            f"（{bands}＝{amount}元）。"
        )
    organization = application.organization
    office = organization.office_name or organization.name
    reach = "；".join(
        part
        for part in (
            f"地址：{organization.address}" if organization.address else "",
            f"联系电话：{organization.phone}" if organization.phone else "",
        )
        if part
    )
    pay_by = f"，即{chinese_date(notice.pay_by)}前（含当日）" if notice.pay_by else ""
    paragraphs = [
        _intro(application, you),
        f"经审查，{you}申请公开政府信息的数量、频次明显超过合理范围。根据{REGULATION}"
        f"第四十二条和{FEE_RULES}的规定，本机关决定收取信息处理费。",
        basis,
        f"请{you}自收到本通知书次日起20个工作日内{pay_by}缴纳信息处理费。缴费方式：请持本"
        f"通知书到{office}{f'（{reach}）' if reach else ''}办理缴费手续，或者与该机构联系"
        "确认其他缴费方式；本机关按照非税收入收缴管理的有关规定收取，并出具财政票据。",
        f"自本通知书发出之日至{you}缴纳信息处理费之日的期间，不计算在答复期限内；本机关收到"
        f"{you}缴纳的信息处理费后继续办理{you}的申请。",
        f"{you}逾期未缴纳信息处理费的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    return _letter(
        application,
        LetterKind.FEE,
        event,
        salutation=f"{application.applicant_name}：",
        paragraphs=paragraphs,
        remedies=remedies_sentence(application, you=you, document="通知书"),
    )


def consultation_letter(application: Application, event: ApplicationEvent) -> Letter:
    """第三十二条 (a third party) or 第三十四条 (another organ): 15 working days from receipt
    of the 征求意见书. Addressed to the consulted party; it names no applicant."""
    consulted = ConsultationStarted.from_data(event.data)
    subject = information_subject(application)
    received = (
        f"本机关于{_received(application)}收到一件政府信息公开申请（受理编号："
        f"{application.tracking_number}），申请公开“{subject}”。"
    )
    by = ""
    if consulted.delivered_on is not None:
        # The consulted party's 15th working day, as the clock counts it.
        last = _clock_after(application, event).consultation_until
        if last is not None:
            by = f"（即{chinese_date(last)}前）"
    if consulted.consulted == CONSULTATION_ORGAN:
        paragraphs = [
            received + "经审查，该政府信息由本机关与贵机关共同制作。",
            f"根据{REGULATION}第三十四条的规定，现征求贵机关意见。请贵机关自收到本征求意见书"
            f"之日起15个工作日内{by}提出书面意见；逾期未提出意见的，视为同意公开。",
            "请将书面意见送达或者邮寄至本机关（联系方式附后）。",
        ]
    else:
        paragraphs = [
            received + "经审查，该政府信息涉及贵方的商业秘密、个人隐私等，公开可能会损害贵方的"
            "合法权益。",
            f"根据{REGULATION}第三十二条的规定，现书面征求贵方意见。请贵方自收到本征求意见书"
            f"之日起15个工作日内{by}，就是否同意公开上述政府信息提出书面意见；不同意公开的，"
            "请说明理由。",
            f"贵方逾期未提出意见的，由本机关依照{REGULATION}的规定决定是否公开。贵方不同意"
            "公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，"
            "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。",
            "请将书面意见送达或者邮寄至本机关（联系方式附后）。",
        ]
    return _letter(
        application,
        LetterKind.CONSULTATION,
        event,
        salutation=f"{consulted.party}：",
        paragraphs=paragraphs,
    )


_BUILDERS = {
    LetterKind.CORRECTION: correction_letter,
    LetterKind.EXTENSION: extension_letter,
    LetterKind.DELAY: delay_letter,
    LetterKind.FEE: fee_letter,
    LetterKind.CONSULTATION: consultation_letter,
}
