"""Import kind `disclosures`: catalogue items (主动公开信息), keyed by 索引号.

A row without 索引号 is identified by (机关代码, 标题, 成文日期), so that
importing the same file again matches the records it created (whose 索引号
were generated) instead of duplicating them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _

from core.audit import log_changes
from core.importing.base import (
    CellErrors,
    ChoiceLookup,
    Column,
    ImportContext,
    Importer,
    LineError,
    Row,
    SaveCounts,
    join_list,
    parse_date,
)
from core.importing.bulk import insert_rows
from disclosure.jobs.search_index import index_after_commit
from disclosure.models import (
    Category,
    Disclosure,
    DisclosureStatus,
    Genre,
    Organization,
    Topic,
    Validity,
)
from disclosure.models.calendar import load_work_calendar
from disclosure.models.catalogue import publication_delay
from disclosure.sanitize import sanitize_html
from disclosure.services.catalogue_cache import catalogue_changed_after_commit
from disclosure.services.index_numbers import next_index_numbers_in_blocks
from disclosure.services.publishing import DisclosureStateError, publish_disclosure

INDEX = "索引号"
ORG = "机关代码"
TITLE = "标题"
NUMBER = "文号"
COLUMN = "栏目"
GENRE = "体裁"
WRITTEN = "成文日期"
PUBLISHED = "发布日期"
VALIDITY = "有效性"
REPEALED = "废止日期"
BODY = "正文"
TOPIC = "主题分类"

PATH_SEPARATOR = "/"
# New records made (and, on SQLite, inserted) per batch; progress is reported per batch,
# in the steps the runner reports it in.
BATCH_SIZE = 1000
# What a new record is written with (the order of `_new_values`).
NEW_FIELDS = (
    "index_number", "title", "document_number", "organization_id", "category_id", "genre",
    "topic", "written_on", "published_on", "validity", "repealed_on", "body", "status",
    "published_at", "publication_delay_workdays",
)  # fmt: skip
DEFAULT_TOPIC = Disclosure._meta.get_field("topic").default

GENRE_ALIASES = {
    Genre.REGULATION: ["规章", "政府规章"],
    Genre.NORMATIVE_DOCUMENT: ["行政规范性文件", "规范性文件"],
    Genre.OFFICIAL_DOCUMENT: ["其他公文", "公文"],
    Genre.NOTICE: ["通知公告", "通知", "公告", "公示"],
    Genre.INTERPRETATION: ["政策解读", "解读"],
    Genre.PICTURE_NEWS: ["图片新闻"],
    Genre.NEWS: ["政务动态", "工作动态"],
    Genre.PLAN: ["规划计划", "计划规划", "规划"],
    Genre.STATISTICS: ["统计信息", "统计数据"],
    Genre.BUDGET: ["财政预决算", "预决算"],
    Genre.REPORT: ["工作报告", "工作总结"],
    Genre.OTHER: ["其他"],
}
VALIDITY_ALIASES = {
    Validity.VALID: ["有效", "现行有效"],
    Validity.REVISED: ["已修订", "修订"],
    Validity.REPEALED: ["废止", "已废止"],
    Validity.EXPIRED: ["失效", "已失效"],
}
# The 主题分类 of the State Council's catalogue.
TOPIC_ALIASES = {
    Topic.GENERAL: ["综合政务"],
    Topic.ECONOMY: ["国民经济管理、国有资产监管", "国民经济管理"],
    Topic.FINANCE: ["财政、金融、审计", "财政金融审计"],
    Topic.LAND_ENERGY: ["国土资源、能源", "国土资源能源"],
    Topic.AGRICULTURE: ["农业、林业、水利", "农林水"],
    Topic.INDUSTRY_TRANSPORT: ["工业、交通", "工业交通"],
    Topic.COMMERCE: ["商贸、海关、旅游", "商贸海关旅游"],
    Topic.MARKET_SAFETY: ["市场监管、安全生产监管", "市场监管"],
    Topic.CONSTRUCTION_ENVIRONMENT: ["城乡建设、环境保护", "城乡建设", "环境保护"],
    Topic.SCIENCE_EDUCATION: ["科技、教育", "科技教育"],
    Topic.CULTURE: ["文化、广电、新闻出版", "文化"],
    Topic.HEALTH_SPORTS: ["卫生、体育", "卫生体育"],
    Topic.POPULATION: ["人口与计划生育、妇女儿童工作", "人口与计划生育"],
    Topic.LABOUR: ["劳动、人事、监察", "劳动人事监察"],
    Topic.PUBLIC_SECURITY: ["公安、安全、司法", "公安安全司法"],
    Topic.CIVIL_AFFAIRS: ["民政、扶贫、救灾", "民政扶贫救灾"],
    Topic.ETHNIC_RELIGION: ["民族、宗教", "民族宗教"],
    Topic.FOREIGN: ["对外事务"],
    Topic.OTHER: ["其他"],
}

ENDED = (Validity.REPEALED, Validity.EXPIRED)


def _canonical(aliases: dict[str, list[str]]) -> str:
    return "、".join(names[0] for names in aliases.values())


_field = Disclosure._meta.get_field
_name_length = Category._meta.get_field("name").max_length


class ColumnNode:
    """A catalogue column, saved (pk set) or to be created by this import."""

    def __init__(self, name: str, parent: ColumnNode | None, pk: int | None = None):
        self.name = name
        self.parent = parent
        self.pk = pk
        self.children: dict[str, ColumnNode] = {}

    @property
    def path(self) -> str:
        return (
            self.name if self.parent is None else f"{self.parent.path}{PATH_SEPARATOR}{self.name}"
        )


class ColumnTree:
    """All columns, to resolve a 栏目 cell by name or by path and plan the missing ones."""

    def __init__(self):
        self.roots: dict[str, ColumnNode] = {}
        self.by_name: dict[str, list[ColumnNode]] = {}

    @classmethod
    def load(cls) -> ColumnTree:
        tree = cls()
        rows = list(Category.objects.values_list("id", "name", "parent_id"))
        nodes = {pk: ColumnNode(name, None, pk) for pk, name, _parent in rows}
        for pk, _name, parent_id in rows:
            node = nodes[pk]
            node.parent = nodes.get(parent_id)
            siblings = node.parent.children if node.parent else tree.roots
            siblings[node.name] = node
            tree.by_name.setdefault(node.name, []).append(node)
        return tree

    def child(self, parent: ColumnNode | None, name: str) -> ColumnNode:
        siblings = parent.children if parent else self.roots
        node = siblings.get(name)
        if node is None:
            node = siblings[name] = ColumnNode(name, parent)
            self.by_name.setdefault(name, []).append(node)
        return node

    def path(self, parts: list[str]) -> ColumnNode:
        node = None
        for part in parts:
            node = self.child(node, part)
        return node


LOOKUP_CHUNK = 2000


def _chunks(values: set[str]):
    ordered = sorted(values)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        yield ordered[start : start + LOOKUP_CHUNK]


def split_path(value: str) -> list[str] | None:
    """The parts of a 栏目 path, or None when the cell is a plain name."""
    if PATH_SEPARATOR not in value:
        return None
    return [part.strip() for part in value.split(PATH_SEPARATOR)]


@dataclass(slots=True)
class DisclosureRow:
    index_number: str
    organization: Organization
    title: str
    document_number: str
    column: ColumnNode
    genre: str
    topic: str | None
    written_on: date
    published_on: date | None
    validity: str
    repealed_on: date | None
    body: str
    existing: Disclosure | None


class DisclosureImporter(Importer):
    kind = "disclosures"
    label = _("Disclosures")
    description = _(
        "Catalogue items. A row with a date of publication is published, one without is a "
        "draft. Missing columns are created when the supervising office imports; other "
        "staff use the existing columns."
    )
    model = Disclosure
    domain_errors = (DisclosureStateError,)
    columns = [
        Column(
            INDEX,
            required=False,
            optional=True,
            max_length=_field("index_number").max_length,
            help=_("Blank: generated as <credit code or code>/<year>-<serial>."),
        ),
        Column(ORG, help=_("Code of the issuing organization, which must exist.")),
        Column(TITLE, max_length=_field("title").max_length, help=_("Title.")),
        Column(
            NUMBER,
            required=False,
            optional=True,
            max_length=_field("document_number").max_length,
            help=_("Document number, may be blank."),
        ),
        Column(
            COLUMN,
            help=format_lazy(
                _(
                    "Column name, or its path such as {example}; missing columns are created "
                    "only by the supervising office."
                ),
                example="政府重点信息公开专栏/环境保护",
            ),
        ),
        Column(GENRE, help=format_lazy(_("One of: {values}."), values=_canonical(GENRE_ALIASES))),
        Column(WRITTEN, help=_("Date of writing, YYYY-MM-DD.")),
        Column(
            PUBLISHED,
            required=False,
            optional=True,
            help=_("Date of publication, YYYY-MM-DD; blank imports a draft."),
        ),
        Column(
            VALIDITY,
            required=False,
            help=format_lazy(
                _("One of: {values}; blank means {default}."),
                values=_canonical(VALIDITY_ALIASES),
                default=VALIDITY_ALIASES[Validity.VALID][0],
            ),
        ),
        Column(
            REPEALED,
            required=False,
            help=format_lazy(
                _("Date it was repealed or expired, YYYY-MM-DD; required for {values}."),
                values=_canonical({k: VALIDITY_ALIASES[k] for k in ENDED}),
            ),
        ),
        Column(
            BODY,
            required=False,
            optional=True,
            help=_("Body text or HTML; unsafe markup is removed. Without this column it is kept."),
        ),
        Column(
            TOPIC,
            required=False,
            optional=True,
            help=format_lazy(
                _("One of: {values}; blank leaves it unchanged."),
                values=_canonical(TOPIC_ALIASES),
            ),
        ),
    ]

    def prepare(self, rows, ctx: ImportContext) -> None:
        # Columns are shared by every organization: the 政务公开办 maintains them, so an
        # import by other staff may only file items under columns that exist.
        user = ctx.user
        self.may_add_columns = (
            user is None or user.is_supervisor or user.has_perm("disclosure.add_category")
        )
        self.genres = ChoiceLookup(Genre, GENRE_ALIASES)
        self.validities = ChoiceLookup(Validity, VALIDITY_ALIASES)
        self.topics = ChoiceLookup(Topic, TOPIC_ALIASES)
        codes: set[str] = set()
        indexes: set[str] = set()
        titles: set[str] = set()
        paths: list[list[str]] = []
        # One pass over the rows (each look at a row of a long file makes its values anew).
        for values in rows:
            codes.add(values[ORG].strip().lower())
            if values[INDEX]:
                indexes.add(values[INDEX])
            else:
                titles.add(values[TITLE])
            parts = split_path(values[COLUMN])
            if parts and all(parts) and all(len(p) <= _name_length for p in parts):
                paths.append(parts)
        self.organizations = {o.code: o for o in Organization.objects.filter(code__in=codes)}
        self.columns_tree = ColumnTree.load()
        # Paths first, whatever their line, so that a plain name can refer to a column
        # another line creates by its path.
        for parts in paths:
            self.columns_tree.path(parts)
        # Saved records are looked up a few thousand keys per query (a database bounds the
        # parameters of one statement).
        self.by_index = {}
        for chunk in _chunks(indexes):
            for d in Disclosure.objects.filter(index_number__in=chunk):
                self.by_index[d.index_number] = d
        self.by_identity: dict[tuple, list[Disclosure]] = {}
        for chunk in _chunks(titles):
            for d in Disclosure.objects.filter(organization__code__in=codes, title__in=chunk):
                self.by_identity.setdefault((d.organization_id, d.title, d.written_on), []).append(
                    d
                )

    def clean_row(self, values, ctx: ImportContext) -> DisclosureRow:
        e = CellErrors()
        code = values[ORG].lower()
        organization = self.organizations.get(code)
        if code and organization is None:
            e.add(ORG, _("Unknown organization code “%(code)s”.") % {"code": code})
        elif organization is not None and not ctx.in_scope(organization.pk):
            e.add(
                ORG,
                _("Organization “%(code)s” is outside the organizations you manage.")
                % {"code": code},
            )
        column = self._column(e, values[COLUMN]) if values[COLUMN] else None
        if column is not None and column.pk is None and not self.may_add_columns:
            e.add(
                COLUMN,
                _(
                    "There is no column “%(path)s”; columns are added by the supervising "
                    "office. Use an existing column or ask them to add it."
                )
                % {"path": column.path},
            )
        genre = e.clean(GENRE, self.genres, values[GENRE])
        topic = e.clean(TOPIC, self.topics, values.get(TOPIC, ""))
        written_on = e.clean(WRITTEN, parse_date, values[WRITTEN])
        published_on = e.clean(PUBLISHED, parse_date, values[PUBLISHED])
        validity = e.clean(VALIDITY, self.validities, values[VALIDITY]) or Validity.VALID
        repealed_on = e.clean(REPEALED, parse_date, values[REPEALED])

        if written_on and published_on and published_on < written_on:
            e.add(PUBLISHED, _("The publication date cannot be before the date of writing."))
        ended = validity in ENDED
        if ended and repealed_on is None and not e.has(REPEALED) and not e.has(VALIDITY):
            e.add(
                REPEALED,
                _("Required when “%(column)s” is “%(validity)s”.")
                % {"column": VALIDITY, "validity": values[VALIDITY]},
            )
        if not ended and repealed_on is not None:
            e.add(REPEALED, _("Only a repealed or expired document has a repeal date."))
        if written_on and repealed_on and repealed_on < written_on:
            e.add(REPEALED, _("The end date cannot be before the date of writing."))

        existing = None
        if organization is not None and written_on is not None:
            existing = self._existing(e, values, organization, written_on, ctx)
        # An import never takes a published record back to a draft; withdrawing it from
        # the site is a deliberate step in the admin.
        was_published = existing is not None and existing.status != DisclosureStatus.DRAFT
        if was_published and not published_on and not e.has(PUBLISHED):
            e.add(
                PUBLISHED,
                _(
                    "Disclosure “%(index)s” has been published, so its date of publication "
                    "is required; to take it off the site, withdraw it in the admin."
                )
                % {"index": existing.index_number},
            )
        e.raise_if_any()
        return DisclosureRow(
            index_number=values[INDEX],
            organization=organization,
            title=values[TITLE],
            document_number=values[NUMBER],
            column=column,
            genre=genre,
            topic=topic,
            written_on=written_on,
            published_on=published_on,
            validity=validity,
            repealed_on=repealed_on,
            body=values[BODY],
            existing=existing,
        )

    def _column(self, e: CellErrors, value: str) -> ColumnNode | None:
        parts = split_path(value)
        if parts is not None:
            if not all(parts):
                e.add(
                    COLUMN,
                    _("“%(value)s” has an empty part; write a path as “%(example)s”.")
                    % {"value": value, "example": "上级栏目/栏目"},
                )
                return None
            if any(len(p) > _name_length for p in parts):
                e.add(
                    COLUMN,
                    _("A column name has at most %(max)d characters.") % {"max": _name_length},
                )
                return None
            return self.columns_tree.path(parts)
        if len(value) > _name_length:
            e.add(
                COLUMN, _("A column name has at most %(max)d characters.") % {"max": _name_length}
            )
            return None
        matches = self.columns_tree.by_name.get(value, [])
        if len(matches) > 1:
            paths = sorted(node.path for node in matches)
            e.add(
                COLUMN,
                _("Several columns are named “%(name)s” (%(paths)s); write the path instead.")
                % {"name": value, "paths": join_list(paths)},
            )
            return None
        # No such column yet: a new top-level one, which later lines then share.
        return matches[0] if matches else self.columns_tree.child(None, value)

    def _existing(self, e, values, organization, written_on, ctx) -> Disclosure | None:
        if values[INDEX]:
            existing = self.by_index.get(values[INDEX])
        else:
            matches = self.by_identity.get((organization.pk, values[TITLE], written_on), [])
            if len(matches) > 1:
                e.add(
                    INDEX,
                    _(
                        "%(count)d saved disclosures have this organization, title and date "
                        "of writing; give the index number of the one to update."
                    )
                    % {"count": len(matches)},
                )
                return None
            existing = matches[0] if matches else None
        if existing is not None and not ctx.in_scope(existing.organization_id):
            e.add(
                INDEX,
                _("Disclosure “%(index)s” belongs to an organization outside the ones you manage.")
                % {"index": existing.index_number},
            )
            return None
        return existing

    def key(self, cleaned: DisclosureRow) -> tuple:
        if cleaned.index_number:
            return (cleaned.index_number,)
        return (cleaned.organization.code, cleaned.title, cleaned.written_on.isoformat())

    def key_column(self, cleaned: DisclosureRow) -> str:
        return INDEX if cleaned.index_number else TITLE

    def check(self, rows: list[Row], ctx: ImportContext) -> list[LineError]:
        """Two lines that would write one record, which `key()` cannot see.

        A line with 索引号 and a line without it are keyed differently, yet both may
        reach the same saved disclosure (the second would then publish it twice), or
        the line without would create a twin that no later import can tell apart.
        The later line is reported, naming the first.
        """
        errors = []
        line_of_existing: dict[int, int] = {}
        # identity → line, separately for lines with and without 索引号
        line_of_identity: dict[bool, dict[tuple, int]] = {True: {}, False: {}}
        for row in rows:
            data: DisclosureRow = row.data
            indexed = bool(data.index_number)
            identity = self._identity(data)
            if data.existing is not None and data.existing.pk in line_of_existing:
                errors.append(
                    LineError(
                        row.line,
                        INDEX if indexed else TITLE,
                        str(
                            _(
                                "Line %(line)d already updates disclosure “%(index)s”; keep "
                                "one of the two lines."
                            )
                            % {
                                "line": line_of_existing[data.existing.pk],
                                "index": data.existing.index_number,
                            }
                        ),
                    )
                )
                continue
            twin = line_of_identity[not indexed].get(identity)
            if twin is not None:
                errors.append(
                    LineError(
                        row.line,
                        TITLE,
                        str(
                            _(
                                "Same organization, title and date of writing as line "
                                "%(line)d, but only one of the two lines gives an index "
                                "number: give it on both, or keep one of the two lines."
                            )
                            % {"line": twin}
                        ),
                    )
                )
                continue
            if data.existing is not None:
                line_of_existing[data.existing.pk] = row.line
            line_of_identity[indexed].setdefault(identity, row.line)
        return errors

    @staticmethod
    def _identity(data: DisclosureRow) -> tuple:
        return (data.organization.pk, data.title, data.written_on)

    def save(self, rows: list[Row], ctx: ImportContext) -> SaveCounts:
        """New records all at once (`insert_rows`: one streamed COPY on PostgreSQL), saved
        records one by one.

        A new record is written as `save_disclosure` followed by `publish_disclosure`
        would leave it (索引号, sanitised body, status, 第二十六条 delay, the admin history
        entry of its publication), without their row-by-row queries. A saved record is
        updated through the services as in the admin, which lock it and check its state.
        """
        counts = SaveCounts()
        for row in rows:
            self._save_column(row.data.column)
        new = [row for row in rows if row.data.existing is None]
        if new:
            self._create(new, ctx)
            counts.created += len(new)
        # In the order of the row-by-row import: lines with a 索引号 first.
        for row in sorted(
            (row for row in rows if row.data.existing is not None),
            key=lambda row: not row.data.index_number,
        ):
            ctx.saved(line=row.line)
            self._update(row.data, ctx, counts)
        return counts

    def _create(self, rows: list[Row], ctx: ImportContext) -> None:
        user = ctx.user
        user_id = getattr(user, "pk", None)
        calendar = load_work_calendar()
        delays: dict[tuple[date, date | None], int | None] = {}

        def delay(written_on: date, published_on: date | None) -> int | None:
            # Documents of a ledger share their dates: each pair is counted once.
            key = (written_on, published_on)
            if key not in delays:
                delays[key] = publication_delay(written_on, published_on, calendar)
            return delays[key]

        # One instant for the whole file: the records are created and published together.
        now = timezone.now()
        self._number(rows)
        # A refusal of the database cannot be pinned on one line of the stream.
        ctx.line = None
        insert_rows(
            Disclosure,
            NEW_FIELDS,
            (self._new_values(row.data, now, delay) for row in rows),
            constants={
                "summary": "",
                "withdrawal_reason": "",
                "created_at": now,
                "updated_at": now,
                "created_by_id": user_id,
                "updated_by_id": user_id,
            },
            progress=ctx.saved,
            every=BATCH_SIZE,
        )
        if user_id is not None:
            for start in range(0, len(rows), LOOKUP_CHUNK):
                self._log_publications(
                    [row.data for row in rows[start : start + LOOKUP_CHUNK]], user
                )
        # insert_rows sends no signals: once the import commits, a job puts the published
        # rows in the search index (segmenting every body here would cost more than the
        # import itself; disclosure/jobs/search_index.py).
        if any(row.data.published_on is not None for row in rows):
            index_after_commit(user if user_id is not None else None)
        catalogue_changed_after_commit()

    @staticmethod
    def _new_values(data: DisclosureRow, now, delay) -> tuple:
        """The values of NEW_FIELDS that `save_disclosure` then `publish_disclosure` would
        store (Disclosure.save() normalises title, 索引号, repeal date, delay and body)."""
        published = data.published_on is not None
        return (
            data.index_number.strip(),
            data.title.strip(),
            data.document_number,
            data.organization.pk,
            data.column.pk,
            data.genre,
            data.topic or DEFAULT_TOPIC,
            data.written_on,
            data.published_on,
            data.validity,
            data.repealed_on if data.validity in ENDED else None,
            sanitize_html(data.body),
            DisclosureStatus.PUBLISHED.value if published else DisclosureStatus.DRAFT.value,
            now if published else None,
            delay(data.written_on, data.published_on),
        )

    @staticmethod
    def _log_publications(rows: list[DisclosureRow], user) -> None:
        """The admin history entry `publish_disclosure` writes, for each published row."""
        published = [data for data in rows if data.published_on is not None]
        if not published:
            return
        ids = dict(
            Disclosure.objects.filter(
                index_number__in=[data.index_number.strip() for data in published]
            ).values_list("index_number", "pk")
        )
        log_changes(
            Disclosure,
            (
                (
                    ids[data.index_number.strip()],
                    data.title.strip(),
                    _("Published on %(on)s.") % {"on": data.published_on.isoformat()},
                )
                for data in published
            ),
            user,
        )

    def _number(self, rows: list[Row]) -> None:
        """索引号 for new rows without one, in blocks per identifier and year: the numbers
        the rows would get one by one in the file's order, skipping every number given in
        the file or already saved."""
        given = {row.data.index_number for row in rows if row.data.index_number}
        wanting: dict[tuple[str, int], list[DisclosureRow]] = {}
        organizations: dict[str, Organization] = {}
        for row in rows:
            data: DisclosureRow = row.data
            if data.index_number:
                continue
            identifier = data.organization.index_identifier
            organizations.setdefault(identifier, data.organization)
            wanting.setdefault((identifier, data.written_on.year), []).append(data)
        groups = list(wanting.items())
        blocks = next_index_numbers_in_blocks(
            [(organizations[identifier], year, len(group)) for (identifier, year), group in groups],
            reserved=given,
        )
        for (_key, group), numbers in zip(groups, blocks, strict=True):
            for data, number in zip(group, numbers, strict=True):
                data.index_number = number

    def _update(self, data: DisclosureRow, ctx: ImportContext, counts: SaveCounts) -> None:
        user = ctx.user
        disclosure = data.existing
        wanted = {
            "title": data.title,
            "document_number": data.document_number,
            "organization_id": data.organization.pk,
            "category_id": data.column.pk,
            "genre": data.genre,
            "written_on": data.written_on,
            "published_on": data.published_on,
            "validity": data.validity,
            "repealed_on": data.repealed_on,
            "body": sanitize_html(data.body),
        }
        if data.topic:
            wanted["topic"] = data.topic
        # A column left out of the file keeps what the saved record has.
        for header, name in ((NUMBER, "document_number"), (BODY, "body")):
            if header not in ctx.present:
                del wanted[name]
        # Publishing goes through the service, as in the admin: a draft is published on
        # its 发布日期.
        publish = data.published_on is not None and disclosure.status == DisclosureStatus.DRAFT
        if publish:
            del wanted["published_on"]
        changed = [n for n, value in wanted.items() if getattr(disclosure, n) != value]
        if not changed and not publish:
            counts.unchanged += 1
            return
        if changed:
            for name in changed:
                setattr(disclosure, name, wanted[name])
            disclosure.updated_by = user
            disclosure.save(
                update_fields=[*changed, "publication_delay_workdays", "updated_at", "updated_by"]
            )
        counts.updated += 1
        if publish:
            publish_disclosure(disclosure=disclosure, by=user, on=data.published_on)

    def _save_column(self, node: ColumnNode) -> None:
        if node.pk is not None:
            return
        if node.parent is not None:
            self._save_column(node.parent)
        slug = slugify(node.name)[:80]
        if not slug or Category.objects.filter(slug=slug).exists():
            # Chinese names have no ASCII slug: a random suffix keeps it unique.
            slug = f"{slug or 'column'}-{uuid.uuid4().hex[:8]}"
        category = Category.objects.create(
            name=node.name, parent_id=node.parent.pk if node.parent else None, slug=slug
        )
        node.pk = category.pk
