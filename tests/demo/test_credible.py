"""The demo reads as a real district's: every year since 2016, bodies and attachments, proposals
led by the bureau of their subject with replies that answer them, published 2025 reports."""

import io
import math
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from demo import applications as demo_applications
from demo import petitions as demo_petitions
from demo import reports as demo_reports
from disclosure.models import Attachment, Disclosure
from reports.models import Report, ReportRevision, ReportStatus
from requests_app.applications.models import Application, ReviewCase
from requests_app.petitions.models import Petition, PetitionStatus
from requests_app.proposals.models import Proposal

pytestmark = pytest.mark.django_db

TODAY = "2026-11-27 10:00 +0800"
YEARS = range(2016, 2027)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_load_demo() -> str:
    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def output(django_db_setup, django_db_blocker, media):
    """The demo loaded once for the module, rolled back at the end (as in test_district)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS, PRIVATE_MEDIA_ROOT=media):
                text = run_load_demo()
            yield text
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _same_media(settings, media):
    settings.PRIVATE_MEDIA_ROOT = media
    settings.PASSWORD_HASHERS = FAST_HASHERS


def test_every_year_has_disclosures_applications_petitions_and_proposals(output):
    for year in YEARS:
        assert Disclosure.objects.published().filter(published_on__year=year).count() >= 100, year
        assert Application.objects.filter(received_on__year=year).exists(), year
        assert Petition.objects.filter(received_on__year=year).exists(), year
        assert Proposal.objects.filter(year=year).exists(), year
    # Volumes vary from year to year, as a real district's do.
    per_year = [
        Application.objects.filter(received_on__year=year).count() for year in range(2017, 2026)
    ]
    assert len(set(per_year)) > 5
    cases = set(ReviewCase.objects.values_list("received_on__year", flat=True))
    assert set(range(2017, 2027)) <= cases


def test_the_year_filter_has_no_gap(output):
    years = set(
        Disclosure.objects.published().values_list("published_on__year", flat=True).distinct()
    )
    assert set(range(2015, 2027)) <= years


def test_applications_have_realistic_outcomes_and_steps(output):
    closed = Application.objects.filter(received_on__year__range=(2017, 2025))
    outcomes = set(closed.values_list("outcome", flat=True))
    assert {"granted", "partially_granted", "unavailable_not_held"} <= outcomes
    assert len(outcomes) >= 6
    kinds = set(closed.values_list("events__kind", flat=True))
    assert {"extended", "correction_requested", "corrected"} <= kinds


def test_the_desks_have_work_this_year(output):
    on = demo_applications.LATEST_ANCHOR.replace(day=27)
    overdue = Application.objects.overdue(on=on).filter(organization__code="zlj-office")
    assert overdue.exists()
    assert Application.objects.filter(received_on__year=2026, status="in_progress").count() >= 4
    assert Petition.objects.filter(status=PetitionStatus.REGISTERED).exists()
    assert Proposal.objects.open().filter(year=2026).exists()


def test_proposals_are_led_by_the_bureau_of_their_subject(output):
    proposals = Proposal.objects.select_related("lead_organization")
    assert proposals.count() > 500
    for proposal in proposals:
        domain = demo_petitions.domain_of(proposal.title)
        assert domain is not None, proposal.title
        assert proposal.lead_organization.code == domain["lead"], proposal.title
    for words, code in (("户外广告", "zlj-cgj"), ("教师", "zlj-jyj"), ("医院", "zlj-wjj")):
        leads = set(
            proposals.filter(title__contains=words).values_list(
                "lead_organization__code", flat=True
            )
        )
        assert leads == {code}, words


def test_replies_answer_the_proposal_and_differ(output):
    answered = list(Proposal.objects.answered().select_related("lead_organization"))
    replies = [p.reply_text for p in answered]
    assert len(set(replies)) == len(replies)
    for proposal in answered:
        if proposal.title == demo_petitions.LUO_YING_TITLE:
            continue
        topic = demo_petitions._topic_of(proposal.title)
        # The reply states what was done on this very subject, and by whom.
        fragment = max(re.split(r"\{\w+\}", topic["done"]), key=len)[:8]
        assert fragment in proposal.reply_text, proposal.title
        assert proposal.lead_organization.name in proposal.reply_text
    # Without the salutation, replies on different subjects are different texts.
    bodies = {p.reply_text.split("\n", 1)[1] for p in answered}
    assert len(bodies) == len(answered)


def test_a_sample_of_documents_has_bodies_and_attachments(output, client):
    recent = Disclosure.objects.published().filter(published_on__year=2025)
    long_bodies = [d for d in recent.only("body") if d.body.count("<p>") >= 4]
    assert len(long_bodies) > recent.count() // 2
    plan = recent.filter(title__contains="印发《", attachments__isnull=False).first()
    assert plan is not None
    assert plan.body.count("<p>") >= 10
    attachments = Attachment.objects.filter(disclosure__published_on__year__gte=2024)
    extensions = {a.extension for a in attachments}
    assert {"docx", "xlsx"} <= extensions
    attachment = plan.attachments.get()
    assert attachment.original_name.endswith(".docx")
    with attachment.file.open("rb") as f:
        text = "\n".join(p.text for p in Document(f).paragraphs)
    assert "重点任务" in text
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 200
    assert attachment.display_title in page.content.decode()


def test_no_stub_report_or_guide_in_the_catalogue(output):
    reports_column = Disclosure.objects.filter(category__slug="annual-reports")
    for item in reports_column.filter(annual_report__isnull=True):
        # Only the 2015 report, published before this system, has no report record.
        assert "2015年" in item.title, item.title
    assert reports_column.filter(title__contains="2025年", annual_report__isnull=False).exists()
    assert not Disclosure.objects.filter(category__slug="guide", title__endswith="信息公开指南")


def test_2025_reports_are_published_for_the_district_and_departments(output, client):
    published = Report.objects.filter(year=2025, format="gb2021", status=ReportStatus.PUBLISHED)
    codes = set(published.values_list("organization__code", flat=True))
    assert "zlj" in codes
    assert len(codes - {"zlj"}) >= 2
    assert codes == {spec["organization"] for spec in demo_reports.LAST_YEAR_REPORTS}
    revisions = ReportRevision.objects.filter(report__in=published)
    assert not any(r.error_checks for r in revisions)
    listing = client.get(reverse("reports:list")).content.decode()
    for revision in revisions:
        assert revision.title in listing
    # The current year's report stays a draft.
    assert Report.objects.get(organization__code="zlj", year=2026).status == ReportStatus.DRAFT


def _table3(document):
    return next(t for t in document.tables if len(t.columns) == 10)


def test_table3_labels_of_the_2025_docx_wrap_onto_two_lines_at_most(output, client):
    """Estimated from each label cell's width and font size: a Chinese character is as wide
    as the font is high, and Word keeps about 1.9 mm of margin on each side of a cell."""
    report = Report.objects.get(organization__code="zlj", year=2025, format="gb2021")
    response = client.get(report.revisions.get().download_url("docx"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    document = Document(io.BytesIO(content))
    default = document.styles["Normal"].font.size.pt
    labels = 0
    for tr in _table3(document)._tbl.tr_lst:
        for tc in tr.tc_lst:
            text = "".join(node.text or "" for node in tc.iter(qn("w:t")))
            if not text or re.fullmatch(r"[\d.%]+", text) or tc.width is None:
                continue
            sizes = [int(node.get(qn("w:val"))) / 2 for node in tc.iter(qn("w:sz"))]
            size_mm = (sizes[0] if sizes else default) * 25.4 / 72
            per_line = (tc.width.mm - 3.8) / size_mm
            assert math.ceil(len(text) / per_line) <= 2, text
            labels += 1
    assert labels > 20


def test_loading_again_adds_nothing(output):
    models = [Disclosure, Attachment, Application, Petition, Proposal, ReviewCase, ReportRevision]

    def counts():
        return {model.__name__: model.objects.count() for model in models}

    before = counts()
    events = Application.objects.aggregate(n=Count("events"))["n"]
    run_load_demo()
    assert counts() == before
    assert Application.objects.aggregate(n=Count("events"))["n"] == events


def test_the_text_of_the_attachments_is_read_and_found(output):
    """docs/demo.md: 涂改 is only in the 办事指南's generated 申请表, and finds them."""
    from disclosure.models import AttachmentTextStatus
    from disclosure.search import query

    attachments = Attachment.objects.all()
    assert attachments.exists()
    assert not attachments.exclude(text_status=AttachmentTextStatus.EXTRACTED).exists()
    forms = set(
        attachments.filter(extracted_text__contains="涂改").values_list("disclosure_id", flat=True)
    )
    assert forms
    assert not Disclosure.objects.filter(body__contains="涂改").exists()
    assert not Disclosure.objects.filter(title__contains="涂改").exists()
    assert set(query.search(Disclosure.objects.all(), "涂改").values_list("pk", flat=True)) == forms
