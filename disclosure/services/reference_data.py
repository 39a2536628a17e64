"""Reference data the system needs from its first start: channels and the calendar."""

from datetime import date

from django.db import transaction

from disclosure.models.calendar import (
    CalendarSource,
    CalendarYear,
    DayException,
    forget_work_calendar,
)
from disclosure.models.catalogue import Channel

DEFAULT_CHANNELS = [
    "门户网站",
    "政务微博",
    "政务微信",
    "政府公报",
    "公告栏",
    "政务服务大厅",
    "新闻发布会",
]


def ensure_channels(*, using: str = "default") -> None:
    if Channel.objects.using(using).exists():
        return
    Channel.objects.using(using).bulk_create(
        Channel(name=name, sort_order=i) for i, name in enumerate(DEFAULT_CHANNELS)
    )


HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def package_schedule() -> tuple[set[int], dict[date, tuple[bool, str]]]:
    """Years and exceptions known to the `chinesecalendar` package."""
    from chinese_calendar import constants

    exceptions: dict[date, tuple[bool, str]] = {}
    for day, holiday in constants.holidays.items():
        if day.weekday() < 5:
            exceptions[day] = (False, HOLIDAY_NAMES.get(holiday, holiday))
    for day, holiday in constants.workdays.items():
        exceptions[day] = (True, HOLIDAY_NAMES.get(holiday, holiday) + "调休上班")
    years = {d.year for d in exceptions}
    # A year is known when the package carries its schedule; every year since 2004 has one.
    years = set(range(min(years), max(years) + 1))
    return years, exceptions


def sync_calendar_from_package(*, using: str = "default") -> list[int]:
    """Add the years the package knows and the calendar lacks; never touch an existing year.

    An existing year may have been corrected by staff (the package can lag behind a
    State Council notice), so its days are left exactly as they are. Days staff
    entered for a new year before adding its row are kept too. Safe to run again
    and concurrently (post_migrate on several app servers): conflicting rows are
    skipped. Returns the years added.
    """
    years, exceptions = package_schedule()
    with transaction.atomic(using=using):
        known = set(CalendarYear.objects.using(using).values_list("year", flat=True))
        new_years = sorted(years - known)
        if not new_years:
            return []
        existing_days = set(
            DayException.objects.using(using)
            .filter(date__year__in=new_years)
            .values_list("date", flat=True)
        )
        DayException.objects.using(using).bulk_create(
            [
                DayException(date=day, is_workday=is_workday, note=note[:100])
                for day, (is_workday, note) in sorted(exceptions.items())
                if day.year in new_years and day not in existing_days
            ],
            ignore_conflicts=True,
        )
        CalendarYear.objects.using(using).bulk_create(
            [CalendarYear(year=y, source=CalendarSource.PACKAGE) for y in new_years],
            ignore_conflicts=True,
        )
        # bulk_create sends no post_save: drop the cached calendar now and again after
        # commit, so that no request caches the calendar as it was before this transaction.
        forget_work_calendar()
        transaction.on_commit(forget_work_calendar, using=using)
    if using == "default":
        forget_work_calendar()
        recount_publication_delays(new_years)
    return new_years


def recount_publication_delays(years, *, only_missing: bool = True) -> int:
    """Recompute the stored 第二十六条 working-day counts of disclosures formed, changed or
    published in `years`: only the ones not computable before (`only_missing`), or all of
    them after the calendar of those years was edited. Returns the number updated."""
    from django.db.models import Q

    from disclosure.models.catalogue import Disclosure

    years = list(years)
    if not years:
        return 0
    pending = Disclosure.objects.filter(published_on__isnull=False).filter(
        Q(published_on__year__in=years)
        | Q(written_on__year__in=years)
        | Q(changed_on__year__in=years)
    )
    if only_missing:
        pending = pending.filter(publication_delay_workdays__isnull=True)
    changed = []
    fields = ("id", "written_on", "changed_on", "published_on", "publication_delay_workdays")
    for disclosure in pending.only(*fields).iterator():
        delay = disclosure.compute_publication_delay()
        if delay != disclosure.publication_delay_workdays:
            disclosure.publication_delay_workdays = delay
            changed.append(disclosure)
    Disclosure.objects.bulk_update(changed, ["publication_delay_workdays"], batch_size=500)
    return len(changed)
