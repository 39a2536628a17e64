"""Attachments of disclosures: private until published, unguessable, deleted with their records.

Issue 11 §1: a withdrawn disclosure answered 404 while its attachment (often a list with
ID numbers, the usual reason to withdraw) still downloaded from /media/ without login;
a draft's attachment was public before publication; deleting left the file on disk.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from disclosure.models import Attachment, DisclosureStatus
from disclosure.roles import ensure_staff_groups
from disclosure.services.publishing import publish_disclosure, withdraw_disclosure
from tests.factories import DisclosureFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 name list with ID numbers"
ORIGINAL_NAME = "2026年低保名单.pdf"


@pytest.fixture
def groups():
    return ensure_staff_groups()


@pytest.fixture
def district():
    return OrganizationFactory(code="district", name="某区人民政府", kind="government")


@pytest.fixture
def dept_a(district):
    return OrganizationFactory(code="depta", name="甲局", parent=district)


@pytest.fixture
def dept_b(district):
    return OrganizationFactory(code="deptb", name="乙局", parent=district)


def staff_of(organization, groups):
    user = UserFactory(organization=organization)
    user.groups.add(groups[0])
    return user


def attach(disclosure, name=ORIGINAL_NAME, content=CONTENT) -> Attachment:
    return Attachment.objects.create(
        disclosure=disclosure, file=SimpleUploadedFile(name, content, "application/pdf")
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def files_under(root) -> list[Path]:
    root = Path(root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def draft(dept_a):
    return DisclosureFactory(organization=dept_a, status=DisclosureStatus.DRAFT, published_on=None)


# --- the public --------------------------------------------------------------------------


def test_a_drafts_attachment_is_not_reachable_without_login(client, draft, settings):
    attachment = attach(draft)

    assert client.get(attachment.file.url).status_code == 404
    # Nothing lands where a web server serves /media/ from.
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_published_disclosures_attachment_downloads_under_its_original_name(client, draft):
    attachment = attach(draft)
    publish_disclosure(disclosure=draft, by=None)

    response = client.get(attachment.file.url)

    assert response.status_code == 200
    assert body(response) == CONTENT
    assert "filename*=utf-8''2026" in response["Content-Disposition"]
    assert attachment.display_title == ORIGINAL_NAME


def test_the_public_detail_page_links_a_working_download(client, dept_a):
    disclosure = DisclosureFactory(organization=dept_a)
    attachment = attach(disclosure)

    html = client.get(disclosure.get_absolute_url()).content.decode()

    assert f'href="{attachment.file.url}"' in html
    assert client.get(attachment.file.url).status_code == 200


def test_a_withdrawn_disclosures_attachment_answers_404_also_by_its_old_path(
    client, dept_a, settings
):
    disclosure = DisclosureFactory(organization=dept_a)
    attachment = attach(disclosure)
    assert client.get(attachment.file.url).status_code == 200

    withdraw_disclosure(disclosure=disclosure, by=None, reason="含身份证号")

    assert client.get(attachment.file.url).status_code == 404
    # The path it had before this change (MEDIA_ROOT/disclosures/…/<original name>) holds
    # nothing: no file of a disclosure is ever under the served root.
    assert client.get(f"{settings.MEDIA_URL}{attachment.file.name}").status_code == 404
    assert files_under(settings.MEDIA_ROOT) == []
    # Published again, it is public again: no file had to move.
    publish_disclosure(disclosure=disclosure, by=None)
    assert client.get(attachment.file.url).status_code == 200


def test_an_unknown_file_name_answers_404(client):
    url = reverse("disclosure:attachment", args=["disclosures/nope.pdf"])

    assert client.get(url).status_code == 404


# --- names -------------------------------------------------------------------------------


def test_stored_names_are_random_and_never_carry_the_original_name(dept_a, settings):
    disclosure = DisclosureFactory(organization=dept_a)
    first = attach(disclosure)
    second = attach(disclosure)

    for attachment in (first, second):
        assert "低保" not in attachment.file.name
        assert "低保" not in attachment.file.url
        assert attachment.file.name.endswith(".pdf")
        assert attachment.original_name == ORIGINAL_NAME
    assert first.file.name != second.file.name
    # 128 random bits in each name.
    assert len(Path(first.file.name).stem) == 32
    stored = files_under(settings.PRIVATE_MEDIA_ROOT)
    assert len(stored) == 2
    assert all("低保" not in str(path) for path in stored)


# --- staff ---------------------------------------------------------------------------------


def test_staff_in_scope_open_a_drafts_attachment(client, draft, dept_a, district, groups):
    attachment = attach(draft)
    client.force_login(staff_of(dept_a, groups))

    response = client.get(attachment.file.url)

    assert response.status_code == 200
    assert body(response) == CONTENT
    assert "no-store" in response["Cache-Control"]


def test_staff_of_a_parent_organization_and_supervisors_open_it_too(
    client, draft, district, groups
):
    attachment = attach(draft)
    client.force_login(staff_of(district, groups))
    assert client.get(attachment.file.url).status_code == 200

    supervisor = UserFactory(organization=None)
    supervisor.groups.add(groups[1])
    client.force_login(supervisor)
    assert client.get(attachment.file.url).status_code == 200


def test_staff_out_of_scope_cannot_open_a_drafts_attachment(client, draft, dept_b, groups):
    attachment = attach(draft)
    client.force_login(staff_of(dept_b, groups))

    assert client.get(attachment.file.url).status_code == 404


def test_a_logged_in_non_staff_user_cannot_open_a_drafts_attachment(client, draft, dept_a):
    attachment = attach(draft)
    client.force_login(UserFactory(organization=dept_a, is_staff=False))

    assert client.get(attachment.file.url).status_code == 404


def test_the_admin_change_form_links_the_drafts_attachment(client, draft, dept_a, groups):
    attachment = attach(draft)
    client.force_login(staff_of(dept_a, groups))

    page = client.get(reverse("admin:disclosure_disclosure_change", args=[draft.pk]))

    assert page.status_code == 200
    assert attachment.file.url in page.content.decode()


# --- deletion ------------------------------------------------------------------------------


def stored_path(attachment) -> Path:
    return Path(attachment.file.path)


def test_deleting_an_attachment_removes_its_file_after_commit(
    dept_a, django_capture_on_commit_callbacks
):
    attachment = attach(DisclosureFactory(organization=dept_a))
    path = stored_path(attachment)
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()

    assert not path.exists()


def test_deleting_a_disclosure_removes_the_files_of_its_attachments(
    dept_a, django_capture_on_commit_callbacks
):
    disclosure = DisclosureFactory(organization=dept_a)
    paths = [stored_path(attach(disclosure)), stored_path(attach(disclosure, name="b.docx"))]

    with django_capture_on_commit_callbacks(execute=True):
        disclosure.delete()

    assert not any(path.exists() for path in paths)


def test_a_rolled_back_delete_keeps_the_file(dept_a, django_capture_on_commit_callbacks):
    attachment = attach(DisclosureFactory(organization=dept_a))
    path = stored_path(attachment)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                attachment.delete()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    assert callbacks == []
    assert path.exists()


def test_replacing_an_attachments_file_removes_the_old_one(
    dept_a, django_capture_on_commit_callbacks
):
    attachment = attach(DisclosureFactory(organization=dept_a))
    old = stored_path(attachment)

    with django_capture_on_commit_callbacks(execute=True):
        attachment.file = SimpleUploadedFile("v2.pdf", b"%PDF-1.4 corrected")
        attachment.save()

    assert not old.exists()
    assert stored_path(attachment).exists()
    assert attachment.original_name == "v2.pdf"
