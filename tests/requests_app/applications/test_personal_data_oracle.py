"""Issue 11 §2: a masked value cannot be read back through the list's filters, search or sort.

Supervisors and staff of a parent organization see "5103**********1239"; no query
string may narrow or reorder their list by the hidden value.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from disclosure.roles import ensure_staff_groups
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:requests_app_application_changelist"
SHANGHAI = ZoneInfo("Asia/Shanghai")

# Each would narrow the list to the first application if the admin honoured it.
CRAFTED = [
    {"id_number__startswith": "51030219900101"},
    {"id_number": "510302199001011239"},
    {"id_number__contains": "1990"},
    {"phone__contains": "1380000"},
    {"phone__startswith": "138"},
    {"email__startswith": "first"},
    {"email__iendswith": "first.example.com"},
    {"address__contains": "测试路"},
    {"postcode": "643000"},
    {"contact_person__contains": "联系"},
    {"applicant_name__startswith": "甲"},
    {"q": "510302199001011239"},
    {"q": "13800005678"},
    {"q": "甲申请人"},
]


@pytest.fixture
def district():
    return OrganizationFactory(code="zgs", name="自贡市人民政府")


@pytest.fixture
def department(district):
    return OrganizationFactory(code="zlj-jyj", name="教育局", parent=district)


@pytest.fixture
def applications(department, frozen):
    frozen("2026-03-10")
    now = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)
    # Newest first by default; by name the order would be the other way round.
    first = ApplicationFactory(
        organization=department,
        applicant_name="甲申请人",
        id_number="510302199001011239",
        phone="13800005678",
        email="zhang@first.example.com",
        address="四川省自贡市自流井区测试路8号",
        postcode="643000",
        contact_person="联系人甲",
        submitted_at=now,
    )
    second = ApplicationFactory(
        organization=department,
        applicant_name="乙申请人",
        id_number="620102198502024321",
        phone="13912340000",
        email="li@second.example.com",
        address="甘肃省兰州市城关区另一路1号",
        postcode="730000",
        contact_person="",
        submitted_at=now + timedelta(hours=1),
    )
    return first, second


def staff_of(organization, username, *, supervisor=False):
    staff_group, supervisor_group = ensure_staff_groups()
    user = UserFactory(username=username, organization=organization)
    user.groups.add(supervisor_group if supervisor else staff_group)
    return user


@pytest.fixture
def masked_viewers(district):
    return [
        staff_of(OrganizationFactory(code="gkb"), "office", supervisor=True),
        staff_of(district, "zgs-staff"),
    ]


def listed(response, applications):
    """Tracking numbers of `applications` in the order the list shows them."""
    html = response.text
    found = [a for a in applications if a.tracking_number in html]
    return [a.tracking_number for a in sorted(found, key=lambda a: html.index(a.tracking_number))]


@pytest.mark.parametrize(
    "params", CRAFTED, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items())
)
def test_masked_viewers_cannot_narrow_the_list_by_a_personal_field(
    client, applications, masked_viewers, params
):
    decoy = dict.fromkeys(params, "无此值0000")
    for viewer in masked_viewers:
        client.force_login(viewer)
        response = client.get(reverse(CHANGELIST), params)
        # The answer must not depend on the hidden value: a value that matches nothing gets
        # the same answer (the admin's refusal of a disallowed lookup, or the same list).
        baseline = client.get(reverse(CHANGELIST), decoy)
        assert response.status_code == baseline.status_code, viewer
        assert response.status_code in (200, 400), viewer
        assert listed(response, applications) == listed(baseline, applications), viewer
        if "q" not in params:
            assert response.status_code == 400, viewer


def test_personal_lookups_are_refused_outright(client, applications, masked_viewers):
    client.force_login(masked_viewers[0])
    response = client.get(reverse(CHANGELIST), {"id_number__startswith": "5103"})
    assert response.status_code == 400


@pytest.mark.parametrize("order", ["1", "-1"])
def test_masked_viewers_cannot_sort_by_a_personal_column(
    client, applications, masked_viewers, order
):
    # Column 1 is the applicant's name; column 2 the masked ID number, never sortable.
    for viewer in masked_viewers:
        client.force_login(viewer)
        unsorted = listed(client.get(reverse(CHANGELIST), {"o": "2"}), applications)
        assert len(unsorted) == 2
        response = client.get(reverse(CHANGELIST), {"o": order})
        assert listed(response, applications) == unsorted
        # Nor is a sorting link offered on the column.
        assert "applicant_name" not in response.context["cl"].sortable_by


def test_masked_viewers_still_find_an_application_by_its_tracking_number(
    client, applications, masked_viewers
):
    first, _second = applications
    for viewer in masked_viewers:
        client.force_login(viewer)
        response = client.get(reverse(CHANGELIST), {"q": first.tracking_number})
        assert listed(response, applications) == [first.tracking_number]


def test_staff_of_the_organization_search_by_tracking_number_and_name(
    client, applications, department
):
    first, second = applications
    client.force_login(staff_of(department, "jyj-staff"))
    response = client.get(reverse(CHANGELIST), {"q": second.tracking_number})
    assert listed(response, applications) == [second.tracking_number]
    response = client.get(reverse(CHANGELIST), {"q": "甲申请人"})
    assert listed(response, applications) == [first.tracking_number]
    # Even those who see every row in full cannot filter the list by a personal field.
    response = client.get(reverse(CHANGELIST), {"id_number__startswith": "5103"})
    assert response.status_code == 400


def test_autocomplete_for_review_cases_does_not_search_personal_fields(
    client, applications, masked_viewers
):
    client.force_login(masked_viewers[0])
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "510302199001011239",
            "app_label": "requests_app",
            "model_name": "reviewcase",
            "field_name": "application",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == []
