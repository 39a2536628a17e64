"""Every reply letter of an organization, with a sample application, for legal review (法制审核).

    python manage.py letter_templates --org zlj --out letters/

writes, for each of the 21 outcomes of 表三, `<outcome key>.docx` (the document staff
print) and `<outcome key>.txt` (the same text, one paragraph a line, to compare
versions), and for the outcomes whose wording depends on the answer's grounds also
the variants, as `<outcome key>--<variant>.docx/.txt`:

- `granted--already_published`: 第三十六条第（一）项, the information already published
  (without the variant: 第（二）项);
- `unavailable_not_held--other_organ` and `…--other_organ_undetermined`: 第三十六条第（五）项,
  another organ's to disclose, that organ named or not determinable (without: 第（四）项);
- `withheld_third_party_rights--third_party_consulted`: 第三十二条 cited (without: 第十五条
  alone);
- `other--withdrawn`: the applicant withdrew the application.

`index.txt` lists the files with the outcome and the variant each shows.

The sample application and its events are written inside a transaction that is
rolled back: the database is left as it was.
"""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import Disclosure, Organization
from requests_app.applications.event_data import (
    CONSULTATION_THIRD_PARTY,
    NOT_HELD_OTHER_ORGAN,
    Answered,
    ConsultationStarted,
    PublishedCopy,
)
from requests_app.applications.letters import (
    Letter,
    LetterError,
    build_letter,
    render_docx,
    render_text,
)
from requests_app.applications.models import (
    ApplicantType,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    DeliveryMethod,
    EventKind,
    Outcome,
    ProvisionForm,
    SubmissionChannel,
)
from requests_app.applications.services.workflow import published_copy

# Placeholders in the style of printed templates: the reviewer sees where real data goes.
SAMPLE_APPLICANT = "张某某"
SAMPLE_SUBJECT = "××街道2025年度××项目的审批文件"
SAMPLE_REPLY = "（此处为工作人员填写的答复正文。）"
SAMPLE_OTHER_ORGAN = "××市××局"
SAMPLE_OTHER_ORGAN_CONTACT = "××市××区××路××号，电话××××-×××××××"
SAMPLE_OTHER_ORGAN_REASON = (
    "该政府信息由××市××局制作，依照《中华人民共和国政府信息公开条例》第十条第一款的规定，"
    "由制作该政府信息的行政机关负责公开"
)


@dataclass(frozen=True)
class Sample:
    name: str  # the file name without extension
    outcome: str
    variant: str  # what the variant shows; "" for the outcome's plain letter
    letter: Letter


