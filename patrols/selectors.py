"""Reads of patrols shared by the pages, the exports and (later) the offline sync."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass, field

from django.db.models import Prefetch

from committee.choices import DayType
from committee.models import Committee, GridArea
from committee.workcalendar import WorkCalendar

from .models import Finding, Patrol


def month_bounds(first: dt.date) -> tuple[dt.date, dt.date]:
    return first.replace(day=1), first.replace(day=monthrange(first.year, first.month)[1])


def patrol_areas(*, user, committee: Committee) -> list[GridArea]:
    """The committee's active grid areas a worker may patrol (any of them: a worker covers a
    colleague's area when needed), those the user answers for first."""
    areas = (
        GridArea.objects.visible_to(user)
        .filter(committee=committee, active=True)
        .select_related("responsible__worker")
        .order_by("name", "pk")
    )
    return sorted(areas, key=lambda area: area.responsible_id != user.pk)


def patrols_on(*, user, committee: Committee, date: dt.date):
    """The committee's patrols of `date`, with their findings counted on the page."""
    return (
        Patrol.objects.visible_to(user)
        .filter(committee=committee, date=date)
        .select_related("grid_area", "worker__worker")
        .prefetch_related(_live_findings())
        .order_by("started_at", "pk")
    )


def patrols_unfinished(*, user, before: dt.date):
    """The user's own rounds of earlier days never ended (a phone put away, a call taken):
    shown on 今日巡查 until they are ended or withdrawn."""
    return (
        Patrol.objects.visible_to(user)
        .standing()
        .filter(worker=user, ended_at__isnull=True, date__lt=before)
        .select_related("grid_area")
        .order_by("date", "pk")[:20]
    )


def _live_findings():
    return Prefetch(
        "findings",
        queryset=Finding.objects.select_related("case").order_by("recorded_at", "pk"),
        to_attr="finding_list",
    )


@dataclass
class BookRow:
    """A line of the 每日巡查记录本: a day and one patrol of it (or none)."""

    date: dt.date
    day_type: str
    past: bool
    patrol: Patrol | None = None
    findings: list = field(default_factory=list)

    patrolled: bool = False  # the day has a patrol that counts (not withdrawn)

    @property
    def missed(self) -> bool:
        return not self.patrolled and self.past and self.day_type == DayType.WORKING


def book_rows(*, user, area: GridArea, first: dt.date, today: dt.date) -> list[BookRow]:
    """The month of `first` for `area`: a row per patrol, and a row for each day without
    one (a working day before today without a patrol is a missed day). Three queries:
    the calendar, the patrols, their findings."""
    first, last = month_bounds(first)
    calendar = WorkCalendar.load(first, last, district_id=area.committee.district_id)
    patrols = (
        Patrol.objects.visible_to(user)
        .filter(grid_area=area, date__range=(first, last))
        .select_related("worker__worker")
        .prefetch_related(_live_findings())
        .order_by("date", "started_at", "pk")
    )
    by_day: dict[dt.date, list[Patrol]] = {}
    for patrol in patrols:
        by_day.setdefault(patrol.date, []).append(patrol)
    rows = []
    day = first
    while day <= last:
        day_type = calendar.day_type(day)
        patrolled = any(patrol.withdrawn_at is None for patrol in by_day.get(day, []))
        for patrol in by_day.get(day, []):
            rows.append(
                BookRow(
                    date=day,
                    day_type=day_type,
                    past=day < today,
                    patrol=patrol,
                    findings=patrol.finding_list,
                    patrolled=patrolled,
                )
            )
        if day not in by_day:
            rows.append(BookRow(date=day, day_type=day_type, past=day < today))
        day += dt.timedelta(days=1)
    return rows


@dataclass
class MissedArea:
    area: GridArea
    days: list[dt.date]

    @property
    def count(self) -> int:
        return len(self.days)


def patrol_days_missed(*, user, committee: Committee, first: dt.date, today: dt.date) -> list[MissedArea]:
    """Per active grid area of `committee`, the working days of the month of `first` (by the
    committee's work calendar) before `today` with no patrol: today is not missed until it
    is over. Three queries: the areas, the calendar, the (area, date) pairs patrolled."""
    first, last = month_bounds(first)
    last = min(last, today - dt.timedelta(days=1))
    areas = list(
        GridArea.objects.visible_to(user)
        .filter(committee=committee, active=True)
        .select_related("responsible__worker")
        .order_by("name")
    )
    if last < first:
        return [MissedArea(area=area, days=[]) for area in areas]
    calendar = WorkCalendar.load(first, last, district_id=committee.district_id)
    working = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    working = [day for day in working if calendar.is_working_day(day)]
    patrolled = set(
        Patrol.objects.visible_to(user)
        .standing()
        .filter(committee=committee, date__range=(first, last))
        .values_list("grid_area_id", "date")
        .distinct()
    )
    return [MissedArea(area=area, days=[day for day in working if (area.pk, day) not in patrolled]) for area in areas]
