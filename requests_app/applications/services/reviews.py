"""Recording reconsideration and litigation cases (表四)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import Organization
from requests_app.applications.models import Application, ReviewCase, ReviewResult
from requests_app.applications.services.workflow import WorkflowError


@transaction.atomic
def record_case(
    *,
    organization: Organization,
    case_number: str,
    kind: str,
    received_on: date,
    application: Application | None = None,
    notes: str = "",
) -> ReviewCase:
    """A case brought against the organ; pending until it is closed."""
    if application is not None and application.organization_id != organization.pk:
        raise ValidationError(
            {"application": _("The application was made to another organization.")}
        )
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date received is in the future.")})
    case = ReviewCase(
        organization=organization,
        case_number=(case_number or "").strip(),
        kind=kind,
        received_on=received_on,
        application=application,
        notes=notes,
    )
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def close_case(*, case: ReviewCase, result: str, closed_on: date) -> ReviewCase:
    """The decision or judgment: upheld, corrected, or another result."""
    locked = ReviewCase.objects.select_for_update().get(pk=case.pk)
    if not locked.is_pending:
        raise WorkflowError(_("The case is already closed."))
    if result not in ReviewResult.values or result == ReviewResult.PENDING:
        raise WorkflowError(_("Choose the result: upheld, corrected or other."))
    if closed_on < locked.received_on:
        raise WorkflowError(_("A case cannot close before it was received."))
    if closed_on > timezone.localdate():
        raise WorkflowError(_("The closing date is in the future."))
    locked.result = result
    locked.closed_on = closed_on
    locked.save(update_fields=["result", "closed_on", "updated_at"])
    case.refresh_from_db()
    return locked
