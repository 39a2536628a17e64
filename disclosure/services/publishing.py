"""Publishing and withdrawing proactive disclosures (主动公开).

The only place a disclosure's status changes. Admin actions, the change-form
buttons, imports and commands call these functions.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_change
from core.errors import DomainError
from disclosure.models import Disclosure, DisclosureStatus, User


class DisclosureStateError(DomainError):
    """The disclosure's current state does not allow the requested step (`disclosure=`)."""


def today_in_china() -> date:
    # The legal date is the Beijing calendar day, whatever time zone a request activated.
    return timezone.localdate(timezone=timezone.get_default_timezone())


def publish_disclosure(
    *, disclosure: Disclosure, by: User | None, on: date | None = None
) -> Disclosure:
    """Publish a draft or withdrawn disclosure on `on` (default: today in Beijing).

    第二十六条: the working days from forming (or changing) the information to
    publication are recomputed on save, so a late publication is flagged.
    """
    on = on or today_in_china()
    with transaction.atomic():
        locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        if locked.status == DisclosureStatus.PUBLISHED:
            raise DisclosureStateError(
                _("“%(title)s” is already published.") % {"title": locked.title},
                disclosure=locked,
            )
        if locked.written_on and on < locked.written_on:
            raise DisclosureStateError(
                _(
                    "“%(title)s” cannot be published on %(on)s, before its date of writing "
                    "%(written)s."
                )
                % {
                    "title": locked.title,
                    "on": on.isoformat(),
                    "written": locked.written_on.isoformat(),
                },
                disclosure=locked,
            )
        locked.status = DisclosureStatus.PUBLISHED
        locked.published_on = on
        locked.published_at = timezone.now()
        locked.updated_by = by
        locked.save(
            update_fields=[
                "status",
                "published_on",
                "published_at",
                "publication_delay_workdays",
                "updated_by",
                "updated_at",
            ]
        )
        log_change(locked, by, _("Published on %(on)s.") % {"on": on.isoformat()})
    _copy_state(locked, disclosure)
    return disclosure


def withdraw_disclosure(*, disclosure: Disclosure, by: User | None, reason: str = "") -> Disclosure:
    """Take a published disclosure off the public site; its publication date is kept."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        if locked.status == DisclosureStatus.DRAFT:
            raise DisclosureStateError(
                _("“%(title)s” is a draft: it was never published, so it cannot be withdrawn.")
                % {"title": locked.title},
                disclosure=locked,
            )
        if locked.status == DisclosureStatus.WITHDRAWN:
            raise DisclosureStateError(
                _("“%(title)s” is already withdrawn.") % {"title": locked.title},
                disclosure=locked,
            )
        locked.status = DisclosureStatus.WITHDRAWN
        locked.withdrawal_reason = reason
        locked.updated_by = by
        locked.save(update_fields=["status", "withdrawal_reason", "updated_by", "updated_at"])
        message = _("Withdrawn: %(reason)s") % {"reason": reason} if reason else _("Withdrawn.")
        log_change(locked, by, message)
    _copy_state(locked, disclosure)
    return disclosure


def _copy_state(source: Disclosure, target: Disclosure) -> None:
    """Let the caller's instance reflect what was saved, without another query."""
    if source is target:
        return
    for field in (
        "status",
        "withdrawal_reason",
        "published_on",
        "published_at",
        "publication_delay_workdays",
        "updated_by",
        "updated_at",
    ):
        setattr(target, field, getattr(source, field))
