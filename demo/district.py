"""The demo district for `load_demo`: 自贡市自流井区 and its proactive-disclosure catalogue.

The data follow the seed report (自流井区's 2016 annual report): its departments
and 街道/乡镇, the columns it names, the catalogue items it names, and enough
generated items that the figures it states come out of the catalogue (1191
items published in 2016, 400多 of them in the key-area columns, 56 departments
publishing their 2015 final accounts). `docs/demo.md` maps each seed statement
to the data.

The static tables are files in `demo/data/` (see its README.md):
`organizations.csv` (loaded by the project's own `organizations` import) and
`organization_details.csv` (what that import has no columns for),
`columns.csv`, `catalogue.json` (the named items, budgets, normative documents,
current-year drafts and the generation quotas of every year) and
`catalogue_vocabulary.json` (the words the generator draws from). The bodies and
attachments of generated items come from `demo.bodies`. This module holds the rules: the
development logins, the 56 final accounts (one per department), the generator's
title patterns and the numbering.

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

from core.importing import ChoiceLookup, run_import
from demo import bodies, datafiles
from disclosure.importers import organizations as org_import
from disclosure.jobs.attachment_text import extract_attachments
from disclosure.models import (
    Attachment,
    Category,
    Channel,
    Disclosure,
    DisclosureStatus,
    Genre,
    IndexSequence,
    Organization,
    OrganizationKind,
    Topic,
    Validity,
)
from disclosure.models.calendar import load_work_calendar
from disclosure.roles import STAFF_GROUP, SUPERVISOR_GROUP, ensure_staff_groups
from disclosure.sanitize import sanitize_html
from disclosure.services.reference_data import ensure_channels
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


# ---------------------------------------------------------------------------
# Organizations
# ---------------------------------------------------------------------------

# In the format of `python manage.py import_records organizations` (docs/import.md).
ORGANIZATIONS_FILE = "organizations.csv"
# Per organization code, what the import has no columns for: the contact data of the
# disclosure office, how online applications are confirmed, and the 主题分类 (a `Topic`
# key) the generator gives the organ's items. The sort order is the line order.
DETAILS_FILE = "organization_details.csv"
CONTACT_FIELDS = ("office_name", "address", "postcode", "phone", "fax", "office_hours", "email")
# The 行政复议机关 where it is not the parent: for the district government, 自贡市人民政府.
RECONSIDERATION_FIELDS = (
    "reconsideration_body",
    "reconsideration_address",
    "reconsideration_phone",
)


@dataclass(frozen=True)
class OrgSpec:
    code: str
    short_name: str
    name: str
    kind: str
    topic: str
    # Model fields the import does not set: receipt_confirmation, the contact fields and
    # the reconsideration body.
    details: dict[str, str] = field(default_factory=dict, compare=False)


def _read_organizations() -> list[OrgSpec]:
    kinds = ChoiceLookup(OrganizationKind, org_import.KIND_ALIASES)
    details = {row.pop("code"): row for row in datafiles.read_csv(DETAILS_FILE)}
    specs = []
    for row in datafiles.read_csv(ORGANIZATIONS_FILE):
        code = row[org_import.CODE]
        extra = details[code]
        specs.append(
            OrgSpec(
                code=code,
                short_name=row[org_import.SHORT_NAME],
                name=row[org_import.NAME],
                kind=kinds(row[org_import.KIND]),
                topic=extra["topic"] or Topic.GENERAL,
                details={
                    "receipt_confirmation": extra["receipt_confirmation"],
                    **{name: extra[name] for name in CONTACT_FIELDS},
                    **{name: extra[name] for name in RECONSIDERATION_FIELDS},
                },
            )
        )
    return specs


ALL_ORGS = _read_organizations()
ROOT = ALL_ORGS[0]
# The 56 区级部门 that, per the seed, published their 2015 final accounts in 2016.
DEPARTMENTS = [s for s in ALL_ORGS if s.kind == OrganizationKind.DEPARTMENT]
SUBDISTRICT, TOWNSHIP = OrganizationKind.SUBDISTRICT, OrganizationKind.TOWNSHIP
LOCALITIES = [s for s in ALL_ORGS if s.kind in (SUBDISTRICT, TOWNSHIP)]
SHORT_NAMES = {spec.code: spec.short_name for spec in ALL_ORGS}


def load_organizations() -> dict[str, Organization]:
    """Create or correct the demo organs; returns them by code.

    Code, name, parent, short name, credit code and kind go through the project's
    `organizations` import (validated as any import file is); the rest is set here.
    """
    result = run_import("organizations", datafiles.path(ORGANIZATIONS_FILE))
    if result.errors:
        problems = "; ".join(str(error) for error in result.errors)
        raise RuntimeError(f"demo/data/{ORGANIZATIONS_FILE} does not import: {problems}")
    by_code = Organization.objects.in_bulk([s.code for s in ALL_ORGS], field_name="code")
    fields = [f.name for f in Organization._meta.fields]
    for position, spec in enumerate(ALL_ORGS):
        org = by_code[spec.code]
        wanted = {"sort_order": position, "is_active": True, **spec.details}
        diff = {name: value for name, value in wanted.items() if getattr(org, name) != value}
        if diff:
            for name, value in diff.items():
                setattr(org, name, value)
            # E.g. the e-mail address and the receipt confirmation choice.
            org.clean_fields(exclude=[name for name in fields if name not in diff])
            # One plain UPDATE per organ: cheaper than bulk_update's CASE over 69 rows.
            Organization.objects.filter(pk=org.pk).update(**diff)
    return by_code


# ---------------------------------------------------------------------------
# Columns (栏目)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnSpec:
    slug: str
    name: str
    parent: str | None  # slug
    sort_order: int  # among its siblings, in file order
    description: str
    is_key_area: bool  # 政府重点信息公开专栏: its items are the report's 重点领域 information


def _read_columns() -> list[ColumnSpec]:
    """`columns.csv`, parents before children."""
    siblings: dict[str | None, int] = defaultdict(int)
    specs = []
    for row in datafiles.read_csv("columns.csv"):
        parent = row["parent"] or None
        specs.append(
            ColumnSpec(
                slug=row["slug"],
                name=row["name"],
                parent=parent,
                sort_order=siblings[parent],
                description=row["description"],
                is_key_area=row["is_key_area"] == "yes",
            )
        )
        siblings[parent] += 1
    return specs


COLUMNS = _read_columns()
KEY_AREA = next(c.slug for c in COLUMNS if c.is_key_area)
KEY_COLUMN_SLUGS = [c.slug for c in COLUMNS if c.parent == KEY_AREA]


def load_categories() -> dict[str, Category]:
    by_slug = Category.objects.in_bulk([c.slug for c in COLUMNS], field_name="slug")
    for spec in COLUMNS:
        parent = by_slug[spec.parent] if spec.parent else None
        wanted = {
            "name": spec.name,
            "parent_id": parent.pk if parent else None,
            "sort_order": spec.sort_order,
            "description": spec.description,
            "is_key_area": spec.is_key_area,
        }
        cat = by_slug.get(spec.slug)
        if cat is None:
            # A column of that name may already exist (an import creates columns by
            # name); adopt it rather than collide with its unique name.
            cat = Category.objects.filter(name=spec.name, parent=parent).first()
            if cat is None:
                cat = Category(slug=spec.slug, **wanted)
                cat.save()
            else:
                cat.slug = spec.slug
                for attr, value in wanted.items():
                    setattr(cat, attr, value)
                cat.save()
        elif any(getattr(cat, attr) != value for attr, value in wanted.items()):
            for attr, value in wanted.items():
                setattr(cat, attr, value)
            cat.save()
        by_slug[spec.slug] = cat
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


# The development logins stay here rather than in demo/data/: the command prints them, the
# README and docs/demo.md document them, its refusal with DEBUG off names them, and later
# steps use them (the supervisor publishes the 2016 report).
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


# The named items, budgets, normative documents, current-year drafts and quotas.
CATALOGUE = datafiles.read_json("catalogue.json")
DATE_FIELDS = ("written_on", "published_on", "repealed_on", "changed_on")


def _item(data: dict) -> Item:
    """An item of `catalogue.json`: Item's fields, dates in ISO form, channels as a list."""
    values = dict(data)
    for name in DATE_FIELDS:
        if name in values:
            values[name] = datafiles.to_date(values[name])
    if "channels" in values:
        values["channels"] = tuple(values["channels"])
    return Item(**values)


