"""Fixtures for petitions and proposals.

Until the integrator adds `from . import petitions, proposals` to
`requests_app/admin/__init__.py` and the importer registration to
`RequestsAppConfig.ready()`, these tests register both themselves; both are
idempotent, so the lines stay harmless afterwards. This module is imported at
collection time, before the first request builds the admin's URLs.
"""

import pytest

from requests_app.admin import petitions as _petition_admin  # noqa: F401
from requests_app.admin import proposals as _proposal_admin  # noqa: F401
from requests_app.importers_petitions import register_importers

register_importers()


@pytest.fixture
def staff_user_factory(db):
    """A staff member of `organization` in the 政务公开工作人员 group."""
    from disclosure.admin.scoping import ensure_staff_groups
    from tests.factories import UserFactory

    def make(organization, **kwargs):
        staff, _supervisors = ensure_staff_groups()
        user = UserFactory(organization=organization, **kwargs)
        user.groups.add(staff)
        return user

    return make
