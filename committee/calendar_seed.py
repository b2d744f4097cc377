"""Seeding the work calendar from the chinese-calendar package (it knows the State
Council's schedules up to the year of its release; later years are typed in admin)."""

import datetime as dt

from .choices import CalendarDayKind


def known_exceptions(first_year: int, last_year: int) -> list[tuple[dt.date, str, str]]:
    """(date, kind, name) for every holiday and 调休 working day the package knows."""
    import chinese_calendar

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


def seed_calendar(CalendarDay, first_year: int, last_year: int) -> int:
    """Insert the days not yet present (entries edited in admin are left alone)."""
    existing = set(
        CalendarDay.objects.filter(date__year__gte=first_year, date__year__lte=last_year).values_list(
            "date", flat=True
        )
    )
    new = [
        CalendarDay(date=day, kind=kind, name=name)
        for day, kind, name in known_exceptions(first_year, last_year)
        if day not in existing
    ]
    CalendarDay.objects.bulk_create(new)
    return len(new)