def _final_accounts() -> list[Item]:
    """The 2015 final accounts of the 56 departments, one each (the seed's 56)."""
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
    return items


def _named_items() -> list[Item]:
    """The items the seed names, with their real titles, in this order (it fixes the ids)."""
    return [
        *(_item(data) for data in CATALOGUE["named"]),
        *_final_accounts(),
        # 区财政局's district budgets and 三公 statements the seed names.
        *(_item(data) for data in CATALOGUE["budgets"]),
        # 行政规范性文件 with validity variety, for 表二 (no 规章: a district makes none).
        *(_item(data) for data in CATALOGUE["normative_documents"]),
    ]


def _current_year_named(year: int, today: date) -> list[Item]:
    # No catalogue item for last year's annual report: `demo.publish` publishes the report
    # itself, and publishing adds its catalogue entry (under /reports/ too).
    items = []
    for draft in CATALOGUE["current_year_drafts"]:
        items.append(
            Item(
                org=draft["org"],
                category=draft["category"],
                title=draft["title"].format(year=year),
                genre=Genre.NOTICE,
                written_on=today,
                published_on=None,
                status=DisclosureStatus.DRAFT,
                channels=(),
            )
        )
    return items


# --- generated items ----------------------------------------------------------

# The words the generator draws from (`catalogue_vocabulary.json`, described in the README).
VOCABULARY = datafiles.read_json("catalogue_vocabulary.json")
COMMON_WORKS = VOCABULARY["common_works"]
DEPARTMENT_WORKS = VOCABULARY["department_works"]
WORKS = VOCABULARY["works"]
CAMPAIGNS = VOCABULARY["campaigns"]
TRAININGS = VOCABULARY["trainings"]
EVENTS = VOCABULARY["events"]  # [event, month]
PLANS = VOCABULARY["plans"]
LEADING_GROUPS = VOCABULARY["leading_groups"]
NOTICE_MATTERS = VOCABULARY["notice_matters"]  # organization code -> matters
ISSUES = VOCABULARY["issues"]  # [organization code, issue]
INTERVIEWS = VOCABULARY["interviews"]  # [organization code, topic]
PRESS_TOPICS = VOCABULARY["press_topics"]
ENFORCERS = VOCABULARY["enforcers"]
FUNDS = VOCABULARY["funds"]
PROCUREMENTS = VOCABULARY["procurements"]  # [thing, buyers: codes, "local" for a 街道/乡镇]
PROCUREMENT_STAGES = VOCABULARY["procurement_stages"]
PUBLIC_SERVICES = VOCABULARY["public_services"]  # [code, service, month or 0]
SAFETY_LAWS = VOCABULARY["safety_laws"]
SERVICE_GUIDES = VOCABULARY["service_guides"]  # column slug -> [code, guides]
SEASONS = VOCABULARY["seasons"]  # [name, first month, last month]
FESTIVALS = VOCABULARY["festivals"]  # [name, month]
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

