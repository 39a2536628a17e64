"""Model rules and database constraints of organizations and the catalogue."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from disclosure.models import (
    CalendarYear,
    Category,
    Disclosure,
    DisclosureStatus,
    Genre,
    Organization,
    Validity,
)
from tests.factories import CategoryFactory, DisclosureFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def violates_db_constraint(queryset, **changes) -> bool:
    """True when the database itself refuses the update (a CheckConstraint fired)."""
    try:
        with transaction.atomic():
            queryset.update(**changes)
    except IntegrityError:
        return True
    return False


# --- Organization -------------------------------------------------------------------------


def test_organization_code_is_stripped_and_lowercased_on_save():
    org = Organization.objects.create(name="自贡市自流井区人民政府", code="  ZLJ ")
    org.refresh_from_db()
    assert org.code == "zlj"


@pytest.mark.parametrize("code", ["2zlj", "zlj fgj", "自流井区", "zlj/fgj", "a" * 33])
def test_organization_code_is_validated(code):
    org = Organization(name="测试机关", code=code)
    with pytest.raises(ValidationError) as excinfo:
        org.full_clean()
    assert "code" in excinfo.value.message_dict


def test_organization_code_is_unique():
    Organization.objects.create(name="甲", code="zlj")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(name="乙", code="ZLJ")


def test_credit_code_is_validated_by_its_check_character():
    org = Organization(name="测试机关", code="test", credit_code="91350100M000100Y44")
    with pytest.raises(ValidationError) as excinfo:
        org.full_clean()
    assert list(excinfo.value.message_dict) == ["credit_code"]
    assert "91350100M000100Y44" in excinfo.value.message_dict["credit_code"][0]


def test_valid_credit_code_is_accepted_and_uppercased():
    org = Organization(name="测试机关", code="test", credit_code="91350100m000100y43")
    org.full_clean()
    org.save()
    org.refresh_from_db()
    assert org.credit_code == "91350100M000100Y43"


def test_credit_code_is_optional():
    Organization(name="测试机关", code="test", credit_code="").full_clean()


def test_index_identifier_is_the_credit_code_or_else_the_code():
    assert Organization(code="zlj", credit_code="11100000000013127D").index_identifier == (
        "11100000000013127D"
    )
    assert Organization(code="zlj").index_identifier == "zlj"


def test_organization_cannot_be_its_own_parent():
    org = OrganizationFactory()
    assert violates_db_constraint(Organization.objects.filter(pk=org.pk), parent=org.pk)


def test_organization_kind_is_checked_by_the_database():
    org = OrganizationFactory()
    assert violates_db_constraint(Organization.objects.filter(pk=org.pk), kind="ministry")


# --- Category -----------------------------------------------------------------------------


def test_category_names_are_unique_under_one_parent():
    parent = CategoryFactory(name="法定主动公开内容")
    CategoryFactory(name="财政资金", parent=parent)
    with pytest.raises(IntegrityError), transaction.atomic():
        CategoryFactory(name="财政资金", parent=parent)


def test_same_category_name_under_different_parents_is_allowed():
    a, b = CategoryFactory(name="机构职能"), CategoryFactory(name="区级部门")
    CategoryFactory(name="通知公告", parent=a)
    CategoryFactory(name="通知公告", parent=b)
    assert Category.objects.filter(name="通知公告").count() == 2


def test_top_level_category_names_are_unique():
    CategoryFactory(name="政策文件")
    with pytest.raises(IntegrityError), transaction.atomic():
        CategoryFactory(name="政策文件")


# --- Disclosure constraints ----------------------------------------------------------------


def test_status_outside_the_choices_is_refused_by_the_database():
    d = DisclosureFactory()
    assert violates_db_constraint(Disclosure.objects.filter(pk=d.pk), status="archived")
    assert not violates_db_constraint(
        Disclosure.objects.filter(pk=d.pk), status=DisclosureStatus.WITHDRAWN
    )


@pytest.mark.parametrize("field", ["validity", "genre", "topic"])
def test_choice_fields_are_checked_by_the_database(field):
    d = DisclosureFactory()
    assert violates_db_constraint(Disclosure.objects.filter(pk=d.pk), **{field: "bogus"})


def test_published_disclosure_needs_a_publication_date():
    d = DisclosureFactory(status=DisclosureStatus.DRAFT, published_on=None)
    assert violates_db_constraint(
        Disclosure.objects.filter(pk=d.pk), status=DisclosureStatus.PUBLISHED
    )


@pytest.mark.parametrize("validity", [Validity.REPEALED, Validity.EXPIRED])
def test_repealed_or_expired_needs_its_end_date(validity):
    d = DisclosureFactory()
    assert violates_db_constraint(Disclosure.objects.filter(pk=d.pk), validity=validity)
    d.validity = validity
    with pytest.raises(ValidationError) as excinfo:
        d.full_clean()
    assert list(excinfo.value.message_dict) == ["repealed_on"]
    with pytest.raises(IntegrityError), transaction.atomic():
        d.save()


def test_repealed_with_its_date_is_accepted():
    d = DisclosureFactory(validity=Validity.REPEALED, repealed_on=date(2026, 6, 1))
    d.full_clean()
    assert Disclosure.objects.repealed_in(2026).get() == d


def test_repeal_date_cannot_be_before_the_date_of_writing():
    d = DisclosureFactory(written_on=date(2026, 3, 2))
    assert violates_db_constraint(
        Disclosure.objects.filter(pk=d.pk), validity=Validity.REPEALED, repealed_on=date(2026, 3, 1)
    )
    assert not violates_db_constraint(
        Disclosure.objects.filter(pk=d.pk), validity=Validity.REPEALED, repealed_on=date(2026, 3, 2)
    )
    d.refresh_from_db()
    d.repealed_on = date(2026, 3, 1)
    with pytest.raises(ValidationError) as excinfo:
        d.full_clean()
    assert list(excinfo.value.message_dict) == ["repealed_on"]


def test_a_document_in_force_drops_a_stale_repeal_date_on_save():
    d = DisclosureFactory(validity=Validity.REPEALED, repealed_on=date(2026, 6, 1))
    d.validity = Validity.VALID
    d.save()
    d.refresh_from_db()
    assert d.repealed_on is None


def test_only_a_policy_interpretation_may_interpret_a_document():
    policy = DisclosureFactory(genre=Genre.NORMATIVE_DOCUMENT)
    notice = DisclosureFactory(genre=Genre.NOTICE)
    assert violates_db_constraint(Disclosure.objects.filter(pk=notice.pk), interprets=policy)
    notice.interprets = policy
    with pytest.raises(ValidationError) as excinfo:
        notice.full_clean()
    assert list(excinfo.value.message_dict) == ["interprets"]

    reading = DisclosureFactory(genre=Genre.INTERPRETATION, interprets=policy)
    reading.full_clean()
    assert list(policy.interpretations.all()) == [reading]


def test_an_interpretation_cannot_interpret_itself():
    reading = DisclosureFactory(genre=Genre.INTERPRETATION)
    reading.interprets = reading
    with pytest.raises(ValidationError) as excinfo:
        reading.full_clean()
    assert "interprets" in excinfo.value.message_dict


def test_publication_date_cannot_be_before_the_date_of_writing():
    d = DisclosureFactory.build(
        organization=OrganizationFactory(),
        category=CategoryFactory(),
        index_number="zlj/2026-00001",
        written_on=date(2026, 3, 2),
        published_on=date(2026, 3, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        d.full_clean()
    assert list(excinfo.value.message_dict) == ["published_on"]


def test_a_disclosure_left_without_index_number_passes_full_clean():
    # The admin form and the help text say: leave the 索引号 blank and it is generated.
    d = Disclosure(
        title="关于测试的通知",
        organization=OrganizationFactory(),
        category=CategoryFactory(),
        written_on=date(2026, 3, 2),
    )
    d.full_clean()


def test_blank_index_number_is_refused_by_the_database():
    d = DisclosureFactory()
    assert violates_db_constraint(Disclosure.objects.filter(pk=d.pk), index_number="")


# --- body sanitising -----------------------------------------------------------------------


def test_body_is_sanitised_on_save():
    d = DisclosureFactory(
        body=(
            '<p onclick="steal()">正文<script>alert(1)</script></p>'
            '<a href="javascript:alert(2)">链接</a>'
            '<a href="https://www.zgzlj.gov.cn/" onmouseover="x()">区政府网站</a>'
            '<img src="x.png" onerror="alert(3)">'
            "<iframe src='https://evil.example/'></iframe>"
            '<table><tr><td colspan="2">表格</td></tr></table>'
        )
    )
    d.refresh_from_db()
    body = d.body.lower()
    for forbidden in ("<script", "alert(1)", "onclick", "javascript:", "onmouseover", "onerror"):
        assert forbidden not in body, forbidden
    assert "<iframe" not in body
    assert "<p>正文</p>" in d.body
    assert 'href="https://www.zgzlj.gov.cn/"' in d.body
    assert '<td colspan="2">表格</td>' in d.body


def test_title_is_stripped_on_save():
    d = DisclosureFactory(title="  关于测试的通知 \n")
    d.refresh_from_db()
    assert d.title == "关于测试的通知"


# --- 第二十六条: publication within 20 working days ------------------------------------------


@pytest.mark.parametrize(
    ("written_on", "published_on", "delay", "late"),
    [
        # March 2026 has no holiday: 20 working days after Monday 3-2 is Monday 3-30.
        (date(2026, 3, 2), date(2026, 3, 2), 0, False),
        (date(2026, 3, 2), date(2026, 3, 3), 1, False),
        (date(2026, 3, 2), date(2026, 3, 30), 20, False),
        (date(2026, 3, 2), date(2026, 3, 31), 21, True),
        # Across the 2026 Mid-autumn and National Day break (9-25, 10-1..10-7 off; 10-10 worked).
        (date(2026, 9, 24), date(2026, 10, 29), 20, False),
        (date(2026, 9, 24), date(2026, 10, 30), 21, True),
        # Across the 2026 Spring Festival (2-15..2-23 off; Saturdays 2-14 and 2-28 worked).
        (date(2026, 2, 12), date(2026, 3, 18), 20, False),
        (date(2026, 2, 12), date(2026, 3, 19), 21, True),
    ],
)
def test_publication_delay_in_working_days_and_the_late_flag(written_on, published_on, delay, late):
    d = DisclosureFactory(written_on=written_on, published_on=published_on)
    d.refresh_from_db()
    assert d.publication_delay_workdays == delay
    assert d.is_late is late
    assert (d in Disclosure.objects.late()) is late


def test_delay_counts_from_the_date_the_information_changed():
    d = DisclosureFactory(
        written_on=date(2026, 1, 5), changed_on=date(2026, 3, 2), published_on=date(2026, 3, 31)
    )
    assert d.publication_delay_workdays == 21
    assert d.is_late


def test_draft_without_publication_date_has_no_delay():
    d = DisclosureFactory(status=DisclosureStatus.DRAFT, published_on=None)
    assert d.publication_delay_workdays is None
    assert not d.is_late


def test_delay_is_unknown_when_the_calendar_does_not_cover_the_year():
    CalendarYear.objects.filter(year=2026).delete()
    d = DisclosureFactory(written_on=date(2025, 12, 1), published_on=date(2026, 3, 31))
    d.refresh_from_db()
    assert d.publication_delay_workdays is None
    assert not d.is_late
    assert d not in Disclosure.objects.late()


def test_delay_is_recomputed_when_the_publication_date_changes():
    d = DisclosureFactory(written_on=date(2026, 3, 2), published_on=date(2026, 3, 3))
    assert not d.is_late
    d.published_on = date(2026, 4, 1)  # 4-1 is the 22nd working day after 3-2
    d.save()
    d.refresh_from_db()
    assert d.publication_delay_workdays == 22
    assert d.is_late
