"""`load_demo`: the demo district reproduces what the seed report says was published."""

import re
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max, Sum
from django.test import override_settings

from demo import district as demo
from disclosure.models import (
    Category,
    Disclosure,
    DisclosureStatus,
    Genre,
    IndexSequence,
    Organization,
    OrganizationKind,
)
from disclosure.services.index_numbers import save_disclosure
from disclosure.validators import is_valid_uscc

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


# PBKDF2 would make each load cost seconds; the hasher is not what is tested here.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def run_load_demo() -> str:
    out = StringIO()
    with time_machine.travel(f"{TODAY.isoformat()} 10:00 +0800", tick=False):
        call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def output(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module inside a transaction rolled back at the end.

    Each test runs in its own savepoint within it, so tests cannot disturb each other and
    nothing of the demo is left for the other test modules.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                text = run_load_demo()
            yield text
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def zlj_tree() -> set[int]:
    return Organization.objects.descendant_ids([Organization.objects.get(code="zlj").pk])


def snapshot() -> dict:
    through = Disclosure.channels.through
    return {
        "organizations": list(Organization.objects.order_by("code").values()),
        "columns": list(Category.objects.order_by("slug").values()),
        "disclosures": Disclosure.objects.count(),
        "last_change": Disclosure.objects.aggregate(m=Max("updated_at"))["m"],
        "interpretation_links": Disclosure.objects.filter(interprets__isnull=False).count(),
        "channel_links": through.objects.count(),
        "users": list(get_user_model().objects.order_by("username").values()),
        "groups": list(Group.objects.order_by("name").values_list("name", "permissions")),
        "sequences": IndexSequence.objects.aggregate(n=Sum("last"))["n"],
    }


def test_loading_twice_changes_nothing(output):
    first = snapshot()
    run_load_demo()

    assert snapshot() == first


def test_exactly_1191_disclosures_of_the_zlj_tree_were_published_in_2016(output):
    tree = zlj_tree()
    in_2016 = Disclosure.objects.filter(organization_id__in=tree, published_on__year=2016)

    assert in_2016.published().count() == 1191
    # The count depends on the status: a withdrawn 2016 item and drafts exist.
    assert in_2016.filter(status=DisclosureStatus.WITHDRAWN).count() == 1
    assert Disclosure.objects.filter(status=DisclosureStatus.DRAFT).exists()
    assert "1191" in output


def test_other_years_give_the_catalogue_depth(output):
    published = Disclosure.objects.published()
    assert 90 <= published.filter(published_on__year=2015).count() <= 120
    # Every later year too, growing from about 280 (2017) to about 530 (2025).
    for year in range(2017, 2027):
        assert 250 <= published.filter(published_on__year=year).count() <= 600, year
    assert not published.filter(published_on__gt=TODAY).exists()


def test_56_departments_published_their_2015_final_accounts_in_2016(output):
    departments = Organization.objects.filter(parent__code="zlj", kind=OrganizationKind.DEPARTMENT)
    publishing = (
        Disclosure.objects.published()
        .filter(
            organization__in=departments,
            category__slug="key-public-finance",
            genre=Genre.BUDGET,
            title__contains="2015年度部门决算",
            published_on__year=2016,
        )
        .values("organization")
        .distinct()
    )

    assert departments.count() >= 56
    assert publishing.count() == 56


def test_2016_items_went_out_on_weibo_and_wechat_as_often_as_the_seed_says(output):
    in_2016 = Disclosure.objects.published().filter(published_on__year=2016)
    assert in_2016.filter(channels__name="政务微博").count() == 169
    assert in_2016.filter(channels__name="政务微信").count() == 141
    assert 100 < in_2016.filter(genre=Genre.PICTURE_NEWS).count() < 200  # "100多幅"


def test_key_area_columns_hold_400_odd_items_published_in_2016(output):
    key_area = Disclosure.objects.published().filter(
        category__parent__slug="key-information", published_on__year=2016
    )
    assert 400 < key_area.count() < 500


@pytest.mark.parametrize(
    ("title", "column"),
    [
        ("自贡市自流井区人民政府关于自贡市自流井区区级行政许可项目目录的公告", "行政权力"),
        ("自流井区区级行政权力责任清单", "行政权力"),
        ("自流井区行政审批项目流程清单", "行政权力"),
        ("自流井区环保局2016年8—11月已审批建设项目环境影响评价文件的公示", "环境保护"),
        ("自流井区环保局关于2016年度第三季度“双随机”抽测检查情况的公示", "环境保护"),
        ("2016年7月城市集中式饮用水水源", "环境保护"),
        ("自流井区食药局食用农产品抽检公示表", "食品药品安全"),
        ("自流井区小微企业信息名录", "信用信息"),
        ("自流井区2016年部门预算公开", "财政资金"),
        ("自流井区2017年部门预算公开", "财政资金"),
    ],
)
def test_the_items_the_seed_names_are_published(output, title, column):
    item = Disclosure.objects.published().get(title=title)
    assert item.category.name == column


def test_the_approval_catalogue_notice_is_dated_as_the_seed_says(output):
    notice = Disclosure.objects.get(title__contains="区级行政许可项目目录的公告")
    assert notice.published_on == date(2015, 3, 16)
    assert notice.organization.code == "zlj"


def test_the_water_source_regulation_has_its_interpretation(output):
    interpretation = Disclosure.objects.get(title="《自贡市集中式饮用水水源地保护管理条例》解读")
    assert interpretation.genre == Genre.INTERPRETATION
    assert interpretation.category.name == "政策解读"
    assert interpretation.interprets.title == "自贡市集中式饮用水水源地保护管理条例"


def test_normative_documents_give_non_trivial_table_two_counts(output):
    docs = Disclosure.objects.published().for_organizations(zlj_tree())
    normative = docs.of_genre(Genre.NORMATIVE_DOCUMENT)

    assert docs.of_genre(Genre.REGULATION).count() == 0  # a district makes no 规章
    assert normative.issued_in(2016).count() == 4
    assert normative.repealed_in(2016).count() == 1
    assert normative.in_force_on(date(2016, 12, 31)).count() == 5
    assert normative.filter(validity="revised").count() == 1


def test_seed_columns_exist_with_their_children(output):
    key = Category.objects.get(slug="key-information")
    assert key.name == "政府重点信息公开专栏"
    assert set(key.children.values_list("name", flat=True)) == {
        "行政权力", "财政资金", "公共资源配置", "公共服务", "公共监管",
        "环境保护", "食品药品安全", "生产安全", "信用信息",
    }  # fmt: skip
    services = Category.objects.get(slug="services")
    assert services.children.count() == 14
    for name in ["政务动态", "政务公开", "政府文件", "政策解读", "回应关切", "在线访谈",
                 "新闻发布会", "政府信息公开年报"]:  # fmt: skip
        assert Category.objects.filter(name=name, parent=None).exists()
    # The guide is a page (/org/zlj/guide/), not a column holding a stub item.
    assert not Category.objects.filter(name="政府信息公开指南").exists()


def test_district_and_its_organs_are_well_formed(output):
    zlj = Organization.objects.get(code="zlj")
    assert zlj.kind == OrganizationKind.GOVERNMENT
    assert zlj.receipt_confirmation == "automatic"
    assert all([zlj.address, zlj.phone, zlj.office_hours, zlj.email, zlj.postcode])
    tree = Organization.objects.filter(pk__in=zlj_tree())
    for org in tree:
        assert is_valid_uscc(org.credit_code), org.code
        assert re.fullmatch(r"[a-z][a-z0-9-]*", org.code)
    names = set(tree.values_list("short_name", flat=True))
    assert {"区政府办公室", "区财政局", "区环保局", "区信访局", "五星街街道", "漆树乡"} <= names
    assert tree.filter(kind=OrganizationKind.SUBDISTRICT).count() == 8


def test_index_numbers_follow_the_customary_form(output):
    numbers = Disclosure.objects.values_list("index_number", "organization__credit_code")
    for number, credit_code in numbers:
        assert re.fullmatch(rf"{credit_code}/\d{{4}}-\d{{5}}", number)


def test_bulk_loaded_items_carry_what_save_would_derive(output):
    published = Disclosure.objects.published()
    assert not published.filter(published_at__isnull=True).exists()
    assert not published.filter(publication_delay_workdays__isnull=True).exists()
    # A few items were published late (第二十六条) so that the admin flag shows.
    # About 1% of the generated items.
    assert 0 < Disclosure.objects.late().count() < Disclosure.objects.count() // 50
    assert Disclosure.objects.filter(channels__name="门户网站").exists()


def test_a_new_disclosure_continues_after_the_demo_serials(output, django_assert_max_num_queries):
    hbj = Organization.objects.get(code="zlj-hbj")
    category = Category.objects.get(slug="key-environment")
    last = IndexSequence.objects.get(identifier=hbj.credit_code, year=2016).last
    item = Disclosure(
        title="新增信息",
        organization=hbj,
        category=category,
        written_on=date(2016, 12, 28),
        published_on=date(2016, 12, 29),
        status=DisclosureStatus.PUBLISHED,
    )
    # 15 to number and save it, 7 to put it in the search index (same transaction).
    with django_assert_max_num_queries(22):
        save_disclosure(item)

    assert item.index_number == f"{hbj.credit_code}/2016-{last + 1:05d}"


def test_the_printed_login_works(output, client):
    lines = re.findall(r"^\s+(\S+) / (\S+)\s", output, re.M)
    accounts = dict(lines)
    assert accounts["admin"] == "admin"
    assert {"supervisor", "zlj-office", "zlj-hbj"} <= set(accounts)
    assert "/admin/" in output

    for username, password in accounts.items():
        assert client.login(username=username, password=password), username
        client.logout()

    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="supervisor").has_perm("disclosure.supervise")
    hbj = User.objects.get(username="zlj-hbj")
    assert not hbj.is_supervisor
    assert hbj.has_perm("disclosure.change_disclosure")
    assert not hbj.has_perm("disclosure.delete_organization")
    assert hbj.scope_organization_ids == {Organization.objects.get(code="zlj-hbj").pk}


def test_staff_can_open_the_admin(output, client):
    client.login(username="zlj-office", password=demo.DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_the_catalogue_is_deterministic():
    calendar = demo.WorkCalendar.build(range(2004, 2027), {})
    first = demo.build_items(TODAY, calendar)
    second = demo.build_items(TODAY, calendar)
    assert [(i.title, i.published_on, i.org) for i in first] == [
        (i.title, i.published_on, i.org) for i in second
    ]
