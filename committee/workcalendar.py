"""The work calendar: which days are working days, and deadlines in working days.

China's calendar is Monday–Friday plus exceptions: statutory holidays (which may fall on
any weekday) and weekend days that are worked instead (调休). Only the exceptions are
stored (`CalendarDay`), nationally and for each district that entered a year of its own;
these functions load the ones they need in one or two queries per call.

The receipt-day convention: the day a matter is received (受理日) does not count; its
deadline is the end of the N-th working day after it. A matter registered on Friday
2026-09-18 with a limit of 3 is due at the end of Tuesday 09-22, because Sunday 09-20 is a
调休 working day (without it: Wednesday 09-23). A matter received on a day off counts from
the next working day: received on Saturday with a limit of 1, it is due on Monday, as if
received on Friday. A committee that sets a closing time (Committee.office_closes_at)
is deemed to receive what comes in at or after it on the next day (`receipt_day`): a
matter registered on Thursday at 18:30 with a limit of 1 is due on Monday, not Friday.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import CalendarDayKind, CalendarYearStatus, DayType
from .models import CalendarDay, CalendarYear


@dataclass(frozen=True)
class WorkCalendar:
    """The calendar exceptions between `start` and `end` (inclusive) for one district, loaded
    once; which of those years are provisional is read on first asking (one query more).

    A district's calendar is the national one (rows without a district, from the packages),
    except in the years the district entered a schedule of its own: for those years, only
    its own rows count. `district_id=None` is the national calendar itself."""

    start: dt.date
    end: dt.date
    exceptions: dict[dt.date, str]
    district_id: int | None = None

    @classmethod
    def load(cls, start: dt.date, end: dt.date, district_id: int | None = None) -> WorkCalendar:
        days = CalendarDay.objects.filter(date__range=(start, end))
        if district_id is None:
            days = days.filter(district__isnull=True)
        else:
            # A district has day rows only for years it entered (with their year row), and
            # for those years the national rows do not count: still one query.
            own_year = CalendarYear.objects.filter(district_id=district_id, year=ExtractYear(OuterRef("date")))
            days = days.filter(Q(district_id=district_id) | (Q(district__isnull=True) & ~Exists(own_year)))
        return cls(start=start, end=end, exceptions=dict(days.values_list("date", "kind")), district_id=district_id)

    @cached_property
    def official_years(self) -> frozenset[int]:
        return official_years(self.start.year, self.end.year, district_id=self.district_id)

    def is_provisional(self, day: dt.date) -> bool:
        """Whether the day's type may still change: its year's schedule is not in yet."""
        return day.year not in self.official_years

    def provisional_between(self, first: dt.date, last: dt.date) -> bool:
        """Whether any day from `first` to `last` is provisional (a deadline counted over
        them may move when the schedule is entered)."""
        low, high = min(first, last), max(first, last)
        return any(year not in self.official_years for year in range(low.year, high.year + 1))

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def day_type(self, day: dt.date) -> str:
        kind = self.exceptions.get(day)
        if kind == CalendarDayKind.HOLIDAY:
            return DayType.HOLIDAY
        if kind == CalendarDayKind.WORKDAY or day.weekday() < 5:
            return DayType.WORKING
        return DayType.WEEKEND

    def is_working_day(self, day: dt.date) -> bool:
        return self.day_type(day) == DayType.WORKING

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (n == 0: `day` itself if working, else the
        next working day)."""
        current = day
        if n == 0:
            while not self.is_working_day(current):
                current += dt.timedelta(days=1)
                self._check(current)
            return current
        remaining = n
        while remaining > 0:
            current += dt.timedelta(days=1)
            self._check(current)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, first: dt.date, last: dt.date) -> int:
        """Working days in (first, last]; negative when last is before first."""
        if last < first:
            return -self.working_days_between(last, first)
        count = 0
        current = first
        while current < last:
            current += dt.timedelta(days=1)
            self._check(current)
            if self.is_working_day(current):
                count += 1
        return count

    def _check(self, day: dt.date) -> None:
        if not self.covers(day):
            raise ValueError(f"{day} is outside the loaded calendar window {self.start}–{self.end}")


# The years the calendar holds (migration committee 0008): a date outside them can be
# neither a duty, a leave nor an appointment.
FIRST_YEAR, LAST_YEAR = 2020, 2100


def validate_calendar_day(value: dt.date | dt.datetime) -> None:
    """A form validator: the date lies in the years the calendar holds."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("日期应在 %(first)s 年至 %(last)s 年之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR}, code="calendar"
        )


def district_years(district_id: int, first_year: int, last_year: int) -> frozenset[int]:
    """The years from `first_year` to `last_year` the district entered itself (one query)."""
    return frozenset(
        CalendarYear.objects.filter(district_id=district_id, year__range=(first_year, last_year)).values_list(
            "year", flat=True
        )
    )


def official_years(first_year: int, last_year: int, *, district_id: int | None = None) -> frozenset[int]:
    """The years from `first_year` to `last_year` whose official schedule is in for the
    district (its own year where it entered one, else the national one); the others are
    provisional (one query)."""
    rows = CalendarYear.objects.filter(year__range=(first_year, last_year)).filter(
        Q(district__isnull=True) | Q(district_id=district_id)
    )
    status: dict[int, str] = {}
    for year, status_of_year, district in rows.values_list("year", "status", "district_id"):
        if district is not None or year not in status:  # the district's own row wins
            status[year] = status_of_year
    return frozenset(year for year, value in status.items() if value == CalendarYearStatus.OFFICIAL)


def _window(start: dt.date, working_days: int) -> tuple[dt.date, dt.date]:
    # Long holidays (Spring Festival, National Day) cost at most ~9 calendar days each;
    # twice the working days plus a month covers any limit the catalogue allows.
    return start - dt.timedelta(days=1), start + dt.timedelta(days=2 * working_days + 31)


def local_date(moment: dt.datetime | dt.date) -> dt.date:
    if isinstance(moment, dt.datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def is_working_day(day: dt.date, *, district_id: int | None = None) -> bool:
    return WorkCalendar.load(day, day, district_id).is_working_day(day)


def day_type(day: dt.date, *, district_id: int | None = None) -> str:
    return WorkCalendar.load(day, day, district_id).day_type(day)


def add_working_days(start: dt.datetime | dt.date, n: int, *, district_id: int | None = None) -> dt.date:
    """The date that is n working days after `start` (a datetime counts by its local date)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = local_date(start)
    return WorkCalendar.load(*_window(day, n), district_id).add_working_days(day, n)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of `day` in the site's time zone: when a deadline on `day` passes."""
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz)


def receipt_day(moment: dt.datetime, closes_at: dt.time | None = None) -> dt.date:
    """The day a matter registered at `moment` counts as received: its local date, or the
    next day if it came in at or after the committee's closing time."""
    local = timezone.localtime(moment)
    if closes_at is not None and local.time() >= closes_at:
        return local.date() + dt.timedelta(days=1)
    return local.date()


def deadline(start: dt.datetime | dt.date, n: int, *, district_id: int | None = None) -> dt.datetime:
    """When a matter registered at `start` with a limit of n working days is due."""
    return end_of_day(add_working_days(start, n, district_id=district_id))


def working_days_between(first: dt.date, last: dt.date, *, district_id: int | None = None) -> int:
    low, high = min(first, last), max(first, last)
    calendar = WorkCalendar.load(low, high, district_id)
    return calendar.working_days_between(first, last)
