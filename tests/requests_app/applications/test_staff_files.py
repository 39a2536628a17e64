"""Identity proofs and reply attachments live in private storage: only staff in scope get them."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from requests_app.applications.models import ReplyAttachment
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 identity proof"


def staff_of(organization):
    """A staff member with the role group (the downloads check `view_application`)."""
    from disclosure.roles import ensure_staff_groups

    staff_group, _ = ensure_staff_groups()
    user = UserFactory(organization=organization)
    user.groups.add(staff_group)
    return user


@pytest.fixture
def application():
    app = ApplicationFactory()
    app.identity_proof.save("张三的身份证.pdf", ContentFile(PDF), save=True)
    return app


def test_stored_name_is_random_and_carries_no_personal_data(application):
    assert "张三" not in application.identity_proof.name
    assert application.identity_proof.name.endswith(".pdf")
    with pytest.raises(ValueError):
        application.identity_proof.url  # noqa: B018  (no public URL exists)


def test_staff_of_the_organization_download_the_identity_proof(client, application):
    client.force_login(staff_of(application.organization))
    response = client.get(reverse("applications:identity_proof", args=[application.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]


def test_staff_of_another_organization_are_refused(client, application):
    client.force_login(UserFactory(organization=OrganizationFactory()))
    response = client.get(reverse("applications:identity_proof", args=[application.pk]))
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, application):
    response = client.get(reverse("applications:identity_proof", args=[application.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_reply_attachment_download_is_scoped(client, application):
    attachment = ReplyAttachment(application=application, title="答复材料.pdf")
    attachment.file.save("答复材料.pdf", ContentFile(PDF), save=True)
    url = reverse("applications:reply_attachment", args=[attachment.pk])

    client.force_login(UserFactory(organization=OrganizationFactory()))
    assert client.get(url).status_code == 403

    client.force_login(staff_of(application.organization))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_admin_change_page_links_the_private_download(client, application):
    from disclosure.roles import ensure_staff_groups

    staff_group, _ = ensure_staff_groups()
    user = UserFactory(organization=application.organization)
    user.groups.add(staff_group)
    client.force_login(user)
    page = client.get(reverse("admin:requests_app_application_change", args=[application.pk]))
    assert page.status_code == 200
    assert reverse("applications:identity_proof", args=[application.pk]) in page.content.decode()


def test_staff_without_the_view_permission_are_refused(client, application):
    # Staff of the organization but without the role group: no `view_application`.
    client.force_login(UserFactory(organization=application.organization))
    response = client.get(reverse("applications:identity_proof", args=[application.pk]))
    assert response.status_code == 403
    attachment = ReplyAttachment(application=application, title="答复材料.pdf")
    attachment.file.save("答复材料.pdf", ContentFile(PDF), save=True)
    url = reverse("applications:reply_attachment", args=[attachment.pk])
    assert client.get(url).status_code == 403


def test_identity_proof_only_to_staff_of_the_organization_applied_to(client):
    district = OrganizationFactory(code="zgs")
    department = OrganizationFactory(code="zgs-jyj", parent=district)
    app = ApplicationFactory(organization=department)
    app.identity_proof.save("身份证.pdf", ContentFile(PDF), save=True)
    url = reverse("applications:identity_proof", args=[app.pk])

    client.force_login(staff_of(district))  # the application is in their scope
    assert client.get(url).status_code == 403
    page = client.get(reverse("admin:requests_app_application_change", args=[app.pk]))
    assert page.status_code == 200
    assert url not in page.content.decode()

    client.force_login(staff_of(department))
    assert client.get(url).status_code == 200
