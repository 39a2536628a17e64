"""Import kind `organizations`: the tree of 行政机关, keyed by 机关代码."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.importing.base import (
    CellErrors,
    ChoiceLookup,
    Column,
    ImportContext,
    Importer,
    LineError,
    Row,
    SaveCounts,
)
from disclosure.models import Organization, OrganizationKind
from disclosure.validators import validate_org_code, validate_uscc

CODE = "机关代码"
NAME = "机关名称"
PARENT = "上级机关代码"
SHORT_NAME = "简称"
CREDIT_CODE = "统一社会信用代码"
KIND = "类型"

KIND_ALIASES = {
    OrganizationKind.GOVERNMENT: ["人民政府", "政府"],
    OrganizationKind.DEPARTMENT: ["政府部门", "部门", "工作部门"],
    OrganizationKind.SUBDISTRICT: ["街道办事处", "街道"],
    OrganizationKind.TOWNSHIP: ["乡镇人民政府", "乡镇", "乡人民政府", "镇人民政府"],
    OrganizationKind.OTHER: ["其他机关", "其他"],
}

# The optional columns and the model field each fills; a blank cell leaves the field as it is.
OPTIONAL_FIELDS = {SHORT_NAME: "short_name", CREDIT_CODE: "credit_code", KIND: "kind"}


@dataclass
class OrganizationRow:
    code: str
    name: str
    parent_code: str | None
    # Only the optional fields given in the row.
    extra: dict[str, str]


def _normalise_code(value: str) -> str:
    return (value or "").strip().lower()


class OrganizationImporter(Importer):
    kind = "organizations"
    label = _("Organizations")
    description = _(
        "Organizations and their parents. A parent may be defined anywhere in the same file "
        "or already exist."
    )
    model = Organization
    columns = [
        Column(CODE, help=_("Lowercase ASCII letters, digits, “-” or “_”, e.g. zlj-hbj.")),
        Column(
            NAME,
            max_length=Organization._meta.get_field("name").max_length,
            help=format_lazy(_("Full name, e.g. {example}."), example="自贡市自流井区环境保护局"),
        ),
        Column(
            PARENT,
            required=False,
            help=_("Code of the parent organization; blank for a top-level organization."),
        ),
        Column(
            SHORT_NAME,
            required=False,
            optional=True,
            max_length=Organization._meta.get_field("short_name").max_length,
            help=_("Short name; blank leaves it unchanged."),
        ),
        Column(
            CREDIT_CODE,
            required=False,
            optional=True,
            help=_(
                "18 characters with a valid GB 32100 check character; blank leaves it unchanged."
            ),
        ),
        Column(
            KIND,
            required=False,
            optional=True,
            help=format_lazy(
                _("One of: {values}; blank leaves it unchanged."),
                values="、".join(names[0] for names in KIND_ALIASES.values()),
            ),
        ),
    ]

    def prepare(self, rows, ctx: ImportContext) -> None:
        self.kinds = ChoiceLookup(OrganizationKind, KIND_ALIASES)
        # Organization trees are small (tens to hundreds of organs): load them whole.
        self.existing = {o.code: o for o in Organization.objects.all()}
        self.by_id = {o.pk: o for o in self.existing.values()}
        self.file_codes = {_normalise_code(values.get(CODE, "")) for values in rows} - {""}

    def clean_row(self, values, ctx: ImportContext) -> OrganizationRow:
        e = CellErrors()
        code = _normalise_code(values[CODE])
        if code:
            e.clean(CODE, validate_org_code, code)
        current = self.existing.get(code)
        if current is not None and not ctx.in_scope(current.pk):
            e.add(
                CODE,
                _("Organization “%(code)s” is outside the organizations you manage.")
                % {"code": code},
            )

        parent_code = _normalise_code(values[PARENT]) or None
        if parent_code is not None:
            self._check_parent(e, code, parent_code, current, ctx)
        elif ctx.scope_ids is not None and (current is None or current.parent_id is not None):
            # Staff manage their organization's subtree: they cannot add or move a top-level one.
            e.add(PARENT, _("You can only add organizations below the ones you manage."))

        extra = {}
        if values.get(SHORT_NAME):
            extra["short_name"] = values[SHORT_NAME]
        if values.get(CREDIT_CODE):
            credit_code = values[CREDIT_CODE].upper()
            e.clean(CREDIT_CODE, validate_uscc, credit_code)
            if not e.has(CREDIT_CODE):
                extra["credit_code"] = credit_code
        if values.get(KIND):
            kind = e.clean(KIND, self.kinds, values[KIND])
            if kind:
                extra["kind"] = kind
        e.raise_if_any()
        return OrganizationRow(code=code, name=values[NAME], parent_code=parent_code, extra=extra)

    def _check_parent(self, e, code, parent_code, current, ctx) -> None:
        if parent_code == code:
            e.add(PARENT, _("An organization cannot be its own parent."))
            return
        parent = self.existing.get(parent_code)
        if parent is None and parent_code not in self.file_codes:
            e.add(
                PARENT,
                _("Unknown organization code “%(code)s”: it is neither in this file nor saved.")
                % {"code": parent_code},
            )
            return
        unchanged = current is not None and parent is not None and current.parent_id == parent.pk
        if parent is not None and not unchanged and not ctx.in_scope(parent.pk):
            e.add(
                PARENT,
                _("Organization “%(code)s” is outside the organizations you manage.")
                % {"code": parent_code},
            )

    def key(self, cleaned: OrganizationRow) -> tuple:
        return (cleaned.code,)

    def key_column(self, cleaned) -> str:
        return CODE

    def check(self, rows: list[Row], ctx: ImportContext) -> list[LineError]:
        """A parent chain must end: report every row of a loop, in the file or with saved ones."""
        parent_of = {
            code: (self.by_id[o.parent_id].code if o.parent_id in self.by_id else None)
            for code, o in self.existing.items()
        }
        line_of = {}
        for row in rows:
            parent_of[row.data.code] = row.data.parent_code
            line_of[row.data.code] = row.line
        errors = []
        reported: set[str] = set()
        for row in rows:
            start = row.data.code
            chain = [start]
            node = parent_of.get(start)
            while node is not None and node not in chain:
                chain.append(node)
                node = parent_of.get(node)
            if node != start or start in reported:
                continue  # the chain ends, or it runs into a loop that its own rows report
            for i, code in enumerate(chain):
                if code in line_of and code not in reported:
                    reported.add(code)
                    loop = [*chain[i:], *chain[:i], code]
                    errors.append(
                        LineError(
                            line_of[code],
                            PARENT,
                            str(
                                _("The parent organizations form a loop: %(loop)s.")
                                % {"loop": " → ".join(loop)}
                            ),
                        )
                    )
        return errors

    def save(self, rows: list[Row], ctx: ImportContext) -> SaveCounts:
        counts = SaveCounts()
        pending = {row.data.code: row.data for row in rows}
        for data in _parents_first(pending):
            parent = self.existing.get(data.parent_code) if data.parent_code else None
            parent_id = parent.pk if parent is not None else None
            org = self.existing.get(data.code)
            wanted = {"name": data.name, "parent_id": parent_id, **data.extra}
            if org is None:
                org = Organization(code=data.code, **wanted)
                org.save()
                self.existing[org.code] = org
                counts.created += 1
                continue
            changed = [name for name, value in wanted.items() if getattr(org, name) != value]
            if not changed:
                counts.unchanged += 1
                continue
            for name in changed:
                setattr(org, name, wanted[name])
            org.save(update_fields=[*changed])
            counts.updated += 1
        return counts


def _parents_first(pending: dict[str, OrganizationRow]) -> list[OrganizationRow]:
    """Order rows so that a parent defined in the file is saved before its children."""
    ordered: list[OrganizationRow] = []
    done: set[str] = set()

    def visit(code: str) -> None:
        if code in done:
            return
        done.add(code)
        data = pending[code]
        if data.parent_code in pending:
            visit(data.parent_code)
        ordered.append(data)

    for code in pending:
        visit(code)
    return ordered
