"""The admin login: lockout after wrong passwords, password rules, the second factor (TOTP),
and who may set whose password."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from disclosure.roles import SUPERVISOR_GROUP, ensure_staff_groups
from tests.factories import UserFactory

PASSWORD = "pw-for-tests-123"  # UserFactory's
LOGIN = "/admin/login/"
CODE = "/admin/login/code/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups():
    return ensure_staff_groups()


def make_supervisor(groups, **kwargs):
    user = UserFactory(organization=None, **kwargs)
    user.groups.add(groups[1])
    return user


def make_staff(groups, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(groups[0])
    return user


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def current_token(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def lockout_message(minutes=30) -> str:
    with translation.override("zh-hans"):
        return translation.ngettext(
            "Too many wrong passwords: this account or this address is locked out. Try again "
            "in %(minutes)s minute, or ask a supervisor to lift the lockout.",
            "Too many wrong passwords: this account or this address is locked out. Try again "
            "in %(minutes)s minutes, or ask a supervisor to lift the lockout.",
            minutes,
        ) % {"minutes": minutes}


# Lockout (django-axes)


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, groups):
    clerk = make_staff(groups, username="clerk")
    for _ in range(30):
        assert log_in(client, "clerk", "wrong-password-1").status_code in (200, 429)

    response = log_in(client, "clerk")

    assert response.status_code == 429
    assert lockout_message() in response.content.decode()
    assert not logged_in(client)
    assert AccessAttempt.objects.filter(username=clerk.username).exists()


def test_one_address_is_locked_out_across_usernames(client, groups):
    make_staff(groups, username="clerk")
    for n in range(5):
        log_in(client, f"guess{n}", "wrong-password-1", REMOTE_ADDR="10.0.0.9")

    assert log_in(client, "clerk", REMOTE_ADDR="10.0.0.9").status_code == 429
    assert not logged_in(client)
    assert log_in(client, "clerk", REMOTE_ADDR="10.0.0.10").status_code == 302
    assert logged_in(client)


def test_behind_the_proxy_the_forwarded_client_is_locked_out_not_the_proxy(
    client, groups, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    make_staff(groups, username="clerk")
    for n in range(5):
        log_in(
            client,
            f"guess{n}",
            "wrong-password-1",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    blocked = log_in(client, "clerk", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = log_in(client, "clerk", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")

    assert blocked.status_code == 429
    assert other.status_code == 302


def test_a_supervisor_lifts_a_lockout(client, groups):
    make_staff(groups, username="clerk")
    for _ in range(5):
        log_in(client, "clerk", "wrong-password-1")
    assert log_in(client, "clerk").status_code == 429
    attempt = AccessAttempt.objects.get(username="clerk")

    boss = make_supervisor(groups)
    client.force_login(boss)
    changelist = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200
    assert "clerk" in changelist.content.decode()
    deleted = client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 302
    client.logout()

    assert log_in(client, "clerk").status_code == 302
    assert logged_in(client)


def test_staff_do_not_see_the_lockouts(client, groups):
    client.force_login(make_staff(groups))

    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


# Password rules


def test_a_password_of_eight_characters_is_refused(client, groups):
    with pytest.raises(ValidationError):
        validate_password("Zq8#kLm2")
    client.force_login(make_supervisor(groups))

    response = client.post(
        reverse("admin:disclosure_user_add"),
        {
            "username": "newstaff",
            "usable_password": "true",
            "password1": "Zq8#kLm2",
            "password2": "Zq8#kLm2",
        },
    )

    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="newstaff").exists()


# Second factor (TOTP)


@pytest.mark.parametrize("role", ["supervisor", "superuser"])
def test_the_password_alone_does_not_open_the_admin(client, groups, role):
    user = (
        make_supervisor(groups)
        if role == "supervisor"
        else UserFactory(is_superuser=True, organization=None)
    )

    response = log_in(client, user.username)

    assert response.status_code == 302
    assert response["Location"].startswith(CODE)
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("admin:disclosure_disclosure_changelist")).status_code == 302


def test_a_supervisor_enrols_an_app_and_a_wrong_code_is_refused(client, groups, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    boss = make_supervisor(groups)
    log_in(client, boss.username)

    page = client.get(CODE + "?next=/admin/")
    assert page.status_code == 200
    assert "otpauth://totp/" in page.content.decode()
    device = TOTPDevice.objects.get(user=boss, confirmed=False)

    wrong = f"{(int(current_token(device)) + 1) % 1_000_000:06d}"
    refused = client.post(CODE, {"token": wrong, "next": "/admin/"})
    assert refused.status_code == 200
    assert not logged_in(client)

    accepted = client.post(CODE, {"token": current_token(device), "next": "/admin/"})
    assert accepted.status_code == 302
    assert accepted["Location"] == "/admin/"
    assert logged_in(client)
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_an_enrolled_superuser_gives_the_current_code(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    root = UserFactory(is_superuser=True, organization=None)
    device = TOTPDevice.objects.create(user=root, name="phone", confirmed=True)
    log_in(client, root.username)

    page = client.get(CODE)
    assert "otpauth://" not in page.content.decode()
    wrong = f"{(int(current_token(device)) + 1) % 1_000_000:06d}"
    assert client.post(CODE, {"token": wrong}).status_code == 200
    assert not logged_in(client)

    assert client.post(CODE, {"token": current_token(device)}).status_code == 302
    assert client.get(reverse("admin:disclosure_user_changelist")).status_code == 200


def test_the_code_step_without_a_password_goes_back_to_the_login(client):
    response = client.post(CODE, {"token": "123456"})

    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_a_session_without_the_second_factor_cannot_open_the_admin(client, groups):
    client.force_login(make_supervisor(groups))
    session = client.session
    del session[DEVICE_ID_SESSION_KEY]
    session.save()

    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("admin:disclosure_user_changelist")).status_code == 302


def test_staff_are_not_asked_for_a_code_by_default(client, groups):
    make_staff(groups, username="clerk")

    response = log_in(client, "clerk")

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_are_asked_for_a_code_when_the_setting_is_on(client, groups, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    make_staff(groups, username="clerk")

    response = log_in(client, "clerk")

    assert response["Location"].startswith(CODE)
    assert not logged_in(client)


# Who sets whose password


def test_a_supervisor_cannot_set_another_supervisors_or_a_superusers_password(client, groups):
    other = make_supervisor(groups)
    root = UserFactory(is_superuser=True, organization=None)
    client.force_login(make_supervisor(groups))

    for target in (other, root):
        url = reverse("admin:auth_user_password_change", args=[target.pk])
        new = {"password1": "A-new-long-phrase-2026", "password2": "A-new-long-phrase-2026"}
        assert client.get(url).status_code == 403
        assert client.post(url, new).status_code == 403
        target.refresh_from_db()
        assert target.check_password(PASSWORD)
    change = client.post(reverse("admin:disclosure_user_change", args=[other.pk]), {})
    assert change.status_code == 403


def test_a_supervisor_sets_a_staff_members_password_and_a_superuser_a_supervisors(client, groups):
    clerk = make_staff(groups)
    other = make_supervisor(groups)
    new = {"password1": "A-new-long-phrase-2026", "password2": "A-new-long-phrase-2026"}

    client.force_login(make_supervisor(groups))
    url = reverse("admin:auth_user_password_change", args=[clerk.pk])
    assert client.post(url, new).status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password(new["password1"])

    client.force_login(UserFactory(is_superuser=True, organization=None))
    url = reverse("admin:auth_user_password_change", args=[other.pk])
    assert client.post(url, new).status_code == 302
    other.refresh_from_db()
    assert other.check_password(new["password1"])


def test_the_supervisor_group_holds_the_lockout_permissions(groups):
    supervisors = groups[1]

    assert supervisors.name == SUPERVISOR_GROUP
    assert set(
        supervisors.permissions.filter(content_type__app_label="axes").values_list(
            "codename", flat=True
        )
    ) == {"view_accessattempt", "delete_accessattempt", "view_accesslog"}
