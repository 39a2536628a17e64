"""The demo district for `load_demo`: 自贡市自流井区 and its proactive-disclosure catalogue.

The data follow the seed report (自流井区's 2016 annual report): its departments
and 街道/乡镇, the columns it names, the catalogue items it names, and enough
generated items that the figures it states come out of the catalogue (1191
items published in 2016, 400多 of them in the key-area columns, 56 departments
publishing their 2015 final accounts). `docs/demo.md` maps each seed statement
to the data.

Idempotent: organizations are keyed by code, columns by slug, users by
username and disclosures by explicit 索引号 (`<credit code>/<year>-<serial>`).
A second run finds every key and writes nothing. The demo's index numbers are
its keys, so a changed demo definition belongs in a fresh database.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.admin.scoping import STAFF_GROUP, SUPERVISOR_GROUP, ensure_staff_groups
from disclosure.models import (
    Category,
    Channel,
    Disclosure,
    DisclosureStatus,
    Genre,
    IndexSequence,
    Organization,
    OrganizationKind,
    ReceiptConfirmation,
    Topic,
    Validity,
)
from disclosure.models.calendar import load_work_calendar
from disclosure.sanitize import sanitize_html
from disclosure.services.reference_data import ensure_channels
from disclosure.validators import uscc_check_character
from disclosure.workdays import CalendarNotCovered, WorkCalendar, workdays_between

ROOT_CODE = "zlj"
# The seed's figure: "通过自流井区门户网站……主动公开各类信息1191条" (2016).
SEED_YEAR = 2016
SEED_PUBLISHED_COUNT = 1191
# "2016年在新门户网站公开和更新……重点领域政府信息400多条": the key-area columns hold this many.
SEED_KEY_AREA_COUNT = 426

DEMO_PASSWORD = "demo12345"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin"
SUPERVISOR_USERNAME = "supervisor"


# 自流井区's administrative division code (GB/T 2260), positions 3–8 of a credit code.
DIVISION_CODE = "510302"


# ---------------------------------------------------------------------------
# Organizations
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgSpec:
    code: str
    short_name: str
    name: str
    kind: str
    topic: str = Topic.GENERAL


def _department(code: str, short_name: str, topic: str, name: str = "") -> OrgSpec:
    # "区财政局" -> "自贡市自流井区财政局"
    return OrgSpec(
        code=code,
        short_name=short_name,
        name=name or "自贡市自流井" + short_name,
        kind=OrganizationKind.DEPARTMENT,
        topic=topic,
    )


T = Topic
ROOT = OrgSpec(
    code=ROOT_CODE,
    short_name="自流井区人民政府",
    name="自贡市自流井区人民政府",
    kind=OrganizationKind.GOVERNMENT,
)

# The 56 区级部门 that, per the seed, published their 2015 final accounts in 2016.
DEPARTMENTS: list[OrgSpec] = [
    _department("zlj-office", "区政府办公室", T.GENERAL, "自贡市自流井区人民政府办公室"),
    _department("zlj-fgj", "区发展和改革局", T.ECONOMY),
    _department("zlj-jxj", "区经济和信息化局", T.INDUSTRY_TRANSPORT),
    _department("zlj-jyj", "区教育局", T.SCIENCE_EDUCATION),
    _department("zlj-kjj", "区科学技术局", T.SCIENCE_EDUCATION),
    _department("zlj-mzj", "区民政局", T.CIVIL_AFFAIRS),
    _department("zlj-sfj", "区司法局", T.PUBLIC_SECURITY),
    _department("zlj-czj", "区财政局", T.FINANCE),
    _department("zlj-rsj", "区人力资源和社会保障局", T.LABOUR),
    _department("zlj-zjj", "区住房和城乡建设局", T.CONSTRUCTION_ENVIRONMENT),
    _department("zlj-jtj", "区交通运输局", T.INDUSTRY_TRANSPORT),
    _department("zlj-slj", "区水务局", T.AGRICULTURE),
    _department("zlj-nlj", "区农林局", T.AGRICULTURE, "自贡市自流井区农业林业局"),
    _department("zlj-swj", "区商务局", T.COMMERCE),
    _department("zlj-wtj", "区文化广播电视体育局", T.CULTURE),
    _department("zlj-wjj", "区卫生和计划生育局", T.HEALTH_SPORTS),
    _department("zlj-sjj", "区审计局", T.FINANCE),
    _department("zlj-hbj", "区环保局", T.CONSTRUCTION_ENVIRONMENT, "自贡市自流井区环境保护局"),
    _department("zlj-syjj", "区食品药品监督管理局", T.MARKET_SAFETY),
    _department("zlj-scjgj", "区市场和质量监督管理局", T.MARKET_SAFETY),
    _department("zlj-ajj", "区安全生产监督管理局", T.MARKET_SAFETY),
    _department("zlj-tjj", "区统计局", T.ECONOMY),
    _department("zlj-xfj", "区信访局", T.GENERAL),
    _department("zlj-zwzx", "区政务服务中心", T.GENERAL, "自贡市自流井区人民政府政务服务中心"),
    _department("zlj-cgj", "区城市管理局", T.CONSTRUCTION_ENVIRONMENT),
    _department("zlj-daj", "区档案局", T.GENERAL),
    _department("zlj-jgswj", "区机关事务管理局", T.GENERAL),
    _department("zlj-gzj", "区国有资产监督管理局", T.ECONOMY),
    _department("zlj-lyj", "区旅游局", T.COMMERCE),
    _department("zlj-rfb", "区人民防空办公室", T.PUBLIC_SECURITY),
    _department("zlj-dfzb", "区地方志办公室", T.CULTURE),
    _department("zlj-tcj", "区投资促进局", T.ECONOMY),
    _department("zlj-fpj", "区扶贫和移民工作局", T.CIVIL_AFFAIRS),
    _department("zlj-lsj", "区粮食局", T.ECONOMY),
    _department("zlj-gxs", "区供销合作社联合社", T.COMMERCE),
    _department("zlj-mzzjj", "区民族宗教事务局", T.ETHNIC_RELIGION),
    _department("zlj-fzb", "区法制办公室", T.PUBLIC_SECURITY, "自贡市自流井区人民政府法制办公室"),
    _department("zlj-jrb", "区金融工作办公室", T.FINANCE, "自贡市自流井区人民政府金融工作办公室"),
    _department("zlj-cl", "区残疾人联合会", T.CIVIL_AFFAIRS),
    _department("zlj-llb", "区老龄工作委员会办公室", T.POPULATION),
    _department("zlj-fdcj", "区房地产管理局", T.CONSTRUCTION_ENVIRONMENT),
    _department("zlj-kx", "区科学技术协会", T.SCIENCE_EDUCATION),
    _department("zlj-fl", "区妇女联合会", T.POPULATION),
    _department("zlj-gsl", "区工商业联合会", T.COMMERCE),
    _department("zlj-hszh", "区红十字会", T.HEALTH_SPORTS),
    _department("zlj-wl", "区文学艺术界联合会", T.CULTURE),
    _department("zlj-zsb", "区房屋征收与补偿办公室", T.CONSTRUCTION_ENVIRONMENT),
    _department("zlj-dwjd", "区动物卫生监督所", T.AGRICULTURE),
    _department("zlj-sbj", "区社会保险事业管理局", T.LABOUR),
    _department("zlj-jyfwj", "区就业服务管理局", T.LABOUR),
    _department("zlj-cdc", "区疾病预防控制中心", T.HEALTH_SPORTS),
    _department(
        "zlj-yjb", "区应急管理办公室", T.PUBLIC_SECURITY, "自贡市自流井区人民政府应急管理办公室"
    ),
    _department("zlj-ggzy", "区公共资源交易中心", T.GENERAL),
    _department("zlj-gaj", "区公安分局", T.PUBLIC_SECURITY, "自贡市公安局自流井区分局"),
    _department("zlj-wsjd", "区卫生和计划生育监督执法大队", T.HEALTH_SPORTS),
    _department("zlj-zgh", "区总工会", T.LABOUR),
]


def _local(code: str, short_name: str, kind: str) -> OrgSpec:
    suffix = "办事处" if kind == OrganizationKind.SUBDISTRICT else "人民政府"
    return OrgSpec(code, short_name, f"自贡市自流井区{short_name}{suffix}", kind)


SUBDISTRICT, TOWNSHIP = OrganizationKind.SUBDISTRICT, OrganizationKind.TOWNSHIP
LOCALITIES: list[OrgSpec] = [
    _local("zlj-wxj", "五星街街道", SUBDISTRICT),
    _local("zlj-dxs", "东兴寺街道", SUBDISTRICT),
    _local("zlj-xj", "新街街道", SUBDISTRICT),
    _local("zlj-gja", "郭家坳街道", SUBDISTRICT),
    _local("zlj-sp", "舒坪街道", SUBDISTRICT),
    _local("zlj-xyj", "学苑街街道", SUBDISTRICT),
    _local("zlj-dgj", "丹桂街街道", SUBDISTRICT),
    _local("zlj-gf", "高峰街道", SUBDISTRICT),
    _local("zlj-zq", "仲权镇", TOWNSHIP),
    _local("zlj-rb", "荣边镇", TOWNSHIP),
    _local("zlj-qs", "漆树乡", TOWNSHIP),
    _local("zlj-hq", "红旗乡", TOWNSHIP),
]

ALL_ORGS = [ROOT, *DEPARTMENTS, *LOCALITIES]
SHORT_NAMES = {spec.code: spec.short_name for spec in ALL_ORGS}

OFFICE_HOURS = "工作日上午9:00—12:00，下午14:00—17:30（法定节假日除外）"


def organization_code_check(body8: str) -> str:
    """GB 11714 check character of a 9-character organization code (positions 9–17 of a USCC)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c, 36) * w for c, w in zip(body8, weights, strict=True))
    c9 = 11 - total % 11
    return {10: "X", 11: "0"}.get(c9, str(c9))


