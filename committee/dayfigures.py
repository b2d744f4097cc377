"""A committee's figures per day, counted once for days that are over.

The dashboard and the street comparison add up days: visits by channel, outcome, line and
worker; matters started and how many took more than two trips; cases opened, resolved (on
time, in how many working days) and followed up. Re-reading a month or a year of visits
and cases for each page costs time that grows with the period; so a past day, once
counted, is kept as a `DayFigures` row and read back. Today is always counted live.

The rows are derived data, never the record. Whatever changes the figures of a past day
calls `forget_days` inside its transaction: a visit voided or recorded afterwards, a
return visit (it adds a trip to the day its matter started), a case reopened or followed
up. The next read counts those days again from the visits and cases. A per-committee
advisory lock keeps a count and a change from crossing (PostgreSQL): a count that read
the records before a change committed cannot store its rows after the change forgot them.

Counting uses the records as they stand: a service item later moved to another line
stays counted under the line it had when its day was counted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, IntegerField, Q, Value, When
from django.db.models import Case as CaseWhen
from django.db.models.functions import TruncDate
from django.utils import timezone

from .dayranges import between_days, local_midnight
from .models import Committee, DayFigures

SCALARS = ("visits", "first_visits", "beyond_two_trips", "on_the_spot", "voided", "opened", "resolved", "resolved_on_time",
           "followed", "satisfied", "unsatisfied")
COUNTERS = ("channels", "outcomes", "lines", "workers", "resolution_days")
LOCK_CLASS = 0x4446  # "DF": the first key of this module's advisory locks


class Tally(dict):
    """Counts by key, 0 for a key not there. Keys are strings, as JSON stores them (line
    and worker ids, working days): a year of stored days is read without converting."""

    def __missing__(self, key):
        return 0

    def add(self, key, n: int) -> None:
        self[key] = self.get(key, 0) + n


@dataclass
class Totals:
    """Figures of one day, or the sum of several."""

    visits: int = 0
    first_visits: int = 0
    beyond_two_trips: int = 0
    on_the_spot: int = 0
    voided: int = 0
    opened: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    followed: int = 0
    satisfied: int = 0
    unsatisfied: int = 0
    channels: Tally = field(default_factory=Tally)
    outcomes: Tally = field(default_factory=Tally)
    lines: Tally = field(default_factory=Tally)
    workers: Tally = field(default_factory=Tally)
    resolution_days: Tally = field(default_factory=Tally)

    def add(self, other: Totals) -> Totals:
        for name in SCALARS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in COUNTERS:
            mine = getattr(self, name)
            for key, n in getattr(other, name).items():
                mine[key] = mine.get(key, 0) + n
        return self

    @property
    def timed(self) -> int:
        """Resolved cases whose working days are known."""
        return sum(self.resolution_days.values())

    def median_resolution_days(self) -> float | None:
        count = self.timed
        if not count:
            return None
        middle = [(count - 1) // 2, count // 2]  # the same index twice when the count is odd
        values, seen = [], 0
        for days in sorted(self.resolution_days, key=int):
            n = self.resolution_days[days]
            values += [int(days) for index in middle if seen <= index < seen + n]
            seen += n
        return (values[0] + values[1]) / 2

    def to_row(self, committee_id: int, day: dt.date) -> DayFigures:
        return DayFigures(committee_id=committee_id, day=day, **{name: getattr(self, name) for name in SCALARS},
                          **{name: {k: n for k, n in getattr(self, name).items() if n} for name in COUNTERS})


# _stored builds Totals from the scalar columns in this order.
assert tuple(f.name for f in fields(Totals))[:len(SCALARS)] == SCALARS


class DayBook:
    """One committee's totals per day over a span (days without anything are absent)."""

    def __init__(self, days: dict[dt.date, Totals]):
        self.days = days
        self._sums: dict[tuple[dt.date, dt.date], Totals] = {}

    def total(self, first: dt.date, last: dt.date) -> Totals:
        """The sum from `first` to `last`; kept, as the dashboard asks for its period twice."""
        if (first, last) not in self._sums:
            result = Totals()
            if (last - first).days < len(self.days):
                for day in _days(first, last):
                    if day in self.days:
                        result.add(self.days[day])
            else:
                for day, totals in self.days.items():
                    if first <= day <= last:
                        result.add(totals)
            self._sums[(first, last)] = result
        return self._sums[(first, last)]


