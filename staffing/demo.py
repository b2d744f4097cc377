"""Demo duty: a simple fair rotation so a fresh demo has someone on every shift.

The director's real roster comes from the roster generator; this only fills the demo's
current and next month (and history for benchmarks) quickly with bulk inserts."""

from __future__ import annotations

import datetime as dt
import itertools

from committee.workcalendar import WorkCalendar
from utilities.bulk import copy_insert

from .models import DutyAssignment, ShiftTemplate, Worker


def duty_rotate(*, committee, start: dt.date, end: dt.date, workers: list[Worker]) -> int:
    """Assign each active shift its minimum staff day by day, cycling through workers.
    Skips days that already have duty. Returns the number of assignments created."""
    if not workers:
        return 0
    shifts = list(ShiftTemplate.objects.filter(committee=committee, active=True).order_by("order"))
    calendar = WorkCalendar.load(start, end, committee.district_id)
    taken = set(
        DutyAssignment.objects.filter(committee=committee, date__range=(start, end)).values_list("date", flat=True)
    )
    cycle = itertools.cycle(workers)
    rows = []
    day = start
    while day <= end:
        if day not in taken:
            day_type = calendar.day_type(day)
            used: set[int] = set()
            for shift in shifts:
                if not shift.runs_on(day_type):
                    continue
                for _slot in range(shift.min_staff):
                    worker = next(cycle)
                    while worker.pk in used and len(used) < len(workers):
                        worker = next(cycle)
                    used.add(worker.pk)
                    rows.append(
                        DutyAssignment(committee_id=committee.pk, date=day, shift_id=shift.pk, worker_id=worker.pk)
                    )
        day += dt.timedelta(days=1)
    copy_insert(DutyAssignment, rows)
    return len(rows)
