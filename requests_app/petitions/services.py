"""State changes of petitions: filing through the public mailbox, the decision on
acceptance, the reply, closing, and the anonymised publication (来信选登).

Every change appends a `PetitionEvent` with the acting user (`by`: the member of
staff, or None for the public), so the petition's page shows who did what, when.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from disclosure.models import Organization
from disclosure.models.calendar import load_work_calendar
from requests_app.petitions.models import (
    AcceptanceDecision,
    Petition,
    PetitionChannel,
    PetitionEvent,
    PetitionEventKind,
    PetitionSource,
    acceptance_by,
    hash_petition_code,
)
from requests_app.tracking import new_query_code, next_tracking_number

# The platforms a district's petitions come through; staff may add more in the admin.
DEFAULT_SOURCES: list[tuple[str, str]] = [
    ("provincial-system", "省网上信访信息系统"),
    ("people-cn", "人民网领导留言板"),
    ("secretary-mayor-mailbox", "书记市长信箱"),
    ("leader-mailbox", "区长信箱/领导信箱"),
    ("on-site", "现场"),
    ("post", "邮寄"),
    ("hotline", "电话/热线"),
]
MAILBOX_SOURCE_CODE = "leader-mailbox"


class PetitionError(DomainError):
    """A step that is not allowed in the petition's current state."""


def ensure_default_sources() -> None:
    """Create the pre-filled source platforms that do not exist yet (idempotent)."""
    for order, (code, name) in enumerate(DEFAULT_SOURCES, start=1):
        PetitionSource.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order * 10}
        )


def record_saved(
    *, petition: Petition, by, created: bool, fields: Iterable[str] = (), imported: bool = False
) -> PetitionEvent | None:
    """Log a petition the admin form or an import saved: registered, or `fields` edited.

    Nothing is logged for an edit that changed no field.
    """
    return PetitionEvent.append_saved(
        petition, by=by, created=created, fields=fields, imported=imported
    )


def mailbox_source() -> PetitionSource:
    name = dict(DEFAULT_SOURCES)[MAILBOX_SOURCE_CODE]
    source, _created = PetitionSource.objects.get_or_create(
        code=MAILBOX_SOURCE_CODE, defaults={"name": name, "sort_order": 40}
    )
    return source


def mailbox_prefix(organization: Organization) -> str:
    """Tracking numbers of mailbox letters: `<ORG>-XF-<year>-<serial>` (XF: 信访)."""
    return f"{organization.code.upper()}-XF"


@dataclass(frozen=True)
class MailboxLetter:
    organization: Organization
    subject: str
    content: str
    petitioner_name: str
    phone: str
    id_number: str = ""
    address: str = ""
    email: str = ""
    consent_to_publish: bool = False


def file_mailbox_letter(
    *, letter: MailboxLetter, on: date | None = None, by=None
) -> tuple[Petition, str]:
    """File a letter from the public mailbox as an online complaint (网上投诉).

    Returns the petition and its query code; the code is shown once to the
    writer and only its keyed hash is stored. `by` is None: the writer is the public.
    """
    received_on = on or timezone.localdate()
    source = mailbox_source()
    code = new_query_code()
    with transaction.atomic():
        tracking_number = next_tracking_number(
            mailbox_prefix(letter.organization), received_on.year
        )
        petition = Petition(
            organization=letter.organization,
            tracking_number=tracking_number,
            query_code_hash=hash_petition_code(code),
            channel=PetitionChannel.ONLINE,
            source=source,
            received_on=received_on,
            subject=letter.subject.strip(),
            content=letter.content.strip(),
            petitioner_name=letter.petitioner_name.strip(),
            phone=letter.phone.strip(),
            id_number=letter.id_number.strip().upper(),
            address=letter.address.strip(),
            email=letter.email.strip(),
            consent_to_publish=letter.consent_to_publish,
        )
        petition.save()
        PetitionEvent.append(petition, PetitionEventKind.FILED, by=by, on=received_on)
    return petition, code


def find_mailbox_letter(*, tracking_number: str, query_code: str) -> Petition | None:
    """The letter with this tracking number if the query code matches, else None."""
    petition = (
        Petition.objects.select_related("organization")
        .filter(tracking_number=tracking_number.strip().upper())
        .first()
    )
    if petition is None or not petition.check_query_code(query_code):
        return None
    return petition


def _locked(petition: Petition) -> Petition:
    return Petition.objects.select_for_update().get(pk=petition.pk)