def demo_credit_code(position: int) -> str:
    """A made-up but well-formed 统一社会信用代码 for the position-th demo organ.

    `1` (registered by the 机构编制 authority) `1` (机关), the division code, a
    GB 11714 organization code, and the GB 32100 check character.
    """
    body = f"{877300 + position * 17:08d}"
    first17 = "11" + DIVISION_CODE + body + organization_code_check(body)
    return first17 + uscc_check_character(first17)


def _contact(position: int, spec: OrgSpec) -> dict:
    """Contact data of the organ's disclosure office (public: offices, not persons)."""
    if spec.code == ROOT_CODE:
        return {
            "office_name": "自贡市自流井区人民政府办公室（区政务公开办公室）",
            "address": "四川省自贡市自流井区丹桂大街99号区政府机关大楼一楼政务公开办公室",
            "postcode": "643000",
            "phone": "0813-2203651",
            "fax": "0813-2203652",
            "office_hours": OFFICE_HOURS,
            "email": "zlj-zwgk@example.org",
        }
    local = spec.kind in (SUBDISTRICT, TOWNSHIP)
    return {
        "office_name": f"{spec.short_name}党政办公室" if local else f"{spec.short_name}办公室",
        "address": (
            f"四川省自贡市自流井区{spec.short_name}便民服务中心"
            if local
            else f"四川省自贡市自流井区丹桂大街{101 + position * 2}号"
        ),
        "postcode": "643000",
        "phone": f"0813-22{10100 + position * 37:05d}",
        "fax": "",
        "office_hours": OFFICE_HOURS,
        "email": f"{spec.code}@example.org",
    }


STAFF_CONFIRMING = {"zlj-hbj"}


def _organization_rows() -> list[dict]:
    rows = []
    for position, spec in enumerate(ALL_ORGS):
        rows.append(
            {
                "code": spec.code,
                "name": spec.name,
                "short_name": spec.short_name,
                "kind": spec.kind,
                "credit_code": demo_credit_code(position),
                "sort_order": position,
                # 区环保局 confirms online applications by staff (第三十一条第三项), so the
                # demo shows both ways of confirming receipt.
                "receipt_confirmation": (
                    ReceiptConfirmation.STAFF
                    if spec.code in STAFF_CONFIRMING
                    else ReceiptConfirmation.AUTOMATIC
                ),
                "is_active": True,
                "parent_code": None if spec.code == ROOT_CODE else ROOT_CODE,
                **_contact(position, spec),
            }
        )
    return rows


def load_organizations() -> dict[str, Organization]:
    """Create or correct the demo organs; returns them by code."""
    existing = Organization.objects.in_bulk([s.code for s in ALL_ORGS], field_name="code")
    rows = _organization_rows()
    by_code: dict[str, Organization] = dict(existing)
    changed: list[Organization] = []
    changed_fields: set[str] = set()
    # The root first so that children find their parent.
    for row in rows:
        row = dict(row)
        parent_code = row.pop("parent_code")
        row["parent_id"] = by_code[parent_code].pk if parent_code else None
        org = by_code.get(row["code"])
        if org is None:
            org = Organization(**row)
            org.clean_fields()  # the code and credit-code validators
            org.save()
            by_code[org.code] = org
            continue
        diff = [name for name, value in row.items() if getattr(org, name) != value]
        if diff:
            for name in diff:
                setattr(org, name, row[name])
            changed.append(org)
            changed_fields.update(diff)
    if changed:
        Organization.objects.bulk_update(changed, sorted(changed_fields))
    return by_code


# ---------------------------------------------------------------------------
# Columns (栏目)
# ---------------------------------------------------------------------------

KEY_AREA = "key-information"
KEY_COLUMNS = [
    ("key-administrative-power", "行政权力"),
    ("key-public-finance", "财政资金"),
    ("key-public-resources", "公共资源配置"),
    ("key-public-services", "公共服务"),
    ("key-public-supervision", "公共监管"),
    ("key-environment", "环境保护"),
    ("key-food-drug-safety", "食品药品安全"),
    ("key-work-safety", "生产安全"),
    ("key-credit", "信用信息"),
]
SERVICES = "services"
# "整合了婚姻收养、招生信息、医疗卫生、就业信息、社会保障等14项公共服务信息资源"
SERVICE_COLUMNS = [
    ("service-marriage-adoption", "婚姻收养"),
    ("service-enrolment", "招生信息"),
    ("service-health", "医疗卫生"),
    ("service-employment", "就业信息"),
    ("service-social-security", "社会保障"),
    ("service-household-registration", "户口办理"),
    ("service-birth-permit", "生育证办理"),
    ("service-identity-card", "身份证办理"),
    ("service-enterprise-support", "企业优惠扶持"),
    ("service-elderly", "老年人福利待遇"),
    ("service-disability", "残疾人服务"),
    ("service-property-registration", "房屋产权登记"),
    ("service-housing", "住房保障"),
    ("service-transport", "交通出行"),
]
TOP_COLUMNS = [
    ("news", "政务动态", "本区政务工作动态与图片新闻。"),
    ("open-government", "政务公开", "各部门、街道（乡镇）公开的公示、公告与工作情况。"),
    ("government-documents", "政府文件", "区政府、区政府办公室发布的政府文件。"),
    ("policy-interpretation", "政策解读", "重要政策文件出台后的解读信息。"),
    ("responses", "回应关切", "针对公众关切的回应与答复。"),
    ("online-interviews", "在线访谈", "部门负责人在线访谈。"),
    ("press-conferences", "新闻发布会", "区政府新闻发布会。"),
    (KEY_AREA, "政府重点信息公开专栏", "行政权力、财政资金、公共资源配置等重点领域信息。"),
    (SERVICES, "办事服务", "整合婚姻收养、招生、医疗卫生、就业、社会保障等公共服务信息资源。"),
    ("annual-reports", "政府信息公开年报", "历年政府信息公开工作年度报告。"),
    ("guide", "政府信息公开指南", "政府信息公开指南与目录。"),
]


def category_rows() -> list[tuple[str, str, str | None, int, str]]:
    """(slug, name, parent slug, sort order, description), parents before children."""
    rows = [(slug, name, None, i, desc) for i, (slug, name, desc) in enumerate(TOP_COLUMNS)]
    rows += [(slug, name, KEY_AREA, i, "") for i, (slug, name) in enumerate(KEY_COLUMNS)]
    rows += [(slug, name, SERVICES, i, "") for i, (slug, name) in enumerate(SERVICE_COLUMNS)]
    return rows


def load_categories() -> dict[str, Category]:
    rows = category_rows()
    by_slug = Category.objects.in_bulk([r[0] for r in rows], field_name="slug")
    for slug, name, parent_slug, order, desc in rows:
        parent = by_slug[parent_slug] if parent_slug else None
        wanted = {
            "name": name,
            "parent_id": parent.pk if parent else None,
            "sort_order": order,
            "description": desc,
            # The 政府重点信息公开专栏: its items are the report's 重点领域 information.
            "is_key_area": slug == KEY_AREA,
        }
        cat = by_slug.get(slug)
        if cat is None:
            # A column of that name may already exist (an import creates columns by
            # name); adopt it rather than collide with its unique name.
            cat = Category.objects.filter(name=name, parent=parent).first()
            if cat is None:
                cat = Category(slug=slug, **wanted)
                cat.save()
            else:
                cat.slug = slug
                for attr, value in wanted.items():
                    setattr(cat, attr, value)
                cat.save()
        elif any(getattr(cat, attr) != value for attr, value in wanted.items()):
            for attr, value in wanted.items():
                setattr(cat, attr, value)
            cat.save()
        by_slug[slug] = cat
    return by_slug


# ---------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    organization_code: str = ROOT_CODE
    superuser: bool = False
    supervisor: bool = False


ACCOUNTS = [
    DemoAccount(ADMIN_USERNAME, ADMIN_PASSWORD, "superuser", ROOT_CODE, superuser=True),
    DemoAccount(SUPERVISOR_USERNAME, DEMO_PASSWORD, "supervisor", ROOT_CODE, supervisor=True),
    DemoAccount("zlj-office", DEMO_PASSWORD, "staff", "zlj-office"),
    DemoAccount("zlj-hbj", DEMO_PASSWORD, "staff", "zlj-hbj"),
]
FULL_NAMES = {
    ADMIN_USERNAME: "系统管理员",
    SUPERVISOR_USERNAME: "区政务公开办",
    "zlj-office": "区政府办公室政务公开专干",
    "zlj-hbj": "区环保局政务公开专干",
}


