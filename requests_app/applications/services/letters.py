"""Issuing a letter: number it, render it once, keep the document with the application.

The 文号 comes from `LetterSequence` (core.models.YearlySequence), one sequence per
organization and year for all kinds: its row is locked until the transaction ends,
so two letters issued at the same moment never share a number. The .docx is
rendered once and stored in private storage with a snapshot of the letter;
printing or downloading it later gives that document, not one rendered again
from what the application says by then.
"""

from dataclasses import replace

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_change
from core.errors import DomainError
from requests_app.applications.event_data import LetterIssued
from requests_app.applications.letters import render_docx, render_text
from requests_app.applications.models import (
    Application,
    ApplicationEvent,
    EventKind,
    IssuedLetter,
    LetterSequence,
)
from requests_app.applications.step_letters import (
    build_slot_letter,
    find_slot,
    letter_date,
    render_number,
)


class LetterIssueError(DomainError):
    """The letter asked for cannot be issued."""


@transaction.atomic
def issue_letter(*, application: Application, key: str, by) -> IssuedLetter:
    """Number, render and register the letter of the slot `key` (`step_letters.Slot.key`).

    Once per step and kind: asked again (a double click, two members of staff at once),
    it returns the letter already issued. Raises `LetterError` when the letter cannot be
    written as the application stands (the message says why) and `LetterIssueError`
    when the application has no such step.
    """
    # The application's row is the lock that makes "once per step" hold under concurrency.
    app = (
        Application.objects.select_for_update(of=("self",))
        .select_related("organization", "organization__parent")
        .get(pk=application.pk)
    )
    slot = find_slot(app, key)
    if slot is None:
        raise LetterIssueError(_("The application has no step that calls for this letter."))
    if slot.issued is not None:
        return slot.issued
    day = letter_date(app, slot)
    draft = build_slot_letter(app, slot)  # raises LetterError before a number is spent

    organization = app.organization
    serials: list[int] = []

    def render(serial: int) -> str:
        serials.append(serial)
        return render_number(organization, day.year, serial)

    number = LetterSequence.next_number(
        year=day.year,
        key={"organization": organization},
        render=render,
        # Two organs with the same short name would write the same 文号: skip it.
        taken=lambda n: IssuedLetter.objects.filter(number=n).exists(),
    )
    letter = replace(draft, number=number)
    actor = by if getattr(by, "pk", None) else None
    issued = IssuedLetter(
        application=app,
        kind=slot.kind,
        event=slot.event,
        number=number,
        year=day.year,
        serial=serials[-1],
        title=letter.title,
        dated=day,
        issued_on=timezone.localdate(),
        issued_by=actor,
        content=letter.to_data(),
        text=render_text(letter),
    )
    issued.file.save("letter.docx", ContentFile(render_docx(letter)), save=False)
    issued.save()
    ApplicationEvent.objects.create(
        application=app,
        kind=EventKind.LETTER_ISSUED,
        occurred_on=timezone.localdate(),
        actor=actor,
        public=False,
        message=f"{letter.title}（{number}）",
        data=LetterIssued(letter_kind=slot.kind, number=number).to_data(),
    )
    log_change(
        app,
        actor,
        _("Issued %(title)s, document number %(number)s.")
        % {"title": letter.title, "number": number},
    )
    return issued
