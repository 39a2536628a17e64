"""Import kinds `applications` and `reviews` for `manage.py import_records` and `/admin/import/`.

Both follow the runner's rules (all or nothing; every bad cell reported with its
line and column; a dry run counts exactly what a real run would do). Imported
applications are history: they carry their outcome without a reconstructed
event log (`is_historical`), and the annual report counts them like any other.
Importing the same file again matches 受理编号 / 案件编号 and updates or leaves
the records alone. The columns are documented in `docs/applications.md`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.importing import (
    CellErrors,
    ChoiceLookup,
    Column,
    ImportContext,
    Importer,
    Row,
    SaveCounts,
    parse_date,
)
from core.importing.bulk import insert_rows
from core.importing.cells import require
from disclosure.models import Organization
from disclosure.models.calendar import load_work_calendar
from disclosure.workdays import CalendarNotCovered, add_workdays
from requests_app.applications.deadlines import REPLY_WORKDAYS
from requests_app.applications.models import (
    ApplicantType,
    Application,
    ApplicationStatus,
    Outcome,
    ReviewCase,
    ReviewKind,
    ReviewResult,
    SubmissionChannel,
)
from requests_app.tracking import advance_tracking_sequences

SHANGHAI = ZoneInfo("Asia/Shanghai")
# New records per insert.
BATCH_SIZE = 1000

# --- applications -------------------------------------------------------------------------

A_NUMBER = "受理编号"
A_ORG = "机关代码"
A_TYPE = "申请人类型"
A_NAME = "申请人"
A_CHANNEL = "申请方式"
A_RECEIVED = "收到日期"
A_DESCRIPTION = "申请内容"
A_OUTCOME = "办理结果"
A_CLOSED = "办结日期"
A_FEE = "信息处理费(元)"

# 表三's column labels (法人或其他组织 → 商业企业 …), with the group prefix accepted too.
APPLICANT_TYPE_ALIASES = {
    ApplicantType.NATURAL_PERSON: ["自然人", "公民"],
    ApplicantType.COMMERCIAL_ENTERPRISE: ["商业企业", "法人或其他组织-商业企业"],
    ApplicantType.RESEARCH_INSTITUTION: ["科研机构", "法人或其他组织-科研机构"],
    ApplicantType.SOCIAL_WELFARE_ORG: ["社会公益组织", "法人或其他组织-社会公益组织"],
    ApplicantType.LEGAL_SERVICE_ORG: ["法律服务机构", "法人或其他组织-法律服务机构"],
    ApplicantType.OTHER_ORG: ["其他", "其他组织", "法人或其他组织-其他"],
}

CHANNEL_ALIASES = {
    SubmissionChannel.ONLINE: ["网上申请", "在线申请", "网络", "互联网", "网上"],
    SubmissionChannel.IN_PERSON: ["当面提交", "当面", "现场申请", "现场"],
    SubmissionChannel.REGISTERED_MAIL: ["邮寄", "信函申请", "挂号信", "快递"],
    SubmissionChannel.ORDINARY_MAIL: ["平常信函", "平信"],
    SubmissionChannel.FAX: ["传真"],
    SubmissionChannel.EMAIL: ["电子邮件", "电子邮箱", "邮件"],
    SubmissionChannel.ORAL: ["口头", "口头申请"],
}

# 表三's leaf-row labels without their numbers (e.g. "1.属于国家秘密" → "属于国家秘密").
OUTCOME_ALIASES = {
    Outcome.GRANTED: ["予以公开"],
    Outcome.PARTIALLY_GRANTED: [
        "部分公开",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
    ],
    Outcome.WITHHELD_STATE_SECRET: ["属于国家秘密"],
    Outcome.WITHHELD_PROHIBITED_BY_LAW: ["其他法律行政法规禁止公开"],
    Outcome.WITHHELD_SECURITY_STABILITY: [
        "危及“三安全一稳定”",
        '危及"三安全一稳定"',
        "危及三安全一稳定",
    ],
    Outcome.WITHHELD_THIRD_PARTY_RIGHTS: ["保护第三方合法权益"],
    Outcome.WITHHELD_INTERNAL_AFFAIRS: ["属于三类内部事务信息"],
    Outcome.WITHHELD_PROCESS_INFORMATION: ["属于四类过程性信息"],
    Outcome.WITHHELD_ENFORCEMENT_FILE: ["属于行政执法案卷"],
    Outcome.WITHHELD_ADMINISTRATIVE_QUERY: ["属于行政查询事项"],
    Outcome.UNAVAILABLE_NOT_HELD: ["本机关不掌握相关政府信息"],
    Outcome.UNAVAILABLE_NEEDS_CREATION: ["没有现成信息需要另行制作"],
    Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION: ["补正后申请内容仍不明确"],
    Outcome.NOT_PROCESSED_PETITION: ["信访举报投诉类申请"],
    Outcome.NOT_PROCESSED_DUPLICATE: ["重复申请"],
    Outcome.NOT_PROCESSED_PUBLICATION: ["要求提供公开出版物"],
    Outcome.NOT_PROCESSED_EXCESSIVE: ["无正当理由大量反复申请"],
    Outcome.NOT_PROCESSED_CONFIRMATION: ["要求行政机关确认或重新出具已获取信息"],
    Outcome.OTHER_NO_CORRECTION: [
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "逾期不补正",
    ],
    Outcome.OTHER_FEE_UNPAID: [
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "逾期未缴费",
    ],
    Outcome.OTHER: ["其他"],
}

_LEADING_NUMBER = re.compile(r"^\s*(?:\d+[.．、]|（[一二三四五六七]）)\s*")
_FEE = re.compile(r"\d+(?:\.\d{1,2})?")


def _canonical(aliases) -> str:
    return "、".join(names[0] for names in aliases.values())


def parse_fee(value: str) -> Decimal | None:
    """Blank, or yuan with at most two decimals ("1,200.50" allowed)."""
    value = (value or "").strip().replace(",", "").replace("，", "")
    if not value:
        return None
    if not _FEE.fullmatch(value):
        raise ValidationError(
            _("Write the yuan collected as a number such as 100 or 100.50; got “%(value)s”."),
            code="bad_fee",
            params={"value": value},
        )
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise ValidationError(_("Not a number."), code="bad_fee") from None


def _organization_cell(e: CellErrors, column, code, organizations, ctx) -> Organization | None:
    code = (code or "").strip().lower()
    if not code:
        return None
    org = organizations.get(code)
    if org is None:
        e.add(column, _("Unknown organization code “%(code)s”.") % {"code": code})
        return None
    if not ctx.in_scope(org.pk):
        e.add(
            column,
            _("Organization “%(code)s” is outside the organizations you manage.") % {"code": code},
        )
        return None
    return org


@dataclass
class ApplicationRow:
    tracking_number: str
    organization: Organization
    fields: dict


class ApplicationImporter(Importer):
    kind = "applications"
    label = _("Disclosure applications (history)")
    description = _(
        "Applications handled outside this system, with their outcome. They are kept as "
        "history without an event log; an open one (no outcome yet) is closed by importing "
        "it again with its outcome and closing date."
    )
    model = Application
    columns = [
        Column(
            A_NUMBER,
            max_length=Application._meta.get_field("tracking_number").max_length,
            help=_("The tracking number; importing it again updates that application."),
        ),
        Column(A_ORG, help=_("Code of the organization the application was made to.")),
        Column(
            A_TYPE,
            help=format_lazy(
                _("A column of table 3: {values}."), values=_canonical(APPLICANT_TYPE_ALIASES)
            ),
        ),
        Column(A_NAME, max_length=Application._meta.get_field("applicant_name").max_length),
        Column(
            A_CHANNEL,
            help=format_lazy(_("One of: {values}."), values=_canonical(CHANNEL_ALIASES)),
        ),
        Column(A_RECEIVED, help=_("Date of receipt (Article 31), YYYY-MM-DD.")),
        Column(A_DESCRIPTION, help=_("The information asked for.")),
        Column(
            A_OUTCOME,
            required=False,
            help=_(
                "A leaf row of table 3 without its number (予以公开, 部分公开, 属于国家秘密, …, "
                "重复申请, …, 其他) or its stable key; blank while the application is open."
            ),
        ),
        Column(A_CLOSED, required=False, help=_("YYYY-MM-DD; blank while open.")),
        Column(A_FEE, required=False, help=_("Information processing fee collected, in yuan.")),
    ]

    def prepare(self, rows, ctx: ImportContext) -> None:
        self.types = ChoiceLookup(ApplicantType, APPLICANT_TYPE_ALIASES)
        self.channels = ChoiceLookup(SubmissionChannel, CHANNEL_ALIASES)
        self.outcomes = ChoiceLookup(Outcome, OUTCOME_ALIASES)
        self.organizations = {o.code: o for o in Organization.objects.all()}
        numbers = {values.get(A_NUMBER, "").strip() for values in rows} - {""}
        self.existing = {
            a.tracking_number: a for a in Application.objects.filter(tracking_number__in=numbers)
        }

    def clean_row(self, values, ctx: ImportContext) -> ApplicationRow:
        e = CellErrors()
        number = values[A_NUMBER].strip()
        current = self.existing.get(number)
        if current is not None and not current.is_historical:
            e.add(
                A_NUMBER,
                _(
                    "“%(number)s” is an application handled in this system; an import cannot "
                    "overwrite it."
                )
                % {"number": number},
            )
        elif current is not None and not ctx.in_scope(current.organization_id):
            e.add(
                A_NUMBER,
                _("“%(number)s” belongs to an organization outside the ones you manage.")
                % {"number": number},
            )
        org = _organization_cell(e, A_ORG, values[A_ORG], self.organizations, ctx)
        applicant_type = e.clean(A_TYPE, self.types, values[A_TYPE])
        channel = e.clean(A_CHANNEL, self.channels, values[A_CHANNEL])
        received = e.clean(A_RECEIVED, parse_date, values[A_RECEIVED])
        outcome_text = _LEADING_NUMBER.sub("", values[A_OUTCOME])
        outcome = e.clean(A_OUTCOME, self.outcomes, outcome_text) if outcome_text else ""
        closed = e.clean(A_CLOSED, parse_date, values[A_CLOSED])
        fee = e.clean(A_FEE, parse_fee, values[A_FEE])

        if not e.has(A_OUTCOME) and not e.has(A_CLOSED):
            if outcome and closed is None:
                e.add(A_CLOSED, _("A closed application needs its closing date."))
            elif closed is not None and not outcome:
                e.add(A_OUTCOME, _("A closing date needs the outcome; leave both blank if open."))
        if received and closed and closed < received:
            e.add(A_CLOSED, _("The closing date is before the date of receipt."))
        today = timezone.localdate()
        for column, day in ((A_RECEIVED, received), (A_CLOSED, closed)):
            if day is not None and day > today:
                e.add(
                    column,
                    _("%(date)s is in the future; history has happened already.")
                    % {"date": day.isoformat()},
                )
        if fee is not None and outcome == Outcome.OTHER_FEE_UNPAID:
            e.add(
                A_FEE,
                _(
                    "The outcome says the fee was not paid; leave the fee blank "
                    "(it is the yuan actually collected)."
                ),
            )
        for column in (A_NUMBER, A_ORG, A_TYPE, A_NAME, A_CHANNEL, A_RECEIVED, A_DESCRIPTION):
            if not values[column].strip():
                # The runner reports it too; the row must not pass as clean either way.
                e.add(column, _("A value is required."))
        e.raise_if_any()

        fields = {
            "organization_id": org.pk,
            "applicant_type": applicant_type,
            "applicant_name": values[A_NAME].strip(),
            "channel": channel,
            "received_on": received,
            "description": values[A_DESCRIPTION].strip(),
            "outcome": outcome or "",
            "closed_on": closed,
            "fee_amount": fee,
            "status": ApplicationStatus.CLOSED if closed else ApplicationStatus.IN_PROGRESS,
        }
        return ApplicationRow(tracking_number=number, organization=org, fields=fields)

    def key(self, cleaned: ApplicationRow) -> tuple:
        return (cleaned.tracking_number,)

    def key_column(self, cleaned) -> str:
        return A_NUMBER

    def _due_on(self, fields) -> date | None:
        """An open imported application still has its statutory 20 working days."""
        if fields["closed_on"] is not None:
            return None
        try:
            return add_workdays(self._calendar, fields["received_on"], REPLY_WORKDAYS)
        except CalendarNotCovered:
            return None

    def save(self, rows: list[Row], ctx: ImportContext) -> SaveCounts:
        self._calendar = load_work_calendar()
        counts = SaveCounts()
        new, changed = [], []
        changed_fields: set[str] = set()
        for row in rows:
            ctx.saved()
            data: ApplicationRow = row.data
            wanted = {**data.fields, "due_on": self._due_on(data.fields)}
            current = self.existing.get(data.tracking_number)
            if current is None:
                received = wanted["received_on"]
                # The values of a new record, in one order for every row (insert_rows).
                new.append(
                    {
                        "tracking_number": data.tracking_number,
                        "is_historical": True,
                        "submitted_at": datetime.combine(received, time(9), tzinfo=SHANGHAI),
                        **wanted,
                    }
                )
                continue
            diff = [k for k, v in wanted.items() if getattr(current, k) != v]
            if not diff:
                counts.unchanged += 1
                continue
            for k in diff:
                setattr(current, k, wanted[k])
            changed_fields.update(diff)
            changed.append(current)
        # An imported number in the system's own format (ZLJ-2026-000001) must never be
        # handed out again: move the sequences past it before inserting, under their locks.
        advance_tracking_sequences(a["tracking_number"] for a in new)
        if new:
            # A refusal of the database cannot be pinned on one line of the stream.
            ctx.line = None
            insert_rows(
                Application, tuple(new[0]), (tuple(a.values()) for a in new), every=BATCH_SIZE
            )
        if changed:
            Application.objects.bulk_update(changed, sorted(changed_fields), batch_size=500)
        counts.created += len(new)
        counts.updated += len(changed)
        return counts


# --- reviews ------------------------------------------------------------------------------

R_NUMBER = "案件编号"
R_ORG = "机关代码"
R_KIND = "类型"
R_RECEIVED = "收到日期"
R_RESULT = "结果"
R_CLOSED = "结案日期"
R_APPLICATION = "关联受理编号"

REVIEW_KIND_ALIASES = {
    ReviewKind.RECONSIDERATION: ["行政复议", "复议"],
    ReviewKind.LITIGATION_DIRECT: [
        "行政诉讼-未经复议直接起诉",
        "未经复议直接起诉",
        "行政诉讼（未经复议直接起诉）",
    ],
    ReviewKind.LITIGATION_AFTER_RECONSIDERATION: [
        "行政诉讼-复议后起诉",
        "复议后起诉",
        "行政诉讼（复议后起诉）",
    ],
}
REVIEW_RESULT_ALIASES = {
    ReviewResult.UPHELD: ["结果维持", "维持"],
    ReviewResult.CORRECTED: ["结果纠正", "纠正"],
    ReviewResult.OTHER: ["其他结果", "其他"],
    ReviewResult.PENDING: ["尚未审结", "未审结", "审理中"],
}


@dataclass
class ReviewRow:
    case_number: str
    fields: dict


class ReviewImporter(Importer):
    kind = "reviews"
    label = _("Reconsideration and litigation cases")
    description = _(
        "Administrative reconsideration and litigation cases about disclosure (table 4), "
        "keyed by case number."
    )
    model = ReviewCase
    columns = [
        Column(R_NUMBER, max_length=ReviewCase._meta.get_field("case_number").max_length),
        Column(R_ORG, help=_("Code of the organization the case is brought against.")),
        Column(
            R_KIND,
            help=format_lazy(_("One of: {values}."), values=_canonical(REVIEW_KIND_ALIASES)),
        ),
        Column(R_RECEIVED, help=_("YYYY-MM-DD.")),
        Column(
            R_RESULT,
            help=format_lazy(_("One of: {values}."), values=_canonical(REVIEW_RESULT_ALIASES)),
        ),
        Column(R_CLOSED, required=False, help=_("YYYY-MM-DD; blank while pending.")),
        Column(
            R_APPLICATION,
            required=False,
            optional=True,
            help=_("Tracking number of the application concerned, if any."),
        ),
    ]

    def prepare(self, rows, ctx: ImportContext) -> None:
        self.kinds = ChoiceLookup(ReviewKind, REVIEW_KIND_ALIASES)
        self.results = ChoiceLookup(ReviewResult, REVIEW_RESULT_ALIASES)
        self.organizations = {o.code: o for o in Organization.objects.all()}
        numbers = {values.get(R_NUMBER, "").strip() for values in rows} - {""}
        self.existing = {
            c.case_number: c for c in ReviewCase.objects.filter(case_number__in=numbers)
        }
        linked = {values.get(R_APPLICATION, "").strip() for values in rows} - {""}
        self.applications = {
            a.tracking_number: a
            for a in Application.objects.filter(tracking_number__in=linked).only(
                "id", "tracking_number", "organization_id"
            )
        }

    def clean_row(self, values, ctx: ImportContext) -> ReviewRow:
        e = CellErrors()
        number = values[R_NUMBER].strip()
        current = self.existing.get(number)
        if current is not None and not ctx.in_scope(current.organization_id):
            e.add(
                R_NUMBER,
                _("Case “%(number)s” belongs to an organization outside the ones you manage.")
                % {"number": number},
            )
        org = _organization_cell(e, R_ORG, values[R_ORG], self.organizations, ctx)
        kind = e.clean(R_KIND, self.kinds, values[R_KIND])
        received = e.clean(R_RECEIVED, parse_date, values[R_RECEIVED])
        result = e.clean(R_RESULT, self.results, values[R_RESULT])
        closed = e.clean(R_CLOSED, parse_date, values[R_CLOSED])
        if result and not e.has(R_CLOSED):
            if result == ReviewResult.PENDING and closed is not None:
                e.add(R_CLOSED, _("A pending case has no closing date; leave it blank."))
            elif result != ReviewResult.PENDING and closed is None:
                e.add(R_CLOSED, _("A closed case needs its closing date."))
        if received and closed and closed < received:
            e.add(R_CLOSED, _("The closing date is before the date received."))
        application_id = None
        linked = values.get(R_APPLICATION, "").strip()
        if linked:
            app = self.applications.get(linked)
            if app is None:
                e.add(
                    R_APPLICATION,
                    _("No application has the tracking number “%(number)s”.") % {"number": linked},
                )
            elif org is not None and app.organization_id != org.pk:
                e.add(R_APPLICATION, _("The application was made to another organization."))
            else:
                application_id = app.pk
        # A blank required cell is reported by the runner; the row must not be built.
        for header, value in ((R_ORG, org), (R_KIND, kind), (R_RECEIVED, received)):
            require(e, header, value)
        e.raise_if_any()
        fields = {
            "organization_id": org.pk,
            "kind": kind,
            "received_on": received,
            "result": result,
            "closed_on": closed,
        }
        if R_APPLICATION in ctx.present:
            fields["application_id"] = application_id
        return ReviewRow(case_number=number, fields=fields)

    def key(self, cleaned: ReviewRow) -> tuple:
        return (cleaned.case_number,)

    def key_column(self, cleaned) -> str:
        return R_NUMBER

    def save(self, rows: list[Row], ctx: ImportContext) -> SaveCounts:
        counts = SaveCounts()
        new, changed = [], []
        changed_fields: set[str] = set()
        for row in rows:
            ctx.saved()
            data: ReviewRow = row.data
            current = self.existing.get(data.case_number)
            if current is None:
                new.append(
                    ReviewCase(case_number=data.case_number, is_historical=True, **data.fields)
                )
                continue
            diff = [k for k, v in data.fields.items() if getattr(current, k) != v]
            if not diff:
                counts.unchanged += 1
                continue
            for k in diff:
                setattr(current, k, data.fields[k])
            changed_fields.update(diff)
            changed.append(current)
        ReviewCase.objects.bulk_create(new, batch_size=500)
        if changed:
            ReviewCase.objects.bulk_update(changed, sorted(changed_fields), batch_size=500)
        counts.created += len(new)
        counts.updated += len(changed)
        return counts
