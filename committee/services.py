"""Writes of the ground floor: gapless reference numbers, and seeding the work calendar."""

import datetime as dt

import chinese_calendar
from django.db import connection, transaction

from .choices import CalendarDayKind
from .models import CalendarDay, ReferenceCounter

# --- reference numbers (e.g. QY03-2026-00042), gapless per committee, series and year -------


def next_number(*, committee_id: int, series: str, year: int) -> int:
    """The next number of the series. Must run inside the transaction that uses it: the
    upsert locks the counter row until commit, so concurrent callers queue up and a
    rollback returns the number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must be called inside transaction.atomic()")
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (committee_id, series, year, last) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (committee_id, series, year) DO UPDATE SET last = {table}.last + 1 "
            f"RETURNING last",
            [committee_id, series, year],
        )
        return cursor.fetchone()[0]


@transaction.atomic
def numbers_reserve(*, committee_id: int, series: str, year: int, count: int) -> int:
    """Reserve `count` consecutive numbers for rows made in bulk (demo and benchmark data);
    returns the first one."""
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        committee_id=committee_id, series=series, year=year, defaults={"last": 0}
    )
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return first


# --- the work calendar --------------------------------------------------------------------------
# Seeded from the chinese-calendar package (it knows the State Council's schedules up to
# the year of its release; later years are typed in admin).


def known_exceptions(first_year: int, last_year: int) -> list[tuple[dt.date, str, str]]:
    """(date, kind, name) for every holiday and 调休 working day the package knows."""
    rows = []
    for day, name in chinese_calendar.holidays.items():
        if first_year <= day.year <= last_year:
            rows.append((day, CalendarDayKind.HOLIDAY.value, _name(name)))
    for day, name in chinese_calendar.workdays.items():
        if first_year <= day.year <= last_year and day.weekday() >= 5:
            rows.append((day, CalendarDayKind.WORKDAY.value, _name(name)))
    return sorted(rows)


_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def _name(value) -> str:
    text = getattr(value, "value", value) or ""
    return _NAMES.get(str(text), str(text))


def calendar_seed(first_year: int, last_year: int, *, model=CalendarDay) -> int:
    """Insert the days not yet present (entries edited in admin are left alone). A data
    migration passes its historical `model`."""
    existing = set(
        model.objects.filter(date__year__gte=first_year, date__year__lte=last_year).values_list("date", flat=True)
    )
    new = [
        model(date=day, kind=kind, name=name)
        for day, kind, name in known_exceptions(first_year, last_year)
        if day not in existing
    ]
    model.objects.bulk_create(new)
    return len(new)
