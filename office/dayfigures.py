"""Counting a committee's figures per day, for the dashboard, the street comparison and
beat's regular count.

Re-reading a month or a year of visits and cases for each page costs time that grows with
the period; so a finished day, once counted, is kept (`committee.dayfigures`, the store,
which also says how changes forget days) and read back. Today is always counted live.

Counting uses the records as they stand: a service item later moved to another line
stays counted under the line it had when its day was counted."""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import TruncDate
from django.utils import timezone

from casework.choices import Satisfaction
from casework.models import Case
from committee import dayfigures as store
from committee.dayfigures import COUNTERS, Tally, Totals
from committee.models import Committee, DayFigures
from reception.choices import Outcome
from reception.models import Visit, VisitItem
from utilities.dayranges import between_days, day_runs, each_day, local_midnight

__all__ = ["COUNTERS", "DayBook", "Tally", "Totals", "books", "count_days", "count_recent_days"]


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
                for day in each_day(first, last):
                    if day in self.days:
                        result.add(self.days[day])
            else:
                for day, totals in self.days.items():
                    if first <= day <= last:
                        result.add(totals)
            self._sums[(first, last)] = result
        return self._sums[(first, last)]


def books(
    committee_ids,
    first: dt.date,
    last: dt.date,
    *,
    now: dt.datetime | None = None,
    counters: tuple[str, ...] = COUNTERS,
    headline: bool = False,
) -> dict[int, DayBook]:
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
    closed_last = min(last, store.last_closed_day())
    stored = store.read_stored(ids, first, closed_last, counters=counters)
    missing = {pk: [day for day in each_day(first, closed_last) if (pk, day) not in stored] for pk in ids}
    missing = {pk: days for pk, days in missing.items() if days}
    live = list(each_day(max(first, closed_last + dt.timedelta(days=1)), last))
    wanted = {pk: missing.get(pk, []) + live for pk in ids}
    wanted = {pk: days for pk, days in wanted.items() if days}
    counted = {}
    if missing:
        with transaction.atomic():
            store.lock(list(missing))
            counted = count_days(wanted)
            store.keep(counted, missing)
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
    last = store.last_closed_day()
    first = last - dt.timedelta(days=days - 1)
    before = DayFigures.objects.filter(day__range=(first, last)).count()
    # One committee at a time: each holds its lock only for its own count.
    for pk in Committee.objects.order_by("pk").values_list("pk", flat=True):
        books([pk], first, last, now=local_midnight(last + dt.timedelta(days=1)), counters=())
    return DayFigures.objects.filter(day__range=(first, last)).count() - before


def count_days(wanted: dict[int, list[dt.date]], *, headline: bool = False) -> dict[tuple[int, dt.date], Totals]:
    """Count the figures of these committees' days from the visits and cases: four
    grouped queries whatever the number of committees and days. Days with nothing are
    absent from the result. `headline`: visits and cases only (two queries); the returns
    and lines are not counted."""
    tz = timezone.get_current_timezone()
    runs = {pk: day_runs(days) for pk, days in wanted.items()}
    totals: dict[tuple[int, dt.date], Totals] = {}

    def at(pk, day) -> Totals:
        return totals.setdefault((pk, day if isinstance(day, dt.date) else day.date()), Totals())

    received = Visit.objects.filter(_where(runs, "committee", "received_at")).order_by()
    first_visit = ExpressionWrapper(Q(previous_visit__isnull=True), output_field=BooleanField())
    voided = ExpressionWrapper(Q(voided_at__isnull=False), output_field=BooleanField())
    for pk, day, channel, outcome, worker, first, void, n in (
        received.annotate(day=TruncDate("received_at", tzinfo=tz), first=first_visit, void=voided)
        .values_list("committee", "day", "channel", "outcome", "received_by", "first", "void")
        .annotate(n=Count("*"))
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
    tz = timezone.get_current_timezone()
    earliest = min(run[0] for pk_runs in runs.values() for run in pk_runs)
    # 最多跑两次: first visits with two or more valid returns (returns come after the
    # visit they return to, so none before the earliest day counted is read).
    started = received.filter(voided_at__isnull=True, previous_visit__isnull=True).values("pk")
    returns = (
        Visit.objects.valid()
        .filter(committee__in=list(runs), previous_visit__in=started, received_at__gte=local_midnight(earliest))
        .order_by()
        .values("previous_visit")
        .annotate(n=Count("*"))
        .filter(n__gte=2)
        .values("previous_visit")
    )
    for pk, day, n in (
        Visit.objects.filter(pk__in=returns)
        .order_by()
        .annotate(day=TruncDate("received_at", tzinfo=tz))
        .values_list("committee", "day")
        .annotate(n=Count("*"))
    ):
        at(pk, day).beyond_two_trips += n

    items = VisitItem.objects.filter(
        _where(runs, "visit__committee", "visit__received_at"), visit__voided_at__isnull=True
    ).order_by()
    for pk, day, line, n in (
        items.annotate(day=TruncDate("visit__received_at", tzinfo=tz))
        .values_list("visit__committee", "day", "service_item__line")
        .annotate(n=Count("visit", distinct=True))
    ):
        at(pk, day).lines.add(str(line), n)


def _count_cases(runs, at) -> None:
    """Cases opened, resolved and followed up, each on the day it happened: one query."""
    tz = timezone.get_current_timezone()

    def on(field, **columns):
        return (
            Case.objects.filter(_where(runs, "committee", field))
            .order_by()
            .annotate(day=TruncDate(field, tzinfo=tz), **columns)
            .values_list("kind", "committee", "day", "key", "days")
            .annotate(n=Count("*"))
        )

    no_days = Value(None, output_field=IntegerField())
    opened = on("registered_at", kind=Value("opened"), key=Value(""), days=no_days)
    resolved = on(
        "resolved_at",
        kind=Value("resolved"),
        days=F("resolution_working_days"),
        key=CaseWhen(When(resolved_at__lte=F("due_at"), then=Value("on_time")), default=Value("")),
    )
    followed = on("followed_up_at", kind=Value("followed"), key=F("satisfaction"), days=no_days).exclude(
        satisfaction=""
    )
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


def _where(runs: dict[int, list[tuple[dt.date, dt.date]]], committee_field: str, time_field: str) -> Q:
    """Rows of each committee within its runs of days; committees with the same runs
    (usually all: today only) share one condition."""
    by_runs: dict[tuple, list[int]] = {}
    for pk, pk_runs in runs.items():
        by_runs.setdefault(tuple(pk_runs), []).append(pk)
    return reduce(
        or_,
        (
            Q(**{f"{committee_field}__in": pks}) & reduce(or_, (between_days(time_field, a, b) for a, b in pk_runs))
            for pk_runs, pks in by_runs.items()
        ),
    )