def decide_acceptance(
    *,
    petition: Petition,
    accepted: bool,
    on: date,
    handling_organizations: list[Organization] | None = None,
    by=None,
) -> Petition:
    """Record the decision whether to accept (信访工作条例第二十二条、第二十三条: 15 days)."""
    with transaction.atomic():
        locked = _locked(petition)
        if locked.decision:
            raise PetitionError(_("The decision on acceptance has already been recorded."))
        if on < locked.received_on:
            raise PetitionError(_("The decision cannot be dated before the petition was received."))
        locked.decision = (
            AcceptanceDecision.ACCEPTED if accepted else AcceptanceDecision.NOT_ACCEPTED
        )
        locked.accepted_on = on
        locked.save(update_fields=["decision", "accepted_on", "updated_at"])
        if handling_organizations:
            locked.handling_organizations.add(*handling_organizations)
        PetitionEvent.append(
            locked, PetitionEventKind.DECIDED, by=by, on=on, data={"decision": locked.decision}
        )
    return locked


def reply_to_petition(*, petition: Petition, reply: str, on: date, by=None) -> Petition:
    with transaction.atomic():
        locked = _locked(petition)
        if locked.decision != AcceptanceDecision.ACCEPTED:
            raise PetitionError(_("Only an accepted petition can be replied to."))
        if locked.replied_on:
            raise PetitionError(_("The petition has already been replied to."))
        if not reply.strip():
            raise PetitionError(_("The reply is empty."))
        if on < locked.accepted_on:
            raise PetitionError(_("The reply cannot be dated before the decision on acceptance."))
        locked.reply = reply.strip()
        locked.replied_on = on
        locked.save(update_fields=["reply", "replied_on", "updated_at"])
        PetitionEvent.append(locked, PetitionEventKind.REPLIED, by=by, on=on)
    return locked


def close_petition(*, petition: Petition, on: date, by=None) -> Petition:
    with transaction.atomic():
        locked = _locked(petition)
        if locked.closed_on:
            raise PetitionError(_("The petition is already closed."))
        if not (locked.replied_on or locked.decision == AcceptanceDecision.NOT_ACCEPTED):
            raise PetitionError(
                _("A petition is closed after its reply or after a decision not to accept it.")
            )
        if on < (locked.replied_on or locked.accepted_on):
            raise PetitionError(_("The closing date cannot be before the reply."))
        locked.closed_on = on
        locked.save(update_fields=["closed_on", "updated_at"])
        PetitionEvent.append(locked, PetitionEventKind.CLOSED, by=by, on=on)
    return locked


def publish_petition(
    *,
    petition: Petition,
    public_title: str,
    public_summary: str,
    public_reply: str = "",
    by=None,
) -> Petition:
    """Publish a replied letter anonymised in the mailbox's public list (来信选登).

    Only with the writer's consent; the public sees only the texts given here.
    """
    with transaction.atomic():
        locked = _locked(petition)
        if not locked.consent_to_publish:
            raise PetitionError(_("The writer did not consent to publication."))
        if not locked.replied_on:
            raise PetitionError(_("Only a replied letter can be published."))
        if not public_title.strip() or not public_summary.strip():
            raise PetitionError(_("Write an anonymised title and summary for publication."))
        locked.public_title = public_title.strip()
        locked.public_summary = public_summary.strip()
        locked.public_reply = public_reply.strip()
        locked.published = True
        locked.published_at = locked.published_at or timezone.now()
        locked.save(
            update_fields=[
                "public_title",
                "public_summary",
                "public_reply",
                "published",
                "published_at",
                "updated_at",
            ]
        )
        PetitionEvent.append(locked, PetitionEventKind.PUBLISHED, by=by)
    return locked


def unpublish_petition(*, petition: Petition, by=None) -> Petition:
    with transaction.atomic():
        locked = _locked(petition)
        locked.published = False
        locked.save(update_fields=["published", "updated_at"])
        PetitionEvent.append(locked, PetitionEventKind.UNPUBLISHED, by=by)
    return locked


def refresh_acceptance_deadlines() -> int:
    """Compute every petition's stored acceptance deadline again on the official calendar.

    Run after the calendar changed (`disclosure.signals.calendar_changed`): a holiday
    entered, corrected or deleted can move a 15th day that falls on it (民法典第二百零三条),
    and the statistics and filters compare the stored date. One read of the dates, then one
    update per new deadline among the rows that changed. Returns how many changed.
    """
    calendar = load_work_calendar()
    moved: dict[date, list[int]] = defaultdict(list)
    rows = Petition.objects.values_list("pk", "received_on", "accept_by").order_by()
    for pk, received_on, accept_by in rows.iterator(chunk_size=2000):
        deadline = acceptance_by(received_on, calendar)
        if deadline != accept_by:
            moved[deadline].append(pk)
    with transaction.atomic():
        for deadline, pks in moved.items():
            Petition.objects.filter(pk__in=pks).update(accept_by=deadline)
    return sum(len(pks) for pks in moved.values())
