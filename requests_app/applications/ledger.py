"""The 依申请公开台账: the ledger of applications an office keeps, as .xlsx and .csv.

One row per application, in the words an office's ledger uses (the active language:
Chinese headings and Chinese values, never a stored code). The rows are read with one
query (the event log and the reconsideration/litigation cases are asked about through
subqueries, never per row) and written as they are read, so that memory stays bounded
for tens of thousands of applications.

Personal data is masked as in the queue (`privacy`), unless the export asks for the
full data: then the rows the user may see in full (`sees_full_personal_data`: staff
of the application's own organization, or a superuser) carry it, and each such row
is written to the personal-data access log, as opening the application's page is.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.db.models import Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from core.spreadsheets import Column, safe_cell, write_table_xlsx
from disclosure.jobs import JobKind
from disclosure.services.personal_data import record_personal_data_accesses
from requests_app.applications.models import (
    ApplicantType,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    DeliveryMethod,
    EventKind,
    Outcome,
    ProvisionForm,
    ReviewCase,
    ReviewKind,
    SubmissionChannel,
)
from requests_app.applications.privacy import (
    mask_address,
    mask_email,
    mask_id,
    mask_phone,
    sees_full_personal_data,
)

CHUNK_SIZE = 2000

# Heading, width (Excel's units: about half a Chinese character each), wrapped.
COLUMNS = [
    (pgettext_lazy("ledger", "No."), 6, False),
    (pgettext_lazy("ledger", "Tracking number"), 24, False),
    (pgettext_lazy("ledger", "Applicant"), 16, True),
    (pgettext_lazy("ledger", "Applicant type"), 12, True),
    (pgettext_lazy("ledger", "Document number"), 22, False),
    (pgettext_lazy("ledger", "Phone"), 15, False),
    (pgettext_lazy("ledger", "Email"), 26, False),
    (pgettext_lazy("ledger", "Address"), 24, True),
    (pgettext_lazy("ledger", "Date of application"), 12, False),
    (pgettext_lazy("ledger", "Date of receipt"), 12, False),
    (pgettext_lazy("ledger", "Way of application"), 11, True),
    (pgettext_lazy("ledger", "Name of the information (document number)"), 24, True),
    (pgettext_lazy("ledger", "Description of the information"), 40, True),
    (pgettext_lazy("ledger", "Form of provision"), 10, True),
    (pgettext_lazy("ledger", "Way of obtaining"), 10, True),
    (pgettext_lazy("ledger", "Organization applied to"), 20, True),
    (pgettext_lazy("ledger", "Status"), 14, True),
    (pgettext_lazy("ledger", "Reply due by"), 12, False),
    (pgettext_lazy("ledger", "Extended"), 8, False),
    (pgettext_lazy("ledger", "Correction"), 12, True),
    (pgettext_lazy("ledger", "Date of reply"), 12, False),
    (pgettext_lazy("ledger", "Outcome"), 24, True),
    (pgettext_lazy("ledger", "Fee charged"), 8, False),
    (pgettext_lazy("ledger", "Fee (yuan)"), 10, False),
    (pgettext_lazy("ledger", "Overdue"), 8, False),
    (pgettext_lazy("ledger", "Reconsideration / litigation"), 14, True),
    (pgettext_lazy("ledger", "Handled by"), 10, True),
    (pgettext_lazy("ledger", "Remarks"), 26, True),
]

_LITIGATION = [ReviewKind.LITIGATION_DIRECT, ReviewKind.LITIGATION_AFTER_RECONSIDERATION]


def headings() -> list[str]:
    return [str(heading) for heading, _width, _wrap in COLUMNS]


def ledger_queryset(queryset) -> Any:
    """`queryset` (already scoped and filtered) with what the ledger says of each row.

    One query: has it been extended, asked to correct, corrected, …, and who handled
    it last, are subqueries over the event log and the cases.
    """

    def has(kind):
        return Exists(ApplicationEvent.objects.filter(application=OuterRef("pk"), kind=kind))

    handler = (
        ApplicationEvent.objects.filter(application=OuterRef("pk"), actor__isnull=False)
        .exclude(kind=EventKind.NOTE)
        .order_by("-occurred_on", "-id")
        .values(name=Coalesce(NullIf(F("actor__full_name"), Value("")), F("actor__username")))[:1]
    )
    cases = ReviewCase.objects.filter(application=OuterRef("pk"))
    return (
        queryset.select_related("organization")
        .annotate(
            ledger_extended=has(EventKind.EXTENDED),
            ledger_reply_delayed=has(EventKind.REPLY_DELAYED),
            ledger_correction_requested=has(EventKind.CORRECTION_REQUESTED),
            ledger_corrected=has(EventKind.CORRECTED),
            ledger_correction_lapsed=has(EventKind.CORRECTION_LAPSED),
            ledger_withdrawn=has(EventKind.WITHDRAWN),
            ledger_reconsideration=Exists(cases.filter(kind=ReviewKind.RECONSIDERATION)),
            ledger_litigation=Exists(cases.filter(kind__in=_LITIGATION)),
            ledger_handler=Coalesce(
                Subquery(handler),
                NullIf(F("created_by__full_name"), Value("")),
                F("created_by__username"),
            ),
        )
        .order_by("submitted_at", "id")
    )


def _label(choices, value: str) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _yes_no(value: bool) -> str:
    return pgettext("ledger", "Yes") if value else pgettext("ledger", "No")


def _correction(app) -> str:
    if app.status == ApplicationStatus.AWAITING_CORRECTION:
        return pgettext("ledger", "Awaiting correction")
    if app.ledger_correction_lapsed:
        return pgettext("ledger", "Not corrected in time")
    if app.ledger_corrected:
        return pgettext("ledger", "Corrected")
    if app.ledger_correction_requested:
        return pgettext("ledger", "Correction requested")
    return pgettext("ledger", "None")


def _overdue(app, today: date) -> str:
    if app.due_on is None:
        return ""
    if app.closed_on is not None:
        return _yes_no(app.closed_on > app.due_on)
    return _yes_no(app.due_on < today)


def _reviews(app) -> str:
    kinds = []
    if app.ledger_reconsideration:
        kinds.append(pgettext("ledger", "Reconsideration"))
    if app.ledger_litigation:
        kinds.append(pgettext("ledger", "Litigation"))
    return "、".join(kinds) or pgettext("ledger", "None")


def _remarks(app) -> str:
    notes = []
    if app.ledger_withdrawn:
        notes.append(pgettext("ledger", "Withdrawn by the applicant."))
    if app.ledger_reply_delayed:
        notes.append(pgettext("ledger", "Reply delayed under Article 35."))
    if app.dates_provisional and app.due_on is not None:
        notes.append(
            pgettext(
                "ledger",
                "The due date is provisional (暂定): the holiday arrangement of its year "
                "is not entered yet.",
            )
        )
    if app.is_historical:
        notes.append(pgettext("ledger", "Imported history."))
    return "".join(notes)


def _information(app) -> str:
    if app.information_number:
        return f"{app.information_title}（{app.information_number}）".strip()
    return app.information_title


def _personal(app, full: bool) -> list[str]:
    if full:
        return [app.id_number, app.phone, app.email, app.address]
    return [
        mask_id(app.id_number),
        mask_phone(app.phone),
        mask_email(app.email),
        mask_address(app.address),
    ]


@dataclass
class LedgerRows:
    """The rows of the ledger, read lazily from `applications` (annotated by
    `ledger_queryset`); `full_rows` counts those shown unmasked."""

    applications: Iterable[Any]
    user: Any
    full: bool
    path: str = ""
    full_rows: int = 0

    def __iter__(self) -> Iterator[list[Any]]:
        today = timezone.localdate()
        shown_in_full: list[Application] = []
        what = _("Ledger of applications exported with the applicant's full data")
        for number, app in enumerate(self.applications, start=1):
            full = self.full and sees_full_personal_data(self.user, app)
            if full:
                shown_in_full.append(app)
                self.full_rows += 1
                if len(shown_in_full) >= CHUNK_SIZE:
                    record_personal_data_accesses(
                        user=self.user, objects=shown_in_full, what=what, path=self.path
                    )
                    shown_in_full = []
            fee = app.fee_amount
            yield [
                number,
                app.tracking_number,
                app.applicant_name,
                _label(ApplicantType, app.applicant_type),
                *_personal(app, full),
                timezone.localdate(app.submitted_at) if app.submitted_at else None,
                app.received_on,
                _label(SubmissionChannel, app.channel),
                _information(app),
                app.description,
                _label(ProvisionForm, app.provision_form),
                _label(DeliveryMethod, app.delivery_method),
                app.organization.name,
                _label(ApplicationStatus, app.status),
                app.due_on,
                _yes_no(app.ledger_extended),
                _correction(app),
                app.closed_on,
                _label(Outcome, app.outcome),
                _yes_no(bool(fee)),
                fee if fee else None,
                _overdue(app, today),
                _reviews(app),
                app.ledger_handler or "",
                _remarks(app),
            ]
        if shown_in_full:
            record_personal_data_accesses(
                user=self.user, objects=shown_in_full, what=what, path=self.path
            )


def ledger_rows(queryset, *, user, full: bool = False, path: str = "") -> LedgerRows:
    """The rows of `queryset` (the list as filtered), read in one query as they are written."""
    applications = ledger_queryset(queryset).iterator(chunk_size=CHUNK_SIZE)
    return LedgerRows(applications=applications, user=user, full=full, path=path)


def ledger_ids(queryset) -> list[int]:
    """The ids of `queryset` in the ledger's order, for a job that writes it later."""
    return list(ledger_queryset(queryset).values_list("pk", flat=True))