def _password_works(user, password: str, verified: dict[tuple[str, str], bool]) -> bool:
    key = (user.password, password)
    if key not in verified:
        verified[key] = check_password(password, user.password)
    return verified[key]


def load_accounts(orgs: dict[str, Organization]) -> dict[str, object]:
    User = get_user_model()
    staff_group, supervisor_group = ensure_staff_groups()
    users = User.objects.in_bulk([a.username for a in ACCOUNTS], field_name="username")
    hashes: dict[str, str] = {}
    verified: dict[tuple[str, str], bool] = {}
    result = {}
    for account in ACCOUNTS:
        user = users.get(account.username) or User(username=account.username)
        wanted = {
            "is_staff": True,
            "is_active": True,
            "is_superuser": account.superuser,
            "organization_id": orgs[account.organization_code].pk,
            "full_name": FULL_NAMES[account.username],
        }
        dirty = user.pk is None or any(getattr(user, k) != v for k, v in wanted.items())
        for attr, value in wanted.items():
            setattr(user, attr, value)
        # Reset the documented password only if it no longer works: a rehash would
        # change the row on every run. Accounts sharing a password share its hash,
        # so each distinct hash is checked once (PBKDF2 costs most of the run).
        if user.pk is None or not _password_works(user, account.password, verified):
            if account.password not in hashes:
                user.set_password(account.password)
                hashes[account.password] = user.password
            else:
                user.password = hashes[account.password]
            dirty = True
        if dirty:
            user.save()
        groups = set(user.groups.values_list("name", flat=True))
        if account.supervisor and SUPERVISOR_GROUP not in groups:
            user.groups.add(supervisor_group)
        if not account.superuser and not account.supervisor and STAFF_GROUP not in groups:
            user.groups.add(staff_group)
        result[account.username] = user
    return result


# ---------------------------------------------------------------------------
# Catalogue items
# ---------------------------------------------------------------------------

PORTAL, WEIBO, WECHAT, GAZETTE, BOARD, HALL, PRESS = (
    "门户网站",
    "政务微博",
    "政务微信",
    "政府公报",
    "公告栏",
    "政务服务大厅",
    "新闻发布会",
)


@dataclass
class Item:
    org: str
    category: str
    title: str
    genre: str
    written_on: date
    published_on: date | None
    topic: str = ""
    status: str = DisclosureStatus.PUBLISHED
    document_number: str = ""
    validity: str = Validity.VALID
    repealed_on: date | None = None
    changed_on: date | None = None
    body: str = ""
    channels: tuple[str, ...] = (PORTAL,)
    key: str = ""  # a name other items refer to
    interprets: str = ""  # key of the document a 政策解读 interprets
    plan: str = ""  # for generated documents: the plan a later 政策解读 may interpret
    index_number: str = field(default="", repr=False)


