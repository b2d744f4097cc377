"""Demo duty: a simple fair rotation so a fresh demo has someone on every shift.

The director's real roster comes from the roster generator; this only fills the demo's
current and next month (and history for benchmarks) quickly with bulk inserts."""

from __future__ import annotations

import datetime as dt
import itertools

from committee.workcalendar import WorkCalendar
from utilities.bulk import copy_insert

from .choices import LeaveKind, RosterStatus
from .models import DutyAssignment, ShiftTemplate, Worker
from .services import leave_request, swap_answer, swap_propose


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


def approvals_waiting(*, committee, today: dt.date) -> None:
    """A swap both colleagues agreed to and a leave request, so a fresh demo's director has
    something to approve (through the services: the hand-off notifications go out too).
    Nothing when the rest of the month has no published duty to swap."""
    duties = DutyAssignment.objects.filter(
        committee=committee, date__gt=today, roster__status=RosterStatus.PUBLISHED
    ).select_related("worker")
    for duty in duties.order_by("date", "shift__order")[:20]:
        colleague = (
            Worker.objects.filter(committee=committee, active=True, role=duty.worker.role)
            .exclude(pk=duty.worker_id)
            .exclude(duties__date=duty.date)
            .order_by("pk")
            .first()
        )
        if colleague is not None:
            swap = swap_propose(duty=duty, proposer=duty.worker, colleague=colleague, reason="家中有事")
            swap_answer(swap=swap, by=colleague, accept=True)
            break
    last = duties.order_by("-date").first()
    if last is None:
        return
    leave_request(worker=last.worker, start=last.date, end=last.date, kind=LeaveKind.ANNUAL, reason="年休")
