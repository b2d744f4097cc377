"""Conditions on a timestamp column by local (Shanghai) day, written as bounds on the column.

`received_at__date=day` makes the database compute a local date for every row and no index
can serve it; `on_day("received_at", day)` compares the column itself with two instants, so
the (committee, time) indexes answer it by a range read."""

import calendar
import datetime as dt

from django.db.models import Q
from django.utils import timezone

# A date form field accepts 0001-01-01 and 9999-12-31; their midnights cannot be moved to
# UTC or to the next day. Bounds this far out mean "no bound" anyway.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(9000, 12, 31)


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of a local day as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def on_or_after(field: str, day: dt.date) -> Q:
    return Q() if day < EARLIEST else Q(**{f"{field}__gte": local_midnight(min(day, LATEST))})


def on_or_before(field: str, day: dt.date) -> Q:
    return Q() if day > LATEST else Q(**{f"{field}__lt": local_midnight(max(day, EARLIEST) + dt.timedelta(days=1))})


def on_day(field: str, day: dt.date) -> Q:
    return on_or_after(field, day) & on_or_before(field, day)


def between_days(field: str, first: dt.date, last: dt.date) -> Q:
    """From the start of `first` to the end of `last`, both local days included."""
    return on_or_after(field, first) & on_or_before(field, last)


def each_day(first: dt.date, last: dt.date):
    """The days from `first` to `last`, both included."""
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def day_runs(days) -> list[tuple[dt.date, dt.date]]:
    """The days as runs of consecutive days, (first, last) each, in order."""
    runs = []
    for day in sorted(set(days)):
        if runs and day == runs[-1][1] + dt.timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day of the month of `month`."""
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
