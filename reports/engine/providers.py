"""Providers: the computed figures, each group counted with a fixed number of grouped queries.

Computing a report costs the same number of queries for ten applications or ten
thousand. This module also declares the entered figures (data that lives in other
systems). Importing it registers nothing: `register()` adds every provider and
entered figure to the registry of definitions (`reports.engine.figures`), in the
order they are declared here, and is called once, from `ReportsConfig.ready()`.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from core.arithmetic import percent_change, rate
from disclosure.models import Category, Disclosure, Genre, Organization
from reports.engine import tables
from reports.engine.figures import Figure, Provider, Registry, registry
from reports.engine.placeholders import format_number
from reports.models import EnteredFigure
from requests_app.applications.models import SubmissionChannel


@dataclass
class Context:
    organization: Organization
    year: int
    organization_ids: frozenset[int]
    # The organization's entered figures of the year, by key (for figures derived from them).
    entered: dict = field(default_factory=dict)


# What `register()` does, step by step in the order of this module: the order of the
# registry is the order of the figures in every output.
_REGISTRATIONS: list[Callable[[Registry], None]] = []


def provider(name: str, figures: list[tuple[str, str, str]]):
    """Declare a provider counting `figures` [(key, label, unit), …]; `register()` adds it."""

    figures = list(figures)

    def decorate(fn: Provider) -> Provider:
        _REGISTRATIONS.append(lambda target: target.provider(name, figures)(fn))
        return fn

    return decorate


def entered(key: str, label: str, unit: str = "", *, display: str = "") -> None:
    """Declare a figure entered by staff; `register()` adds it."""
    _REGISTRATIONS.append(lambda target: target.entered(key, label, unit, display=display))


ROW_LABELS = {
    "new_received": "本年新收政府信息公开申请数量",
    "carried_over": "上年结转政府信息公开申请数量",
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "withheld_state_secret": "不予公开：属于国家秘密",
    "withheld_prohibited_by_law": "不予公开：其他法律行政法规禁止公开",
    "withheld_security_stability": "不予公开：危及“三安全一稳定”",
    "withheld_third_party_rights": "不予公开：保护第三方合法权益",
    "withheld_internal_affairs": "不予公开：属于三类内部事务信息",
    "withheld_process_information": "不予公开：属于四类过程性信息",
    "withheld_enforcement_file": "不予公开：属于行政执法案卷",
    "withheld_administrative_query": "不予公开：属于行政查询事项",
    "unavailable_not_held": "无法提供：本机关不掌握相关政府信息",
    "unavailable_needs_creation": "无法提供：没有现成信息需要另行制作",
    "unavailable_unclear_after_correction": "无法提供：补正后申请内容仍不明确",
    "not_processed_petition": "不予处理：信访举报投诉类申请",
    "not_processed_duplicate": "不予处理：重复申请",
    "not_processed_publication": "不予处理：要求提供公开出版物",
    "not_processed_excessive": "不予处理：无正当理由大量反复申请",
    "not_processed_confirmation": "不予处理：要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "其他处理：申请人无正当理由逾期不补正",
    "other_fee_unpaid": "其他处理：申请人逾期未按收费通知要求缴纳费用",
    "other": "其他处理：其他",
    "total_processed": "办理结果总计",
    "carried_forward": "结转下年度继续办理",
}
COLUMN_LABELS = {
    "natural_person": "自然人",
    "commercial_enterprise": "商业企业",
    "research_institution": "科研机构",
    "social_welfare_org": "社会公益组织",
    "legal_service_org": "法律服务机构",
    "other_org": "其他法人或其他组织",
    "total": "总计",
}
TABLE2_ROW_LABELS = {
    "regulations": "规章",
    "normative_documents": "行政规范性文件",
    "administrative_licensing": "行政许可",
    "administrative_penalty": "行政处罚",
    "administrative_coercion": "行政强制",
    "administrative_fees": "行政事业性收费",
}
TABLE2_COLUMN_LABELS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount_10k_yuan": "本年收费金额（万元）",
}
TABLE4_GROUP_LABELS = {
    "reconsideration": "行政复议",
    "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_reconsideration": "行政诉讼（复议后起诉）",
}
TABLE4_COLUMN_LABELS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
CHANNEL_LABELS = {
    "online": "网上申请",
    "in_person": "当面申请",
    "registered_mail": "信函申请（签收）",
    "ordinary_mail": "信函申请（平信）",
    "fax": "传真申请",
    "email": "电子邮件申请",
    "oral": "口头申请",
}


# 表二 ----------------------------------------------------------------------------------------


@provider(
    "table2",
    [
        (
            f"table2.{row}.{column}",
            f"表二 {TABLE2_ROW_LABELS[row]} {TABLE2_COLUMN_LABELS[column]}",
            "件",
        )
        for row in tables.TABLE2_DOCUMENT_ROWS
        for column in tables.TABLE2_DOCUMENT_COLUMNS
    ],
)
def _table2(ctx: Context):
    table = tables.compute_table2_documents(ctx.organization_ids, ctx.year)
    return {
        f"table2.{row}.{column}": value
        for row, columns in table.items()
        for column, value in columns.items()
    }


for _row, _column in tables.TABLE2_ENTERED.items():
    entered(
        f"table2.{_row}.{_column}",
        f"表二 {TABLE2_ROW_LABELS[_row]} {TABLE2_COLUMN_LABELS[_column]}",
        "万元" if _column == "amount_10k_yuan" else "件",
    )


# 表三 and the narrative's 依申请公开 figures -----------------------------------------------------


@provider(
    "table3",
    [
        (f"table3.{row}.{column}", f"表三 {ROW_LABELS[row]}（{COLUMN_LABELS[column]}）", "件")
        for row in tables.TABLE3_ROWS
        for column in tables.TABLE3_COLUMNS
    ]
    + [
        ("applications.received", "本年新收政府信息公开申请", "件"),
        ("applications.carried_over", "上年结转政府信息公开申请", "件"),
        ("applications.closed", "本年办结政府信息公开申请", "件"),
        ("applications.carried_forward", "结转下年度继续办理的申请", "件"),
        ("applications.reply_rate", "申请答复率", "%"),
        ("applications.granted_rate", "予以公开（含部分公开）占办结申请的比例", "%"),
    ]
    + [
        (f"applications.received.{c}", f"本年新收{CHANNEL_LABELS[c]}", "件")
        for c in SubmissionChannel.values
    ],
)
def _table3(ctx: Context):
    t3 = tables.compute_table3(ctx.organization_ids, ctx.year)
    values = {
        f"table3.{row}.{column}": value
        for row, columns in t3.cells.items()
        for column, value in columns.items()
    }
    received, carried = t3.cell("new_received"), t3.cell("carried_over")
    closed = t3.cell("total_processed")
    values.update(
        {
            "applications.received": received,
            "applications.carried_over": carried,
            "applications.closed": closed,
            "applications.carried_forward": t3.cell("carried_forward"),
            "applications.reply_rate": rate(closed, received + carried),
            "applications.granted_rate": rate(
                t3.cell("granted") + t3.cell("partially_granted"), closed
            ),
        }
    )
    by_channel = tables.compute_received_by_channel(ctx.organization_ids, ctx.year)
    values.update({f"applications.received.{c}": n for c, n in by_channel.items()})
    return values


# 第四十四条: released information made public for everyone. The national format (国办公开办函
# 〔2021〕30号) has no cell for it; the narrative's 依申请公开 section may cite the count.


@provider(
    "article44",
    [("applications.made_public", "依申请公开转为主动公开的政府信息", "条")],
)
def _article44(ctx: Context):
    from requests_app.applications.services.article44 import made_public_count

    return {"applications.made_public": made_public_count(ctx.organization_ids, ctx.year)}


# 表四 and the narrative's 复议诉讼 figures --------------------------------------------------------


@provider(
    "table4",
    [
        (f"table4.{g}.{c}", f"表四 {TABLE4_GROUP_LABELS[g]} {TABLE4_COLUMN_LABELS[c]}", "件")
        for g in tables.TABLE4_GROUPS
        for c in tables.TABLE4_COLUMNS
    ]
    + [
        ("reviews.reconsideration.total", "行政复议案件", "起"),
        ("reviews.reconsideration.closed", "已审结的行政复议案件", "起"),
        ("reviews.reconsideration.pending", "尚未审结的行政复议案件", "起"),
        ("reviews.litigation.total", "行政诉讼案件", "起"),
        ("reviews.litigation.closed", "已审结的行政诉讼案件", "起"),
        ("reviews.litigation.pending", "尚未审结的行政诉讼案件", "起"),
    ],
)
def _table4(ctx: Context):
    t4 = tables.compute_table4(ctx.organization_ids, ctx.year)
    values = {f"table4.{g}.{c}": v for g, cols in t4.items() for c, v in cols.items()}
    rec = t4["reconsideration"]
    lit = [t4["litigation_direct"], t4["litigation_after_reconsideration"]]
    values.update(
        {
            "reviews.reconsideration.total": rec["total"],
            "reviews.reconsideration.closed": rec["total"] - rec["pending"],
            "reviews.reconsideration.pending": rec["pending"],
            "reviews.litigation.total": sum(g["total"] for g in lit),
            "reviews.litigation.closed": sum(g["total"] - g["pending"] for g in lit),
            "reviews.litigation.pending": sum(g["pending"] for g in lit),
        }
    )
    return values


# 六 信息处理费, and the narrative era's 成本费用 ------------------------------------------------

# The seed's (2016) wording when nothing was collected; staff prose builds around it
# ("在政府信息公开工作中，我区{fees.cost_statement}。").
NO_COST_FEES = "没有对公民、法人和其他组织收取复印、递送等成本费用"


@provider(
    "fees",
    [
        ("fees.amount_yuan", "收取信息处理费金额", "元"),
        ("fees.cases", "收取信息处理费的申请", "件"),
        ("fees.statement", "信息处理费收取情况", ""),
        ("fees.cost_statement", "检索、复制、邮寄等成本费用收取情况（2008—2018年的报告）", ""),
    ],
)
def _fees(ctx: Context):
    fees = tables.compute_fees(ctx.organization_ids, ctx.year)
    amount = format_number(fees["amount_yuan"])
    if fees["cases"]:
        # 信息处理费 under the 2019 条例 (国办函〔2020〕109号).
        statement = f"对{fees['cases']}件政府信息公开申请收取信息处理费，合计{amount}元"
        # Before 2019, 2007 条例 第二十七条: only 检索、复制、邮寄等成本费用 could be charged.
        cost_statement = (
            f"对{fees['cases']}件政府信息公开申请收取检索、复制、邮寄等成本费用，合计{amount}元"
        )
    else:
        statement = "未收取信息处理费"
        cost_statement = NO_COST_FEES
    return {
        "fees.amount_yuan": fees["amount_yuan"],
        "fees.cases": fees["cases"],
        "fees.statement": statement,
        "fees.cost_statement": cost_statement,
    }


# 主动公开 from the catalogue --------------------------------------------------------------------


def key_area_column_ids() -> list[int]:
    """The narrative's "重点领域政府信息N条": the columns marked as key areas (the
    政府重点信息公开专栏) and every column below them, at any depth.

    One query over (pk, parent_id, is_key_area); the catalogue's columns are a small tree.
    """
    children: dict[int | None, list[int]] = {}
    stack = []
    for pk, parent_id, is_key_area in Category.objects.values_list(
        "pk", "parent_id", "is_key_area"
    ):
        children.setdefault(parent_id, []).append(pk)
        if is_key_area:
            stack.append(pk)
    found: set[int] = set()
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, ()))
    return sorted(found)


@provider(
    "disclosures",
    [
        ("disclosures.published", "主动公开政府信息", "条"),
        ("disclosures.published_previous", "上年主动公开政府信息", "条"),
        ("disclosures.published_change", "主动公开信息较上年增减", "%"),
        ("disclosures.interpretations", "发布政策解读", "条"),
        ("disclosures.picture_news", "图片新闻", "条"),
        ("disclosures.late", "超过20个工作日公开的信息", "条"),
        ("disclosures.budget_departments", "公开部门预决算的下级机关", "个"),
        ("disclosures.key_areas", "重点领域公开的政府信息", "条"),
    ],
)
def _disclosures(ctx: Context):
    year = ctx.year
    # Only the two years counted: the catalogue's index on (status, published_on) keeps the
    # cost that of the years' documents, not of the whole archive.
    published = Disclosure.objects.published().filter(
        organization_id__in=ctx.organization_ids,
        published_on__gte=date(year - 1, 1, 1),
        published_on__lte=date(year, 12, 31),
    )
    key_areas = key_area_column_ids()
    row = published.aggregate(
        current=Count("id", filter=Q(published_on__year=year)),
        previous=Count("id", filter=Q(published_on__year=year - 1)),
        interpretations=Count("id", filter=Q(published_on__year=year, genre=Genre.INTERPRETATION)),
        pictures=Count("id", filter=Q(published_on__year=year, genre=Genre.PICTURE_NEWS)),
        late=Count("id", filter=Q(published_on__year=year, publication_delay_workdays__gt=20)),
        budget_departments=Count(
            "organization",
            distinct=True,
            filter=Q(published_on__year=year, genre=Genre.BUDGET)
            & ~Q(organization_id=ctx.organization.pk),
        ),
        # Ids, not a join: the other counts keep every row.
        key_areas=Count("id", filter=Q(published_on__year=year, category_id__in=key_areas)),
    )
    change = percent_change(row["current"], row["previous"])
    return {
        "disclosures.published": row["current"],
        "disclosures.published_previous": row["previous"],
        "disclosures.published_change": change,
        "disclosures.interpretations": row["interpretations"],
        "disclosures.picture_news": row["pictures"],
        "disclosures.late": row["late"],
        "disclosures.budget_departments": row["budget_departments"],
        "disclosures.key_areas": row["key_areas"],
    }


# Entered figures: data that lives in other systems -------------------------------------------

ENTERED = [
    ("portal.images", "门户网站发布图片信息", "幅", ""),
    ("hall.cases_published", "网上政务大厅发布政务办件信息", "条", ""),
    ("hall.cases_closed", "网上政务大厅发布办结信息", "条", ""),
    ("weibo.posts", "政务微博发布信息", "条", ""),
    ("wechat.posts", "政务微信发布信息", "条", ""),
    ("new_media.department_accounts", "各部门开通的政务微信、微博", "个", ""),
    ("new_media.department_posts", "各部门政务新媒体发布信息", "条", ""),
    ("approvals.items_district", "区本级行政审批项目", "项", ""),
    ("approvals.items_city", "市级管理部门行政审批项目", "项", ""),
    ("approvals.flow_aspects", "行政审批项目流程清单规范的方面", "个", ""),
    ("public_resources.items", "政府采购、公共资源交易公开公示信息", "条", ""),
    ("public_services.resources", "整合的公共服务信息资源", "项", ""),
    ("petitions.online_flow", "网上信访流转量", "件", ""),
    ("petitions.forwarded_share", "经网上信访平台转交办件占信访件的比例", "%", ""),
    ("petitions.entry_rate", "信访件录入率", "%", ""),
    ("window.visitors", "政务服务窗口接待群众", "人次", "wan"),
    ("window.daily_visitors", "政务服务窗口日均接待", "人次", ""),
    ("services.extended_hours", "延时服务", "次", ""),
    ("services.appointments", "预约服务", "次", ""),
    ("services.home_visits", "上门服务", "次", ""),
    ("services.express", "快递服务", "次", ""),
]
for _key, _label, _unit, _display in ENTERED:
    entered(_key, _label, _unit, display=_display)


@provider("approvals", [("approvals.items_total", "公布行政审批项目", "项")])
def _approvals(ctx: Context):
    # The sum of two entered figures: never typed in a third time.
    parts = [ctx.entered.get(key) for key in ("approvals.items_district", "approvals.items_city")]
    if None in parts:
        return {"approvals.items_total": None}
    return {"approvals.items_total": int(sum(e.value for e in parts))}


@provider(
    "report",
    [
        ("report.organization", "报告机关", ""),
        ("report.year", "报告年度", "年"),
        ("report.office", "政府信息公开工作机构", ""),
        ("report.address", "政府信息公开工作机构地址", ""),
        ("report.phone", "政府信息公开工作机构电话", ""),
    ],
)
def _report(ctx: Context):
    org = ctx.organization
    return {
        "report.organization": org.name,
        "report.year": ctx.year,
        "report.office": org.office_name or f"{org.name}政府信息公开工作机构",
        "report.address": org.address or "—",
        "report.phone": org.phone or "—",
    }


# 信访 (the narrative's 三（六）) ---------------------------------------------------------------

PETITION_CHANNEL_LABELS = {"letter": "来信", "online": "网上投诉", "visit": "来访", "phone": "来电"}
_PETITION_CHANGES = [
    ("total", "信访总量", "件(人)次"),
    ("records", "信访件", "件"),
    ("visit_batches", "来访批次", "批"),
    ("visit_persons", "来访人次", "人次"),
    ("collective_batches", "集体访批次", "批"),
    ("collective_persons", "集体访人次", "人次"),
    ("first_visit_batches", "初访批次", "批"),
    ("first_visit_persons", "初访人次", "人次"),
]


@provider(
    "petitions",
    [(f"petitions.{k}", label, unit) for k, label, unit in _PETITION_CHANGES]
    + [(f"petitions.{k}_previous", f"上年{label}", unit) for k, label, unit in _PETITION_CHANGES]
    + [(f"petitions.{k}_change", f"{label}较上年增减", "%") for k, label, _ in _PETITION_CHANGES]
    + [
        (f"petitions.channel.{c}", f"受理{label}", "件")
        for c, label in PETITION_CHANNEL_LABELS.items()
    ]
    + [
        ("petitions.accepted_in_time_rate", "信访件及时受理率", "%"),
        ("petitions.repeat_visit_batches", "重复访批次", "批"),
        ("petitions.repeat_visit_persons", "重复访人次", "人次"),
    ],
)
def _petitions(ctx: Context):
    from requests_app.petitions.stats import petition_statistics

    stats = petition_statistics(
        organization=ctx.organization, year=ctx.year, organization_ids=ctx.organization_ids
    )
    values: dict = {}
    for key, _label, _unit in _PETITION_CHANGES:
        change = getattr(stats, key)
        values[f"petitions.{key}"] = change.current
        values[f"petitions.{key}_previous"] = change.previous
        values[f"petitions.{key}_change"] = change.percent
    for channel in PETITION_CHANNEL_LABELS:
        values[f"petitions.channel.{channel}"] = stats.current.by_channel.get(channel, 0)
    values["petitions.accepted_in_time_rate"] = stats.current.accepted_in_time_rate
    repeat = stats.current.repeat_visits
    values["petitions.repeat_visit_batches"] = repeat.batches
    values["petitions.repeat_visit_persons"] = repeat.persons
    return values


# 建议提案 (the narrative's 七) -------------------------------------------------------------------

PROPOSAL_KINDS = {
    "npc": ("deputy_suggestion", "人大代表建议"),
    "cppcc": ("cppcc_proposal", "政协委员提案"),
}
PROPOSAL_CATEGORIES = {
    "a": ("solved", "A类"),
    "b": ("in_progress", "B类"),
    "c": ("for_reference", "C类"),
}
# How the narrative's prose names them in a sentence: 所有委员提案已在规定时限内按要求办结.
PROPOSAL_NOUNS = {"npc": "代表建议", "cppcc": "委员提案"}
PROPOSAL_SATISFACTION = {
    "satisfied": "满意",
    "basically_satisfied": "基本满意",
    "dissatisfied": "不满意",
}


def _proposal_figures():
    for short, (_kind, name) in PROPOSAL_KINDS.items():
        p = f"proposals.{short}"
        yield (f"{p}.count", f"承办{name}", "件")
        yield (f"{p}.count_previous", f"上年承办{name}", "件")
        yield (f"{p}.count_change", f"{name}较上年增减", "件")
        yield (f"{p}.closed", f"办结{name}", "件")
        yield (f"{p}.closure_rate", f"{name}办结率", "%")
        yield (f"{p}.in_time_rate", f"{name}按时办结率", "%")
        for s, label in PROPOSAL_SATISFACTION.items():
            yield (f"{p}.{s}", f"{name}{label}件", "件")
        for c, (_cat, label) in PROPOSAL_CATEGORIES.items():
            yield (f"{p}.{c}.count", f"{name}{label}办理件", "件")
            yield (f"{p}.{c}.count_change", f"{name}{label}办理件较上年增减", "件")
            yield (f"{p}.{c}.share", f"{name}{label}办理件占比", "%")
            yield (f"{p}.{c}.share_change", f"{name}{label}办理件占比较上年增减", "个百分点")
        yield (f"{p}.dissatisfied_detail", f"不满意的{name}", "")
        yield (f"{p}.dissatisfied_statement", f"{name}不满意件情况", "")
        yield (f"{p}.in_time_statement", f"{name}按时办结情况", "")


@provider("proposals", list(_proposal_figures()))
def _proposals(ctx: Context):
    from requests_app.proposals.models import Proposal, ResultCategory
    from requests_app.proposals.stats import proposal_statistics

    stats = proposal_statistics(
        organization=ctx.organization, year=ctx.year, organization_ids=ctx.organization_ids
    )
    dissatisfied: dict[str, list[str]] = {}
    rows = (
        Proposal.objects.filter(
            lead_organization_id__in=ctx.organization_ids,
            year=ctx.year,
            satisfaction="dissatisfied",
        )
        .prefetch_related("proposers")
        .order_by("number")
    )
    for proposal in rows:
        names = "、".join(p.name for p in proposal.proposers.all())
        letter = ResultCategory(proposal.category).letter if proposal.category else ""
        role = "代表" if proposal.kind == "deputy_suggestion" else "委员"
        prefix = f"{letter}类办理件，" if letter else ""
        dissatisfied.setdefault(proposal.kind, []).append(
            f"{prefix}为{names}{role}提出{proposal.title}"
        )

    values: dict = {}
    for short, (kind, _name) in PROPOSAL_KINDS.items():
        p = f"proposals.{short}"
        k = stats.by_kind.get(kind)
        if k is None:
            continue
        values[f"{p}.count"] = k.count.current
        values[f"{p}.count_previous"] = k.count.previous
        values[f"{p}.count_change"] = k.count.current - k.count.previous
        values[f"{p}.closed"] = k.closed
        values[f"{p}.closure_rate"] = k.closure_rate
        values[f"{p}.in_time_rate"] = k.in_time_rate
        for s in PROPOSAL_SATISFACTION:
            values[f"{p}.{s}"] = k.by_satisfaction.get(s, 0)
        for c, (category, _label) in PROPOSAL_CATEGORIES.items():
            figures = k.by_category.get(category)
            if figures is None:
                continue
            values[f"{p}.{c}.count"] = figures.count
            values[f"{p}.{c}.count_change"] = figures.count_change
            values[f"{p}.{c}.share"] = figures.share
            values[f"{p}.{c}.share_change"] = figures.share_change_points
        values[f"{p}.dissatisfied_detail"] = "；".join(dissatisfied.get(kind, [])) or "无"
        values[f"{p}.dissatisfied_statement"] = dissatisfied_statement(
            k.by_satisfaction.get("dissatisfied", 0)
        )
        values[f"{p}.in_time_statement"] = in_time_statement(
            PROPOSAL_NOUNS[short], k.count.current, k.closed, k.closed_in_time
        )
    return values


def dissatisfied_statement(dissatisfied: int) -> str:
    """The seed's "无不满意件", or how many were not: words that follow the records."""
    return f"不满意{dissatisfied}件" if dissatisfied else "无不满意件"


