"""The state machine of an application: which workflow step may start from which status.

The one declaration both sides read: the services refuse a step whose status
is not listed (`refusal`), and the admin offers the steps listed for the
current status (`steps_from`, `selectors.allowed_steps`). The services still
check dates and once-only rules. Pure: no database.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from requests_app.applications.models import OPEN_STATUSES, ApplicationStatus

__all__ = ["ALLOWED_FROM", "STATUS_NAMES", "refusal", "steps_from"]

S = ApplicationStatus

# Step (the service's name) → the statuses it may start from. The order is the
# order the admin offers the steps in.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "confirm_receipt": frozenset({S.AWAITING_CONFIRMATION}),
    "answer": frozenset({S.IN_PROGRESS}),
    "request_correction": frozenset({S.IN_PROGRESS}),
    "start_consultation": frozenset({S.IN_PROGRESS}),
    "extend": frozenset({S.IN_PROGRESS}),
    # 第三十五条: set while the period of 第三十三条 runs.
    "delay_reply": frozenset({S.IN_PROGRESS}),
    "notify_fee": frozenset({S.IN_PROGRESS}),
    "record_correction": frozenset({S.AWAITING_CORRECTION}),
    "lapse_correction": frozenset({S.AWAITING_CORRECTION}),
    "end_consultation": frozenset({S.IN_CONSULTATION}),
    "record_payment": frozenset({S.AWAITING_PAYMENT}),
    "lapse_fee": frozenset({S.AWAITING_PAYMENT}),
    "withdraw": frozenset(OPEN_STATUSES),
}

# How a status reads inside "Not possible while the application is …".
STATUS_NAMES = {
    S.AWAITING_CONFIRMATION: _("awaiting confirmation of receipt"),
    S.IN_PROGRESS: _("in progress"),
    S.AWAITING_CORRECTION: _("awaiting correction"),
    S.IN_CONSULTATION: _("in consultation"),
    S.AWAITING_PAYMENT: _("awaiting payment"),
    S.CLOSED: _("closed"),
}

# Refusals that say more than the status name, for a step tried in that status.
_SPECIFIC_REFUSALS = {
    ("answer", S.IN_CONSULTATION): _("End the consultation before answering."),
    ("withdraw", S.CLOSED): _("The application is already closed."),
}


def steps_from(status: str) -> list[str]:
    """The steps that may start from `status`, in the order the admin offers them."""
    return [step for step, statuses in ALLOWED_FROM.items() if status in statuses]


def refusal(step: str, status: str) -> str | None:
    """None if `step` may start from `status`; otherwise why not, for the person who tried."""
    if status in ALLOWED_FROM[step]:
        return None
    specific = _SPECIFIC_REFUSALS.get((step, status))
    if specific is not None:
        return str(specific)
    return gettext("Not possible while the application is %(status)s.") % {
        "status": STATUS_NAMES.get(status, status)
    }
