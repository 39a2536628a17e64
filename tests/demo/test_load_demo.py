"""`load_demo` creates logins with published passwords: it refuses to run with DEBUG off."""

from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from disclosure.models import Category, Disclosure, Organization
from reports.models import EnteredFigure
from requests_app.applications.models import Application
from requests_app.petitions.models import Petition

pytestmark = pytest.mark.django_db

TODAY = "2026-11-27 10:00 +0800"


def load_demo(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("load_demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> dict[str, int]:
    models = [
        Organization,
        Category,
        Disclosure,
        get_user_model(),
        Application,
        Petition,
        EnteredFigure,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    before = counts()

    with pytest.raises(CommandError, match="--force") as refused:
        load_demo()

    assert "admin/admin" in str(refused.value)
    assert counts() == before  # nothing was written
    assert not Organization.objects.filter(code="zlj").exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_loads_with_force_when_debug_is_off(settings):
    settings.DEBUG = False

    out, err = load_demo("--force")

    assert "--force" in err  # a warning on stderr
    assert Organization.objects.filter(code="zlj").exists()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("admin")
    assert get_user_model().objects.get(username="supervisor").check_password("demo12345")
    assert "1191" in out


def test_loads_when_debug_is_on(settings):
    settings.DEBUG = True

    out, err = load_demo()

    assert err == ""
    assert Organization.objects.filter(code="zlj").exists()
    assert Disclosure.objects.filter(published_on__year=2016).published().count() == 1191
    assert "admin / admin" in out
    # Idempotent: a second run adds nothing.
    before = counts()
    load_demo()
    assert counts() == before
