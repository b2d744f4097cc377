"""Reads about committees and the work calendar shared by the pages of every app."""

import datetime as dt

from django.utils import timezone

from .choices import CalendarDayKind
from .models import CalendarDay, CalendarYear, Committee
from .workcalendar import official_years


def committees_visible_to(user):
    return Committee.objects.visible_to(user).select_related("street_office")


def calendar_years(first: int, last: int) -> list[CalendarYear]:
    return list(CalendarYear.objects.filter(year__range=(first, last)).select_related("entered_by").order_by("year"))


def calendar_days(year: int) -> tuple[dict, dict]:
    """The year's holidays and worked weekend days, {date: name} each."""
    rows = CalendarDay.objects.filter(date__year=year).values_list("date", "kind", "name")
    holidays = {day: name for day, kind, name in rows if kind == CalendarDayKind.HOLIDAY}
    workdays = {day: name for day, kind, name in rows if kind == CalendarDayKind.WORKDAY}
    return holidays, workdays


NOTICE_FROM = (11, 1)  # the State Council's schedule for next year is due about November


def calendar_notice(today: dt.date | None = None) -> dict | None:
    """{"year": …} while a year that matters is provisional: this year at any time, next year
    from 1 November; None otherwise (one query)."""
    today = today or timezone.localdate()
    years = [today.year] + ([today.year + 1] if (today.month, today.day) >= NOTICE_FROM else [])
    official = official_years(years[0], years[-1])
    pending = [year for year in years if year not in official]
    return {"year": pending[0]} if pending else None
