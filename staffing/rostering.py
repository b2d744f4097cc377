"""The duty-roster generator: pure functions over plain data, so the rules can be read
and tested without a database.

Rules (错时弹性工作, 双休日值班, 无假日办公室):
- every shift that runs on a day's type (working day / weekend / holiday, from the work
  calendar) is filled to its minimum staff when enough workers are free;
- nobody on approved leave is put on duty, nobody works two shifts a day, nobody works
  more than `MAX_CONSECUTIVE_DAYS` days in a row, and nobody does an early shift the
  morning after a late shift;
- weekend and holiday duty is spread fairly over the rolling last three months: the next
  such slot goes to whoever has had the fewest;
- each shift gets, where possible, someone trained for the committee's busiest lines;
- the same input always gives the same roster (ties are broken by worker id and date).
A slot that cannot be filled becomes a `Shortfall` explaining why, never a silent gap.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from committee.choices import DayType

MAX_CONSECUTIVE_DAYS = 6


@dataclass(frozen=True)
class ShiftSpec:
    id: int
    name: str
    start: dt.time
    end: dt.time
    day_types: frozenset[str]
    min_staff: int


@dataclass(frozen=True)
class WorkerSpec:
    id: int
    name: str
    trained_lines: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Shortfall:
    date: dt.date
    shift_id: int
    shift_name: str
    assigned: int
    needed: int
    on_leave: int

    def __str__(self) -> str:
        return f"{self.date:%m-%d} {self.shift_name}: {self.assigned} / {self.needed}, {self.on_leave} 人休假"


@dataclass
class RosterPlan:
    assignments: list[tuple[dt.date, int, int]] = field(default_factory=list)  # (date, shift id, worker id)
    shortfalls: list[Shortfall] = field(default_factory=list)


@dataclass
class _History:
    """What each worker has done so far: their duty dates, last shift, rest-day duties."""

    days: dict[int, set[dt.date]] = field(default_factory=lambda: defaultdict(set))
    late_on: dict[int, set[dt.date]] = field(default_factory=lambda: defaultdict(set))
    early_on: dict[int, set[dt.date]] = field(default_factory=lambda: defaultdict(set))
    rest_day_duties: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    month_duties: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def run_length_before(self, worker_id: int, day: dt.date) -> int:
        count, current = 0, day - dt.timedelta(days=1)
        while current in self.days[worker_id]:
            count += 1
            current -= dt.timedelta(days=1)
        return count

    def run_length_after(self, worker_id: int, day: dt.date) -> int:
        count, current = 0, day + dt.timedelta(days=1)
        while current in self.days[worker_id]:
            count += 1
            current += dt.timedelta(days=1)
        return count


def is_late(shift: ShiftSpec, shifts: list[ShiftSpec]) -> bool:
    """A shift that ends last among a day's staggered shifts is the late one."""
    same_day = [s for s in shifts if s.day_types & shift.day_types]
    return (
        len(same_day) > 1
        and shift.end == max(s.end for s in same_day)
        and shift.start != min(s.start for s in same_day)
    )


def is_early(shift: ShiftSpec, shifts: list[ShiftSpec]) -> bool:
    same_day = [s for s in shifts if s.day_types & shift.day_types]
    return len(same_day) > 1 and shift.start == min(s.start for s in same_day)


def generate(
    *,
    days: list[tuple[dt.date, str]],
    shifts: list[ShiftSpec],
    workers: list[WorkerSpec],
    leave: dict[int, set[dt.date]],
    prior: list[tuple[dt.date, int, int, str]] = (),
    busy_lines: frozenset[int] = frozenset(),
    fixed: list[tuple[dt.date, int, int]] = (),
    following: list[tuple[dt.date, int, int, str]] = (),
) -> RosterPlan:
    """Fill `days` (each with its DayType) with duty.

    `prior` and `following` list the duties already planned before and after the period
    as (date, shift id, worker id, day type) — the months around it, for fairness, and the
    days next to it, for the consecutive-day and late-then-early rules, so that the rules
    hold across the month's edges whatever order months are generated in. `fixed` are
    duties already set by hand in the period; they are kept and counted."""
    history = _History()
    shift_by_id = {s.id: s for s in shifts}
    for day, shift_id, worker_id, day_type in (*prior, *following):
        _record(history, day, shift_by_id.get(shift_id), worker_id, day_type, shifts, count_month=False)
    fixed_by_slot: dict[tuple[dt.date, int], list[int]] = defaultdict(list)
    day_types = dict(days)
    for day, shift_id, worker_id in fixed:
        fixed_by_slot[(day, shift_id)].append(worker_id)
        _record(history, day, shift_by_id.get(shift_id), worker_id, day_types.get(day, DayType.WORKING), shifts)

    plan = RosterPlan(assignments=[(d, s, w) for d, s, w in fixed])
    ordered_shifts = sorted(shifts, key=lambda s: (s.start, s.id))
    for index, (day, day_type) in enumerate(days):
        on_duty_today = {w for (d, _s), ws in fixed_by_slot.items() if d == day for w in ws}
        for shift in ordered_shifts:
            if day_type not in shift.day_types:
                continue
            chosen = list(fixed_by_slot.get((day, shift.id), []))
            while len(chosen) < shift.min_staff:
                candidate = _pick(
                    day, day_type, shift, shifts, workers, leave, history, on_duty_today, busy_lines, chosen, index
                )
                if candidate is None:
                    break
                chosen.append(candidate.id)
                on_duty_today.add(candidate.id)
                _record(history, day, shift, candidate.id, day_type, shifts)
                plan.assignments.append((day, shift.id, candidate.id))
            if len(chosen) < shift.min_staff:
                on_leave = sum(1 for w in workers if day in leave.get(w.id, ()))
                plan.shortfalls.append(Shortfall(day, shift.id, shift.name, len(chosen), shift.min_staff, on_leave))
    plan.assignments.sort(key=lambda a: (a[0], shift_by_id[a[1]].start, a[2]))
    return plan