# Generated items per column. In the seed year "news" takes the rest up to 1191 and
# "key-public-finance" the rest of the key-area columns up to SEED_KEY_AREA_COUNT.
QUOTAS_PREVIOUS_YEAR = CATALOGUE["quotas"]["previous_year"]
QUOTAS_SEED_YEAR = CATALOGUE["quotas"]["seed_year"]
# 2017 to the current year: these quotas scaled by the year's factor (`year_scale`), and
# for the current year by the share of the year gone by.
QUOTAS_LATER_YEARS = CATALOGUE["quotas"]["later_years"]
YEAR_SCALE = {int(year): factor for year, factor in CATALOGUE["year_scale"].items()}


def later_year_quotas(year: int, first: date, last: date) -> dict[str, int]:
    """Generated items per column for a year after the seed's, up to `last` (today)."""
    share = ((last - first).days + 1) / ((date(year, 12, 31) - first).days + 1)
    factor = YEAR_SCALE.get(year, max(YEAR_SCALE.values())) * min(1.0, share)
    return {column: round(n * factor) for column, n in QUOTAS_LATER_YEARS.items()}


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
    *KEY_COLUMN_SLUGS,
]


def _generate(gen: _Generator, quotas: dict[str, int]) -> list[Item]:
    items = [gen.make(column) for column in COLUMN_ORDER for _i in range(quotas.get(column, 0))]
    _number_sequences(items)
    return items


def _counts_in_year(items: list[Item], year: int) -> tuple[int, int]:
    """(published in `year`, of which in the key-area columns)."""
    key_slugs = set(KEY_COLUMN_SLUGS)
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
    quotas["key-public-finance"] = (
        SEED_KEY_AREA_COUNT
        - named_key
        - sum(quotas[s] for s in KEY_COLUMN_SLUGS if s != "key-public-finance")
    )
    quotas["news"] = SEED_PUBLISHED_COUNT - named_total - sum(quotas.values())
    if min(quotas.values()) < 0:
        raise RuntimeError(f"demo quotas do not add up: {quotas}")
    items += _generate(seed, quotas)
    _calibrate_social_channels(items)

    # Every year since the seed's, so that the trends and the year filter have no gap.
    for year in range(SEED_YEAR + 1, today.year + 1):
        first = date(year, 1, 1)
        last = min(date(year, 12, 31), today)
        generator = _Generator(year, first, last, calendar)
        if year == today.year:
            items += _current_year_named(year, today)
        items += _generate(generator, later_year_quotas(year, first, last))

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
            body=sanitize_html(item.body or bodies.compose(item, orgs[item.org])),
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
    _attach_files(items, orgs, ids)


def _attach_files(items, orgs, ids: dict[str, int]) -> int:
    """Generated .docx/.xlsx attachments for a sample of the new items (see demo.bodies)."""
    created = []
    for item in items:
        generated = bodies.attachment_for(item, orgs[item.org])
        if generated is None:
            continue
        title, content = generated
        attachment = Attachment(disclosure_id=ids[item.index_number], title=title, file=content)
        attachment.full_clean(exclude=["disclosure"])
        attachment.save()
        created.append(attachment.pk)
    # Their text for the search, read now rather than by a job after the load commits
    # (a site with a broker but no worker running would otherwise search without it).
    extract_attachments(created)
    return len(created)


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