def books(committee_ids, first: dt.date, last: dt.date, *, now: dt.datetime | None = None,
          counters: tuple[str, ...] = COUNTERS, headline: bool = False) -> dict[int, DayBook]:
    """Each committee's day book from `first` to `last` (or today, if sooner): stored rows
    for days that are over, the missing ones counted and stored, today counted live.
    `counters` names the breakdowns read from stored rows: fewer for many committees.
    `headline`: today's count leaves out the lines and the returns (beyond_two_trips and
    `lines` then cover the stored days only), two queries fewer for the street comparison."""
    ids = sorted(set(committee_ids))
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    last = min(last, today)
    if first > last or not ids:
        return {pk: DayBook({}) for pk in ids}
    closed_last = min(last, last_closed_day())
    stored = _stored(ids, first, closed_last, counters=counters)
    missing = {pk: [day for day in _days(first, closed_last) if (pk, day) not in stored] for pk in ids}
    missing = {pk: days for pk, days in missing.items() if days}
    live = list(_days(max(first, closed_last + dt.timedelta(days=1)), last))
    wanted = {pk: missing.get(pk, []) + live for pk in ids}
    wanted = {pk: days for pk, days in wanted.items() if days}
    counted = {}
    if missing:
        with transaction.atomic():
            _lock(list(missing))
            counted = count_days(wanted)
            DayFigures.objects.bulk_create(
                [counted.get((pk, day), Totals()).to_row(pk, day) for pk, days in missing.items() for day in days],
                ignore_conflicts=True, batch_size=2000)
    elif wanted:
        counted = count_days(wanted, headline=headline)
    result = {pk: {} for pk in ids}
    for (pk, day), totals in [*stored.items(), *counted.items()]:
        result[pk][day] = totals
    return {pk: DayBook(days) for pk, days in result.items()}


RECENT_DAYS = 92  # the dashboard's trend (12 weeks) and this month


def count_recent_days(days: int = RECENT_DAYS) -> int:
    """Count and store every committee's recent days not stored yet (Celery beat runs it
    every few hours, so the first dashboard of the morning finds yesterday counted).
    Returns how many days were counted."""
    last = last_closed_day()
    first = last - dt.timedelta(days=days - 1)
    before = DayFigures.objects.filter(day__range=(first, last)).count()
    # One committee at a time: each holds its lock only for its own count.
    for pk in Committee.objects.order_by("pk").values_list("pk", flat=True):
        books([pk], first, last, now=local_midnight(last + dt.timedelta(days=1)), counters=())
    return DayFigures.objects.filter(day__range=(first, last)).count() - before


# Writes finishing around midnight may commit a little after it: a day is counted for
# keeps only once it has been over for this long.
SETTLE = dt.timedelta(minutes=10)


def last_closed_day() -> dt.date:
    return timezone.localtime(timezone.now() - SETTLE).date() - dt.timedelta(days=1)


def forget_days(committee_id: int, *moments: dt.datetime | None) -> None:
    """The stored figures of the days of these moments are out of date: delete them (in
    the caller's transaction, under the committee's lock), to be counted again.

    Any day before today takes the lock, though rows are stored only SETTLE after a day
    ends: a change made just before that moment, still uncommitted, then holds off the
    count that would store the day without it."""
    today = timezone.localdate()
    days = {timezone.localtime(moment).date() for moment in moments if moment is not None}
    days = {day for day in days if day < today}
    if not days:
        return
    _lock([committee_id])
    DayFigures.objects.filter(committee_id=committee_id, day__in=days).delete()


def count_days(wanted: dict[int, list[dt.date]], *, headline: bool = False) -> dict[tuple[int, dt.date], Totals]:
    """Count the figures of these committees' days from the visits and cases: four
    grouped queries whatever the number of committees and days. Days with nothing are
    absent from the result. `headline`: visits and cases only (two queries); the returns
    and lines are not counted."""
    from reception.choices import Outcome
    from reception.models import Visit

    tz = timezone.get_current_timezone()
    runs = {pk: _runs(days) for pk, days in wanted.items()}
    totals: dict[tuple[int, dt.date], Totals] = {}

    def at(pk, day) -> Totals:
        return totals.setdefault((pk, day if isinstance(day, dt.date) else day.date()), Totals())

    received = Visit.objects.filter(_where(runs, "committee", "received_at")).order_by()
    first_visit = ExpressionWrapper(Q(previous_visit__isnull=True), output_field=BooleanField())
    voided = ExpressionWrapper(Q(voided_at__isnull=False), output_field=BooleanField())
    for pk, day, channel, outcome, worker, first, void, n in (
        received.annotate(day=TruncDate("received_at", tzinfo=tz), first=first_visit, void=voided)
        .values_list("committee", "day", "channel", "outcome", "received_by", "first", "void").annotate(n=Count("*"))
    ):
        figures = at(pk, day)
        if void:  # left out of every other figure
            figures.voided += n
            continue
        figures.visits += n
        figures.first_visits += n if first else 0
        figures.on_the_spot += n if outcome == Outcome.ON_THE_SPOT else 0
        figures.channels.add(channel, n)
        figures.outcomes.add(outcome, n)
        figures.workers.add(str(worker), n)

    if not headline:
        _count_returns_and_lines(runs, received, at)
    _count_cases(runs, at)
    return totals


