from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.utils import translation

from disclosure.models import Disclosure, DisclosureStatus
from disclosure.services.publishing import (
    DisclosureStateError,
    publish_disclosure,
    withdraw_disclosure,
)
from tests.factories import DisclosureFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _english():
    """Refusals are matched on their English text; the site's default is Chinese."""
    with translation.override("en"):
        yield


def draft(**kwargs):
    kwargs.setdefault("written_on", date(2026, 3, 2))
    return DisclosureFactory(status=DisclosureStatus.DRAFT, published_on=None, **kwargs)


def test_publishing_a_draft_sets_status_dates_and_who():
    user = UserFactory()
    disclosure = draft()

    with time_machine.travel(datetime(2026, 3, 10, 9, 30, tzinfo=SHANGHAI), tick=False):
        publish_disclosure(disclosure=disclosure, by=user)

    disclosure.refresh_from_db()
    assert disclosure.status == DisclosureStatus.PUBLISHED
    assert disclosure.published_on == date(2026, 3, 10)
    assert disclosure.published_at == datetime(2026, 3, 10, 9, 30, tzinfo=SHANGHAI)
    assert disclosure.updated_by == user


def test_publication_date_is_the_beijing_day_not_the_utc_day():
    disclosure = draft()
    # 2026-03-10 23:30 UTC is already 2026-03-11 in Beijing.
    with time_machine.travel(datetime(2026, 3, 10, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        publish_disclosure(disclosure=disclosure, by=None)

    disclosure.refresh_from_db()
    assert disclosure.published_on == date(2026, 3, 11)


def test_publishing_on_a_given_day_counts_article_26_working_days():
    # Formed Monday 2026-03-02; 2026-04-01 is 22 working days later (no holiday in between).
    disclosure = draft(written_on=date(2026, 3, 2))

    publish_disclosure(disclosure=disclosure, by=None, on=date(2026, 4, 1))

    disclosure.refresh_from_db()
    assert disclosure.publication_delay_workdays == 22
    assert disclosure.is_late
    assert Disclosure.objects.late().filter(pk=disclosure.pk).exists()


def test_publishing_within_20_working_days_is_not_late():
    disclosure = draft(written_on=date(2026, 3, 2))

    publish_disclosure(disclosure=disclosure, by=None, on=date(2026, 3, 30))

    disclosure.refresh_from_db()
    assert disclosure.publication_delay_workdays == 20
    assert not disclosure.is_late


def test_the_callers_instance_reflects_the_publication():
    disclosure = draft()

    publish_disclosure(disclosure=disclosure, by=None, on=date(2026, 3, 5))

    assert disclosure.status == DisclosureStatus.PUBLISHED
    assert disclosure.published_on == date(2026, 3, 5)


def test_publishing_an_already_published_disclosure_is_refused():
    disclosure = DisclosureFactory(status=DisclosureStatus.PUBLISHED, published_on=date(2026, 3, 3))

    with pytest.raises(DisclosureStateError, match="already published"):
        publish_disclosure(disclosure=disclosure, by=None, on=date(2026, 3, 20))

    disclosure.refresh_from_db()
    assert disclosure.published_on == date(2026, 3, 3)


def test_a_stale_instance_cannot_publish_twice():
    disclosure = draft()
    stale = Disclosure.objects.get(pk=disclosure.pk)
    publish_disclosure(disclosure=disclosure, by=None, on=date(2026, 3, 5))

    # The service re-reads the locked row: the stale copy still says "draft".
    with pytest.raises(DisclosureStateError):
        publish_disclosure(disclosure=stale, by=None, on=date(2026, 3, 6))

    assert Disclosure.objects.get(pk=disclosure.pk).published_on == date(2026, 3, 5)


def test_publishing_before_the_date_of_writing_is_refused():
    disclosure = draft(written_on=date(2026, 3, 2))

    with pytest.raises(DisclosureStateError, match="2026-03-02"):
        publish_disclosure(disclosure=disclosure, by=None, on=date(2026, 3, 1))

    disclosure.refresh_from_db()
    assert disclosure.status == DisclosureStatus.DRAFT
    assert disclosure.published_on is None


def test_withdrawing_a_published_disclosure_keeps_its_publication_date():
    user = UserFactory()
    disclosure = DisclosureFactory(status=DisclosureStatus.PUBLISHED, published_on=date(2026, 3, 3))

    withdraw_disclosure(disclosure=disclosure, by=user, reason="内容有误")

    disclosure.refresh_from_db()
    assert disclosure.status == DisclosureStatus.WITHDRAWN
    assert disclosure.published_on == date(2026, 3, 3)
    assert disclosure.updated_by == user
    assert not Disclosure.objects.published().filter(pk=disclosure.pk).exists()


def test_the_reason_for_withdrawal_is_kept_in_the_records_history():
    user = UserFactory()
    disclosure = DisclosureFactory(status=DisclosureStatus.PUBLISHED)

    withdraw_disclosure(disclosure=disclosure, by=user, reason="内容有误")

    entry = LogEntry.objects.get(object_id=str(disclosure.pk))
    assert entry.user == user
    assert "内容有误" in entry.change_message


def test_withdrawing_a_draft_is_refused():
    disclosure = draft()

    with pytest.raises(DisclosureStateError, match="never published"):
        withdraw_disclosure(disclosure=disclosure, by=None)

    disclosure.refresh_from_db()
    assert disclosure.status == DisclosureStatus.DRAFT


def test_withdrawing_twice_is_refused():
    disclosure = DisclosureFactory(status=DisclosureStatus.WITHDRAWN)

    with pytest.raises(DisclosureStateError, match="already withdrawn"):
        withdraw_disclosure(disclosure=disclosure, by=None)


def test_a_withdrawn_disclosure_can_be_published_again():
    disclosure = DisclosureFactory(status=DisclosureStatus.PUBLISHED, published_on=date(2026, 3, 3))
    withdraw_disclosure(disclosure=disclosure, by=None)

    publish_disclosure(disclosure=disclosure, by=None, on=date(2026, 3, 9))

    disclosure.refresh_from_db()
    assert disclosure.status == DisclosureStatus.PUBLISHED
    assert disclosure.published_on == date(2026, 3, 9)


def test_refusal_messages_are_translated_to_chinese():
    disclosure = draft(title="某通知")
    with translation.override("zh-hans"), pytest.raises(DisclosureStateError) as exc:
        withdraw_disclosure(disclosure=disclosure, by=None)
    assert "草稿" in exc.value.message
