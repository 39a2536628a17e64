"""依申请公开转主动公开 (条例第四十四条): publish an answered application's released
information as a catalogue entry for everyone.

第四十四条第二款: information released on request that concerns the public (or that many
applicants asked for, 第一款) is, once the organ finds it belongs to proactive
disclosure, published "及时". Staff write the entry's title and body and choose the reply
attachments to publish; nothing else of the application is copied (a whitelist: the
organization, a column, the texts typed and the files chosen), and a title or body that
contains the applicant's name, identity number, phone, e-mail or address is refused.

The entry is saved through the catalogue's own services (`save_disclosure` for its 索引号,
`publish_disclosure` for the publication), so the catalogue's signals refresh its caches
and its search index as for any published document.
"""

import html
import os
import re
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import log_change
from core.errors import DomainError
from disclosure.models import (
    Attachment,
    Category,
    Disclosure,
    DisclosureOrigin,
    DisclosureStatus,
    Genre,
    Topic,
)
from disclosure.models.catalogue import ATTACHMENT_EXTENSIONS
from disclosure.services.index_numbers import save_disclosure
from disclosure.services.publishing import publish_disclosure, today_in_china
from requests_app.applications.event_data import Answered, MadePublic
from requests_app.applications.models import (
    Application,
    ApplicationDisclosure,
    ApplicationEvent,
    ApplicationStatus,
    EventKind,
    Outcome,
    ReplyAttachment,
)

# The answers that released information (表三 予以公开 / 部分公开).
RELEASING_OUTCOMES = frozenset({Outcome.GRANTED, Outcome.PARTIALLY_GRANTED})
TITLE_MAX = 300
SUMMARY = "本信息先依申请公开，后依据《中华人民共和国政府信息公开条例》第四十四条转为主动公开。"


class MadePublicError(DomainError):
    """The information cannot be made public as asked (the message says why)."""


@dataclass(frozen=True)
class PersonalDataFound:
    """What of the applicant's data a text contains, by field label (never the value)."""

    fields: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.fields)


def refusal(application: Application) -> str | None:
    """None if the application's released information may be made public now; else why not."""
    if application.status != ApplicationStatus.CLOSED or not application.outcome:
        return _("Only an answered application's released information can be made public.")
    if application.outcome not in RELEASING_OUTCOMES:
        return _(
            "Only information released by an answer “%(granted)s” or “%(partial)s” can be "
            "made public; this application was answered “%(outcome)s”."
        ) % {
            "granted": Outcome.GRANTED.label,
            "partial": Outcome.PARTIALLY_GRANTED.label,
            "outcome": Outcome(application.outcome).label,
        }
    if _points_to_published(application):
        return _(
            "The answer pointed the applicant to information already published (Article "
            "36(1)): there is nothing more to publish."
        )
    if ApplicationDisclosure.objects.filter(application=application).exists():
        return _("The released information of this application has already been made public.")
    return None


def _points_to_published(application: Application) -> bool:
    answered = (
        application.events.filter(kind=EventKind.ANSWERED).order_by("-occurred_on", "-id").first()
    )
    if answered is None:
        return False
    return bool(Answered.from_data(answered.data or {}).published)


def _compact(text: str) -> str:
    """Lower case, without spaces, dashes, dots or brackets: "138-0000 1234" = "13800001234"."""
    return re.sub(r"[\s\-‐－—_.·()（）+＋]", "", (text or "").lower())


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def personal_data_in(application: Application, *texts: str) -> PersonalDataFound:
    """Which of the applicant's name, contact person, identity number, phone, e-mail and
    address appear in `texts` (compared without spaces, dashes and case)."""
    joined = _compact(" ".join(t or "" for t in texts))
    joined_digits = _digits(" ".join(t or "" for t in texts))
    found: list[str] = []

    def check(label: str, value: str, minimum: int) -> None:
        value = _compact(value)
        if len(value) >= minimum and value in joined:
            found.append(label)

    # A one-character name would match everywhere; two characters (张三) are a name.
    check(
        str(Application._meta.get_field("applicant_name").verbose_name),
        application.applicant_name,
        2,
    )
    check(
        str(Application._meta.get_field("contact_person").verbose_name),
        application.contact_person,
        2,
    )
    check(str(Application._meta.get_field("id_number").verbose_name), application.id_number, 6)
    check(str(Application._meta.get_field("email").verbose_name), application.email, 5)
    check(str(Application._meta.get_field("address").verbose_name), application.address, 8)
    phone = _digits(application.phone)
    if len(phone) >= 7 and phone in joined_digits:
        found.append(str(Application._meta.get_field("phone").verbose_name))
    return PersonalDataFound(tuple(found))


def suggested_title(application: Application) -> str:
    """The entry's title as first offered: the name of the information asked for, else the
    start of the description (staff confirm or change it)."""
    title = (application.information_title or "").strip()
    if not title:
        title = " ".join((application.description or "").split())[:60]
    return title[:TITLE_MAX]


def suggested_body(application: Application) -> str:
    """The body as first offered: the description of the information and the reply's text.
    Staff must take out anything personal; the check refuses the applicant's own data."""
    parts = [(application.description or "").strip(), (application.reply_text or "").strip()]
    return "\n\n".join(p for p in parts if p)


