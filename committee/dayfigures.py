"""The store of day figures: what one committee did on one finished day, counted once
and kept as a `DayFigures` row, and the rules that keep those rows exact.

The dashboard and the street comparison add up days: visits by channel, outcome, line and
worker; matters started and how many took more than two trips; cases opened, resolved (on
time, in how many working days) and followed up. The counting reads visits and cases, so
it lives in the top app (`office.dayfigures`); this module, on the ground floor, holds what
the writing services below it need without importing upward:

- `forget_days`: whatever changes the figures of a past day deletes that day's row inside
  its own transaction (a visit voided or recorded afterwards, a return visit, a case
  reopened or followed up); the next read counts the day again.
- what the counting reads of a visit and of a case, and on which day it counts it
  (`forget_visit`, `CASE_FIELDS_BY_DATE`, `forget_case_change`), declared here once so
  that reception's and casework's services forget exactly the days a change touches.
- a per-committee advisory lock (PostgreSQL) that keeps a count and a change from
  crossing: a count that read the records before a change committed cannot store its
  rows after the change forgot them.

The rows are derived data, never the record: deleting them all loses nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from django.db import connection
from django.utils import timezone

from .models import DayFigures

SCALARS = (
    "visits",
    "first_visits",
    "beyond_two_trips",
    "on_the_spot",
    "voided",
    "opened",
    "resolved",
    "resolved_on_time",
    "followed",
    "satisfied",
    "unsatisfied",
)
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
        return DayFigures(
            committee_id=committee_id,
            day=day,
            **{name: getattr(self, name) for name in SCALARS},
            **{name: {k: n for k, n in getattr(self, name).items() if n} for name in COUNTERS},
        )


# read_stored builds Totals from the scalar columns in this order.
assert tuple(f.name for f in fields(Totals))[: len(SCALARS)] == SCALARS


# --- reading and keeping rows -------------------------------------------------------------


def read_stored(
    committee_ids, first: dt.date, last: dt.date, *, counters: tuple[str, ...] = COUNTERS
) -> dict[tuple[int, dt.date], Totals]:
    """The stored days of these committees from `first` to `last`, by (committee id, day).
    `counters` names the breakdowns to read: fewer for many committees."""
    if first > last:
        return {}
    rows = DayFigures.objects.filter(committee_id__in=committee_ids, day__range=(first, last)).values_list(
        "committee_id", "day", *SCALARS, *counters
    )
    scalars = len(SCALARS)
    stored = {}
    for pk, day, *values in rows:
        totals = Totals(*values[:scalars])
        for name, tally in zip(counters, values[scalars:], strict=True):
            setattr(totals, name, Tally(tally))
        stored[(pk, day)] = totals
    return stored


def keep(counted: dict[tuple[int, dt.date], Totals], days: dict[int, list[dt.date]]) -> None:
    """Store these committees' counted days, a day with nothing counted as zeros. Call it
    inside a transaction holding `lock` for them. A day stored meanwhile by another
    count is left as it is (both counted the same records)."""
    DayFigures.objects.bulk_create(
        [counted.get((pk, day), Totals()).to_row(pk, day) for pk, pk_days in days.items() for day in pk_days],
        ignore_conflicts=True,
        batch_size=2000,
    )


def lock(committee_ids) -> None:
    """Serialise counting-and-storing with forgetting, per committee, until the end of
    the transaction. Taken in id order, so two callers never wait on each other."""
    if connection.vendor != "postgresql":
        return  # SQLite lets one writer in at a time anyway
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, x) FROM unnest(%s::int[]) AS x", [LOCK_CLASS, sorted(committee_ids)]
        )


# Writes finishing around midnight may commit a little after it: a day is counted for
# keeps only once it has been over for this long.
SETTLE = dt.timedelta(minutes=10)


def last_closed_day() -> dt.date:
    """The last day whose figures may be stored: today's never are."""
    return timezone.localtime(timezone.now() - SETTLE).date() - dt.timedelta(days=1)


# --- forgetting ----------------------------------------------------------------------------


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
    lock([committee_id])
    DayFigures.objects.filter(committee_id=committee_id, day__in=days).delete()


def forget_visit(committee_id: int, received_at: dt.datetime, first_visit_at: dt.datetime | None = None) -> None:
    """A visit recorded or voided: it counts on the day it was received; a return visit
    also adds a trip to the day its matter started (最多跑两次), `first_visit_at`."""
    forget_days(committee_id, received_at, first_visit_at)


# What the counting reads of a case, by the date it counts it on: when any of these
# fields changes, the day of that date before the change and the day after it are
# counted again (a reopened case leaves the day it was resolved on).
CASE_FIELDS_BY_DATE = {
    "registered_at": ("registered_at",),
    "resolved_at": ("resolved_at", "resolution_working_days", "due_at"),
    "followed_up_at": ("followed_up_at", "satisfaction"),
}


def case_counted(case) -> dict:
    """The values of a case the counting reads (compare them before and after a change)."""
    return {name: getattr(case, name) for names in CASE_FIELDS_BY_DATE.values() for name in names}


def forget_case_change(committee_id: int, before: dict, after: dict) -> None:
    """Forget the days a change of a case touched; `before` and `after` come from
    `case_counted`. Today's figures are never stored, so most changes forget nothing."""
    moments = [
        moment
        for date, names in CASE_FIELDS_BY_DATE.items()
        if any(before[n] != after[n] for n in names)
        for moment in (before[date], after[date])
    ]
    forget_days(committee_id, *moments)
