"""Writes of the ground floor: gapless reference numbers, and the work calendar."""

import datetime as dt

import chinese_calendar
import holidays
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from holidays.countries.china import ChinaStaticHolidays

from utilities.dayranges import each_day

from .choices import CalendarDayKind, CalendarSource, CalendarYearStatus
from .models import CalendarDay, CalendarYear, CatalogueChoice, ReferenceCounter, ServiceItem, StreetOffice
from .workcalendar import WorkCalendar

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


# --- the catalogue a committee offers ---------------------------------------------------------


def check_offered(committee, items) -> None:
    """Refuse service items the committee does not offer (another district's, another street
    office's own, or withdrawn by its street office): one query."""
    ids = {item.pk for item in items if item is not None}
    if not ids:
        return
    offered = set(ServiceItem.objects.offered_to(committee).filter(pk__in=ids).values_list("pk", flat=True))
    missing = [item.name for item in items if item is not None and item.pk not in offered]
    if missing:
        raise ValidationError(
            {"service_item": _("本居委会不提供这些服务事项：%(items)s。") % {"items": "、".join(missing)}}
        )


@transaction.atomic
def catalogue_choose(*, street_office_id: int, items: list[ServiceItem], offered: bool) -> int:
    """Whether the committees of a street office offer these shared items of its district.
    Rows change in place (with history); items of another district or a street office's
    own items are left alone. Returns how many items were chosen."""
    district_id = StreetOffice.objects.values_list("district_id", flat=True).get(pk=street_office_id)
    chosen = [item for item in items if item.district_id == district_id and item.street_office_id is None]
    for item in chosen:
        choice, created = CatalogueChoice.objects.get_or_create(
            street_office_id=street_office_id, item=item, defaults={"offered": offered}
        )
        if not created and choice.offered != offered:
            choice.offered = offered
            choice.save(update_fields=["offered"])
    return len(chosen)


# --- the work calendar --------------------------------------------------------------------------
# Where the State Council's schedule is known (the chinese-calendar package knows it up to the
# year of its release), the days come from it and the year is official. Later years hold what
# the law fixes (《全国年节及纪念日放假办法》, as amended in 2024), from the `holidays` package's
# lunar and solar-term dates: the 13 statutory days, and for each one that falls on a weekend a
# day off on the next working day (art. 6: 补假), whose date the schedule may move. Those years
# are provisional until their schedule is entered (`calendar_schedule_save`).

PACKAGE_LAST_YEAR = max(day.year for day in chinese_calendar.holidays)


def package_days(year: int) -> list[tuple[dt.date, str, str]]:
    """(date, kind, name) of every holiday and 调休 working day the package knows for `year`."""
    rows = [
        (day, CalendarDayKind.HOLIDAY.value, _name(name))
        for day, name in chinese_calendar.holidays.items()
        if day.year == year
    ]
    rows += [
        (day, CalendarDayKind.WORKDAY.value, _name(name))
        for day, name in chinese_calendar.workdays.items()
        if day.year == year and day.weekday() >= 5
    ]
    return sorted(rows)


def statutory_days(year: int) -> list[tuple[dt.date, str, str]]:
    """(date, kind, name) of the holidays the law gives in `year`, with the days off for
    those on a weekend (named 补假) on the following working days. For a year whose
    official schedule the holidays package knows, see `holidays_package_days`."""
    return sorted(
        (day, CalendarDayKind.HOLIDAY.value, str(name))
        for day, name in holidays.China(years=year, language="zh_CN").items()
    )


def holidays_package_knows(year: int) -> bool:
    """Whether the installed holidays package has the State Council's schedule for `year`
    (a release may learn a year before chinese-calendar does): its days off then include
    the moved ones, and its worked weekends must be taken too."""
    return year in getattr(ChinaStaticHolidays, "special_public_holidays", {})


def holidays_package_days(year: int) -> list[tuple[dt.date, str, str]]:
    """(date, kind, name) of the official schedule the holidays package knows for `year`."""
    china = holidays.China(years=year, language="zh_CN")
    rows = [(day, CalendarDayKind.HOLIDAY.value, str(name)) for day, name in china.items()]
    rows += [(day, CalendarDayKind.WORKDAY.value, "调休上班") for day in china.weekend_workdays if day.year == year]
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


def _has_district(model) -> bool:
    # Migrations before committee 0011 pass historical models without districts.
    return any(field.name == "district" for field in model._meta.get_fields())