def _by_ids(ids: list[int], scope) -> Iterator[Application]:
    """The applications of `ids`, in their order, a chunk at a time (a bounded IN list);
    only those still within the user's scope when the job runs."""
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = Application.objects.filter(pk__in=ids[start : start + CHUNK_SIZE])
        yield from ledger_queryset(chunk.for_organizations(scope))


def write_ledger_xlsx(rows: LedgerRows, target: IO[bytes]) -> int:
    columns = [Column(str(heading), width, wrap) for heading, width, wrap in COLUMNS]
    return write_table_xlsx(
        target, title=pgettext("ledger", "Ledger of applications"), columns=columns, rows=rows
    )


def write_ledger_csv(rows: LedgerRows, target: IO[bytes]) -> int:
    """CSV in UTF-8 with a byte-order mark, so that Excel reads the Chinese right."""
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(headings())
    count = 0
    for row in rows:
        writer.writerow([safe_cell(_csv_value(value)) for value in row])
        count += 1
    text.flush()
    text.detach()
    return count


def _csv_value(value) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- a long ledger as a background job ------------------------------------------------

LEDGER_KIND = "application_ledger"
# Up to this many rows the ledger is written within the request; beyond, as a job whose
# page shows the progress and offers the file (a request would time out).
INLINE_ROWS = 5000
LEDGER_FORMATS = ("xlsx", "csv")