def in_time_statement(noun: str, count: int, closed: int, closed_in_time: int) -> str:
    """The seed's "所有委员提案已在规定时限内按要求办结" while it is true, else the counts."""
    if not count:
        return f"没有需要办理的{noun}"
    if closed_in_time == count:
        return f"所有{noun}已在规定时限内按要求办结"
    late = closed - closed_in_time
    if not closed:
        return f"{count}件{noun}正在办理"
    if closed == count:
        return f"所有{noun}已按要求办结，其中在规定时限内办结{closed_in_time}件、逾期办结{late}件"
    detail = f"在规定时限内办结{closed_in_time}件" + (f"、逾期办结{late}件" if late else "")
    return f"已办结{noun}{closed}件（其中{detail}），尚有{count - closed}件正在办理"


# Registration and computation -----------------------------------------------------------------


def register(target: Registry = registry) -> None:
    """Add every provider and entered figure of this module to `target`.

    Called once, from `ReportsConfig.ready()`; a figure registered twice is an error.
    """
    for step in _REGISTRATIONS:
        step(target)


def scope_ids(organization: Organization, include_children: bool) -> frozenset[int]:
    return frozenset(
        Organization.objects.scope_ids(organization, include_children=include_children)
    )


def compute_figures(
    organization: Organization,
    year: int,
    *,
    include_children: bool = False,
    organization_ids: Collection[int] | None = None,
) -> dict[str, Figure]:
    """Every registered figure for an organization and year, keyed by figure key."""
    ids = (
        frozenset(organization_ids)
        if organization_ids is not None
        else scope_ids(organization, include_children)
    )
    # Entered figures belong to the report's own organization: a district's figure for its
    # e-government hall is not the sum of its departments' entries.
    entries = {e.key: e for e in EnteredFigure.objects.filter(organization=organization, year=year)}
    ctx = Context(organization=organization, year=year, organization_ids=ids, entered=entries)
    values: dict[str, Decimal | int | str | None] = {}
    for fn in registry.providers().values():
        values.update(fn(ctx))

    figures: dict[str, Figure] = {}
    for definition in registry.all():
        if definition.entered:
            e = entries.get(definition.key)
            if e is None:
                figures[definition.key] = Figure(definition, None, missing=True)
            else:
                value = e.value
                if value == value.to_integral_value():
                    value = int(value)
                figures[definition.key] = Figure(definition, value, e.qualifier, e.note)
        else:
            figures[definition.key] = Figure(definition, values.get(definition.key))
    return figures
