"""`letter_templates`: every letter of an organization for legal review, database untouched."""

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from docx import Document

from disclosure.models import Organization
from requests_app.applications.models import Application, ApplicationEvent, Outcome
from tests.factories import DisclosureFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Errors are matched in English; the site's default language is Chinese.
    with translation.override("en"):
        yield


VARIANTS = {
    "granted--already_published",
    "unavailable_not_held--other_organ",
    "unavailable_not_held--other_organ_undetermined",
    "withheld_third_party_rights--third_party_consulted",
    "other--withdrawn",
}
WITHHELD = [o for o in Outcome.values if o.startswith("withheld_")]


@pytest.fixture
def district():
    return OrganizationFactory(
        code="zlj",
        name="自贡市自流井区人民政府",
        kind="government",
        reconsideration_body="自贡市人民政府",
    )


def run(*args) -> str:
    out = StringIO()
    call_command("letter_templates", *args, stdout=out)
    return out.getvalue()


def docx_text(path) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)


def test_writes_every_outcome_and_variant_as_docx_and_text(district, tmp_path, frozen):
    frozen("2026-03-20")
    DisclosureFactory(organization=district, index_number="ZLJ/2026-00003", title="某某通知")
    output = run("--org", "zlj", "--out", str(tmp_path / "letters"))
    directory = tmp_path / "letters"
    names = {*Outcome.values, *VARIANTS}
    assert {p.stem for p in directory.glob("*.docx")} == names
    assert {p.stem for p in directory.glob("*.txt")} == {*names, "index"}
    assert "26" in output
    index = (directory / "index.txt").read_text(encoding="utf-8").splitlines()
    assert len(index) == 26

    for outcome in [*WITHHELD, "partially_granted"]:
        for text in (
            docx_text(directory / f"{outcome}.docx"),
            (directory / f"{outcome}.txt").read_text(encoding="utf-8"),
        ):
            assert "应当先自收到本答复之日起60日内向自贡市人民政府申请行政复议" in text
            assert "自收到行政复议决定书之日起15日内" in text

    other_organ = (directory / "unavailable_not_held--other_organ.txt").read_text(encoding="utf-8")
    assert "第三十六条第（五）项" in other_organ
    assert "负责公开该政府信息的行政机关为××市××局" in other_organ
    assert "第三十六条第（四）项" in (directory / "unavailable_not_held.txt").read_text(
        encoding="utf-8"
    )
    published = (directory / "granted--already_published.txt").read_text(encoding="utf-8")
    assert "第三十六条第（一）项" in published and "ZLJ/2026-00003" in published
    assert "第三十二条" not in (directory / "withheld_third_party_rights.txt").read_text(
        encoding="utf-8"
    )
    consulted = directory / "withheld_third_party_rights--third_party_consulted.txt"
    assert "第三十二条" in consulted.read_text(encoding="utf-8")


def test_leaves_the_database_unchanged(district, tmp_path, frozen):
    frozen("2026-03-20")
    run("--org", "zlj", "--out", str(tmp_path))
    assert Application.objects.count() == 0
    assert ApplicationEvent.objects.count() == 0
    assert Organization.objects.get(code="zlj").name == "自贡市自流井区人民政府"


def test_unknown_organization_is_named(tmp_path):
    with pytest.raises(CommandError, match="nowhere"):
        run("--org", "nowhere", "--out", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_unwritable_directory_is_named(district, tmp_path, frozen):
    frozen("2026-03-20")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(CommandError, match="a-file"):
        run("--org", "zlj", "--out", str(blocker / "letters"))


def test_an_organization_without_reconsideration_body_is_told_what_to_fill_in(tmp_path, frozen):
    frozen("2026-03-20")
    OrganizationFactory(code="top", name="某某县人民政府", kind="government")
    with pytest.raises(CommandError, match=r"某某县人民政府.*reconsideration body"):
        run("--org", "top", "--out", str(tmp_path))
    assert not list(tmp_path.glob("*.docx"))