def _count_returns_and_lines(runs, received, at) -> None:
    from reception.models import Visit, VisitItem

    tz = timezone.get_current_timezone()
    earliest = min(run[0] for pk_runs in runs.values() for run in pk_runs)
    # 最多跑两次: first visits with two or more valid returns (returns come after the
    # visit they return to, so none before the earliest day counted is read).
    started = received.filter(voided_at__isnull=True, previous_visit__isnull=True).values("pk")
    returns = (Visit.objects.valid().filter(committee__in=list(runs), previous_visit__in=started,
                                            received_at__gte=local_midnight(earliest))
               .order_by().values("previous_visit").annotate(n=Count("*")).filter(n__gte=2).values("previous_visit"))
    for pk, day, n in (Visit.objects.filter(pk__in=returns).order_by()
                       .annotate(day=TruncDate("received_at", tzinfo=tz)).values_list("committee", "day")
                       .annotate(n=Count("*"))):
        at(pk, day).beyond_two_trips += n

    items = VisitItem.objects.filter(_where(runs, "visit__committee", "visit__received_at"),
                                     visit__voided_at__isnull=True).order_by()
    for pk, day, line, n in (items.annotate(day=TruncDate("visit__received_at", tzinfo=tz))
                             .values_list("visit__committee", "day", "service_item__line")
                             .annotate(n=Count("visit", distinct=True))):
        at(pk, day).lines.add(str(line), n)


def _count_cases(runs, at) -> None:
    """Cases opened, resolved and followed up, each on the day it happened: one query."""
    from casework.choices import Satisfaction
    from casework.models import Case

    tz = timezone.get_current_timezone()

    def on(field, **columns):
        return (Case.objects.filter(_where(runs, "committee", field)).order_by()
                .annotate(day=TruncDate(field, tzinfo=tz), **columns)
                .values_list("kind", "committee", "day", "key", "days").annotate(n=Count("*")))

    no_days = Value(None, output_field=IntegerField())
    opened = on("registered_at", kind=Value("opened"), key=Value(""), days=no_days)
    resolved = on("resolved_at", kind=Value("resolved"), days=F("resolution_working_days"),
                  key=CaseWhen(When(resolved_at__lte=F("due_at"), then=Value("on_time")), default=Value("")))
    followed = on("followed_up_at", kind=Value("followed"), key=F("satisfaction"), days=no_days).exclude(
        satisfaction="")
    satisfied = {Satisfaction.SATISFIED, Satisfaction.BASICALLY}
    for kind, pk, day, key, days, n in opened.union(resolved, followed, all=True):
        figures = at(pk, day)
        if kind == "opened":
            figures.opened += n
        elif kind == "resolved":
            figures.resolved += n
            figures.resolved_on_time += n if key == "on_time" else 0
            if days is not None:
                figures.resolution_days.add(str(days), n)
        else:
            figures.followed += n
            figures.satisfied += n if key in satisfied else 0
            figures.unsatisfied += n if key == Satisfaction.UNSATISFIED else 0


# --- internals --------------------------------------------------------------------------------

def _stored(ids, first, last, *, counters: tuple[str, ...]) -> dict[tuple[int, dt.date], Totals]:
    if first > last:
        return {}
    rows = DayFigures.objects.filter(committee_id__in=ids, day__range=(first, last)).values_list(
        "committee_id", "day", *SCALARS, *counters)
    scalars = len(SCALARS)
    stored = {}
    for pk, day, *values in rows:
        totals = Totals(*values[:scalars])
        for name, tally in zip(counters, values[scalars:]):
            setattr(totals, name, Tally(tally))
        stored[(pk, day)] = totals
    return stored


def _lock(committee_ids: list[int]) -> None:
    """Serialise counting-and-storing with forgetting, per committee, until the end of
    the transaction. Taken in id order, so two callers never wait on each other."""
    if connection.vendor != "postgresql":
        return  # SQLite lets one writer in at a time anyway
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, x) FROM unnest(%s::int[]) AS x",
                       [LOCK_CLASS, sorted(committee_ids)])


def _days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def _runs(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days as (first, last) runs."""
    runs = []
    for day in sorted(set(days)):
        if runs and day == runs[-1][1] + dt.timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _where(runs: dict[int, list[tuple[dt.date, dt.date]]], committee_field: str, time_field: str) -> Q:
    """Rows of each committee within its runs of days; committees with the same runs
    (usually all: today only) share one condition."""
    by_runs: dict[tuple, list[int]] = {}
    for pk, pk_runs in runs.items():
        by_runs.setdefault(tuple(pk_runs), []).append(pk)
    return reduce(or_, (
        Q(**{f"{committee_field}__in": pks}) & reduce(or_, (between_days(time_field, a, b) for a, b in pk_runs))
        for pk_runs, pks in by_runs.items()
    ))
