"""Every admin list, add and change page opens on the demo data, for a superuser and for staff."""

from io import StringIO

import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with (
                # load_demo runs only with DEBUG on (a development machine).
                override_settings(PASSWORD_HASHERS=FAST_HASHERS, DEBUG=True),
                time_machine.travel("2026-11-27 10:00 +0800", tick=False),
            ):
                call_command("load_demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def admin_pages():
    return [
        pytest.param(model, model_admin, id=f"{model._meta.app_label}.{model._meta.model_name}")
        for model, model_admin in admin.site._registry.items()
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "zlj-hbj"])
@pytest.mark.parametrize(("model", "model_admin"), admin_pages())
def test_admin_pages_open_on_the_demo(demo, client, username, model, model_admin):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = client.get(changelist)
    if not user.is_superuser and response.status_code == 403:
        return  # staff without the view permission on this model
    assert response.status_code == 200, changelist

    request = response.wsgi_request
    obj = model_admin.get_queryset(request).order_by("pk").first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(change).status_code == 200, change
    if model_admin.has_add_permission(request):
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert client.get(add).status_code == 200, add