def _record(history, day, shift, worker_id, day_type, shifts, count_month=True):
    history.days[worker_id].add(day)
    if shift is not None and is_late(shift, shifts):
        history.late_on[worker_id].add(day)
    if shift is not None and is_early(shift, shifts):
        history.early_on[worker_id].add(day)
    if day_type in (DayType.WEEKEND, DayType.HOLIDAY):
        history.rest_day_duties[worker_id] += 1
    if count_month:
        history.month_duties[worker_id] += 1


def _pick(day, day_type, shift, shifts, workers, leave, history, on_duty_today, busy_lines, chosen, index):
    yesterday, tomorrow = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    early, late = is_early(shift, shifts), is_late(shift, shifts)
    candidates = []
    for worker in workers:
        if worker.id in on_duty_today or day in leave.get(worker.id, ()):
            continue
        run = history.run_length_before(worker.id, day) + 1 + history.run_length_after(worker.id, day)
        if run > MAX_CONSECUTIVE_DAYS:
            continue
        if early and yesterday in history.late_on[worker.id]:
            continue
        if late and tomorrow in history.early_on[worker.id]:  # already planned: the next month, or by hand
            continue
        candidates.append(worker)
    if not candidates:
        return None
    needs_busy_line = bool(busy_lines) and not any(busy_lines & _trained(workers, w) for w in chosen)
    rest_day = day_type in (DayType.WEEKEND, DayType.HOLIDAY)
    count = len(workers) or 1

    def score(worker: WorkerSpec):
        return (
            history.rest_day_duties[worker.id] if rest_day else 0,
            0 if not needs_busy_line or busy_lines & worker.trained_lines else 1,
            history.month_duties[worker.id],
            history.rest_day_duties[worker.id],
            (worker.id + index) % count,  # rotate ties by date so the same people don't always pair
            worker.id,
        )

    return min(candidates, key=score)


def _trained(workers, worker_id) -> frozenset[int]:
    for worker in workers:
        if worker.id == worker_id:
            return worker.trained_lines
    return frozenset()


# --- checking a roster as it stands -----------------------------------------------------------


@dataclass(frozen=True)
class RestBreak:
    """A rest rule broken by duties as they stand: `kind` is "late_then_early" (an early
    shift on `last` after a late one on `first`) or "too_many_days" (on duty every day
    from `first` to `last`, more than MAX_CONSECUTIVE_DAYS)."""

    kind: str
    worker_id: int
    first: dt.date
    last: dt.date


def rest_breaks(duties: list[tuple[dt.date, int, int]], shifts: list[ShiftSpec]) -> list[RestBreak]:
    """Every rest-rule break among `duties` (date, shift id, worker id), however they were
    made: generated, edited by hand, swapped."""
    shift_by_id = {s.id: s for s in shifts}
    days, late, early = defaultdict(set), defaultdict(set), defaultdict(set)
    for day, shift_id, worker_id in duties:
        days[worker_id].add(day)
        shift = shift_by_id.get(shift_id)
        if shift is not None and is_late(shift, shifts):
            late[worker_id].add(day)
        if shift is not None and is_early(shift, shifts):
            early[worker_id].add(day)
    breaks = []
    for worker_id in sorted(days):
        for day in sorted(late[worker_id]):
            if day + dt.timedelta(days=1) in early[worker_id]:
                breaks.append(RestBreak("late_then_early", worker_id, day, day + dt.timedelta(days=1)))
        run = []
        for day in sorted(days[worker_id]):
            run = [*run, day] if run and day == run[-1] + dt.timedelta(days=1) else [day]
            if len(run) == MAX_CONSECUTIVE_DAYS + 1:
                breaks.append(RestBreak("too_many_days", worker_id, run[0], day))
            elif len(run) > MAX_CONSECUTIVE_DAYS + 1:
                breaks[-1] = RestBreak("too_many_days", worker_id, run[0], day)
    return breaks
