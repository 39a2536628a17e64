"""Issue 11 §2: the petitions list masks the phone; no query string reads it back."""

import pytest
from django.urls import reverse

from disclosure.roles import ensure_staff_groups
from tests.factories import OrganizationFactory, PetitionFactory, UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:requests_app_petition_changelist"

CRAFTED = [
    {"id_number__startswith": "5103"},
    {"phone__contains": "1391234"},
    {"email__startswith": "zhao"},
    {"address__contains": "隐私路"},
    {"petitioner_name": "赵铁柱"},
    {"q": "510302198001011233"},
    {"q": "13912345678"},
    {"q": "赵铁柱"},
]


@pytest.fixture
def district():
    return OrganizationFactory(code="district", name="某区人民政府")


@pytest.fixture
def department(district):
    return OrganizationFactory(code="depta", name="甲局", parent=district)


@pytest.fixture
def petitions(department):
    first = PetitionFactory(
        organization=department, tracking_number="XF-2016-000001", email="zhao@example.com"
    )
    second = PetitionFactory(
        organization=department,
        tracking_number="XF-2016-000002",
        petitioner_name="钱多多",
        phone="13700001111",
        id_number="620102198502024321",
        address="甘肃省兰州市城关区另一路1号",
        email="qian@example.com",
    )
    return first, second


def staff_of(organization, username, *, supervisor=False):
    staff_group, supervisor_group = ensure_staff_groups()
    user = UserFactory(username=username, organization=organization)
    user.groups.add(supervisor_group if supervisor else staff_group)
    return user


def listed(response, petitions):
    return sorted(p.tracking_number for p in petitions if p.tracking_number in response.text)


@pytest.mark.parametrize(
    "params", CRAFTED, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items())
)
def test_masked_viewers_cannot_narrow_the_petitions_by_a_personal_field(
    client, petitions, district, params
):
    decoy = dict.fromkeys(params, "无此值0000")
    viewers = [
        staff_of(OrganizationFactory(code="gkb"), "office", supervisor=True),
        staff_of(district, "district-staff"),
    ]
    for viewer in viewers:
        client.force_login(viewer)
        response = client.get(reverse(CHANGELIST), params)
        baseline = client.get(reverse(CHANGELIST), decoy)
        assert response.status_code == baseline.status_code, viewer
        assert listed(response, petitions) == listed(baseline, petitions), viewer
        if "q" not in params:
            assert response.status_code == 400, viewer


def test_staff_keep_the_search_by_tracking_number(client, petitions, district):
    first, _second = petitions
    client.force_login(staff_of(district, "district-staff"))
    response = client.get(reverse(CHANGELIST), {"q": first.tracking_number})
    assert listed(response, petitions) == [first.tracking_number]
