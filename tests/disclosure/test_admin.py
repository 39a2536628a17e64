"""The staff admin through its HTTP endpoints: scoping, publishing, authorship, query budget."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosure.models import Category, Disclosure, DisclosureStatus, Genre, Organization
from disclosure.roles import SUPERVISOR_GROUP, ensure_staff_groups
from tests.factories import (
    CategoryFactory,
    DisclosureFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:disclosure_disclosure_changelist"


@pytest.fixture
def groups():
    return ensure_staff_groups()


@pytest.fixture
def district():
    return OrganizationFactory(code="district", name="某区人民政府", kind="government")


@pytest.fixture
def dept_a(district):
    return OrganizationFactory(code="depta", name="甲局", parent=district)


@pytest.fixture
def dept_b(district):
    return OrganizationFactory(code="deptb", name="乙局", parent=district)


@pytest.fixture
def unit_a1(dept_a):
    return OrganizationFactory(code="unita1", name="甲局下属中心", parent=dept_a)


def staff_of(organization, groups, **kwargs):
    user = UserFactory(organization=organization, **kwargs)
    user.groups.add(groups[0])
    return user


def supervisor(groups, organization=None):
    user = UserFactory(organization=organization)
    user.groups.add(groups[1])
    return user


@pytest.fixture
def client_a(client, dept_a, groups):
    user = staff_of(dept_a, groups)
    client.force_login(user)
    client.user = user
    return client


def change_url(obj, view="change"):
    return reverse(f"admin:disclosure_disclosure_{view}", args=[obj.pk])


def form_data(organization, category, **overrides):
    data = {
        "index_number": "",
        "title": "关于开展测试工作的通知",
        "document_number": "测试〔2026〕1号",
        "organization": organization.pk,
        "category": category.pk,
        "genre": Genre.NOTICE,
        "topic": "general",
        "written_on": "2026-03-02",
        "changed_on": "",
        "validity": "valid",
        "repealed_on": "",
        "interprets": "",
        "summary": "",
        "body": "<p>正文</p>",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def listed_ids(response):
    return {obj.pk for obj in response.context["cl"].result_list}


# --- scoping -------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_staff_get_403_on_another_departments_disclosure(client_a, dept_b, view):
    other = DisclosureFactory(organization=dept_b)

    response = client_a.get(change_url(other, view))

    assert response.status_code == 403


def test_the_403_page_says_so_in_chinese(client_a, dept_b):
    other = DisclosureFactory(organization=dept_b)

    response = client_a.get(change_url(other, "change"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page
    assert "Forbidden" not in page


def test_staff_cannot_delete_another_departments_disclosure_by_post(client_a, dept_b):
    other = DisclosureFactory(organization=dept_b)

    response = client_a.post(change_url(other, "delete"), {"post": "yes"})

    assert response.status_code == 403
    assert Disclosure.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("view", ["change", "history"])
def test_staff_open_their_own_disclosure(client_a, dept_a, view):
    own = DisclosureFactory(organization=dept_a)

    assert client_a.get(change_url(own, view)).status_code == 200


def test_a_missing_disclosure_is_not_a_403(client_a):
    response = client_a.get(reverse("admin:disclosure_disclosure_change", args=[999999]))

    assert response.status_code == 302  # the admin's "does not exist" redirect


def test_another_departments_disclosure_is_not_in_the_changelist(client_a, dept_a, dept_b):
    own = DisclosureFactory(organization=dept_a, title="甲局自己的通知")
    other = DisclosureFactory(organization=dept_b, title="乙局的通知")

    response = client_a.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert listed_ids(response) == {own.pk}
    assert other.title not in response.content.decode()


def test_filtering_the_changelist_by_another_organization_shows_nothing(client_a, dept_b):
    DisclosureFactory(organization=dept_b)

    response = client_a.get(reverse(CHANGELIST), {"organization__id__exact": dept_b.pk})

    assert listed_ids(response) == set()


def test_organization_filter_and_dropdown_list_only_organizations_in_scope(
    client_a, dept_a, dept_b, unit_a1
):
    response = client_a.get(reverse("admin:disclosure_disclosure_add"))
    choices = {c for c, _ in response.context["adminform"].form.fields["organization"].choices}

    assert choices == {"", dept_a.pk, unit_a1.pk}

    changelist = client_a.get(reverse(CHANGELIST))
    assert dept_b.name not in changelist.content.decode()


def test_staff_cannot_create_a_disclosure_for_another_organization(client_a, dept_b):
    category = CategoryFactory()

    response = client_a.post(
        reverse("admin:disclosure_disclosure_add"), form_data(dept_b, category)
    )

    assert response.status_code == 200
    assert "organization" in response.context["adminform"].form.errors
    assert not Disclosure.objects.exists()
    # The person's input comes back.
    assert "关于开展测试工作的通知" in response.content.decode()


def test_staff_cannot_move_their_disclosure_to_another_organization(client_a, dept_a, dept_b):
    own = DisclosureFactory(organization=dept_a)

    response = client_a.post(change_url(own), form_data(dept_b, own.category, title=own.title))

    assert response.status_code == 200
    own.refresh_from_db()
    assert own.organization == dept_a


def test_parent_organization_staff_see_the_childs_records(
    client, groups, district, dept_a, dept_b, unit_a1
):
    on_a = DisclosureFactory(organization=dept_a)
    on_a1 = DisclosureFactory(organization=unit_a1)
    on_b = DisclosureFactory(organization=dept_b)

    client.force_login(staff_of(dept_a, groups))
    assert listed_ids(client.get(reverse(CHANGELIST))) == {on_a.pk, on_a1.pk}
    assert client.get(change_url(on_a1)).status_code == 200

    client.force_login(staff_of(district, groups))
    assert listed_ids(client.get(reverse(CHANGELIST))) == {on_a.pk, on_a1.pk, on_b.pk}


def test_child_organization_staff_do_not_see_the_parents_records(client, groups, dept_a, unit_a1):
    on_a = DisclosureFactory(organization=dept_a)
    client.force_login(staff_of(unit_a1, groups))

    assert client.get(change_url(on_a)).status_code == 403


def test_supervisor_sees_everything(client, groups, dept_a, dept_b):
    elsewhere = OrganizationFactory(code="elsewhere")  # another top-level organization
    ids = {DisclosureFactory(organization=org).pk for org in (dept_a, dept_b, elsewhere)}
    client.force_login(supervisor(groups, organization=dept_a))

    response = client.get(reverse(CHANGELIST))

    assert listed_ids(response) == ids
    for pk in ids:
        assert (
            client.get(reverse("admin:disclosure_disclosure_change", args=[pk])).status_code == 200
        )


def test_staff_without_an_organization_see_nothing(client, groups, dept_a):
    DisclosureFactory(organization=dept_a)
    client.force_login(staff_of(None, groups))

    assert listed_ids(client.get(reverse(CHANGELIST))) == set()


def test_interprets_autocomplete_only_offers_documents_in_scope(client_a, dept_a, dept_b):
    own = DisclosureFactory(organization=dept_a, title="甲局规范性文件")
    DisclosureFactory(organization=dept_b, title="乙局规范性文件")

    response = client_a.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "disclosure",
            "model_name": "disclosure",
            "field_name": "interprets",
            "term": "规范性文件",
        },
    )

    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(own.pk)]


def test_an_interpretation_cannot_link_a_document_out_of_scope(client_a, dept_a, dept_b):
    other = DisclosureFactory(organization=dept_b)
    category = CategoryFactory()

    response = client_a.post(
        reverse("admin:disclosure_disclosure_add"),
        form_data(dept_a, category, genre=Genre.INTERPRETATION, interprets=other.pk),
    )

    assert response.status_code == 200
    assert "interprets" in response.context["adminform"].form.errors
    assert not Disclosure.objects.filter(organization=dept_a).exists()


# --- authorship ------------------------------------------------------------------------


def test_created_by_and_updated_by_are_recorded(client, groups, dept_a):
    author = staff_of(dept_a, groups)
    editor = staff_of(dept_a, groups)
    category = CategoryFactory()
    client.force_login(author)

    response = client.post(reverse("admin:disclosure_disclosure_add"), form_data(dept_a, category))
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.created_by == author
    assert disclosure.updated_by == author
    assert disclosure.status == DisclosureStatus.DRAFT
    assert disclosure.index_number  # generated

    client.force_login(editor)
    response = client.post(
        change_url(disclosure),
        form_data(dept_a, category, title="改过的标题", index_number=disclosure.index_number),
    )
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.title == "改过的标题"
    assert disclosure.created_by == author
    assert disclosure.updated_by == editor


def test_authors_cannot_be_forged_by_posting_them(client_a, dept_a, groups):
    someone_else = staff_of(dept_a, groups)
    category = CategoryFactory()

    client_a.post(
        reverse("admin:disclosure_disclosure_add"),
        form_data(dept_a, category, created_by=someone_else.pk, updated_by=someone_else.pk),
    )

    disclosure = Disclosure.objects.get()
    assert disclosure.created_by == client_a.user
    assert disclosure.updated_by == client_a.user


def test_authors_are_shown_read_only_on_the_change_form(client_a, dept_a):
    own = DisclosureFactory(organization=dept_a, created_by=client_a.user)

    response = client_a.get(change_url(own))

    form = response.context["adminform"].form
    assert "created_by" not in form.fields
    assert "updated_by" not in form.fields
    assert str(client_a.user) in response.content.decode()


def test_status_cannot_be_set_through_the_form(client_a, dept_a):
    category = CategoryFactory()

    client_a.post(
        reverse("admin:disclosure_disclosure_add"),
        form_data(dept_a, category, status="published", published_on="2026-03-03"),
    )

    disclosure = Disclosure.objects.get()
    assert disclosure.status == DisclosureStatus.DRAFT
    assert disclosure.published_on is None


# --- publishing ------------------------------------------------------------------------


def action(client, name, objects, **extra):
    data = {"action": name, "index": "0", ACTION_CHECKBOX_NAME: [o.pk for o in objects]}
    data.update(extra)
    return client.post(reverse(CHANGELIST), data, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_publish_action_publishes_drafts_and_reports_each_refusal(client_a, dept_a):
    drafts = DisclosureFactory.create_batch(
        2, organization=dept_a, status=DisclosureStatus.DRAFT, published_on=None
    )
    already = DisclosureFactory(organization=dept_a, title="早已发布的通知")

    response = action(client_a, "publish_selected", [*drafts, already])

    assert response.status_code == 200
    for d in drafts:
        d.refresh_from_db()
        assert d.status == DisclosureStatus.PUBLISHED
        assert d.updated_by == client_a.user
    texts = messages_of(response)
    assert any("2" in t for t in texts)
    assert any("早已发布的通知" in t for t in texts)


def test_actions_ignore_records_out_of_scope(client_a, dept_b):
    other = DisclosureFactory(organization=dept_b, status=DisclosureStatus.DRAFT, published_on=None)

    action(client_a, "publish_selected", [other])

    other.refresh_from_db()
    assert other.status == DisclosureStatus.DRAFT


def test_withdraw_action_asks_for_a_reason_then_withdraws(client_a, dept_a):
    published = DisclosureFactory.create_batch(2, organization=dept_a)
    a_draft = DisclosureFactory(
        organization=dept_a, status=DisclosureStatus.DRAFT, published_on=None, title="还是草稿"
    )
    objects = [*published, a_draft]

    first = action(client_a, "withdraw_selected", objects)
    assert first.status_code == 200
    assert "admin/disclosure/disclosure/withdraw_confirmation.html" in [
        t.name for t in first.templates
    ]
    assert all(d.status == DisclosureStatus.PUBLISHED for d in published)

    without_reason = action(client_a, "withdraw_selected", objects, confirm="yes")
    assert without_reason.context["form"].errors
    assert Disclosure.objects.filter(status=DisclosureStatus.WITHDRAWN).count() == 0

    done = action(client_a, "withdraw_selected", objects, confirm="yes", reason="信息有误")
    for d in published:
        d.refresh_from_db()
        assert d.status == DisclosureStatus.WITHDRAWN
    assert any("还是草稿" in t for t in messages_of(done))
    assert LogEntry.objects.filter(change_message__contains="信息有误").count() == 2


def test_save_and_publish_button_on_the_change_form(client_a, dept_a):
    own = DisclosureFactory(organization=dept_a, status=DisclosureStatus.DRAFT, published_on=None)

    page = client_a.get(change_url(own))
    assert 'name="_publish"' in page.content.decode()

    response = client_a.post(
        change_url(own),
        form_data(
            dept_a, own.category, title=own.title, index_number=own.index_number, _publish="1"
        ),
    )

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == DisclosureStatus.PUBLISHED
    assert own.published_on is not None


def test_save_and_publish_when_adding(client_a, dept_a):
    category = CategoryFactory()

    response = client_a.post(
        reverse("admin:disclosure_disclosure_add"), form_data(dept_a, category, _publish="1")
    )

    assert response.status_code == 302
    assert Disclosure.objects.get().status == DisclosureStatus.PUBLISHED


def test_withdraw_button_on_the_change_form(client_a, dept_a):
    own = DisclosureFactory(organization=dept_a)
    page = client_a.get(change_url(own))
    assert change_url(own, "withdraw") in page.content.decode()
    assert 'name="_publish"' not in page.content.decode()

    response = client_a.post(change_url(own, "withdraw"), {"reason": "已被新文件替代"})

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == DisclosureStatus.WITHDRAWN


def test_withdraw_page_of_another_departments_disclosure_is_forbidden(client_a, dept_b):
    other = DisclosureFactory(organization=dept_b)

    assert client_a.get(change_url(other, "withdraw")).status_code == 403
    assert client_a.post(change_url(other, "withdraw"), {"reason": "x"}).status_code == 403
    other.refresh_from_db()
    assert other.status == DisclosureStatus.PUBLISHED


def test_late_publication_is_flagged_in_the_list_and_on_the_change_form(client_a, dept_a):
    # Formed 2026-03-02, published 2026-04-01: 22 working days (第二十六条 allows 20).
    late = DisclosureFactory(
        organization=dept_a, written_on=date(2026, 3, 2), published_on=date(2026, 4, 1)
    )
    on_time = DisclosureFactory(
        organization=dept_a, written_on=date(2026, 3, 2), published_on=date(2026, 3, 3)
    )

    filtered = client_a.get(reverse(CHANGELIST), {"late": "yes"})
    assert listed_ids(filtered) == {late.pk}
    assert listed_ids(client_a.get(reverse(CHANGELIST), {"late": "no"})) == {on_time.pk}
    assert "article26-late" in filtered.content.decode()

    page = client_a.get(change_url(late)).content.decode()
    assert "article26-note late" in page
    assert "22" in page


# --- attachments -----------------------------------------------------------------------


def with_attachment(data, upload):
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "附件一",
            "attachments-0-file": upload,
            "attachments-0-sort_order": "0",
        }
    )
    return data


def inline_errors(response):
    return [f.formset.errors for f in response.context["inline_admin_formsets"]]


def test_an_attachment_of_a_refused_type_is_a_form_error_and_nothing_is_saved(client_a, dept_a):
    upload = SimpleUploadedFile("setup.exe", b"MZ...", content_type="application/octet-stream")

    response = client_a.post(
        reverse("admin:disclosure_disclosure_add"),
        with_attachment(form_data(dept_a, CategoryFactory()), upload),
    )

    assert response.status_code == 200
    assert "file" in inline_errors(response)[0][0]
    assert not Disclosure.objects.exists()


def test_an_attachment_over_the_size_limit_is_a_form_error(client_a, dept_a, settings):
    settings.MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (1024 * 1024 + 1))

    response = client_a.post(
        reverse("admin:disclosure_disclosure_add"),
        with_attachment(form_data(dept_a, CategoryFactory()), upload),
    )

    assert response.status_code == 200
    assert "file" in inline_errors(response)[0][0]
    assert not Disclosure.objects.exists()


def test_an_allowed_attachment_is_saved_with_its_size(client_a, dept_a):
    upload = SimpleUploadedFile("notice.pdf", b"%PDF-1.4 test", content_type="application/pdf")

    response = client_a.post(
        reverse("admin:disclosure_disclosure_add"),
        with_attachment(form_data(dept_a, CategoryFactory()), upload),
    )

    assert response.status_code == 302
    attachment = Disclosure.objects.get().attachments.get()
    assert attachment.size == len(b"%PDF-1.4 test")


# --- performance -----------------------------------------------------------------------


def test_changelist_query_count_does_not_grow_with_rows(
    client_a, dept_a, unit_a1, django_assert_max_num_queries
):
    category = CategoryFactory()
    DisclosureFactory.create_batch(10, organization=dept_a, category=category)
    with django_assert_max_num_queries(15) as with_10:
        assert client_a.get(reverse(CHANGELIST)).status_code == 200

    DisclosureFactory.create_batch(190, organization=unit_a1, category=category)
    with django_assert_max_num_queries(15) as with_200:
        response = client_a.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == 200
    assert len(with_200.captured_queries) == len(with_10.captured_queries)


# --- organizations -----------------------------------------------------------------------


def test_staff_see_only_their_organization_subtree(client_a, district, dept_a, dept_b, unit_a1):
    response = client_a.get(reverse("admin:disclosure_organization_changelist"))

    assert listed_ids(response) == {dept_a.pk, unit_a1.pk}
    url = reverse("admin:disclosure_organization_change", args=[dept_b.pk])
    assert client_a.get(url).status_code == 403
    url = reverse("admin:disclosure_organization_change", args=[district.pk])
    assert client_a.get(url).status_code == 403


def org_form_data(**overrides):
    data = {
        "name": "新机关",
        "short_name": "",
        "code": "neworg",
        "credit_code": "",
        "parent": "",
        "kind": "department",
        "is_active": "on",
        "sort_order": "0",
        "receipt_confirmation": "automatic",
    }
    data.update(overrides)
    return data


def test_staff_cannot_add_a_top_level_organization(client_a):
    response = client_a.post(reverse("admin:disclosure_organization_add"), org_form_data())

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert not Organization.objects.filter(code="neworg").exists()


def test_staff_add_a_sub_organization_under_their_own(client_a, dept_a, dept_b):
    refused = client_a.post(
        reverse("admin:disclosure_organization_add"), org_form_data(parent=dept_b.pk)
    )
    assert "parent" in refused.context["adminform"].form.errors

    response = client_a.post(
        reverse("admin:disclosure_organization_add"), org_form_data(parent=dept_a.pk)
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="neworg").parent == dept_a


def test_staff_cannot_change_the_parent_of_their_organization(client_a, dept_a, dept_b):
    url = reverse("admin:disclosure_organization_change", args=[dept_a.pk])
    page = client_a.get(url)
    assert page.status_code == 200
    assert "parent" not in page.context["adminform"].form.fields

    response = client_a.post(
        url, org_form_data(name="甲局（改名）", code="depta", parent=dept_b.pk)
    )

    assert response.status_code == 302
    dept_a.refresh_from_db()
    assert dept_a.name == "甲局（改名）"
    assert dept_a.parent_id != dept_b.pk


def test_supervisor_adds_a_top_level_organization(client, groups):
    client.force_login(supervisor(groups))

    response = client.post(reverse("admin:disclosure_organization_add"), org_form_data())

    assert response.status_code == 302
    assert Organization.objects.get(code="neworg").parent is None


# --- reference data and users ------------------------------------------------------------------


def test_staff_view_columns_but_only_supervisors_change_them(client, groups, dept_a):
    category = CategoryFactory()
    client.force_login(staff_of(dept_a, groups))
    assert client.get(reverse("admin:disclosure_category_changelist")).status_code == 200
    assert client.get(reverse("admin:disclosure_category_add")).status_code == 403
    url = reverse("admin:disclosure_category_change", args=[category.pk])
    client.post(url, {"name": "改名", "slug": category.slug, "sort_order": 0})
    category.refresh_from_db()
    assert category.name != "改名"

    client.force_login(supervisor(groups))
    assert client.get(reverse("admin:disclosure_category_add")).status_code == 200
    response = client.post(
        reverse("admin:disclosure_category_add"), {"name": "新栏目", "slug": "new", "sort_order": 0}
    )
    assert response.status_code == 302
    assert Category.objects.filter(name="新栏目").exists()


def test_staff_cannot_manage_users(client_a):
    assert client_a.get(reverse("admin:disclosure_user_changelist")).status_code == 403
    own = reverse("admin:disclosure_user_change", args=[client_a.user.pk])
    assert client_a.get(own).status_code == 403
    assert client_a.post(own, {"is_superuser": "on"}).status_code == 403
    client_a.user.refresh_from_db()
    assert not client_a.user.is_superuser


def user_form_data(user, **overrides):
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "organization": user.organization_id or "",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in user.groups.all()],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    data.update(overrides)
    return data


def test_supervisor_manages_staff_accounts_but_cannot_make_superusers(client, groups, dept_a):
    boss = supervisor(groups)
    staff = staff_of(dept_a, groups)
    client.force_login(boss)

    response = client.post(
        reverse("admin:disclosure_user_change", args=[staff.pk]),
        user_form_data(staff, full_name="张三", is_superuser="on"),
    )

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.full_name == "张三"
    assert not staff.is_superuser


def test_a_supervisor_cannot_change_their_own_roles(client, groups):
    boss = supervisor(groups)
    client.force_login(boss)

    client.post(
        reverse("admin:disclosure_user_change", args=[boss.pk]),
        user_form_data(boss, groups=[], is_superuser="on"),
    )

    boss.refresh_from_db()
    assert not boss.is_superuser
    assert boss.groups.filter(name=SUPERVISOR_GROUP).exists()


def test_a_supervisor_cannot_edit_a_superuser(client, groups):
    root = UserFactory(is_superuser=True, organization=None)
    client.force_login(supervisor(groups))

    url = reverse("admin:disclosure_user_change", args=[root.pk])
    response = client.post(url, user_form_data(root, is_active=""))

    assert response.status_code == 403
    root.refresh_from_db()
    assert root.is_active


def test_supervisor_opens_the_user_pages(client, groups, dept_a):
    staff = staff_of(dept_a, groups)
    client.force_login(supervisor(groups))

    assert client.get(reverse("admin:disclosure_user_changelist")).status_code == 200
    assert client.get(reverse("admin:disclosure_user_change", args=[staff.pk])).status_code == 200
    assert client.get(reverse("admin:disclosure_user_add")).status_code == 200


def test_supervisor_creates_a_staff_account_for_an_organization(client, groups, dept_a):
    client.force_login(supervisor(groups))

    response = client.post(
        reverse("admin:disclosure_user_add"),
        {
            "username": "newstaff",
            "usable_password": "true",
            "password1": "A-long-pass-phrase-2026",
            "password2": "A-long-pass-phrase-2026",
            "full_name": "李四",
            "organization": dept_a.pk,
        },
    )

    assert response.status_code == 302
    from disclosure.models import User

    created = User.objects.get(username="newstaff")
    assert created.organization == dept_a
    assert created.full_name == "李四"