class Command(BaseCommand):
    help = (
        "Write every reply letter (21 outcomes and their variants) of an organization with a "
        "sample application, as .docx and .txt, for legal review. The database is not changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", metavar="CODE", required=True, help="organization code")
        parser.add_argument("--out", metavar="DIR", required=True, help="directory to write to")

    def handle(self, *args, org: str, out: str, **options):
        code = org.strip().lower()
        organization = Organization.objects.select_related("parent").filter(code=code).first()
        if organization is None:
            raise CommandError(
                _("No organization has the code “%(code)s” (--org).") % {"code": org}
            )
        directory = _writable_directory(Path(out))
        try:
            samples = _samples(organization)
        except LetterError as exc:
            raise CommandError(exc.message) from exc
        index = []
        for sample in samples:
            try:
                (directory / f"{sample.name}.docx").write_bytes(render_docx(sample.letter))
                (directory / f"{sample.name}.txt").write_text(
                    render_text(sample.letter), encoding="utf-8"
                )
            except OSError as exc:
                raise CommandError(
                    _("Cannot write to %(dir)s: %(error)s")
                    % {"dir": directory, "error": exc.strerror or exc}
                ) from exc
            label = Outcome(sample.outcome).label
            with_variant = f"{label} — {sample.variant}" if sample.variant else str(label)
            index.append(f"{sample.name}\t{sample.outcome}\t{with_variant}")
        (directory / "index.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
        self.stdout.write(
            _("%(count)d letters of %(organization)s written to %(dir)s (see index.txt).")
            % {"count": len(samples), "organization": organization.name, "dir": directory}
        )


def _writable_directory(path: Path) -> Path:
    """The output directory, created if missing; a CommandError naming it if unusable."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".letter_templates_probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise CommandError(
            _("Cannot write to %(dir)s (--out): %(error)s")
            % {"dir": path, "error": exc.strerror or exc}
        ) from exc
    return path


def _samples(organization: Organization) -> list[Sample]:
    """Every letter, built from a sample application that is rolled back afterwards."""
    with transaction.atomic():
        samples = _build_samples(organization)
        transaction.set_rollback(True)
    return samples


def _build_samples(organization: Organization) -> list[Sample]:
    today = timezone.localdate()
    received = today - timedelta(days=20)
    application = Application.objects.create(
        organization=organization,
        tracking_number=f"{organization.code.upper()}-{today.year}-000000",
        applicant_type=ApplicantType.NATURAL_PERSON,
        applicant_name=SAMPLE_APPLICANT,
        information_title=SAMPLE_SUBJECT,
        description=SAMPLE_SUBJECT,
        provision_form=ProvisionForm.ELECTRONIC,
        delivery_method=DeliveryMethod.EMAIL,
        channel=SubmissionChannel.IN_PERSON,
        submitted_at=timezone.now() - timedelta(days=20),
        received_on=received,
        status=ApplicationStatus.IN_PROGRESS,
        reply_text=SAMPLE_REPLY,
    )

    def event(kind: str, days: int, data: dict | None = None) -> None:
        ApplicationEvent.objects.create(
            application=application,
            kind=kind,
            occurred_on=received + timedelta(days=days),
            data=data or {},
        )

    # The dates the lapse letters name (第三十条; 国办函〔2020〕109号).
    event(EventKind.CORRECTION_REQUESTED, 3)
    event(EventKind.FEE_NOTIFIED, 5)

    def letter(outcome: str, grounds: Answered | None = None) -> Letter:
        return build_letter(
            application, outcome=outcome, on=today, grounds=grounds or Answered(outcome=outcome)
        )

    samples = [Sample(outcome, outcome, "", letter(outcome)) for outcome in Outcome.values]
    samples.append(
        Sample(
            "granted--already_published",
            Outcome.GRANTED,
            "第三十六条第（一）项（已主动公开）",
            letter(
                Outcome.GRANTED,
                Answered(outcome=Outcome.GRANTED, published=(_published_copy(organization),)),
            ),
        )
    )
    for name, variant, grounds in (
        (
            "unavailable_not_held--other_organ",
            "第三十六条第（五）项（能够确定负责公开的行政机关）",
            Answered(
                outcome=Outcome.UNAVAILABLE_NOT_HELD,
                not_held=NOT_HELD_OTHER_ORGAN,
                other_organ=SAMPLE_OTHER_ORGAN,
                other_organ_contact=SAMPLE_OTHER_ORGAN_CONTACT,
                other_organ_reason=SAMPLE_OTHER_ORGAN_REASON,
            ),
        ),
        (
            "unavailable_not_held--other_organ_undetermined",
            "第三十六条第（五）项（无法确定负责公开的行政机关）",
            Answered(
                outcome=Outcome.UNAVAILABLE_NOT_HELD,
                not_held=NOT_HELD_OTHER_ORGAN,
                other_organ_reason=SAMPLE_OTHER_ORGAN_REASON,
                other_organ_unknown=True,
            ),
        ),
    ):
        samples.append(
            Sample(name, Outcome.UNAVAILABLE_NOT_HELD, variant, letter(grounds.outcome, grounds))
        )

    # 第三十二条: a third party consulted in writing.
    event(
        EventKind.CONSULTATION_STARTED,
        6,
        ConsultationStarted(consulted=CONSULTATION_THIRD_PARTY, party="第三方").to_data(),
    )
    event(EventKind.CONSULTATION_ENDED, 10)
    samples.append(
        Sample(
            "withheld_third_party_rights--third_party_consulted",
            Outcome.WITHHELD_THIRD_PARTY_RIGHTS,
            "已书面征求第三方意见（第三十二条）",
            letter(Outcome.WITHHELD_THIRD_PARTY_RIGHTS),
        )
    )
    event(EventKind.WITHDRAWN, 12)
    samples.append(
        Sample("other--withdrawn", Outcome.OTHER, "申请人撤回申请", letter(Outcome.OTHER))
    )
    return samples


def _published_copy(organization: Organization) -> PublishedCopy:
    """The organization's latest published disclosure, as an answer would link it; a
    placeholder when it has none."""
    disclosure = (
        Disclosure.objects.published()
        .filter(organization=organization)
        .select_related("organization")
        .order_by("-published_on", "-id")
        .first()
    )
    if disclosure is None:
        return PublishedCopy(
            index_number="××××××/2025-00001",
            title="关于××事项的通知",
            organization=organization.name,
            url=f"{settings.SITE_URL}/disclosures/××/",
        )
    return published_copy(disclosure)
