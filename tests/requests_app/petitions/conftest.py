"""Fixtures for petitions and proposals."""

import pytest


@pytest.fixture
def staff_user_factory(db):
    """A staff member of `organization` in the 政务公开工作人员 group."""
    from disclosure.roles import ensure_staff_groups
    from tests.factories import UserFactory

    def make(organization, **kwargs):
        staff, _supervisors = ensure_staff_groups()
        user = UserFactory(organization=organization, **kwargs)
        user.groups.add(staff)
        return user

    return make
