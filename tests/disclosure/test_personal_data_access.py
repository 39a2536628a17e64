"""Issue 11: every opening of a record's full personal data leaves a row in the access log."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from disclosure.models import PersonalDataAccess
from disclosure.roles import ensure_staff_groups
from requests_app.applications.models import ReplyAttachment
from tests.factories import ApplicationFactory, OrganizationFactory, PetitionFactory, UserFactory

pytestmark = pytest.mark.django_db


def staff_of(organization, username, *, supervisor=False):
    staff_group, supervisor_group = ensure_staff_groups()
    user = UserFactory(username=username, organization=organization, is_staff=True)
    user.groups.add(supervisor_group if supervisor else staff_group)
    return user


@pytest.fixture
def department():
    return OrganizationFactory(code="jyj", name="教育局")


@pytest.fixture
def application(department):
    with time_machine.travel(
        datetime(2026, 3, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield make_application(department)


def make_application(department):
    app = ApplicationFactory(organization=department)
    app.identity_proof.save("证件.pdf", ContentFile(b"%PDF-1.4 proof"), save=True)
    return app


def only_row(user, obj):
    rows = list(PersonalDataAccess.objects.all())
    assert len(rows) == 1
    row = rows[0]
    assert row.user == user and row.username == user.username
    assert row.record == obj
    assert row.path
    return row


def test_opening_an_application_in_full_is_logged(client, application, department):
    staff = staff_of(department, "jyj-staff")
    client.force_login(staff)
    url = reverse("admin:requests_app_application_change", args=[application.pk])
    assert client.get(url).status_code == 200
    row = only_row(staff, application)
    assert row.path == url


def test_a_masked_view_is_not_logged_as_full_access(client, application):
    client.force_login(staff_of(OrganizationFactory(code="gkb"), "office", supervisor=True))
    url = reverse("admin:requests_app_application_change", args=[application.pk])
    assert client.get(url).status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_lists_are_not_logged(client, application, department):
    client.force_login(staff_of(department, "jyj-staff"))
    assert client.get(reverse("admin:requests_app_application_changelist")).status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_downloading_the_identity_proof_is_logged(client, application, department):
    staff = staff_of(department, "jyj-staff")
    client.force_login(staff)
    response = client.get(reverse("applications:identity_proof", args=[application.pk]))
    assert response.status_code == 200
    only_row(staff, application)


def test_downloading_a_reply_attachment_is_logged(client, application, department):
    attachment = ReplyAttachment(application=application, title="答复材料.pdf")
    attachment.file.save("reply.pdf", ContentFile(b"%PDF-1.4 reply"), save=True)
    staff = staff_of(department, "jyj-staff")
    client.force_login(staff)
    response = client.get(reverse("applications:reply_attachment", args=[attachment.pk]))
    assert response.status_code == 200
    only_row(staff, application)


def test_downloading_a_reply_letter_is_logged(client, application, department):
    staff = staff_of(department, "jyj-staff")
    client.force_login(staff)
    client.get(reverse("applications:letter_docx", args=[application.pk]), {"outcome": "granted"})
    client.get(reverse("applications:letter", args=[application.pk]), {"outcome": "granted"})
    assert PersonalDataAccess.objects.filter(user=staff, object_id=str(application.pk)).count() == 2


def test_opening_a_petition_is_logged(client, department):
    petition = PetitionFactory(organization=department)
    staff = staff_of(department, "jyj-staff")
    client.force_login(staff)
    url = reverse("admin:requests_app_petition_change", args=[petition.pk])
    assert client.get(url).status_code == 200
    only_row(staff, petition)


# --- the log in the admin --------------------------------------------------------------------


@pytest.fixture
def logged(client, application, department):
    staff = staff_of(department, "jyj-staff")
    client.force_login(staff)
    client.get(reverse("admin:requests_app_application_change", args=[application.pk]))
    client.logout()
    return PersonalDataAccess.objects.get()


def test_supervisors_read_the_log_filtered_by_person(client, logged):
    supervisor = staff_of(OrganizationFactory(code="gkb"), "office", supervisor=True)
    client.force_login(supervisor)
    changelist = reverse("admin:disclosure_personaldataaccess_changelist")
    response = client.get(changelist, {"user__id__exact": logged.user_id})
    assert response.status_code == 200
    assert "jyj-staff" in response.text
    assert (
        client.get(changelist, {"content_type__id__exact": logged.content_type_id}).status_code
        == 200
    )
    detail = reverse("admin:disclosure_personaldataaccess_change", args=[logged.pk])
    assert client.get(detail).status_code == 200


def test_staff_cannot_read_the_log(client, logged, department):
    client.force_login(staff_of(department, "other-staff"))
    response = client.get(reverse("admin:disclosure_personaldataaccess_changelist"))
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["supervisor", "superuser"])
def test_the_log_cannot_be_added_changed_or_deleted(client, logged, who):
    if who == "superuser":
        user = UserFactory(username="root", is_superuser=True, is_staff=True, organization=None)
    else:
        user = staff_of(OrganizationFactory(code="gkb"), "office", supervisor=True)
    client.force_login(user)
    add = client.get(reverse("admin:disclosure_personaldataaccess_add"))
    assert add.status_code == 403
    detail = reverse("admin:disclosure_personaldataaccess_change", args=[logged.pk])
    client.post(detail, {"what": "changed", "username": "someone"})
    delete = client.post(
        reverse("admin:disclosure_personaldataaccess_delete", args=[logged.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    bulk = client.post(
        reverse("admin:disclosure_personaldataaccess_changelist"),
        {"action": "delete_selected", "_selected_action": [logged.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    logged.refresh_from_db()
    assert logged.what != "changed" and logged.username == "jyj-staff"
