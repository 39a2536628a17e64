"""Demo petitions and proposals of 自流井区 for 2015 and 2016.

`load(stdout)` is idempotent (records are recognised by their demo numbers)
and deterministic (a seeded generator). The records are chosen so that the
statistics selectors (`requests_app.petitions.stats`) give the seed report's 2016 figures
and every change against 2015 it states; the 2015 integers were worked out
from those changes, see docs/seed-differences.md. The personal data is made
up: names from common surnames, phone numbers in mobile ranges, identity
numbers with a valid check character but random dates and serials.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from disclosure.models import Organization, OrganizationKind
from disclosure.validators import id_check_character
from requests_app.petitions.models import (
    AcceptanceDecision,
    Petition,
    PetitionChannel,
    PetitionSource,
    VisitKind,
)
from requests_app.petitions.rules import ACCEPTANCE_PERIOD_DAYS, COLLECTIVE_VISIT_MIN_PERSONS
from requests_app.petitions.services import ensure_default_sources, mailbox_prefix
from requests_app.proposals.models import (
    Proposal,
    ProposalKind,
    ProposalProposer,
    ResultCategory,
    Satisfaction,
)
from requests_app.proposals.services import ProposerData, default_due_on
from requests_app.tracking import TrackingSequence

ORG_CODE = "zlj"
REF_PREFIX = "DEMO-XF"
SEED = 20161231


# --- the figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitGroup:
    """Visits of one kind (collective or not, first or repeat): batches and persons."""

    collective: bool
    kind: str
    batches: int
    persons: int


@dataclass(frozen=True)
class PetitionYearPlan:
    year: int
    letters: int
    online: list[str]  # source codes, one per online complaint
    visits: list[VisitGroup]
    late_decisions: int  # decisions on acceptance made after the 15 days
    not_accepted: int


# 2016, seed section 三（六）: 来信3件, 网上投诉6件, 来访253批1287人次, 集体访60批917人次,
# 初访201批886人次, 及时受理率100%. The split of collective/individual visits into first
# and repeat visits is not in the seed; any split with these totals gives the same figures.
PLAN_2016 = PetitionYearPlan(
    year=2016,
    letters=3,
    online=[
        "provincial-system",
        "provincial-system",
        "people-cn",
        "secretary-mayor-mailbox",
        "leader-mailbox",
        "leader-mailbox",
    ],
    visits=[
        VisitGroup(True, VisitKind.FIRST, 40, 600),
        VisitGroup(True, VisitKind.REPEAT, 20, 317),
        VisitGroup(False, VisitKind.FIRST, 161, 286),
        VisitGroup(False, VisitKind.REPEAT, 32, 84),
    ],
    late_decisions=0,
    not_accepted=4,
)
# 2015, derived from the stated changes: 来访 282批1973人次 (−10.28%, −34.77%), 集体访 85批
# 1634人次 (−29.41%, −43.88%), 初访 255批1653人次 (−21.18%, −46.40%). Letters, online
# complaints and the late decisions of 2015 are not in the seed: chosen plausibly.
PLAN_2015 = PetitionYearPlan(
    year=2015,
    letters=4,
    online=[
        "provincial-system",
        "provincial-system",
        "provincial-system",
        "people-cn",
        "people-cn",
        "secretary-mayor-mailbox",
        "leader-mailbox",
        "leader-mailbox",
    ],
    visits=[
        VisitGroup(True, VisitKind.FIRST, 70, 1340),
        VisitGroup(True, VisitKind.REPEAT, 15, 294),
        VisitGroup(False, VisitKind.FIRST, 185, 313),
        VisitGroup(False, VisitKind.REPEAT, 12, 26),
    ],
    late_decisions=3,
    not_accepted=5,
)


@dataclass(frozen=True)
class ProposalYearPlan:
    year: int
    kind: str
    session: str
    assigned_on: date
    categories: dict[str, int]
    satisfaction: dict[str, int]  # in the order the categories are generated


PROPOSAL_PLANS = [
    # Seed section 七: 14 deputies' suggestions, A 11 B 2 C 1, 满意 13 不满意 1 (the C one).
    ProposalYearPlan(
        2016,
        ProposalKind.DEPUTY_SUGGESTION,
        "区十七届人大六次会议",
        date(2016, 3, 9),
        {ResultCategory.SOLVED: 11, ResultCategory.IN_PROGRESS: 2, ResultCategory.FOR_REFERENCE: 1},
        {Satisfaction.SATISFIED: 13, Satisfaction.DISSATISFIED: 1},
    ),
    # 2015 from the changes: A 11 − 1 = 10, B 2 + 4 = 6, and C = 3 so that A's share was
    # 52.63% (78.57 − 25.94) and C's 15.79% (7.14 + 8.65): 19 suggestions.
    ProposalYearPlan(
        2015,
        ProposalKind.DEPUTY_SUGGESTION,
        "区十七届人大五次会议",
        date(2015, 3, 11),
        {ResultCategory.SOLVED: 10, ResultCategory.IN_PROGRESS: 6, ResultCategory.FOR_REFERENCE: 3},
        {
            Satisfaction.SATISFIED: 16,
            Satisfaction.BASICALLY_SATISFIED: 2,
            Satisfaction.DISSATISFIED: 1,
        },
    ),
    # 74 CPPCC proposals: A 35 B 37 C 2, all answered in time, 满意 74.
    ProposalYearPlan(
        2016,
        ProposalKind.CPPCC_PROPOSAL,
        "区政协九届六次会议",
        date(2016, 3, 8),
        {
            ResultCategory.SOLVED: 35,
            ResultCategory.IN_PROGRESS: 37,
            ResultCategory.FOR_REFERENCE: 2,
        },
        {Satisfaction.SATISFIED: 74},
    ),
    # 2015 CPPCC proposals are not in the seed: chosen plausibly.
    ProposalYearPlan(
        2015,
        ProposalKind.CPPCC_PROPOSAL,
        "区政协九届五次会议",
        date(2015, 3, 10),
        {
            ResultCategory.SOLVED: 30,
            ResultCategory.IN_PROGRESS: 36,
            ResultCategory.FOR_REFERENCE: 4,
        },
        {Satisfaction.SATISFIED: 66, Satisfaction.BASICALLY_SATISFIED: 4},
    ),
]

# The one suggestion the seed names.
LUO_YING_TITLE = "关于每年为退休科技干部和退休工人体检一次的建议"


# --- made-up but realistic-looking data --------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁"
    "于余叶蒋杜苏魏程吕丁沈任姚卢钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江"
    "阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武洪"
)
GIVEN = "建国华明玉兰秀英桂芳志强军伟丽红梅德才光辉文静海燕永福春林淑珍家福小平国庆成刚晓东丽娟"
STREETS = [
    ("五星街街道", ["五星街", "汇东路", "丹阳街"]),
    ("东兴寺街道", ["东兴寺街", "光大街", "自由路"]),
    ("新街街道", ["新街", "解放路", "富台山路"]),
    ("郭家坳街道", ["郭家坳", "金鱼路", "灯杆坝"]),
    ("丹桂街街道", ["丹桂大街", "尚义街", "檀木林街"]),
    ("学苑街街道", ["学苑街", "马吃水", "塘坎上"]),
    ("舒坪街道", ["舒坪镇正街", "舒坪村"]),
    ("仲权镇", ["仲权镇正街", "竹园村"]),
    ("荣边镇", ["荣边镇正街", "新店村"]),
    ("漆树乡", ["漆树乡场镇", "漆树村"]),
]
SECTORS = [
    "中共界",
    "民盟界",
    "民建界",
    "农工党界",
    "九三学社界",
    "无党派人士界",
    "工商联界",
    "经济界",
    "农业界",
    "教育界",
    "科技界",
    "医药卫生界",
    "文化艺术界",
    "社会福利和社会保障界",
    "妇联界",
]

INDIVIDUAL_SUBJECTS = [
    "反映房屋拆迁安置补偿标准问题",
    "反映用工单位拖欠工资问题",
    "反映城镇最低生活保障申请问题",
    "反映小区物业管理纠纷问题",
    "反映企业退休人员养老金待遇问题",
    "反映道路施工夜间噪音扰民问题",
    "反映子女就近入学问题",
    "反映医疗纠纷处理问题",
    "反映土地承包经营权纠纷问题",
    "反映农村危房改造补助问题",
    "反映邻里建房相邻权纠纷问题",
    "反映工伤认定及待遇问题",
    "反映棚户区改造安置房交付进度问题",
    "反映购房后不能办理产权证问题",
    "反映下岗职工社保补缴问题",
    "反映餐饮油烟扰民问题",
    "反映小区违章搭建问题",
    "反映临时救助申请问题",
    "反映残疾人补贴发放问题",
    "反映老旧小区排水不畅问题",
]
COLLECTIVE_SUBJECTS = [
    "反映建筑工地拖欠农民工工资问题",
    "反映开发商延期交房问题",
    "反映原国有企业改制职工安置遗留问题",
    "反映征地拆迁补偿安置问题",
    "反映购房业主无法办理房屋产权证问题",
    "反映城中村改造过渡安置费发放问题",
    "反映原集体企业退休人员待遇问题",
    "反映小区供水供气不正常问题",
    "反映非法集资案件清退问题",
    "反映农村道路建设占地补偿问题",
]
ONLINE_SUBJECTS = [
    "反映釜溪河沿岸垃圾堆放问题",
    "反映小区周边夜市占道经营问题",
    "咨询城乡居民养老保险缴费问题",
    "反映公交线路调整后出行不便问题",
    "反映学校周边交通安全隐患问题",
    "反映老旧小区路灯损坏问题",
    "反映商铺噪音扰民问题",
    "咨询公租房申请条件问题",
]
LETTER_SUBJECTS = [
    "反映原企业职工工龄认定问题",
    "反映房屋漏水维修责任问题",
    "反映低保资格复核问题",
    "反映农村宅基地纠纷问题",
]

# (area, phrase) for the titles of suggestions and proposals; areas as in the seed.
TOPICS = [
    "加快老旧小区改造",
    "加强城市背街小巷环境整治",
    "完善城区停车设施建设",
    "推进釜溪河流域综合治理",
    "加强城市绿化管护",
    "规范城区户外广告设置",
    "加快棚户区改造安置房建设",
    "加强建筑工地扬尘治理",
    "完善城区公共厕所布局",
    "加强物业服务企业监管",
    "优化城区公交线路",
    "改善学校周边交通秩序",
    "加快农村公路提档升级",
    "治理城区交通拥堵",
    "规范电动自行车管理",
    "完善城区慢行系统",
    "加强道路桥梁安全隐患排查",
    "加快汇东新区商圈建设",
    "支持小微企业融资",
    "推动盐业历史文化旅游发展",
    "促进彩灯文化产业发展",
    "优化营商环境",
    "支持民营经济健康发展",
    "加快电子商务发展",
    "培育夜间经济",
    "发展特色农业产业",
    "推进农村人居环境整治",
    "加强农村饮水安全保障",
    "推进土地流转规范化",
    "加强农产品质量安全监管",
    "扶持农民专业合作社发展",
    "加快美丽乡村建设",
    "推进农村电商发展",
    "加强中小学教师队伍建设",
    "扩大学前教育资源",
    "推进分级诊疗",
    "加强社区养老服务",
    "完善城乡医疗救助",
    "加强食品安全监管",
    "关爱农村留守儿童",
    "加强社区文化设施建设",
    "推进全民健身设施建设",
    "做好就业困难人员帮扶",
    "加强公共法律服务",
    "加强校园安全管理",
    "推进残疾人康复服务",
    "加强历史文化街区保护",
    "改善城区菜市场环境",
    "加强社区网格化管理",
    "提升政务服务效率",
]
TITLE_LEADS = ["", "进一步", "切实"]
NOT_ACCEPTED_REPLY = (
    "经审查，该事项属于依法应当通过诉讼途径解决的诉求，不予受理，已书面告知信访人向人民法院提出。"
)


def _person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(SURNAMES) + given


def _phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "135", "158", "182", "187", "152"]) + "".join(
        str(rng.randrange(10)) for _ in range(8)
    )


def _id_number(rng: random.Random) -> str:
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    first17 = f"510302{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_character(first17)


def _address(rng: random.Random) -> str:
    _area, streets = rng.choice(STREETS)
    return f"四川省自贡市自流井区{rng.choice(streets)}{rng.randrange(1, 200)}号"


def _weekday_in(rng: random.Random, year: int) -> date:
    while True:
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        if day.weekday() < 5 and day.year == year:
            return day


def split_persons(rng: random.Random, batches: int, persons: int, low: int, high: int) -> list[int]:
    """`batches` numbers between low and high (inclusive) that add up to `persons`."""
    if not low * batches <= persons <= high * batches:
        raise ValueError(f"cannot split {persons} persons into {batches} batches of {low}-{high}")
    sizes = [low] * batches
    remaining = persons - low * batches
    while remaining:
        i = rng.randrange(batches)
        if sizes[i] < high:
            step = min(remaining, high - sizes[i], rng.randint(1, 5))
            sizes[i] += step
            remaining -= step
    return sizes


# --- loading -------------------------------------------------------------------------------


def _organization() -> Organization:
    org, _created = Organization.objects.get_or_create(
        code=ORG_CODE,
        defaults={
            "name": "自贡市自流井区人民政府",
            "short_name": "自流井区",
            "kind": OrganizationKind.GOVERNMENT,
        },
    )
    return org


def _decision_dates(rng, received_on, late: bool) -> date:
    if late:
        return received_on + timedelta(days=ACCEPTANCE_PERIOD_DAYS + rng.randint(1, 6))
    # Some decisions fall on the last day, so the boundary is exercised by the demo too.
    return received_on + timedelta(
        days=rng.choice([0, 0, 1, 2, 3, 5, 7, 10, ACCEPTANCE_PERIOD_DAYS])
    )


def _petitions_for_year(plan: PetitionYearPlan, org, sources, rng) -> list[Petition]:
    items: list[dict] = []
    for i in range(plan.letters):
        items.append(
            {
                "channel": PetitionChannel.LETTER,
                "source": sources["post"],
                "subject": LETTER_SUBJECTS[i % len(LETTER_SUBJECTS)],
            }
        )
    for i, code in enumerate(plan.online):
        items.append(
            {
                "channel": PetitionChannel.ONLINE,
                "source": sources[code],
                "subject": ONLINE_SUBJECTS[i % len(ONLINE_SUBJECTS)],
            }
        )
    for group in plan.visits:
        if group.collective:
            sizes = split_persons(
                rng, group.batches, group.persons, COLLECTIVE_VISIT_MIN_PERSONS, 60
            )
            subjects = COLLECTIVE_SUBJECTS
        else:
            sizes = split_persons(
                rng, group.batches, group.persons, 1, COLLECTIVE_VISIT_MIN_PERSONS - 1
            )
            subjects = INDIVIDUAL_SUBJECTS
        for size in sizes:
            items.append(
                {
                    "channel": PetitionChannel.VISIT,
                    "source": sources["on-site"],
                    "subject": rng.choice(subjects),
                    "persons": size,
                    "visit_kind": group.kind,
                }
            )
    late = set(rng.sample(range(len(items)), plan.late_decisions))
    refused = set(rng.sample(sorted(set(range(len(items))) - late), plan.not_accepted))
    received = sorted(_weekday_in(rng, plan.year) for _ in items)
    rng.shuffle(items)

    petitions = []
    for n, (item, received_on) in enumerate(zip(items, received, strict=True), start=1):
        persons = item.get("persons", 1)
        accepted_on = _decision_dates(rng, received_on, n - 1 in late)
        not_accepted = n - 1 in refused
        petition = Petition(
            organization=org,
            external_reference=f"{REF_PREFIX}-{plan.year}-{n:04d}",
            channel=item["channel"],
            source=item["source"],
            received_on=received_on,
            persons=persons,
            visit_kind=item.get("visit_kind", ""),
            subject=item["subject"],
            petitioner_name=_person_name(rng),
            phone=_phone(rng),
            id_number=_id_number(rng),
            address=_address(rng),
            decision=(
                AcceptanceDecision.NOT_ACCEPTED if not_accepted else AcceptanceDecision.ACCEPTED
            ),
            accepted_on=accepted_on,
        )
        petition.content = _content(petition)
        if not_accepted:
            petition.reply = NOT_ACCEPTED_REPLY
            petition.replied_on = accepted_on
            petition.closed_on = accepted_on
        else:
            petition.replied_on = accepted_on + timedelta(days=rng.randint(10, 55))
            petition.reply = _petition_reply(petition)
            petition.closed_on = petition.replied_on + timedelta(days=rng.randint(0, 15))
        petition.derive()
        petitions.append(petition)
    return petitions


def _content(petition: Petition) -> str:
    topic = petition.subject.removeprefix("反映").removeprefix("咨询").removesuffix("问题")
    if (
        petition.channel == PetitionChannel.VISIT
        and petition.persons >= COLLECTIVE_VISIT_MIN_PERSONS
    ):
        return (
            f"{petition.petitioner_name}等{petition.persons}人来访，反映{topic}问题，"
            "请求有关部门尽快协调解决。"
        )
    return f"本人{petition.petitioner_name}，住{petition.address}，反映{topic}问题，请求予以解决。"


def _petition_reply(petition: Petition) -> str:
    topic = petition.subject.removeprefix("反映").removeprefix("咨询").removesuffix("问题")
    return (
        f"您反映的{topic}问题收悉。经调查核实，已责成有关部门依法依规处理，"
        "处理情况已当面告知。如对处理意见不服，可自收到本意见之日起30日内请求复查。"
    )


def _departments(org) -> list[Organization]:
    """Up to twelve departments under the district (from the catalogue demo), if any."""
    children = Organization.objects.filter(parent=org).order_by("sort_order", "code")
    departments = children.filter(kind=OrganizationKind.DEPARTMENT)
    return list(departments[:12]) or list(children[:12])


def _load_petitions(org, stdout) -> int:
    ensure_default_sources()
    sources = {s.code: s for s in PetitionSource.objects.all()}
    handlers = _departments(org)
    existing = set(
        Petition.objects.filter(
            organization=org, external_reference__startswith=f"{REF_PREFIX}-"
        ).values_list("external_reference", flat=True)
    )
    created = 0
    for plan in (PLAN_2015, PLAN_2016):
        rng = random.Random(SEED + plan.year)
        petitions = _petitions_for_year(plan, org, sources, rng)
        _mailbox_letters(plan, org, petitions)
        missing = [p for p in petitions if p.external_reference not in existing]
        if not missing:
            continue
        Petition.objects.bulk_create(missing)
        created += len(missing)
        if handlers:
            saved = Petition.objects.filter(
                organization=org,
                external_reference__in=[p.external_reference for p in missing],
            ).values_list("pk", "external_reference")
            through = Petition.handling_organizations.through
            links = []
            for pk, ref in saved:
                serial = int(ref.rsplit("-", 1)[1])
                links.append(
                    through(petition_id=pk, organization_id=handlers[serial % len(handlers)].pk)
                )
            through.objects.bulk_create(links)
    return created


def _mailbox_letters(plan: PetitionYearPlan, org, petitions: list[Petition]) -> None:
    """Letters through the leader's mailbox get a tracking number; two 2016 ones are
    published anonymised, as 来信选登 would show them."""
    prefix = mailbox_prefix(org)
    serial = 0
    for petition in petitions:
        if petition.source and petition.source.code == "leader-mailbox":
            serial += 1
            petition.tracking_number = f"{prefix}-{plan.year}-{serial:06d}"
            petition.consent_to_publish = True
            if plan.year == 2016 and petition.decision == AcceptanceDecision.ACCEPTED:
                topic = petition.subject.removeprefix("反映").removeprefix("咨询")
                petition.published = True
                petition.public_title = f"关于{topic}的来信"
                petition.public_summary = f"有群众来信{petition.subject}，希望有关部门予以解决。"
                petition.public_reply = (
                    f"来信收悉。针对来信{petition.subject}，区政府已责成相关部门现场核实，"
                    "依法依规进行处理，并将持续跟踪整改落实情况。感谢您对我区工作的关心和支持。"
                )
    if serial:
        seq, _created = TrackingSequence.objects.get_or_create(
            prefix=prefix.upper(), year=plan.year
        )
        if seq.last < serial:
            seq.last = serial
            seq.save(update_fields=["last"])


def _titles(rng: random.Random, count: int, suffix: str) -> list[str]:
    topics = TOPICS[:]
    rng.shuffle(topics)
    titles = []
    for i in range(count):
        lead = TITLE_LEADS[(i // len(topics)) % len(TITLE_LEADS)]
        topic = topics[i % len(topics)]
        if lead and topic.startswith(lead):
            lead = ""
        titles.append(f"关于{lead}{topic}的{suffix}")
    return titles


def _load_proposals(org, stdout) -> int:
    leads = _departments(org) or [org]
    existing = set(Proposal.objects.values_list("kind", "session", "number"))
    planned: list[tuple[Proposal, list[ProposerData], list[Organization]]] = []
    for plan in PROPOSAL_PLANS:
        rng = random.Random(f"{SEED}-{plan.year}-{plan.kind}")
        for item in _proposals_for_plan(plan, leads, rng):
            key = (item[0].kind, item[0].session, item[0].number)
            if key not in existing:
                planned.append(item)
    if not planned:
        return 0
    # Bulk writes: a handful of queries for the 177 proposals instead of several each.
    Proposal.objects.bulk_create([proposal for proposal, _people, _co in planned])
    pks = {
        (kind, session, number): pk
        for pk, kind, session, number in Proposal.objects.filter(
            session__in={p.session for p, _people, _co in planned}
        ).values_list("pk", "kind", "session", "number")
    }
    proposers, links = [], []
    through = Proposal.co_organizations.through
    for proposal, people, co in planned:
        pk = pks[(proposal.kind, proposal.session, proposal.number)]
        proposers += [
            ProposalProposer(proposal_id=pk, name=p.name, affiliation=p.affiliation, sort_order=i)
            for i, p in enumerate(people)
        ]
        links += [through(proposal_id=pk, organization_id=o.pk) for o in co]
    ProposalProposer.objects.bulk_create(proposers)
    through.objects.bulk_create(links)
    return len(planned)


def _proposals_for_plan(plan: ProposalYearPlan, leads, rng):
    deputy = plan.kind == ProposalKind.DEPUTY_SUGGESTION
    categories = [c for c, n in plan.categories.items() for _ in range(n)]
    satisfaction = [s for s, n in plan.satisfaction.items() for _ in range(n)]
    titles = _titles(rng, len(categories), "建议" if deputy else "提案")
    due_on = default_due_on(plan.assigned_on)
    published_at = timezone.make_aware(datetime.combine(due_on, time(9)))
    for n, (category, satisfied, title) in enumerate(
        zip(categories, satisfaction, titles, strict=True), start=1
    ):
        if deputy:
            area, _streets = rng.choice(STREETS)
            people = [ProposerData(_person_name(rng), f"{area}代表团")]
        else:
            people = [
                ProposerData(_person_name(rng), rng.choice(SECTORS))
                for _ in range(rng.choice((1, 1, 1, 2, 3)))
            ]
        if plan.year == 2016 and deputy and category == ResultCategory.FOR_REFERENCE:
            # The one suggestion the seed names (罗瑛代表, C, 不满意).
            title = LUO_YING_TITLE
            people = [ProposerData("罗瑛", "五星街街道代表团")]
        lead = leads[n % len(leads)]
        co = [o for o in leads if o != lead][:1] if rng.random() < 0.3 else []
        # Every demo answer is within the due date (seed: 所有委员提案已在规定时限内按要求办结).
        answered_on = plan.assigned_on + timedelta(
            days=rng.randint(35, (due_on - plan.assigned_on).days - 1)
        )
        proposal = Proposal(
            kind=plan.kind,
            session=plan.session,
            number=f"{n:03d}",
            title=title,
            lead_organization=lead,
            assigned_on=plan.assigned_on,
            year=plan.assigned_on.year,
            due_on=due_on,
            answered_on=answered_on,
            category=category,
            satisfaction=satisfied,
            publish_reply=True,
            published_at=published_at,
        )
        proposal.reply_text = _proposal_reply(proposal, people, category)
        yield proposal, people, co


def _proposal_reply(proposal: Proposal, proposers, category: str) -> str:
    names = "、".join(p.name for p in proposers)
    role = "代表" if proposal.kind == ProposalKind.DEPUTY_SUGGESTION else "委员"
    body = {
        ResultCategory.SOLVED: "您所提问题已经解决，相关措施已落实到位。",
        ResultCategory.IN_PROGRESS: "您所提问题正在解决，已列入下一年度工作计划，将分步实施。",
        ResultCategory.FOR_REFERENCE: (
            "受财力等条件限制，您所提问题暂时不能解决，我们将留作参考，待条件成熟时统筹考虑。"
        ),
    }[category]
    return (
        f"{names}{role}：\n您提出的《{proposal.title}》收悉，现答复如下：{body}"
        "感谢您对政府工作的关心和支持。"
    )


def load(stdout) -> None:
    with transaction.atomic():
        org = _organization()
        petitions = _load_petitions(org, stdout)
        proposals = _load_proposals(org, stdout)
    stdout.write(
        f"Petitions and proposals of {org.name}: {petitions} petitions and "
        f"{proposals} proposals added (2015 and 2016)."
    )
