"""Fixtures for the demo district's tests (`demo/`, `load_demo`)."""

import pytest
from django.test import override_settings

from tests.requests_app.applications.conftest import frozen  # noqa: F401  (the demo applications use it)


@pytest.fixture(scope="package", autouse=True)
def _development_settings():
    """`load_demo` runs only with DEBUG on (a development machine) unless forced.

    pytest-django turns DEBUG off; the demo's tests run as on a development machine.
    Package scope, so that the module-scoped fixtures that load the demo once see it too.
    """
    with override_settings(DEBUG=True):
        yield
