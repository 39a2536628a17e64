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
    password = factory.django.Password("pw-for-tests-123")
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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from disclosure.services.index_numbers import save_disclosure

        return save_disclosure(model_class(*args, **kwargs))


def _now():
    from django.utils import timezone

    return timezone.now()


def _localdate(moment):
    from django.utils import timezone

    return timezone.localdate(moment)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A disclosure application registered in person and in progress.

    After creation its receipt event is appended and status/due date derived
    (needs the calendar, which post_migrate fills); pass `derive=False` for a
    bare row, or `received_on=None` for an online application awaiting
    confirmation.
    """

    class Meta:
        model = "requests_app.Application"
        skip_postgeneration_save = True

    tracking_number = factory.Sequence(lambda n: f"TST-2026-{n + 1:06d}")
    organization = factory.SubFactory(OrganizationFactory)
    applicant_type = "natural_person"
    applicant_name = factory.Sequence(lambda n: f"申请人{n}")
    id_type = "resident_id"
    id_number = "510302199001011239"
    phone = "13800005678"
    email = "applicant@example.com"
    address = "四川省自贡市自流井区测试路8号"
    description = "2025年本区老旧小区改造项目清单"
    provision_form = "electronic"
    delivery_method = "email"
    channel = "in_person"
    submitted_at = factory.LazyFunction(_now)
    received_on = date(2026, 3, 2)
    status = "in_progress"

    @factory.post_generation
    def derive(obj, create, extracted, **kwargs):
        if not create or extracted is False or obj.is_historical:
            return
        from requests_app.applications.models import ApplicationEvent
        from requests_app.applications.services.workflow import refresh_derived

        if obj.received_on is None:
            ApplicationEvent.objects.create(
                application=obj, kind="submitted", occurred_on=_localdate(obj.submitted_at)
            )
        else:
            ApplicationEvent.objects.create(
                application=obj, kind="registered", occurred_on=obj.received_on
            )
        refresh_derived(obj)


class PetitionFactory(factory.django.DjangoModelFactory):
    """A letter received on 2016-03-01, undecided; pass channel/persons/visit_kind for visits."""

    class Meta:
        model = "requests_app.Petition"

    organization = factory.SubFactory(OrganizationFactory)
    channel = "letter"
    received_on = date(2016, 3, 1)
    persons = 1
    visit_kind = ""
    subject = factory.Sequence(lambda n: f"反映测试事项问题（{n}）")
    content = "信件正文，含个人信息。"
    petitioner_name = "赵铁柱"
    phone = "13912345678"
    id_number = "510302198001011233"
    address = "四川省自贡市自流井区隐私路88号"


class ProposalFactory(factory.django.DjangoModelFactory):
    """A deputy's suggestion assigned on 2016-03-09, open; due three months later."""

    class Meta:
        model = "requests_app.Proposal"

    kind = "deputy_suggestion"
    session = "区十七届人大六次会议"
    number = factory.Sequence(lambda n: f"{n + 1:03d}")
    title = factory.Sequence(lambda n: f"关于测试事项的建议（{n}）")
    lead_organization = factory.SubFactory(OrganizationFactory)
    assigned_on = date(2016, 3, 9)
    due_on = date(2016, 6, 9)


class ProposalProposerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "requests_app.ProposalProposer"

    proposal = factory.SubFactory(ProposalFactory)
    name = factory.Sequence(lambda n: f"代表{n}")
    affiliation = "五星街街道代表团"


class ReviewCaseFactory(factory.django.DjangoModelFactory):
    """A reconsideration case received on 2016-04-01, pending; pass result + closed_on to close."""

    class Meta:
        model = "requests_app.ReviewCase"

    case_number = factory.Sequence(lambda n: f"自府复〔2016〕{n + 1}号")
    organization = factory.SubFactory(OrganizationFactory)
    kind = "reconsideration"
    received_on = date(2016, 4, 1)
    result = "pending"
    closed_on = None


class ReportFactory(factory.django.DjangoModelFactory):
    """A 2016 narrative report record with one section per heading of its format.

    Sections get the format's default text; pass `texts={"overview": "…"}` to replace some.
    """

    class Meta:
        model = "reports.Report"
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    year = 2016
    format = "narrative2007"

    @factory.post_generation
    def texts(obj, create, extracted, **kwargs):
        if not create:
            return
        from reports.engine import formats
        from reports.models import ReportSection

        extracted = extracted or {}
        ReportSection.objects.bulk_create(
            ReportSection(report=obj, key=s.key, text=extracted.get(s.key, s.default_text))
            for s in formats.sections(obj.format)
        )


class EnteredFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.EnteredFigure"
        django_get_or_create = ("organization", "year", "key")

    organization = factory.SubFactory(OrganizationFactory)
    year = 2016
    key = "window.visitors"
    value = 37000
