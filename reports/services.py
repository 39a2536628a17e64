"""Publishing annual reports: the only place a report's published state changes.

Publishing freezes the report (设计原则 4): the figures, the rendered text and
HTML go into a `ReportRevision` that nothing changes afterwards. A correction
is a new revision with a public note on what changed. Each published report is
also an entry of the catalogue's 政府信息公开年报 column (第四十九条: the report
is 向社会公布), so it reaches the catalogue, the RSS feed and the sitemap.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from core.audit import log_change
from core.errors import DomainError
from disclosure.models import Category, Disclosure, DisclosureStatus, Genre, Topic, User
from disclosure.services.index_numbers import save_disclosure
from disclosure.services.publishing import (
    DisclosureStateError,
    publish_disclosure,
    today_in_china,
)
from reports.engine.checks import CheckResult
from reports.engine.document import ReportDocument
from reports.engine.generate import build_from_record
from reports.engine.snapshots import take_snapshot
from reports.models import Report, ReportRevision, ReportStatus
from reports.outputs.common import chinese_date
from reports.outputs.html import to_html
from reports.outputs.text import to_text

PUBLISH_PERMISSION = "reports.publish_report"
# The catalogue column of annual reports (created by the catalogue's demo; created here if absent).
REPORTS_COLUMN_SLUG = "annual-reports"
REPORTS_COLUMN_NAME = "政府信息公开年报"
DOWNLOAD_FORMATS = ("docx", "xlsx", "json", "csv")


class ReportPublishError(DomainError):
    """The report cannot be published as asked; `message` says why."""

    def __init__(self, message: str, *, report: Report | None = None):
        super().__init__(message, report=report)


class PublishNotAllowed(ReportPublishError, PermissionDenied):
    """The user may not publish this report (another organization's, or no permission)."""


class ConfirmationRequired(ReportPublishError):
    """A check of severity "error" fails: publishing needs an explicit confirmation."""

    def __init__(self, message: str, *, report: Report | None = None, checks=()):
        super().__init__(message, report=report)
        self.checks: list[CheckResult] = list(checks)


def can_publish(user: User | None, report: Report) -> bool:
    """Staff with the publish permission, for a report of an organization in their scope."""
    if user is None or not user.is_active or not user.has_perm(PUBLISH_PERMISSION):
        return False
    scope = user.scope_organization_ids
    return scope is None or report.organization_id in scope


def year_check(doc: ReportDocument, on: date) -> CheckResult | None:
    """第四十九条: the report covers a whole year, so it is published after the year ends.

    Publishing earlier (e.g. to try the workflow on the current year) needs the same
    explicit confirmation as a failing check, and is recorded as one.
    """
    if on.year > doc.year:
        return None
    return CheckResult(
        "year_not_ended",
        False,
        _("The year %(year)d has not ended: the figures are not those of the whole year.")
        % {"year": doc.year},
    )


def publication_checks(doc: ReportDocument, on: date) -> list[CheckResult]:
    """Every failing check at publication: the engine's and the year check."""
    failing = list(doc.failing_checks)
    early = year_check(doc, on)
    if early is not None:
        failing.append(early)
    return failing


def blocking_checks(doc: ReportDocument, on: date | None = None) -> list[CheckResult]:
    """Failing checks that need a confirmation to publish (severity "error")."""
    failing = publication_checks(doc, on) if on is not None else doc.failing_checks
    return [c for c in failing if c.severity == "error" and c.rule != "placeholders"]


def _placeholder_failure(doc: ReportDocument) -> CheckResult | None:
    return next((c for c in doc.failing_checks if c.rule == "placeholders"), None)


def publish_report(
    *,
    report: Report,
    by: User,
    note: str = "",
    confirm_failing_checks: bool = False,
    on: date | None = None,
) -> ReportRevision:
    """Freeze the report as its next published revision, dated `on` (default: today in Beijing).

    Refused when `by` may not publish it, when a correction (revision 2 on) has no
    note, when a placeholder of the text cannot be resolved (it would print as an
    error mark), and — unless `confirm_failing_checks` — when a check of severity
    "error" fails or the year has not ended; a confirmation is recorded on the
    revision with those checks.
    """
    note = " ".join((note or "").split())
    on = on or today_in_china()
    limit = ReportRevision._meta.get_field("note").max_length
    if len(note) > limit:
        raise ReportPublishError(
            _("The note is %(length)d characters long; at most %(limit)d are allowed.")
            % {"length": len(note), "limit": limit},
            report=report,
        )
    if not can_publish(by, report):
        raise PublishNotAllowed(
            _("You may not publish the reports of %(organization)s.")
            % {"organization": report.organization.name},
            report=report,
        )
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        locked.organization = report.organization
        previous = locked.revisions.order_by("-number").only("number", "published_on").first()
        number = previous.number + 1 if previous else 1
        if previous is not None and not note:
            raise ReportPublishError(
                _(
                    "This report is already published: a corrected revision needs a short "
                    "public note on what changed."
                ),
                report=locked,
            )
        if previous is not None and on < previous.published_on:
            raise ReportPublishError(
                _("A revision cannot be dated before the previous one (%(date)s).")
                % {"date": previous.published_on.isoformat()},
                report=locked,
            )

        doc = build_from_record(locked, draft=False)
        broken = _placeholder_failure(doc)
        if broken is not None:
            raise ReportPublishError(
                _("The text cannot be published with unresolved placeholders: %(detail)s")
                % {"detail": broken.message},
                report=locked,
            )
        failing = publication_checks(doc, on)
        blocking = blocking_checks(doc, on)
        if blocking and not confirm_failing_checks:
            raise ConfirmationRequired(
                _(
                    "%(count)d check(s) fail: %(rules)s. Correct the records, or confirm "
                    "that the report is to be published as it is."
                )
                % {"count": len(blocking), "rules": "、".join(c.rule for c in blocking)},
                report=locked,
                checks=blocking,
            )

        doc.issued_on = on
        doc.revision = number
        doc.revision_note = note
        revision = ReportRevision.objects.create(
            report=locked,
            number=number,
            title=doc.title,
            note=note,
            published_on=on,
            published_at=timezone.now(),
            published_by=by,
            snapshot=take_snapshot(doc),
            html=to_html(doc, standalone=False),
            text=to_text(doc),
            failing_checks=[c.as_dict() for c in failing],
            confirmed_failing_checks=bool(blocking),
            confirmed_by=by if blocking else None,
        )
        locked.status = ReportStatus.PUBLISHED
        locked.disclosure = _sync_catalogue_entry(locked, revision, by)
        locked.save(update_fields=["status", "disclosure", "updated_at"])
        message = _("Published revision %(number)d on %(on)s.") % {
            "number": number,
            "on": on.isoformat(),
        }
        if blocking:
            message += " " + _("Failing checks confirmed: %(rules)s.") % {
                "rules": ", ".join(c.rule for c in blocking)
            }
        log_change(locked, by, message)
    report.status = locked.status
    report.disclosure = locked.disclosure
    return revision


def _reports_column() -> Category:
    column = Category.objects.filter(slug=REPORTS_COLUMN_SLUG).first()
    if column is None:
        # An import may have created the column by name under another slug: adopt it.
        column = Category.objects.filter(name=REPORTS_COLUMN_NAME, parent=None).first()
    if column is None:
        column = Category.objects.create(
            slug=REPORTS_COLUMN_SLUG,
            name=REPORTS_COLUMN_NAME,
            description="历年政府信息公开工作年度报告。",
        )
    return column


def catalogue_body(report: Report, revisions: list[ReportRevision]) -> str:
    """The catalogue entry's body: where to read and download the report, and its corrections."""
    latest = revisions[-1]
    report_url = reverse("reports:report", args=report.url_args())
    downloads = format_html_join(
        "、",
        '<a href="{}">{}</a>',
        ((latest.download_url(ext), ext.upper()) for ext in DOWNLOAD_FORMATS),
    )
    parts = [
        format_html(
            "<p>{}于{}发布{}。</p>",
            report.organization.name,
            chinese_date(revisions[0].published_on),
            latest.title,
        ),
        format_html(
            '<p><a href="{}">阅读报告全文</a>（含统计表格）。下载：{}。</p>', report_url, downloads
        ),
    ]
    corrections = [r for r in revisions if r.number > 1]
    if corrections:
        parts.append(
            format_html(
                "<p>本报告已更正，现为第{}版。更正说明：</p><ul>{}</ul>",
                latest.number,
                format_html_join(
                    "",
                    "<li>第{}版（{}）：{}</li>",
                    ((r.number, chinese_date(r.published_on), r.note) for r in corrections),
                ),
            )
        )
    return "".join(parts)


def _sync_catalogue_entry(report: Report, revision: ReportRevision, by: User) -> Disclosure:
    """Create or update the report's disclosure: one catalogue entry per report, never two."""
    revisions = list(report.revisions.order_by("number").only("number", "published_on", "note"))
    for r in revisions:
        r.report = report
    revisions[-1] = revision
    summary = f"{revision.title}全文，含统计表格及Word、Excel、JSON、CSV格式下载。"
    if revision.number > 1:
        summary += f"已更正（第{revision.number}版）：{revision.note}"
    body = catalogue_body(report, revisions)

    disclosure = None
    if report.disclosure_id:
        disclosure = Disclosure.objects.select_for_update().filter(pk=report.disclosure_id).first()
    column = _reports_column()
    if disclosure is None:
        # The catalogue may already list this report (entered by hand before this system):
        # adopt that entry rather than show the report twice.
        disclosure = (
            Disclosure.objects.select_for_update()
            .filter(
                organization_id=report.organization_id,
                category=column,
                genre=Genre.REPORT,
                title=revision.title,
            )
            .exclude(pk__in=Report.objects.filter(disclosure__isnull=False).values("disclosure"))
            .first()
        )
    if disclosure is None:
        disclosure = Disclosure(
            title=revision.title,
            organization_id=report.organization_id,
            category=column,
            genre=Genre.REPORT,
            topic=Topic.GENERAL,
            written_on=revision.published_on,
            status=DisclosureStatus.DRAFT,
            summary=summary,
            body=body,
            created_by=by,
            updated_by=by,
        )
        save_disclosure(disclosure)
    else:
        disclosure.title = revision.title
        disclosure.summary = summary
        disclosure.body = body
        disclosure.updated_by = by
        disclosure.save(update_fields=["title", "summary", "body", "updated_by", "updated_at"])
    if disclosure.status != DisclosureStatus.PUBLISHED:
        try:
            publish_disclosure(disclosure=disclosure, by=by, on=revision.published_on)
        except DisclosureStateError as exc:
            raise ReportPublishError(exc.message, report=report) from exc
    return disclosure