def body_html(text: str) -> str:
    """Plain text typed by staff → escaped paragraphs (the catalogue's body is HTML)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", (text or "").strip()) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )


def _check_attachments(application: Application, attachments) -> list[ReplyAttachment]:
    chosen = list(attachments or ())
    for item in chosen:
        if item.application_id != application.pk:
            raise MadePublicError(_("An attachment chosen does not belong to this application."))
        extension = os.path.splitext(item.file.name)[1].lstrip(".").lower()
        if extension not in ATTACHMENT_EXTENSIONS:
            raise MadePublicError(
                _("“%(name)s”: files of type .%(ext)s cannot be published in the catalogue.")
                % {"name": item.title or os.path.basename(item.file.name), "ext": extension}
            )
    return chosen


@transaction.atomic
def make_public(
    *,
    application: Application,
    by,
    title: str,
    body: str,
    category: Category,
    attachments=(),
    genre: str = Genre.OTHER,
    topic: str = Topic.GENERAL,
    on: date | None = None,
) -> ApplicationDisclosure:
    """Publish the released information of `application` as a catalogue entry (第四十四条).

    Raises `MadePublicError` (nothing written) when the application does not qualify, the
    title is empty, a text contains the applicant's personal data, or an attachment cannot
    be published.
    """
    app = (
        Application.objects.select_for_update()
        .select_related("organization")
        .get(pk=application.pk)
    )
    refused = refusal(app)
    if refused:
        raise MadePublicError(refused)
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if not title:
        raise MadePublicError(_("Give the title of the information to publish."))
    if len(title) > TITLE_MAX:
        raise MadePublicError(
            _("The title has %(n)d characters; at most %(max)d.")
            % {"n": len(title), "max": TITLE_MAX}
        )
    if category is None:
        raise MadePublicError(_("Choose the column the information is published in."))
    found = personal_data_in(app, title, body)
    if found:
        raise MadePublicError(
            _(
                "The title or body contains the applicant's personal data (%(fields)s). Personal "
                "data is never published: remove it and try again."
            )
            % {"fields": "、".join(found.fields)}
        )
    chosen = _check_attachments(app, attachments)
    on = on or today_in_china()

    # Whitelisted fields only: nothing of the applicant is copied.
    disclosure = Disclosure(
        title=title,
        body=body_html(body),
        organization=app.organization,
        category=category,
        genre=genre if genre in Genre.values else Genre.OTHER,
        topic=topic if topic in Topic.values else Topic.GENERAL,
        # Formed as public information by the organ's decision of this day (第四十四条).
        written_on=on,
        # Public text of the catalogue, in the language of the catalogue (like letters).
        summary=SUMMARY,
        origin=DisclosureOrigin.ON_REQUEST,
        status=DisclosureStatus.DRAFT,
        created_by=by if getattr(by, "pk", None) else None,
        updated_by=by if getattr(by, "pk", None) else None,
    )
    save_disclosure(disclosure)
    for order, item in enumerate(chosen):
        extension = os.path.splitext(item.file.name)[1].lower()
        shown = (item.title or "").strip() or _("Attachment %(n)d") % {"n": order + 1}
        with item.file.open("rb") as handle:
            content = ContentFile(handle.read())
        attachment = Attachment(disclosure=disclosure, title=shown[:200], sort_order=order)
        # The stored name is random; the name offered for download is the title, never the
        # name the file had in the application's private storage.
        attachment.file.save(f"attachment{extension}", content, save=False)
        attachment.original_name = f"{shown[:200]}{extension}"[:255]
        attachment.save()
    publish_disclosure(disclosure=disclosure, by=by, on=on)

    link = ApplicationDisclosure.objects.create(
        application=app,
        disclosure=disclosure,
        made_on=on,
        made_by=by if getattr(by, "pk", None) else None,
    )
    ApplicationEvent.objects.create(
        application=app,
        kind=EventKind.MADE_PUBLIC,
        occurred_on=on,
        actor=by if getattr(by, "pk", None) else None,
        # The applicant (who may have suggested it, 第四十四条第二款) sees where to find it.
        public=True,
        message=_(
            "The information released in answer to this application was made public for "
            "everyone (Article 44): “%(title)s”, index number %(number)s."
        )
        % {"title": disclosure.title, "number": disclosure.index_number},
        data=MadePublic(
            disclosure_id=disclosure.pk, index_number=disclosure.index_number
        ).to_data(),
    )
    log_change(
        app,
        by,
        _("Released information made public (Article 44) as %(number)s “%(title)s”.")
        % {"number": disclosure.index_number, "title": disclosure.title},
    )
    log_change(
        disclosure,
        by,
        _("Made public from the released information of application %(tracking)s (Article 44).")
        % {"tracking": app.tracking_number},
    )
    return link


def made_public_count(organization_ids, year: int) -> int:
    """How many entries were made public under 第四十四条 in `year` (for the annual report)."""
    return ApplicationDisclosure.objects.filter(
        disclosure__organization_id__in=organization_ids, made_on__year=year
    ).count()
