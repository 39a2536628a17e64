"""The demo district's entered figures and report records, for `load_demo`.

- 自流井区's 2016 figures that live in other systems (the portal's images, the
  e-government hall, the Weibo and WeChat accounts, the service window …), as
  the seed report (`shared/seed/`) states them, with its qualifiers (约, 余, 多).
- The 2016 `narrative2007` report whose prose is the seed's, every figure
  replaced by a placeholder, so that
  `annual_report --org zlj --year 2016 --format narrative2007` regenerates the
  seed from records and entered figures (differences: docs/seed-differences.md).
- A `gb2021` report for the current year from the format's default texts, with
  the entered 表二 cells, so that staff can try the workflow on a report whose
  checks pass.

Idempotent and respectful of edits: a figure, report or section that exists is
left as it is (staff may have changed it while trying the admin); only missing
rows are added.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import Organization
from reports import formats, providers  # noqa: F401  (providers register the figures)
from reports.models import EnteredFigure, Qualifier, Report, ReportFormat, ReportSection

ROOT_CODE = "zlj"
SEED_YEAR = 2016


@dataclass(frozen=True)
class Entry:
    key: str
    value: Decimal | int
    qualifier: str = Qualifier.EXACT
    note: str = ""


# The seed's figures from other systems, as printed. Notes say where each comes from.
ENTERED_2016 = [
    # 二: "图片信息100多幅". The catalogue holds 138 picture-news items, but the seed counts
    # images (幅) in the portal's picture library, which the catalogue does not record.
    Entry("portal.images", 100, Qualifier.MORE, "门户网站图片库统计"),
    Entry("hall.cases_published", 97458, note="网上政务大厅统计"),
    Entry("hall.cases_closed", 97456, note="网上政务大厅统计"),
    # Posts on the accounts (the catalogue's 169/141 items sent there are a lower bound).
    Entry("weibo.posts", 169, note="“微自流井”政务微博后台统计"),
    Entry("wechat.posts", 141, note="“微自流井”政务微信公众平台统计"),
    Entry("new_media.department_accounts", 13, note="各部门政务微信、微博账号"),
    Entry("new_media.department_posts", 5000, Qualifier.OVER, "各部门账号汇总"),
    # 三（一）: 182 = 158 + 24 is computed (approvals.items_total).
    Entry("approvals.items_district", 158, note="《行政审批项目目录》（2015年3月16日公告）"),
    Entry("approvals.items_city", 24, note="《行政审批项目目录》（2015年3月16日公告）"),
    Entry("approvals.flow_aspects", 16, note="《行政审批项目流程清单》"),
    Entry("public_resources.items", 408, note="四川政府采购网公开、公示"),
    Entry("public_services.resources", 14, note="门户网站办事服务栏目"),
    # 三（六）: figures of the provincial 网上信访信息系统.
    Entry("petitions.online_flow", 543, note="四川省网上信访信息系统"),
    Entry("petitions.forwarded_share", Decimal("50.1"), note="四川省网上信访信息系统"),
    Entry("petitions.entry_rate", 100, note="四川省网上信访信息系统"),
    # 九: the service window's ledger.
    Entry("window.visitors", 37000, Qualifier.ABOUT, "区政务服务中心窗口台账"),
    Entry("window.daily_visitors", 135, Qualifier.OVER, "区政务服务中心窗口台账"),
    Entry("services.extended_hours", 430, Qualifier.ABOUT_OVER, "区政务服务中心窗口台账"),
    Entry("services.appointments", 110, Qualifier.OVER, "区政务服务中心窗口台账"),
    Entry("services.home_visits", 40, Qualifier.OVER, "区政务服务中心窗口台账"),
    Entry("services.express", 3, note="区政务服务中心窗口台账"),
]

# 表二 cells that come from other systems, for the current year's gb2021 report. Made-up
# demo values (the seed is a 2016 narrative report and has no 表二).
ENTERED_TABLE2 = [
    Entry("table2.administrative_licensing.decisions", 1846, note="演示数据：区政务服务中心"),
    Entry("table2.administrative_penalty.decisions", 213, note="演示数据：各执法部门汇总"),
    Entry("table2.administrative_coercion.decisions", 17, note="演示数据：各执法部门汇总"),
    Entry(
        "table2.administrative_fees.amount_10k_yuan", Decimal("386.52"), note="演示数据：区财政局"
    ),
]


# The seed's prose, section by section, every figure a placeholder. Wording as in the seed;
# punctuation in full width (the seed's web copy mixes in ASCII commas, brackets and quotes);
# corrections where its arithmetic is wrong (docs/seed-differences.md, "The annual report").
SEED_TEXTS = {
    "intro": (
        "根据《中华人民共和国政府信息公开条例》（下文简称《条例》）和《自贡市政府信息公开实施办法》"
        "等文件精神，现将我区2016年信息公开总结如下。全文包括概述、政府信息主动公开情况、"
        "重点领域公开和五公开情况、依申请公开办理情况、收费及减免情况、行政诉讼（复议）情况、"
        "人大代表建议和政协委员提案办理结果公开情况、存在的主要问题及改进措施、其他情况九个部分。"
        "本总结统计数据的期限为2016年1月1日至12月31日。"
    ),
    "overview": "\n".join(
        [
            "2016年，我区认真贯彻《条例》精神，落实“六个走在前列”要求，以打造“阳光政府”为目标，"
            "全面加强服务型政府建设，稳妥有序地推进政府信息公开各项工作。",
            "一是高度重视，认真做好行政权力信息公开。推行权力清单制度建设是党的十八届三、四中全会"
            "作出的一项重要部署，区委、区政府高度重视，以行政审批制度改革为突破口，大力推进简政放权，"
            "在区政府门户网站公布了《行政审批项目目录》、《自流井区区级行政权力责任清单》和"
            "《行政审批项目流程清单》。《行政审批项目流程清单》从审批程序、申请材料、承诺期限、"
            "申请地点等{approvals.flow_aspects}个方面对行政审批事项的办理进行规范，让企业、群众知道"
            "他们所办理的事项需要经过哪些环节、准备哪些资料、到哪里找谁办理以及办理的进展情况等信息，"
            "既方便了企业、群众办事，又加强了对政府行政权力运行的监督。",
            "二是认真梳理，深化公开重点领域政府信息。为深入贯彻落实中共中央办公厅、国务院办公厅"
            "《关于全面推进政务公开工作的意见》、省政府办公厅《关于贯彻落实国务院办公厅2016年政务公开"
            "工作要点的通知》（川办发〔2016〕31号）和市政府办公室《关于贯彻落实国务院办公厅2016年"
            "政务公开工作要点的实施意见》（自府办发〔2016〕15号）精神，进一步细化公开任务，明确公开"
            "重点，配合市政府推进网站集约化建设，新增了“政府重点信息公开专栏”。2016年在新门户网站"
            "公开和更新行政权力、财政资金、公共资源配置、公共服务、公共监管等重点领域政府信息"
            "{disclosures.key_areas}条，其中，有{disclosures.budget_departments}个区级相关部门在"
            "政府门户网站公示了2015年度经费决算和“三公经费”情况。",
            "三是完善系统，不断升级重点办事服务事项。通过项目清理、流程优化、资源整合，进一步精减"
            "完善了全区行政许可事项的在线办理。全面梳理了“户口办理、生育证办理、身份证办理、企业优惠"
            "扶持、老年人福利待遇、残疾人服务、房屋产权登记”等重点办事服务专栏，确保了企业、群众在"
            "各种情况下都能找到办事途径。",
        ]
    ),
    "proactive": (
        "2016年通过自流井区门户网站“政务动态、政务公开、政府文件”等栏目主动公开各类信息"
        "{disclosures.published}条，图片信息{portal.images}幅，通过网上政务大厅发布政务办件信息"
        "{hall.cases_published}条、办结信息{hall.cases_closed}条，使政府信息传播更加可读、可感，"
        "进一步增强政府网站的吸引力和亲和力。2014年，“微自流井”政务微博在腾讯微博正式开通，"
        "2016年共发布了官方微博信息{weibo.posts}条。2015年11月，政务微信“微自流井”"
        "（微信号：zlj-zwwx）正式开通，2016年共发布政务微信{wechat.posts}条，现区内各部门已开通"
        "政务微信、微博共{new_media.department_accounts}个，2016年共发布各类信息"
        "{new_media.department_posts}条。通过在机关大楼公示栏、电梯间、政务中心办事大厅、外在机关"
        "单位张贴二维码广告牌，加大对我区政务微信的宣传力度，让群众更好地关注我区政务动态。"
    ),
    "key_areas": "\n".join(
        [
            "（一）推进行政权力信息公开",
            "我区高度重视行政审批制度改革，大力推进简政放权，依据《行政审批项目目录》（2015年3月16日"
            "发布于区门户网站的“自贡市自流井区人民政府关于自贡市自流井区区级行政许可项目目录的"
            "公告”）公布了行政审批项目{approvals.items_total}项（其中区本级"
            "{approvals.items_district}项，市级管理部门{approvals.items_city}项），进一步规范行政"
            "审批事项办理流程，方便了群众办事。我区本级及各部门分别公开权力责任清单，强化了对政府"
            "部门权力运行的监督管理。",
            "（二）推进财政资金信息公开",
            "为进一步推进财政资金信息公开，让“财政资金”在阳光下运行。2016年区财政局通过区政府门户"
            "网站公开了全区各部门2015年部门决算情况、2016年部门预算情况及2017年部门预算情况，全区"
            "三公经费2015年决算、2016年预算。",
            "（三）加强公共资源配置信息公开",
            "2016年区政务中心根据政府采购等相关法律法规和现行文件，对我区政府采购、公共资源交易等"
            "信息在四川政府采购网进行公开、公示。共计{public_resources.items}条。",
            "（四）加强公共服务信息公开",
            "网站集约化建设环境下我区门户网站设立办事服务信息栏目，整合了婚姻收养、招生信息、医疗"
            "卫生、就业信息、社会保障等{public_services.resources}项公共服务信息资源，推动以教育、"
            "卫生为重点的公共服务信息公开。及时向社会扩大招生政策、招生计划、小升初、中考招生等相关"
            "信息公开范围；进一步完善医务公开工作的实施方案和指导性目录，全面公布辖区内药店信息、"
            "医疗服务的价格信息；着重做好住房、交通、企业服务等信息公开，逐步拓展公共服务信息公开"
            "范围。",
            "（五）加强公共监管信息公开",
            "整合环境保护、生产安全、食品安全、信用信息等公共监管信息专栏。在市环保局网站和区政府"
            "网站上对每季度的环评审批、排污许可证审批、行政处罚、排污费收取、集中式饮用水源水质情况"
            "和重点排污情况进行了主动公开；在区政府常务会议上配合水务局对《自贡市集中式饮用水水源地"
            "保护管理条例》进行了解读。在区门户网站重点信息公开专栏“环境保护”栏目公开了“自流井区"
            "环保局2016年8—11月已审批建设项目环境影响评价文件的公示”、“自流井区环保护关于2016年度"
            "第三季度‘双随机’抽测检查情况的公示”、“2016年7月城市集中式饮用水水源”；“食品药品安全”"
            "栏目公开了“自流井区食药局食用农产品抽检公示表”；“生产安全”栏目公开了相关法律法规政策；"
            "“信用信息”栏目公开了我区小微企业信息名录。切实做到监管过程、结果全面公开。",
            "（六）积极回应社会热点和关切",
            "围绕全区工作重点和公众关注热点，拓展了政府网站信息公开范围，一是开设了“政策解读”、"
            "“回应关切”、“在线访谈”和“新闻发布会”等栏目。重要政策法规出台后，针对公众关切，加强"
            "解疑释惑，通过政府网站发布解读信息，及时予以回应。二是建设“领导信箱”栏目和“网上投诉"
            "受理”平台。全年网上流转量{petitions.online_flow}件，通过四川省网上信息信访系统、"
            "人民网、市委书记市长信箱转交办件达占所有信访件的{petitions.forwarded_share:pct}，"
            "信访件共录入{petitions.records}件，录入率{petitions.entry_rate:pct}。2016年，我区信访局"
            "共受理信访总量{petitions.total}件（人）次，其中受理来信{petitions.channel.letter}件，"
            "受理网上投诉件{petitions.channel.online}件，接待来访群众{petitions.visit_batches}批"
            "{petitions.visit_persons}人次（其中集体访{petitions.collective_batches}批"
            "{petitions.collective_persons}人次），及时受理率{petitions.accepted_in_time_rate:pct}，"
            "来访较去年同期批次{petitions.visit_batches_change:change}，人次"
            "{petitions.visit_persons_change:change}；群访{petitions.collective_batches}批"
            "{petitions.collective_persons}人次，较去年批次{petitions.collective_batches_change:change}"
            "，人次{petitions.collective_persons_change:change}；初访{petitions.first_visit_batches}批"
            "{petitions.first_visit_persons}人次，较去年批次{petitions.first_visit_batches_change:change}"
            "，人次{petitions.first_visit_persons_change:change}。针对涉及群众切身利益的重要决策，向"
            "社会广泛征求群众意见。针对教育、医疗、社保、就业、住房、出行等民生工程，开展网上"
            "“民意征集”调查。对电子政务服务的需求、行政审批项目流程清单、公共交通服务民生、党风廉政"
            "建设和反腐倡廉等工作进行了问卷调查。",
        ]
    ),
    "applications": (
        "随着社会群众法治意识的不断增强，对政府的依法行政提出了更高的要求，人民群众的政府信息"
        "依申请公开数量逐年增多，政府信息公开申请主要涉及征地拆迁、安置补偿、社保低保等与人民群众"
        "生产、生活利益息息相关的政府信息。截至目前，2016年区本级共受理政府信息公开申请"
        "{applications.received}件，其中现场申请{applications.received.in_person}件，回复率"
        "{applications.reply_rate:pct}。同时，强化各部门对网络依申请公开的重视度，督促及时做好"
        "答复工作。"
    ),
    # "没有……收取……成本费用" while no fee was collected; the amount once one is.
    "fees": "在政府信息公开工作中，我区{fees.cost_statement}。",
    "reviews": (
        "2016年度因政府信息公开引起的行政诉讼案件共{reviews.litigation.total}起，其中行政诉讼案"
        "办结{reviews.litigation.closed}起，正在办理{reviews.litigation.pending}起。"
    ),
    "proposals": "\n".join(
        [
            # The changes of a share are in percentage points (个百分点), not percent; C's count
            # went down by two (the seed: 增加2件). See docs/seed-differences.md.
            "2016年，区政府共承办区人大代表意见建议{proposals.npc.count}件，办结率为"
            "{proposals.npc.closure_rate:pct}，满意件{proposals.npc.satisfied}件，不满意件"
            "{proposals.npc.dissatisfied}件（{proposals.npc.dissatisfied_detail}）。其中，A类办理件共"
            "{proposals.npc.a.count}件，比去年{proposals.npc.a.count_change:diff}件，占总件数的"
            "{proposals.npc.a.share:pct}，同比{proposals.npc.a.share_change:diff}个百分点；B类办理件共"
            "{proposals.npc.b.count}件，比去年{proposals.npc.b.count_change:diff}件，占总件数的"
            "{proposals.npc.b.share:pct}，同比{proposals.npc.b.share_change:diff}个百分点；"
            "{proposals.npc.c.count}件C类办理件，比去年{proposals.npc.c.count_change:diff}件，"
            "占总件数的{proposals.npc.c.share:pct}，同比{proposals.npc.c.share_change:diff}个百分点。",
            "2016年，区政府办理区政协委员提案{proposals.cppcc.count}件，涉及城乡建设和管理、道路交通、"
            "经济发展、农业农村、社会事业等方面内容。其中A类办理件共{proposals.cppcc.a.count}件，"
            "占总数的{proposals.cppcc.a.share:pct}；B类办理件共{proposals.cppcc.b.count}件，占总数的"
            "{proposals.cppcc.b.share:pct}；C类办理件共{proposals.cppcc.c.count}件，点总数的"
            "{proposals.cppcc.c.share:pct}。{proposals.cppcc.in_time_statement}，其中，满意"
            "{proposals.cppcc.satisfied}件，{proposals.cppcc.dissatisfied_statement}。",
        ]
    ),
    "problems": "\n".join(
        [
            "（一）做好政府信息主动公开工作。建立完善政府信息主动公开工作机制，及时、准确、全面公开"
            "涉及群众切身利益和需要社会广泛知晓的政府信息。",
            "（二）落实政府信息公开主体责任。进一步规范政府信息依申请公开的受理、审查、处理、答复"
            "工作流程，形成全区政府信息公开主动、及时、准确、全面的良好氛围。",
            "（三）加强对办事服务信息公开工作的指导。加强对办事服务信息公开工作情况的调查研究，促进"
            "全区办事服务信息公开工作深入开展。",
            "（四）积极推进政府信息公开载体建设。优化升级信息公开网站平台，及时更新和完善公共查阅点的"
            "政府信息，拓宽公开渠道，方便公众获取信息。",
            "（五）加强政府信息公开工作队伍建设。开展全区政府信息公开专干培训，进一步提升政府信息公开"
            "专干队伍的业务水平和综合素质。",
        ]
    ),
    "other": (
        "我区政务服务窗口接待群众办事、咨询服务{window.visitors}人次，日均接待"
        "{window.daily_visitors}人次。共开展延时服务件{services.extended_hours}次，预约服务件"
        "{services.appointments}次、上门服务件{services.home_visits}次、快递服务件"
        "{services.express}次。"
    ),
}


def _add_figures(org: Organization, year: int, entries: list[Entry]) -> int:
    """Create the figures that are missing; an existing one (perhaps edited) is kept."""
    existing = set(
        EnteredFigure.objects.filter(
            organization=org, year=year, key__in=[e.key for e in entries]
        ).values_list("key", flat=True)
    )
    new = [
        EnteredFigure(
            organization=org,
            year=year,
            key=e.key,
            value=Decimal(e.value),
            qualifier=e.qualifier,
            note=e.note,
        )
        for e in entries
        if e.key not in existing
    ]
    for figure in new:
        figure.full_clean()  # the key must be a registered entered figure
    EnteredFigure.objects.bulk_create(new)
    return len(new)


def _add_report(org: Organization, year: int, format: str, texts: dict[str, str]) -> bool:
    """The report record with a section per heading of its format; missing rows only."""
    report, created = Report.objects.get_or_create(
        organization=org, year=year, format=format, defaults={"include_children": True}
    )
    existing = set(report.sections.values_list("key", flat=True))
    ReportSection.objects.bulk_create(
        ReportSection(report=report, key=s.key, text=texts.get(s.key, s.default_for(org.kind)))
        for s in formats.sections(format)
        if s.key not in existing
    )
    return created


def load(stdout: TextIO, *, today: date | None = None) -> None:
    """Entered figures and report records of 自流井区 (after its records are loaded)."""
    today = today or timezone.localdate()
    org = Organization.objects.filter(code=ROOT_CODE).first()
    if org is None:
        stdout.write(_("Reports: skipped, the demo organizations are not loaded.") + "\n")
        return
    unknown = set(SEED_TEXTS) - {s.key for s in formats.sections(ReportFormat.NARRATIVE2007)}
    if unknown:
        raise RuntimeError(f"demo texts for sections the format does not have: {sorted(unknown)}")
    with transaction.atomic():
        figures = _add_figures(org, SEED_YEAR, ENTERED_2016)
        figures += _add_figures(org, today.year, ENTERED_TABLE2)
        reports = _add_report(org, SEED_YEAR, ReportFormat.NARRATIVE2007, SEED_TEXTS)
        reports += _add_report(org, today.year, ReportFormat.GB2021, {})
    stdout.write(
        _(
            "Entered figures added: %(figures)d (%(seed_year)d and %(year)d); "
            "annual reports added: %(reports)d (%(seed_year)d narrative, %(year)d national format)."
        )
        % {"figures": figures, "reports": reports, "seed_year": SEED_YEAR, "year": today.year}
        + "\n"
    )