def run_ledger_job(job, progress) -> dict:
    from django.core.files import File

    from disclosure.jobs import JobFailed
    from disclosure.storage import random_name

    fmt = job.params.get("format")
    if fmt not in LEDGER_FORMATS:
        raise JobFailed(_("No such format."))
    user = job.user
    if user is None or not user.is_active or not user.has_perm("requests_app.view_application"):
        raise JobFailed(_("The account that started this job may no longer see applications."))
    ids = [int(pk) for pk in job.params.get("ids", [])]
    total = len(ids)
    progress("write", 0, total)

    def counted(applications):
        for done, app in enumerate(applications, start=1):
            if done % 500 == 0:
                progress("write", done, total)
            yield app

    rows = LedgerRows(
        applications=counted(_by_ids(ids, user.scope_organization_ids)),
        user=user,
        full=bool(job.params.get("full")),
        path=job.params.get("path", ""),
    )
    with tempfile.TemporaryFile() as buffer:
        count = (write_ledger_xlsx if fmt == "xlsx" else write_ledger_csv)(rows, buffer)
        buffer.seek(0)
        job.output.save(random_name("jobs", f"ledger.{fmt}"), File(buffer), save=False)
    progress("write", total, total)
    job.output_name = job.params.get("filename") or f"ledger.{fmt}"
    return {"count": count, "format": fmt, "full_rows": rows.full_rows}


LEDGER_JOB = JobKind(
    name=LEDGER_KIND,
    label=pgettext_lazy("ledger", "Ledger of applications"),
    run=run_ledger_job,
    result_template="admin/disclosure/job/result_download.html",
    stages={"write": pgettext_lazy("ledger", "Rows written")},
)