def _finance_items() -> list[Item]:
    """The 56 2015 final accounts, and the district budgets the seed names (区财政局)."""
    items = []
    day = date(2016, 8, 15)
    for i, dept in enumerate(DEPARTMENTS):
        # 部门决算 are published within 20 days of approval: late August to September.
        published = day + timedelta(days=(i * 45) // len(DEPARTMENTS))
        while published.weekday() >= 5:
            published += timedelta(days=1)
        items.append(
            Item(
                org=dept.code,
                category="key-public-finance",
                title=f"{dept.name}2015年度部门决算及“三公”经费决算公开",
                genre=Genre.BUDGET,
                topic=Topic.FINANCE,
                written_on=published - timedelta(days=3),
                published_on=published,
                body=(
                    f"<p>根据《中华人民共和国预算法》和区财政局关于做好2015年度部门决算公开"
                    f"工作的通知要求，现将{dept.name}2015年度部门决算及“三公”经费决算情况"
                    f"公开如下。</p><p>一、部门基本情况</p><p>二、收入支出决算总体情况</p>"
                    f"<p>三、“三公”经费支出决算情况</p><p>附件：{dept.short_name}2015年度部门"
                    f"决算公开表</p>"
                ),
                channels=(PORTAL,),
            )
        )
    czj = "zlj-czj"
    budgets = [
        ("自流井区2016年部门预算公开", date(2016, 2, 24), "key-budget-2016"),
        ("自流井区2015年全区“三公”经费决算情况说明", date(2016, 8, 31), "key-sangong-2015"),
        ("自流井区2016年全区“三公”经费预算情况说明", date(2016, 3, 4), "key-sangong-2016"),
        # The seed: in 2016 区财政局 also published the 2017 departmental budgets.
        ("自流井区2017年部门预算公开", date(2016, 12, 30), "key-budget-2017"),
    ]
    for title, published, key in budgets:
        items.append(
            Item(
                org=czj,
                category="key-public-finance",
                title=title,
                genre=Genre.BUDGET,
                topic=Topic.FINANCE,
                written_on=published - timedelta(days=2),
                published_on=published,
                body=f"<p>{title}。</p><p>附件：预算（决算）公开表。</p>",
                key=key,
            )
        )
    return items


def _normative_items() -> list[Item]:
    """行政规范性文件 with validity variety, for 表二.

    A district government makes no 规章 (立法法第八十二条: only the governments of
    provinces and 设区的市 do), so 规章 stay at zero for the demo district.
    """
    zf, bgs = "自贡市自流井区人民政府", "自贡市自流井区人民政府办公室"
    rows = [
        # (org, title, 文号, written, published, validity, repealed/expired on, key)
        (
            ROOT_CODE,
            f"{zf}关于印发《自流井区2013—2015年城市管理考核办法》的通知",
            "自流井府发〔2013〕5号",
            date(2013, 3, 1),
            date(2013, 3, 5),
            Validity.EXPIRED,
            date(2015, 12, 31),
            "norm-2013-urban",
        ),
        (
            ROOT_CODE,
            f"{zf}关于印发《自流井区城市居民最低生活保障实施办法》的通知",
            "自流井府发〔2014〕9号",
            date(2014, 5, 20),
            date(2014, 5, 22),
            Validity.REPEALED,
            date(2016, 6, 30),
            "norm-2014-dibao",
        ),
        (
            ROOT_CODE,
            f"{zf}关于印发《自流井区国有土地上房屋征收与补偿实施办法》的通知",
            "自流井府发〔2015〕16号",
            date(2015, 7, 10),
            date(2015, 7, 13),
            Validity.REVISED,
            None,
            "norm-2015-expropriation",
        ),
        (
            ROOT_CODE,
            f"{zf}关于印发《自流井区行政规范性文件制定和备案管理办法》的通知",
            "自流井府发〔2016〕6号",
            date(2016, 3, 18),
            date(2016, 3, 22),
            Validity.VALID,
            None,
            "norm-2016-rules",
        ),
        (
            ROOT_CODE,
            f"{zf}关于印发《自流井区城乡居民最低生活保障实施办法》的通知",
            "自流井府发〔2016〕14号",
            date(2016, 6, 28),
            date(2016, 6, 30),
            Validity.VALID,
            None,
            "norm-2016-dibao",
        ),
        (
            ROOT_CODE,
            f"{zf}关于修订《自流井区国有土地上房屋征收与补偿实施办法》的通知",
            "自流井府发〔2016〕19号",
            date(2016, 9, 12),
            date(2016, 9, 14),
            Validity.VALID,
            None,
            "norm-2016-expropriation",
        ),
        (
            "zlj-office",
            f"{bgs}关于印发《自流井区政府信息公开工作考核办法》的通知",
            "自流井府办发〔2016〕31号",
            date(2016, 11, 25),
            date(2016, 11, 29),
            Validity.VALID,
            None,
            "norm-2016-disclosure",
        ),
    ]
    return [
        Item(
            org=org,
            category="government-documents",
            title=title,
            genre=Genre.NORMATIVE_DOCUMENT,
            topic=Topic.GENERAL,
            document_number=number,
            written_on=written,
            published_on=published,
            validity=validity,
            repealed_on=ended,
            body=(
                "<p>各街道办事处、乡镇人民政府，区级各部门：</p>"
                f"<p>{title[title.index('《') : title.index('》') + 1]}已经区政府常务会议审议通过，"
                "现印发给你们，请认真贯彻执行。</p>"
            ),
            channels=(PORTAL, GAZETTE),
            key=key,
        )
        for org, title, number, written, published, validity, ended, key in rows
    ]


def _named_items() -> list[Item]:
    """The items the seed names, with their real titles."""
    items = [
        Item(
            org=ROOT_CODE,
            category="key-administrative-power",
            # 《行政审批项目目录》: "2015年3月16日发布于区门户网站的……公告"
            title="自贡市自流井区人民政府关于自贡市自流井区区级行政许可项目目录的公告",
            genre=Genre.NOTICE,
            topic=Topic.GENERAL,
            written_on=date(2015, 3, 16),
            published_on=date(2015, 3, 16),
            body=(
                "<p>根据《中华人民共和国行政许可法》和省、市关于深化行政审批制度改革的要求，"
                "经区政府常务会议审定，现将自流井区区级行政许可项目目录予以公告。</p>"
                "<p>本目录共列行政审批项目182项，其中区本级158项，市级管理部门24项。</p>"
                "<p>附件：自流井区行政审批项目目录</p>"
            ),
            channels=(PORTAL, GAZETTE),
            key="approval-catalogue",
        ),
        Item(
            org=ROOT_CODE,
            category="key-administrative-power",
            title="自流井区区级行政权力责任清单",
            genre=Genre.OTHER,
            topic=Topic.GENERAL,
            written_on=date(2016, 6, 27),
            published_on=date(2016, 6, 30),
            body="<p>区本级及各部门行政权力事项、实施依据、责任事项和追责情形。</p>",
            key="power-list",
        ),
        Item(
            org="zlj-zwzx",
            category="key-administrative-power",
            title="自流井区行政审批项目流程清单",
            genre=Genre.OTHER,
            topic=Topic.GENERAL,
            written_on=date(2016, 9, 5),
            published_on=date(2016, 9, 8),
            body=(
                "<p>本清单从审批程序、申请材料、承诺期限、申请地点等16个方面对行政审批事项的"
                "办理进行规范。</p>"
            ),
            channels=(PORTAL, HALL),
            key="process-list",
        ),
        Item(
            org="zlj-hbj",
            category="key-environment",
            title="自流井区环保局2016年8—11月已审批建设项目环境影响评价文件的公示",
            genre=Genre.NOTICE,
            topic=Topic.CONSTRUCTION_ENVIRONMENT,
            written_on=date(2016, 12, 5),
            published_on=date(2016, 12, 7),
            body="<p>根据建设项目环境影响评价政府信息公开的有关规定，现将我局2016年8—11月"
            "已审批的建设项目环境影响评价文件予以公示。</p>",
            key="eia-approved",
        ),
        Item(
            org="zlj-hbj",
            category="key-environment",
            title="自流井区环保局关于2016年度第三季度“双随机”抽测检查情况的公示",
            genre=Genre.NOTICE,
            topic=Topic.CONSTRUCTION_ENVIRONMENT,
            written_on=date(2016, 10, 14),
            published_on=date(2016, 10, 18),
            body="<p>现将2016年第三季度随机抽取检查对象、随机选派执法人员抽测检查情况公示如下。</p>",
            key="double-random-q3",
        ),
        Item(
            org="zlj-hbj",
            category="key-environment",
            title="2016年7月城市集中式饮用水水源",
            genre=Genre.STATISTICS,
            topic=Topic.CONSTRUCTION_ENVIRONMENT,
            written_on=date(2016, 8, 8),
            published_on=date(2016, 8, 10),
            body="<p>2016年7月城市集中式饮用水水源水质监测情况。</p>",
            key="water-2016-07",
        ),
        Item(
            org="zlj-syjj",
            category="key-food-drug-safety",
            title="自流井区食药局食用农产品抽检公示表",
            genre=Genre.NOTICE,
            topic=Topic.MARKET_SAFETY,
            written_on=date(2016, 11, 14),
            published_on=date(2016, 11, 16),
            body="<p>食用农产品监督抽检结果公示表。</p>",
            key="farm-produce-sampling",
        ),
        Item(
            org="zlj-scjgj",
            category="key-credit",
            title="自流井区小微企业信息名录",
            genre=Genre.OTHER,
            topic=Topic.MARKET_SAFETY,
            written_on=date(2016, 7, 18),
            published_on=date(2016, 7, 20),
            body="<p>辖区小微企业名录及享受扶持政策信息。</p>",
            key="small-enterprises",
        ),
        Item(
            org="zlj-slj",
            category="key-environment",
            title="自贡市集中式饮用水水源地保护管理条例",
            genre=Genre.OTHER,
            topic=Topic.CONSTRUCTION_ENVIRONMENT,
            written_on=date(2016, 5, 10),
            published_on=date(2016, 5, 13),
            body="<p>自贡市集中式饮用水水源地保护管理条例（全文）。</p>",
            key="water-source-regulation",
        ),
        Item(
            org="zlj-slj",
            category="policy-interpretation",
            title="《自贡市集中式饮用水水源地保护管理条例》解读",
            genre=Genre.INTERPRETATION,
            topic=Topic.CONSTRUCTION_ENVIRONMENT,
            written_on=date(2016, 5, 20),
            published_on=date(2016, 5, 24),
            body="<p>区水务局在区政府常务会议上对《条例》的制定背景、主要内容和保护措施进行了"
            "解读。</p>",
            interprets="water-source-regulation",
            key="water-source-interpretation",
        ),
        Item(
            org=ROOT_CODE,
            category="annual-reports",
            title="自贡市自流井区人民政府2015年政府信息公开工作年度报告",
            genre=Genre.REPORT,
            topic=Topic.GENERAL,
            written_on=date(2016, 3, 25),
            published_on=date(2016, 3, 30),
            key="annual-report-2015",
        ),
        Item(
            org=ROOT_CODE,
            category="guide",
            title="自贡市自流井区人民政府信息公开指南",
            genre=Genre.OTHER,
            topic=Topic.GENERAL,
            written_on=date(2016, 1, 11),
            published_on=date(2016, 1, 13),
            channels=(PORTAL, BOARD, HALL),
            key="guide",
        ),
        # Published, then withdrawn the same week: never counted as published.
        Item(
            org="zlj-cgj",
            category="open-government",
            title="关于调整城区烟花爆竹禁放区域的通告（征求意见稿）",
            genre=Genre.NOTICE,
            topic=Topic.PUBLIC_SECURITY,
            written_on=date(2016, 1, 18),
            published_on=date(2016, 1, 20),
            status=DisclosureStatus.WITHDRAWN,
            key="withdrawn-fireworks",
        ),
    ]
    items += _finance_items()
    items += _normative_items()
    return items


def _current_year_named(year: int, today: date) -> list[Item]:
    published = min(date(year, 1, 20), today)
    items = [
        Item(
            org=ROOT_CODE,
            category="annual-reports",
            title=f"自贡市自流井区人民政府{year - 1}年政府信息公开工作年度报告",
            genre=Genre.REPORT,
            topic=Topic.GENERAL,
            written_on=published - timedelta(days=5),
            published_on=published,
            key=f"annual-report-{year - 1}",
        )
    ]
    office = "自贡市自流井区人民政府办公室"
    drafts = [
        ("zlj-office", "government-documents", f"{office}关于做好冬季森林防火工作的通知"),
        ("zlj-office", "news", "我区召开年度政务公开工作推进会"),
        ("zlj-hbj", "key-environment", f"自流井区环保局{year}年第四季度环评文件受理情况公示"),
        ("zlj-hbj", "key-environment", f"自流井区{year}年重点排污单位名录"),
        ("zlj-mzj", "open-government", f"区民政局关于{year}年第四季度城乡低保对象的公示"),
    ]
    for org, category, title in drafts:
        items.append(
            Item(
                org=org,
                category=category,
                title=title,
                genre=Genre.NOTICE,
                written_on=today,
                published_on=None,
                status=DisclosureStatus.DRAFT,
                channels=(),
            )
        )
    return items


# --- generated items ----------------------------------------------------------

# Works any organ reports on; departments add their own (DEPARTMENT_WORKS).
COMMON_WORKS = [
    "党风廉政建设", "政务公开", "机关作风建设", "依法行政", "精准扶贫结对帮扶", "安全生产",
    "“两学一做”学习教育", "信访维稳", "创建全国文明城市",
]  # fmt: skip
DEPARTMENT_WORKS = {
    "zlj-fgj": ["重点项目建设", "项目申报", "价格监测"],
    "zlj-jxj": ["工业稳增长", "中小企业服务", "节能降耗"],
    "zlj-jyj": ["义务教育均衡发展", "校园安全", "教育精准扶贫"],
    "zlj-mzj": ["城乡低保规范管理", "社区治理", "养老服务体系建设"],
    "zlj-czj": ["预算执行", "财政资金监管", "政府采购管理"],
    "zlj-rsj": ["就业创业", "根治欠薪", "社会保险扩面"],
    "zlj-zjj": ["老旧小区改造", "建筑施工安全", "棚户区改造"],
    "zlj-slj": ["防汛减灾", "河道治理", "饮用水水源保护"],
    "zlj-hbj": ["大气污染防治", "环境执法", "饮用水水源保护"],
    "zlj-syjj": ["食品安全", "药品安全监管", "餐饮服务食品安全"],
    "zlj-scjgj": ["市场监管", "商事制度改革", "质量强区"],
    "zlj-ajj": ["安全生产大检查", "隐患排查治理", "危险化学品安全监管"],
    "zlj-cgj": ["城市管理", "城乡环境综合治理", "占道经营整治"],
    "zlj-wjj": ["医药卫生体制改革", "全面两孩政策落实", "爱国卫生运动"],
    "zlj-xfj": ["信访积案化解", "网上信访", "领导接访"],
    "zlj-zwzx": ["行政审批制度改革", "政务服务标准化", "网上政务大厅建设"],
    "zlj-fpj": ["精准扶贫", "移民后期扶持"],
    "zlj-gaj": ["社会治安防控", "道路交通安全", "禁毒宣传"],
}
WORKS = [
    "安全生产", "精准扶贫", "环境保护", "食品安全", "城市管理", "防汛减灾", "信访维稳",
    "招商引资", "重点项目建设", "民生工程", "政务公开", "创建全国文明城市", "森林防火",
    "社区治理", "老旧小区改造", "消防安全", "征地拆迁", "河道治理", "大气污染防治",
]  # fmt: skip
CAMPAIGNS = [
    "学雷锋志愿服务", "全民健身", "全民阅读", "法律进社区", "平安创建", "文明交通",
    "关爱留守儿童", "清洁家园", "消防安全宣传", "防范非法集资宣传", "邻里守望", "敬老爱老",
]  # fmt: skip
TRAININGS = [
    "政府信息公开业务", "安全生产知识", "档案管理业务", "财务管理", "应急救护",
    "公文处理", "法律知识", "统计业务", "消防安全知识",
]  # fmt: skip
# Events that happen in a given month.
EVENTS = [
    ("就业援助月专场招聘会", 1),
    ("自贡国际恐龙灯会安保工作部署会", 1),
    ("春风行动专场招聘会", 2),
    ("重点项目集中开工仪式", 3),
    ("全民国家安全教育日宣传活动", 4),
    ("防汛应急演练", 5),
    ("安全生产月启动仪式", 6),
    ("食品安全宣传周活动", 6),
    ("全国科普日活动", 9),
    ("消防宣传月启动仪式", 11),
    ("“12·4”国家宪法日宣传活动", 12),
]
PLANS = [
    "政务公开工作要点", "安全生产工作要点", "防汛应急预案", "突发环境事件应急预案",
    "重点项目建设计划", "民生工程实施方案", "冬春火灾防控工作方案", "大气污染防治工作方案",
    "精准扶贫精准脱贫实施方案", "农村环境综合整治实施方案", "全民科学素质行动计划实施方案",
    "食品安全工作要点", "城乡环境综合治理工作方案", "创建全国文明城市工作方案",
]  # fmt: skip
LEADING_GROUPS = [
    "区防汛抗旱指挥部", "区安全生产委员会", "区政务公开工作领导小组", "区食品安全委员会",
    "区森林防火指挥部", "区创建全国文明城市工作领导小组", "区精准扶贫工作领导小组",
]  # fmt: skip
NOTICE_MATTERS = {
    "zlj-mzj": ["城乡低保新增对象", "临时救助对象", "高龄津贴发放对象", "医疗救助对象"],
    "zlj-rsj": ["公益性岗位拟聘用人员", "事业单位公开招聘拟聘用人员", "就业困难人员认定结果"],
    "zlj-zjj": ["农村危房改造补助对象", "公共租赁住房配租对象"],
    "zlj-cl": ["残疾人两项补贴发放对象"],
    "zlj-jyj": ["教师职称评审推荐人员", "家庭经济困难学生资助对象"],
    "zlj-wjj": ["农村部分计划生育家庭奖励扶助对象", "计划生育家庭特别扶助对象"],
    "zlj-fpj": ["建档立卡贫困户识别结果", "扶贫小额信贷贴息对象"],
    "zlj-nlj": ["农业支持保护补贴发放对象", "新型职业农民培育对象"],
}
ISSUES = [
    ("zlj-hbj", "汇东路段夜间施工噪音扰民"),
    ("zlj-cgj", "釜溪河沿岸垃圾清理不及时"),
    ("zlj-cgj", "小区周边路灯长期不亮"),
    ("zlj-gaj", "学校周边上下学时段交通拥堵"),
    ("zlj-zjj", "老旧小区雨污管网堵塞"),
    ("zlj-cgj", "农贸市场周边占道经营"),
    ("zlj-mzj", "城乡低保审核进度"),
    ("zlj-rsj", "社会保障卡办理进度"),
    ("zlj-hbj", "餐馆油烟扰民"),
    ("zlj-jyj", "学校违规收取补课费"),
    ("zlj-zsb", "房屋征收补偿标准"),
    ("zlj-rsj", "农民工工资拖欠"),
    ("zlj-syjj", "药店销售过期药品"),
    ("zlj-zjj", "道路井盖缺失"),
    ("zlj-jtj", "城区公交线路站点设置"),
    ("zlj-wjj", "社区卫生服务中心就诊排队时间长"),
]
INTERVIEWS = [
    ("zlj-mzj", "城乡低保政策"),
    ("zlj-rsj", "创业就业扶持政策"),
    ("zlj-jyj", "义务教育阶段招生政策"),
    ("zlj-wjj", "全面两孩政策"),
    ("zlj-hbj", "大气污染防治"),
    ("zlj-syjj", "食品安全知识"),
    ("zlj-ajj", "安全生产责任落实"),
    ("zlj-zwzx", "行政审批制度改革"),
]
PRESS_TOPICS = [
    "民生工程", "经济运行情况", "安全生产", "创建全国文明城市", "重点项目建设",
    "灯会期间城区交通管制", "食品安全", "政务服务改革",
]  # fmt: skip
ENFORCERS = ["zlj-hbj", "zlj-scjgj", "zlj-syjj", "zlj-ajj", "zlj-cgj", "zlj-wjj", "zlj-jtj"]
FUNDS = [
    "城乡居民基本医疗保险补助资金", "农村义务教育经费保障机制资金", "民生工程专项资金",
    "农业支持保护补贴资金", "公共文化服务体系建设资金", "城乡低保补助资金",
    "就业专项资金", "农村危房改造补助资金",
]  # fmt: skip
# Procurements and who buys them: "local" for a 街道/乡镇, else department codes.
PROCUREMENTS = [
    ("办公设备采购项目", ["zlj-office", "zlj-czj", "zlj-rsj", "zlj-mzj", "zlj-zwzx", "local"]),
    ("环卫车辆采购项目", ["zlj-cgj"]),
    ("道路维修工程", ["zlj-zjj", "zlj-jtj", "local"]),
    ("老旧小区改造工程", ["zlj-zjj", "local"]),
    ("校舍维修改造工程", ["zlj-jyj"]),
    ("路灯改造工程", ["zlj-cgj", "local"]),
    ("视频监控设备采购项目", ["zlj-gaj", "local"]),
    ("绿化提升工程", ["zlj-cgj", "local"]),
    ("农贸市场改造工程", ["zlj-swj", "local"]),
    ("排水管网改造工程", ["zlj-zjj", "zlj-slj", "local"]),
    ("医疗设备采购项目", ["zlj-wjj", "zlj-cdc"]),
]
PROCUREMENT_STAGES = ["竞争性谈判公告", "公开招标公告", "中标候选人公示", "成交结果公告"]
PUBLIC_SERVICES = [
    ("zlj-jyj", "城区小学一年级新生入学工作安排", 6),
    ("zlj-jyj", "小升初招生工作方案", 6),
    ("zlj-jyj", "中考招生政策问答", 5),
    ("zlj-wjj", "免费孕前优生健康检查项目公告", 3),
    ("zlj-cdc", "儿童免疫规划疫苗接种安排", 4),
    ("zlj-sbj", "城乡居民基本医疗保险参保缴费通知", 10),
    ("zlj-wjj", "辖区医疗机构医疗服务价格公示（第{n}批）", 0),
    ("zlj-syjj", "辖区药品零售企业信息（第{n}批）", 0),
    ("zlj-fdcj", "公共租赁住房申请指南", 3),
    ("zlj-jtj", "城区公交线路调整公告（第{n}号）", 0),
    ("zlj-rsj", "城乡居民养老保险待遇调整公告", 7),
    ("zlj-jyfwj", "高校毕业生就业见习岗位信息（第{n}批）", 0),
]
SAFETY_LAWS = [
    "中华人民共和国安全生产法",
    "四川省安全生产条例",
    "生产安全事故报告和调查处理条例",
    "生产安全事故应急预案管理办法",
    "安全生产违法行为行政处罚办法",
    "危险化学品安全管理条例",
]
SERVICE_GUIDES = {
    "service-marriage-adoption": ("zlj-mzj", ["结婚登记", "离婚登记", "补领结婚证", "收养登记"]),
    "service-enrolment": ("zlj-jyj", ["义务教育阶段入学", "随迁子女入学", "学前教育资助"]),
    "service-health": ("zlj-wjj", ["医师执业注册", "城乡居民大病保险报销", "预防接种证办理"]),
    "service-employment": ("zlj-jyfwj", ["就业创业证办理", "失业登记", "创业担保贷款"]),
    "service-social-security": ("zlj-sbj", ["城乡居民养老保险参保", "社会保障卡申领"]),
    "service-household-registration": ("zlj-gaj", ["户口迁入", "户口迁出", "出生登记"]),
    "service-birth-permit": ("zlj-wjj", ["生育服务证办理", "再生育审批"]),
    "service-identity-card": ("zlj-gaj", ["居民身份证首次申领", "居民身份证换领补领"]),
    "service-enterprise-support": ("zlj-jxj", ["中小企业发展专项资金申报", "小微企业创业补贴"]),
    "service-elderly": ("zlj-llb", ["高龄津贴申领", "老年人优待证办理"]),
    "service-disability": ("zlj-cl", ["残疾人证办理", "残疾人两项补贴申领"]),
    "service-property-registration": ("zlj-fdcj", ["房屋所有权首次登记", "房屋转移登记"]),
    "service-housing": ("zlj-fdcj", ["公共租赁住房申请", "住房租赁补贴申请"]),
    "service-transport": ("zlj-jtj", ["城区公交线路查询", "出租汽车驾驶员从业资格"]),
}
# Safety notices for a season: (name, first month, last month).
SEASONS = [
    ("春节和全国“两会”期间", 1, 2),
    ("汛期", 5, 7),
    ("高温季节", 7, 8),
    ("国庆节期间", 9, 9),
    ("岁末年初", 12, 12),
]
FESTIVALS = [("元旦春节", 1), ("自贡灯会", 2), ("端午", 6), ("中秋国庆", 9)]
NEWS_CHANNEL_SHARE = 0.4
SEED_WEIBO_POSTS = 169
SEED_WECHAT_POSTS = 141
SOCIAL_COLUMNS = {
    "news",
    "press-conferences",
    "policy-interpretation",
    "responses",
    "key-public-services",
}
EXECUTIVE_MEETINGS_PER_YEAR = 36
SEQUENCE = "{n}"  # replaced by a serial in date order

# Generated items per column for the seed year; "news" takes the rest up to 1191.
QUOTAS_SEED_YEAR = {
    "open-government": 150,
    "government-documents": 90,
    "policy-interpretation": 20,
    "responses": 20,
    "online-interviews": 6,
    "press-conferences": 6,
    "service": 32,
    # key-area columns: the named items fill the rest up to SEED_KEY_AREA_COUNT
    "key-administrative-power": 60,
    "key-public-finance": 0,  # computed
    "key-public-resources": 70,
    "key-public-services": 30,
    "key-public-supervision": 50,
    "key-environment": 40,
    "key-food-drug-safety": 30,
    "key-work-safety": 25,
    "key-credit": 15,
}
QUOTAS_PREVIOUS_YEAR = {
    "news": 40,
    "open-government": 15,
    "government-documents": 10,
    "policy-interpretation": 2,
    "responses": 3,
    "service": 2,
    "key-administrative-power": 6,
    "key-public-finance": 4,
    "key-public-resources": 6,
    "key-environment": 5,
    "key-food-drug-safety": 3,
    "key-work-safety": 2,
}
QUOTAS_CURRENT_YEAR = {
    "news": 55,
    "open-government": 22,
    "government-documents": 14,
    "policy-interpretation": 6,
    "responses": 8,
    "online-interviews": 2,
    "press-conferences": 3,
    "service": 6,
    "key-administrative-power": 6,
    "key-public-finance": 5,
    "key-public-resources": 7,
    "key-public-services": 4,
    "key-public-supervision": 3,
    "key-environment": 4,
    "key-food-drug-safety": 2,
    "key-work-safety": 2,
    "key-credit": 1,
}


def _previous_month(day: date) -> tuple[int, int]:
    first = day.replace(day=1) - timedelta(days=1)
    return first.year, first.month


def _reported_quarter(day: date) -> tuple[int, int]:
    """The quarter a report published on `day` is about: the one ending before it."""
    back = day - timedelta(days=45)
    return back.year, (back.month - 1) // 3 + 1


class _Generator:
    """Deterministic plausible items for one year (seeded by the year).

    Each column method picks the publication day first and derives the periods
    in the title from it (a monthly report names the month before, a quarterly
    one the quarter before); serials such as 第N次常务会议 follow date order.
    """

    def __init__(self, year: int, first: date, last: date, calendar: WorkCalendar):
        self.year = year
        self.first, self.last = first, last
        self.rng = random.Random(f"zlj-demo-{year}")
        self.days = [d for d in _days(first, last) if _is_workday(calendar, d)] or [last]
        self.counters: dict[str, int] = defaultdict(int)
        self.documents: list[tuple[str, str, date]] = []  # (key, plan, published)
        self.depts = [d.code for d in DEPARTMENTS]
        self.localities = [loc.code for loc in LOCALITIES]
        self.short = SHORT_NAMES
        self.topics = {s.code: s.topic for s in ALL_ORGS}
        self.titles: set[str] = set()

    def next(self, name: str) -> int:
        self.counters[name] += 1
        return self.counters[name]

    def day(self, months: tuple[int, int] | None = None) -> date:
        """A working day of the year, within the given months if any fall in range."""
        if months:
            within = [d for d in self.days if months[0] <= d.month <= months[1]]
            if within:
                return self.rng.choice(within)
        return self.rng.choice(self.days)

    def item(self, day: date, org: str, category: str, title: str, genre: str, **kw) -> Item:
        late = self.rng.random() < 0.01
        lag = self.rng.randint(25, 35) if late else self.rng.randint(0, 4)
        written = day - timedelta(days=lag * 7 // 5)
        kw.setdefault("topic", self.topics.get(org, Topic.GENERAL))
        kw.setdefault("body", f"<p>{title}。</p>")
        return Item(
            org=org,
            category=category,
            title=title,
            genre=genre,
            written_on=written,
            published_on=day,
            **kw,
        )

    def make(self, column: str) -> Item:
        """One item of a column, retried until its title is new in this year."""
        method = getattr(self, column.replace("-", "_"))
        for _attempt in range(30):
            item = method()
            if SEQUENCE in item.title or item.title not in self.titles:
                break
        else:
            item.title += f"（{self.next('dup-' + item.title) + 1}）"
        self.titles.add(item.title)
        if item.plan:
            item.key = f"gen-{self.year}-{self.next('plans')}"
            self.documents.append((item.key, item.plan, item.published_on))
        return item

    def works_of(self, org: str) -> list[str]:
        return DEPARTMENT_WORKS.get(org, []) + COMMON_WORKS

    # -- one method per column ------------------------------------------------

    def news(self) -> Item:
        r = self.rng
        street, dept = r.choice(self.localities), r.choice(self.depts)
        pick = r.randrange(8)
        day = self.day()
        if pick == 0 and self.next("executive-meetings") <= EXECUTIVE_MEETINGS_PER_YEAR:
            org, title = ROOT_CODE, f"区政府召开第{SEQUENCE}次常务会议"
        elif pick in (0, 1):
            org, title = ROOT_CODE, f"我区召开{day.year}年{r.choice(WORKS)}工作推进会"
        elif pick == 2:
            org = "zlj-office"
            title = f"区领导到{self.short[street]}调研{r.choice(WORKS)}工作"
        elif pick == 3:
            org, title = street, f"{self.short[street]}开展“{r.choice(CAMPAIGNS)}”主题活动"
        elif pick == 4:
            org = dept
            title = f"{self.short[dept]}扎实推进{r.choice(self.works_of(dept))}工作"
        elif pick == 5:
            org, title = dept, f"{self.short[dept]}组织开展{r.choice(TRAININGS)}培训"
        elif pick == 6:
            org, title = street, f"{self.short[street]}召开{r.choice(WORKS)}专题会议"
        else:
            event, month = r.choice(EVENTS)
            day = self.day((month, month))
            org, title = ROOT_CODE, f"我区举行{day.year}年{event}"
        picture = r.random() < 1 / 3
        channels = (PORTAL, WECHAT) if picture else (PORTAL,)
        if not picture and r.random() < NEWS_CHANNEL_SHARE:
            channels = (PORTAL, WEIBO, WECHAT)
        genre = Genre.PICTURE_NEWS if picture else Genre.NEWS
        return self.item(day, org, "news", title, genre, channels=channels)

    def open_government(self) -> Item:
        r = self.rng
        day = self.day()
        pick = r.randrange(4)
        if pick <= 1:
            org = r.choice(sorted(NOTICE_MATTERS))
            matter = r.choice(NOTICE_MATTERS[org])
            title = f"{self.short[org]}关于{day.year}年{matter}的公示（第{SEQUENCE}批）"
        elif pick == 2:
            org = r.choice(self.localities)
            year, quarter = _reported_quarter(day)
            title = f"{self.short[org]}{year}年第{quarter}季度城乡低保对象公示"
        else:
            org = r.choice(self.depts)
            title = f"{self.short[org]}{day.year}年公开招聘编外工作人员公告"
        channels = (PORTAL, BOARD) if r.random() < 0.5 else (PORTAL,)
        return self.item(day, org, "open-government", title, Genre.NOTICE, channels=channels)

    def government_documents(self) -> Item:
        r = self.rng
        day = self.day()
        if r.random() < 0.4:
            org, issuer, series = ROOT_CODE, "自贡市自流井区人民政府", "自流井府发"
        else:
            org, issuer, series = "zlj-office", "自贡市自流井区人民政府办公室", "自流井府办发"
        pick = r.randrange(5)
        plan = ""
        if pick == 0:
            plan = f"自流井区{day.year}年{r.choice(PLANS)}"
            title = f"{issuer}关于印发《{plan}》的通知"
        elif pick == 1:
            title = f"{issuer}关于调整{r.choice(LEADING_GROUPS)}成员的通知"
        elif pick == 2:
            title = f"{issuer}关于做好{day.year}年{r.choice(WORKS)}工作的通知"
        elif pick == 3:
            title = f"{issuer}关于开展{r.choice(WORKS)}专项整治行动的通知"
        else:
            day = self.day((1, 4))
            year, work = day.year - 1, r.choice(WORKS)
            title = f"{issuer}关于表扬{year}年度{work}工作先进集体和先进个人的通报"
        item = self.item(
            day,
            org,
            "government-documents",
            title,
            Genre.OFFICIAL_DOCUMENT,
            # Numbers are given in date order; 1–40 of each series are left to the
            # named normative documents.
            document_number=f"{series}〔{day.year}〕{SEQUENCE}号",
            channels=(PORTAL, GAZETTE),
            topic=Topic.GENERAL,
        )
        item.plan = plan
        return item

    def policy_interpretation(self) -> Item:
        r = self.rng
        if self.documents:
            # One interpretation per document.
            key, plan, published = self.documents.pop(r.randrange(len(self.documents)))
            later = [d for d in self.days if d >= published] or [published]
            day = later[min(len(later) - 1, r.randint(0, 3))]
            org = r.choice(["zlj-office", *self.depts[:20]])
            return self.item(
                day,
                org,
                "policy-interpretation",
                f"《{plan}》政策解读",
                Genre.INTERPRETATION,
                interprets=key,
            )
        org = r.choice(self.depts)
        return self.item(
            self.day(),
            org,
            "policy-interpretation",
            f"{self.short[org]}{self.year}年工作要点解读",
            Genre.INTERPRETATION,
        )

    def responses(self) -> Item:
        org, issue = self.rng.choice(ISSUES)
        return self.item(
            self.day(), org, "responses", f"关于网民反映“{issue}”问题的回复", Genre.OTHER
        )

    def online_interviews(self) -> Item:
        org, topic = self.rng.choice(INTERVIEWS)
        day = self.day()
        title = f"{self.short[org]}负责人做客在线访谈：{day.year}年{topic}"
        return self.item(day, org, "online-interviews", title, Genre.NEWS)

    def press_conferences(self) -> Item:
        topic = self.rng.choice(PRESS_TOPICS)
        day = self.day()
        return self.item(
            day,
            "zlj-office",
            "press-conferences",
            f"自流井区{day.year}年{topic}新闻发布会",
            Genre.NEWS,
            channels=(PORTAL, PRESS),
        )

    def service(self) -> Item:
        slug = self.rng.choice(sorted(SERVICE_GUIDES))
        org, guides = SERVICE_GUIDES[slug]
        day = self.day()
        title = f"{self.rng.choice(guides)}办事指南（{day.year}年版）"
        return self.item(day, org, slug, title, Genre.OTHER, channels=(PORTAL, HALL))

    def key_administrative_power(self) -> Item:
        r = self.rng
        org = r.choice(ENFORCERS)
        day = self.day()
        if r.random() < 0.5:
            title = f"{self.short[org]}行政处罚案件信息公开（{day.year}年第{SEQUENCE}期）"
        else:
            year, month = _previous_month(day)
            title = f"{self.short[org]}{year}年{month}月行政许可办理结果公示"
        return self.item(day, org, "key-administrative-power", title, Genre.NOTICE)

    def key_public_finance(self) -> Item:
        r = self.rng
        day = self.day()
        if r.random() < 0.5:
            year, month = _previous_month(day)
            title, genre = f"自流井区{year}年{month}月财政收支情况", Genre.STATISTICS
        else:
            title = f"区财政局关于下达{day.year}年{r.choice(FUNDS)}的通知（第{SEQUENCE}批）"
            genre = Genre.OFFICIAL_DOCUMENT
        return self.item(day, "zlj-czj", "key-public-finance", title, genre, topic=Topic.FINANCE)

    def key_public_resources(self) -> Item:
        r = self.rng
        day = self.day()
        thing, buyers = r.choice(PROCUREMENTS)
        buyer = r.choice(buyers)
        place = self.short[r.choice(self.localities) if buyer == "local" else buyer]
        project = f"{place}{day.year}年{thing}"
        title = f"{project}{r.choice(PROCUREMENT_STAGES)}"
        org = r.choice(["zlj-ggzy", "zlj-zwzx"])
        return self.item(day, org, "key-public-resources", title, Genre.NOTICE)

    def key_public_services(self) -> Item:
        org, service, month = self.rng.choice(PUBLIC_SERVICES)
        day = self.day((month, month) if month else None)
        title = f"自流井区{day.year}年{service.replace('{n}', SEQUENCE)}"
        return self.item(day, org, "key-public-services", title, Genre.NOTICE)

    def key_public_supervision(self) -> Item:
        r = self.rng
        org = r.choice(ENFORCERS)
        day = self.day()
        if r.random() < 0.5:
            year, quarter = _reported_quarter(day)
            title = f"{self.short[org]}{year}年第{quarter}季度“双随机、一公开”抽查结果公示"
        else:
            year, month = _previous_month(day)
            title = f"{self.short[org]}{year}年{month}月执法检查情况通报"
        return self.item(day, org, "key-public-supervision", title, Genre.NOTICE)

    def key_environment(self) -> Item:
        r = self.rng
        day = self.day()
        (my, month), (qy, quarter) = _previous_month(day), _reported_quarter(day)
        title = r.choice(
            [
                f"自流井区环保局{my}年{month}月建设项目环境影响评价文件受理情况公示",
                f"自流井区环保局{my}年{month}月拟审批建设项目环境影响评价文件公示",
                f"自流井区{my}年{month}月集中式饮用水水源地水质监测信息",
                f"自流井区环保局{qy}年第{quarter}季度排污许可证核发情况",
                f"自流井区{qy}年第{quarter}季度重点排污单位监督性监测结果",
                f"自流井区环保局{qy}年第{quarter}季度排污费征收情况公示",
                f"自流井区环保局行政处罚决定公开（{day.year}年第{SEQUENCE}号）",
            ]
        )
        return self.item(day, "zlj-hbj", "key-environment", title, Genre.NOTICE)

    def key_food_drug_safety(self) -> Item:
        r = self.rng
        pick = r.randrange(3)
        if pick == 0:
            day = self.day()
            title = f"自流井区食药局{day.year}年第{SEQUENCE}期食品安全监督抽检信息公告"
        elif pick == 1:
            day = self.day()
            title = f"{day.year}年餐饮服务食品安全量化分级结果公示（第{SEQUENCE}批）"
        else:
            festival, month = r.choice(FESTIVALS)
            day = self.day((month, month))
            title = f"关于{day.year}年{festival}期间食品安全的消费提示"
        return self.item(day, "zlj-syjj", "key-food-drug-safety", title, Genre.NOTICE)

    def key_work_safety(self) -> Item:
        r = self.rng
        n = self.next("safety")
        if self.year == SEED_YEAR and n <= len(SAFETY_LAWS):
            # The seed: "“生产安全”栏目公开了相关法律法规政策".
            return self.item(
                self.day(), "zlj-ajj", "key-work-safety", SAFETY_LAWS[n - 1], Genre.OTHER
            )
        if r.random() < 0.5:
            season, first, last = r.choice(SEASONS)
            day = self.day((first, last))
            org, title = "zlj-ajj", f"区安监局关于做好{day.year}年{season}安全生产工作的通知"
        else:
            org = r.choice(self.localities)
            day = self.day()
            title = f"{self.short[org]}开展{day.year}年{day.month}月安全生产大检查"
        return self.item(day, org, "key-work-safety", title, Genre.NOTICE)

    def key_credit(self) -> Item:
        day = self.day()
        title = f"行政许可和行政处罚等信用信息“双公示”（{day.year}年第{SEQUENCE}批）"
        return self.item(day, "zlj-scjgj", "key-credit", title, Genre.NOTICE)


def _number_sequences(items: list[Item]) -> None:
    """Replace {n} in titles and 文号 by serials in date order, per title and per series."""
    groups: dict[tuple[str, str], list[tuple[Item, str]]] = defaultdict(list)
    for item in items:
        for attr in ("title", "document_number"):
            text = getattr(item, attr)
            if SEQUENCE in text:
                # Documents share one series per 发文字号 prefix, whatever their title.
                groups[(attr, text)].append((item, attr))
    for (attr, _text), members in groups.items():
        members.sort(key=lambda m: (m[0].published_on, m[0].written_on, m[0].title))
        start = 40 if attr == "document_number" else 0
        for serial, (item, _attr) in enumerate(members, start=start + 1):
            setattr(item, attr, getattr(item, attr).replace(SEQUENCE, str(serial)))


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _is_workday(calendar: WorkCalendar, day: date) -> bool:
    try:
        return calendar.is_workday(day)
    except CalendarNotCovered:
        return day.weekday() < 5


# Column order matters: documents before their interpretations.
COLUMN_ORDER = [
    "government-documents",
    "policy-interpretation",
    "news",
    "open-government",
    "responses",
    "online-interviews",
    "press-conferences",
    "service",
    *(slug for slug, _name in KEY_COLUMNS),
]


def _generate(gen: _Generator, quotas: dict[str, int]) -> list[Item]:
    items = [gen.make(column) for column in COLUMN_ORDER for _i in range(quotas.get(column, 0))]
    _number_sequences(items)
    return items


def _counts_in_year(items: list[Item], year: int) -> tuple[int, int]:
    """(published in `year`, of which in the key-area columns)."""
    key_slugs = {slug for slug, _name in KEY_COLUMNS}
    published = [
        i
        for i in items
        if i.status == DisclosureStatus.PUBLISHED and i.published_on and i.published_on.year == year
    ]
    return len(published), sum(1 for i in published if i.category in key_slugs)


def build_items(today: date, calendar: WorkCalendar) -> list[Item]:
    """Every demo catalogue item: named ones and generated ones, deterministic for a given day."""
    named = _named_items()
    items = list(named)

    previous = _Generator(SEED_YEAR - 1, date(2015, 1, 5), date(2015, 12, 31), calendar)
    items += _generate(previous, QUOTAS_PREVIOUS_YEAR)

    seed = _Generator(SEED_YEAR, date(2016, 1, 4), date(2016, 12, 30), calendar)
    named_total, named_key = _counts_in_year(named, SEED_YEAR)
    quotas = dict(QUOTAS_SEED_YEAR)
    key_slugs = [slug for slug, _name in KEY_COLUMNS]
    quotas["key-public-finance"] = (
        SEED_KEY_AREA_COUNT
        - named_key
        - sum(quotas[s] for s in key_slugs if s != "key-public-finance")
    )
    quotas["news"] = SEED_PUBLISHED_COUNT - named_total - sum(quotas.values())
    if min(quotas.values()) < 0:
        raise RuntimeError(f"demo quotas do not add up: {quotas}")
    items += _generate(seed, quotas)
    _calibrate_social_channels(items)

    if today.year > SEED_YEAR:
        current = _Generator(today.year, date(today.year, 1, 1), today, calendar)
        items += _current_year_named(today.year, today)
        items += _generate(current, QUOTAS_CURRENT_YEAR)

    total, key = _counts_in_year(items, SEED_YEAR)
    if (total, key) != (SEED_PUBLISHED_COUNT, SEED_KEY_AREA_COUNT):
        raise RuntimeError(f"demo builds {total} items in {SEED_YEAR} ({key} key-area)")
    return items


def _calibrate_social_channels(items: list[Item]) -> None:
    """Send exactly the seed's number of 2016 items to the Weibo and WeChat accounts.

    The seed: "2016年共发布了官方微博信息169条……政务微信141条". Those are entered
    figures (the accounts post more than the catalogue holds), but the catalogue's
    channel counts should not contradict them.
    """
    rng = random.Random("zlj-demo-social")
    in_year = [
        i
        for i in items
        if i.status == DisclosureStatus.PUBLISHED
        and i.published_on
        and i.published_on.year == SEED_YEAR
    ]
    for item in in_year:
        item.channels = tuple(c for c in item.channels if c not in (WEIBO, WECHAT))
    eligible = [i for i in in_year if i.category in SOCIAL_COLUMNS]
    for channel, count in ((WEIBO, SEED_WEIBO_POSTS), (WECHAT, SEED_WECHAT_POSTS)):
        for item in rng.sample(eligible, count):
            item.channels = (*item.channels, channel)


def _assign_index_numbers(items: list[Item], orgs: dict[str, Organization]) -> None:
    """`<identifier>/<year>-<5-digit serial>`, serials in date order per organ and year."""
    groups: dict[tuple[str, int], list[Item]] = defaultdict(list)
    for item in items:
        identifier = orgs[item.org].index_identifier
        groups[(identifier, item.written_on.year)].append(item)
    for (identifier, year), members in groups.items():
        members.sort(key=lambda i: (i.published_on or i.written_on, i.written_on, i.title))
        for serial, item in enumerate(members, start=1):
            item.index_number = f"{identifier}/{year}-{serial:05d}"


def _published_at(day: date, rng: random.Random) -> datetime:
    moment = time(9 + rng.randrange(8), rng.randrange(60))
    return timezone.make_aware(datetime.combine(day, moment))


def load_disclosures(
    orgs: dict[str, Organization],
    categories: dict[str, Category],
    users: dict[str, object],
    today: date,
) -> int:
    """Insert the demo items that are not there yet; returns how many were created."""
    calendar = load_work_calendar()
    items = build_items(today, calendar)
    _assign_index_numbers(items, orgs)

    org_ids = [o.pk for o in orgs.values()]
    existing = set(
        Disclosure.objects.filter(organization_id__in=org_ids).values_list(
            "index_number", flat=True
        )
    )
    new = [i for i in items if i.index_number not in existing]
    if new:
        _insert(new, orgs, categories, users, calendar)
    _link_interpretations(items)
    _advance_index_sequences(items)
    return len(new)


def _insert(items, orgs, categories, users, calendar) -> None:
    rng = random.Random("zlj-demo-times")
    admin = users.get(ADMIN_USERNAME)
    objs = []
    for item in items:
        author = users.get(item.org) or admin
        published_at = None
        if item.status != DisclosureStatus.DRAFT and item.published_on:
            published_at = _published_at(item.published_on, rng)
        formed = item.changed_on or item.written_on
        delay = None
        if item.published_on:
            try:
                delay = workdays_between(calendar, formed, item.published_on)
            except CalendarNotCovered:
                delay = None
        obj = Disclosure(
            index_number=item.index_number,
            title=item.title.strip(),
            document_number=item.document_number,
            organization=orgs[item.org],
            category=categories[item.category],
            genre=item.genre,
            topic=item.topic or Topic.GENERAL,
            written_on=item.written_on,
            changed_on=item.changed_on,
            published_on=item.published_on,
            validity=item.validity,
            repealed_on=item.repealed_on,
            body=sanitize_html(item.body or f"<p>{item.title}。</p>"),
            status=item.status,
            published_at=published_at,
            publication_delay_workdays=delay,
            created_by=author,
            updated_by=author,
        )
        obj.clean()  # the model's own rules, before anything is written
        objs.append(obj)
    # bulk_create bypasses save(): the fields save() derives are set above.
    Disclosure.objects.bulk_create(objs, batch_size=500)

    ids = dict(
        Disclosure.objects.filter(index_number__in=[i.index_number for i in items]).values_list(
            "index_number", "id"
        )
    )
    channels = dict(Channel.objects.values_list("name", "id"))
    Through = Disclosure.channels.through
    Through.objects.bulk_create(
        [
            Through(disclosure_id=ids[item.index_number], channel_id=channels[name])
            for item in items
            for name in item.channels
            if name in channels
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


def _link_interpretations(items: list[Item]) -> None:
    by_key = {i.key: i.index_number for i in items if i.key}
    pairs = [(i.index_number, by_key[i.interprets]) for i in items if i.interprets]
    numbers = {n for pair in pairs for n in pair}
    ids = dict(
        Disclosure.objects.filter(index_number__in=numbers).values_list("index_number", "id")
    )
    linked = dict(
        Disclosure.objects.filter(index_number__in=numbers, interprets__isnull=False).values_list(
            "index_number", "interprets_id"
        )
    )
    targets: dict[int, list[str]] = defaultdict(list)
    for interpretation, document in pairs:
        if interpretation in ids and document in ids and interpretation not in linked:
            targets[ids[document]].append(interpretation)
    for document_id, interpretations in targets.items():
        Disclosure.objects.filter(index_number__in=interpretations).update(
            interprets_id=document_id
        )


def _advance_index_sequences(items: list[Item]) -> None:
    """Let generated numbers continue after the demo's explicit serials."""
    highest: dict[tuple[str, int], int] = {}
    for item in items:
        identifier, rest = item.index_number.rsplit("/", 1)
        year, serial = rest.split("-")
        key = (identifier, int(year))
        highest[key] = max(highest.get(key, 0), int(serial))
    identifiers = {k[0] for k in highest}
    rows = {
        (s.identifier, s.year): s for s in IndexSequence.objects.filter(identifier__in=identifiers)
    }
    create, update = [], []
    for (identifier, year), serial in highest.items():
        row = rows.get((identifier, year))
        if row is None:
            create.append(IndexSequence(identifier=identifier, year=year, last=serial))
        elif row.last < serial:
            row.last = serial
            update.append(row)
    IndexSequence.objects.bulk_create(create)
    if update:
        IndexSequence.objects.bulk_update(update, ["last"])


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def demo_tree_ids() -> set[int]:
    root = Organization.objects.get(code=ROOT_CODE)
    return Organization.objects.descendant_ids([root.pk])


def load(stdout: TextIO, *, today: date | None = None) -> None:
    """The catalogue part of the demo: organs, columns, accounts and disclosures.

    Call inside a transaction (the command does).
    """
    today = today or timezone.localdate()
    ensure_channels()
    orgs = load_organizations()
    stdout.write(
        _("Organizations: %(count)d (code %(code)s and its departments and localities)")
        % {"count": len(orgs), "code": ROOT_CODE}
        + "\n"
    )
    categories = load_categories()
    stdout.write(_("Columns: %(count)d") % {"count": len(categories)} + "\n")
    users = load_accounts(orgs)
    stdout.write(_("Staff accounts: %(count)d") % {"count": len(users)} + "\n")
    created = load_disclosures(orgs, categories, users, today)
    stdout.write(_("Disclosures created: %(count)d") % {"count": created} + "\n")


def login_lines() -> list[str]:
    """The development login the command prints (documented in docs/demo.md)."""
    roles = {
        "superuser": _("superuser"),
        "supervisor": _("supervisor (sees every organization)"),
        "staff": _("staff of %(organization)s"),
    }
    lines = [_("Admin: %(url)s") % {"url": f"{settings.SITE_URL}/admin/"}]
    for account in ACCOUNTS:
        role = roles[account.role]
        if account.role == "staff":
            role = role % {"organization": SHORT_NAMES[account.organization_code]}
        lines.append(f"  {account.username} / {account.password}    {role}")
    return lines