def calendar_seed(first_year: int, last_year: int, *, day_model=CalendarDay, year_model=CalendarYear) -> int:
    """The national calendar: give every year from `first_year` to `last_year` that has no year row yet its days:
    the package's schedule (official) or the law's holidays (provisional). A year whose
    days were typed in before it had a row counts as entered (official) and keeps them.
    Returns the number of days added. A data migration passes its historical models."""
    national_years = (
        year_model.objects.filter(district__isnull=True) if _has_district(year_model) else year_model.objects
    )
    national_days = day_model.objects.filter(district__isnull=True) if _has_district(day_model) else day_model.objects
    known = set(national_years.filter(year__range=(first_year, last_year)).values_list("year", flat=True))
    typed = set(
        national_days.filter(date__year__gte=first_year, date__year__lte=last_year)
        .values_list("date__year", flat=True)
        .distinct()
    )
    years, days = [], []
    for year in range(first_year, last_year + 1):
        if year in known:
            continue
        if year <= PACKAGE_LAST_YEAR:
            years.append(year_model(year=year, status=CalendarYearStatus.OFFICIAL, source=CalendarSource.PACKAGE))
            rows = package_days(year)
        elif holidays_package_knows(year):
            years.append(year_model(year=year, status=CalendarYearStatus.OFFICIAL, source=CalendarSource.PACKAGE))
            rows = holidays_package_days(year)
        elif year in typed:
            years.append(year_model(year=year, status=CalendarYearStatus.OFFICIAL, source=CalendarSource.ENTERED))
            rows = []
        else:
            years.append(year_model(year=year, status=CalendarYearStatus.PROVISIONAL, source=CalendarSource.LAW))
            rows = statutory_days(year)
        days += [day_model(date=day, kind=kind, name=name) for day, kind, name in rows]
    existing = set(national_days.filter(date__in=[d.date for d in days]).values_list("date", flat=True))
    new = [day for day in days if day.date not in existing]
    day_model.objects.bulk_create(new)
    year_model.objects.bulk_create(years)
    return len(new)


@transaction.atomic
def calendar_schedule_save(
    *,
    year: int,
    holidays: dict[dt.date, str],
    workdays: dict[dt.date, str],
    by=None,
    source: str = CalendarSource.ENTERED,
    district_id: int | None = None,
) -> list[dt.date]:
    """Make `year` official with the State Council's schedule: these holidays (date: name)
    and these worked weekend days (调休), for one district (its own rows for the year, which
    count for it from now on instead of the national ones) or, without a district, for the
    national calendar (the packages). Rows are changed in place, so the calendar's history
    shows each day that moved. Returns the days whose type changed for that district (a
    deadline or a duty on them may move). `by`: the user entering it (None for the package)."""
    _check_schedule(year, holidays, workdays)
    # Two admins saving the same year at once: the second waits, then sees the first's rows.
    # (The district's row locks, or for a first entry the national row of the year.)
    CalendarYear.objects.select_for_update().filter(year=year, district__isnull=True).first()
    CalendarYear.objects.select_for_update().filter(year=year, district_id=district_id).first()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    before = WorkCalendar.load(first, last, district_id)
    wanted = {day: (CalendarDayKind.HOLIDAY, name) for day, name in holidays.items()}
    wanted |= {day: (CalendarDayKind.WORKDAY, name) for day, name in workdays.items()}
    own_rows = CalendarDay.objects.filter(date__range=(first, last), district_id=district_id)
    rows = {row.date: row for row in own_rows}
    for day, row in rows.items():
        if day not in wanted:
            row.delete()  # simple-history keeps it
        elif (row.kind, row.name) != wanted[day]:
            row.kind, row.name = wanted[day]
            row.save(update_fields=["kind", "name"])
    for day, (kind, name) in wanted.items():
        if day not in rows:
            CalendarDay.objects.create(date=day, kind=kind, name=name, district_id=district_id)
    CalendarYear.objects.update_or_create(
        year=year,
        district_id=district_id,
        defaults={
            "status": CalendarYearStatus.OFFICIAL,
            "source": source,
            "entered_by": by,
            "entered_at": timezone.now(),
        },
    )
    after = WorkCalendar.load(first, last, district_id)
    return [day for day in each_day(first, last) if before.day_type(day) != after.day_type(day)]


MAX_HOLIDAYS = 60  # the law's 13 days, the weekends inside the breaks and the moved days: about 30 a year


def _check_schedule(year: int, holidays: dict, workdays: dict) -> None:
    errors = []
    outside = sorted(day for day in [*holidays, *workdays] if day.year != year)
    if outside:
        errors.append(_("这些日期不在 %(year)s 年：%(days)s。") % {"year": year, "days": _days_text(outside)})
    both = sorted(set(holidays) & set(workdays))
    if both:
        errors.append(_("这些日期既放假又上班：%(days)s。") % {"days": _days_text(both)})
    weekdays = sorted(day for day in workdays if day.weekday() < 5)
    if weekdays:
        errors.append(_("调休上班日应是周六或周日：%(days)s。") % {"days": _days_text(weekdays)})
    if not holidays:
        errors.append(_("请填写放假日期。"))
    if len(holidays) > MAX_HOLIDAYS:
        errors.append(_("放假日期超过 %(n)d 天，不像一年的放假安排，请核对。") % {"n": MAX_HOLIDAYS})
    if errors:
        raise ValidationError(errors)


def _days_text(days) -> str:
    return "、".join(f"{day:%Y-%m-%d}" for day in days)
