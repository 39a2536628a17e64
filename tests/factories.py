from datetime import date

import factory
from django.contrib.auth import get_user_model

from disclosure.models import (
    Category,
    Disclosure,
    DisclosureStatus,
    Genre,
    Organization,
    OrganizationKind,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试机关{n}")
    code = factory.Sequence(lambda n: f"org{n}")
    kind = OrganizationKind.DEPARTMENT
    address = "测试路1号"
    phone = "0813-0000000"
    office_hours = "工作日 9:00-17:00"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")
    is_staff = True
    organization = factory.SubFactory(OrganizationFactory)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"column-{n}")


class DisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclosure

    title = factory.Sequence(lambda n: f"关于测试事项的通知（{n}）")
    organization = factory.SubFactory(OrganizationFactory)
    category = factory.SubFactory(CategoryFactory)
    genre = Genre.NOTICE
    written_on = date(2026, 3, 2)
    published_on = date(2026, 3, 3)
    status = DisclosureStatus.PUBLISHED
    body = "<p>正文</p>"
