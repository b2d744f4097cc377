"""The roster generator's rules as properties over generated months and calendars."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from dateutil.relativedelta import relativedelta

from committee.choices import DayType
from committee.workcalendar import WorkCalendar
from staffing import rostering
from staffing.rostering import MAX_CONSECUTIVE_DAYS, ShiftSpec, WorkerSpec

EARLY = ShiftSpec(1, "早班", dt.time(8), dt.time(16), frozenset({DayType.WORKING}), 2)
LATE = ShiftSpec(2, "晚班", dt.time(10), dt.time(18), frozenset({DayType.WORKING}), 2)
DUTY = ShiftSpec(3, "值班", dt.time(9), dt.time(17), frozenset({DayType.WEEKEND, DayType.HOLIDAY}), 2)
SHIFTS = [EARLY, LATE, DUTY]


def workers(n, trained=lambda i: frozenset()):
    return [WorkerSpec(id=i, name=f"w{i}", trained_lines=trained(i)) for i in range(1, n + 1)]


def month_days(first: dt.date, calendar: WorkCalendar):
    last = first + relativedelta(months=1) - dt.timedelta(days=1)
    days, day = [], first
    while day <= last:
        days.append((day, calendar.day_type(day)))
        day += dt.timedelta(days=1)
    return days


def run_months(first_month, months, staff, leave=None, calendar=None):
    """Generate consecutive months, feeding each month's duty to the next as history."""
    calendar = calendar or WorkCalendar.load(
        first_month - dt.timedelta(days=100), first_month + relativedelta(months=months + 1)
    )
    prior, all_days = [], []
    for k in range(months):
        days = month_days(first_month + relativedelta(months=k), calendar)
        plan = rostering.generate(days=days, shifts=SHIFTS, workers=staff, leave=leave or {}, prior=prior)
        types = dict(days)
        prior += [(d, s, w, types[d]) for d, s, w in plan.assignments]
        all_days += days
        yield days, plan, list(prior)


def assert_rules(days, plan, staff, leave, history):
    types = dict(days)
    by_slot = Counter((d, s) for d, s, _w in plan.assignments)
    for day, day_type in days:
        for shift in SHIFTS:
            if day_type in shift.day_types:
                assert by_slot[(day, shift.id)] >= shift.min_staff, (day, shift.name)
            else:
                assert by_slot[(day, shift.id)] == 0
    per_worker_day = Counter((d, w) for d, _s, w in plan.assignments)
    assert max(per_worker_day.values()) == 1, "nobody works two shifts a day"
    for day, _shift, worker in plan.assignments:
        assert day not in leave.get(worker, set()), "no leave violated"
    worked = defaultdict(set)
    late = defaultdict(set)
    for day, shift, worker, _t in history:
        worked[worker].add(day)
        if shift == LATE.id:
            late[worker].add(day)
    for worker, dates in worked.items():
        run = 0
        for day in sorted(dates):
            run = run + 1 if day - dt.timedelta(days=1) in dates else 1
            assert run <= MAX_CONSECUTIVE_DAYS, (worker, day)
    for day, shift, worker in plan.assignments:
        if shift == EARLY.id:
            assert day - dt.timedelta(days=1) not in late[worker], ("early after late", worker, day)
    assert not plan.shortfalls
    assert types  # days were generated


def rest_day_spread(history, start, end, staff):
    counts = Counter({w.id: 0 for w in staff})
    for day, _s, worker, day_type in history:
        if start <= day <= end and day_type in (DayType.WEEKEND, DayType.HOLIDAY):
            counts[worker] += 1
    return max(counts.values()) - min(counts.values())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "first_month, months",
    [(dt.date(2026, 1, 1), 3), (dt.date(2026, 9, 1), 3), (dt.date(2026, 4, 1), 3), (dt.date(2026, 11, 1), 2)],
)
@pytest.mark.parametrize("size", [8, 12, 15])
def test_months_across_spring_festival_and_national_day_keep_every_rule(first_month, months, size):
    staff = workers(size)
    for days, plan, history in run_months(first_month, months, staff):
        assert_rules(days, plan, staff, {}, history)
    start = first_month
    end = first_month + relativedelta(months=months) - dt.timedelta(days=1)
    assert rest_day_spread(history, start, end, staff) <= 1


@pytest.mark.django_db
def test_october_2026_holiday_days_get_duty_and_the_worked_saturday_gets_weekday_shifts():
    calendar = WorkCalendar.load(dt.date(2026, 9, 1), dt.date(2026, 11, 30))
    days = month_days(dt.date(2026, 10, 1), calendar)
    plan = rostering.generate(days=days, shifts=SHIFTS, workers=workers(12), leave={})
    slots = Counter((d, s) for d, s, _w in plan.assignments)
    for day in range(1, 8):
        assert slots[(dt.date(2026, 10, day), DUTY.id)] == 2  # 无假日办公室
        assert slots[(dt.date(2026, 10, day), EARLY.id)] == 0
    assert slots[(dt.date(2026, 10, 10), EARLY.id)] == 2  # 调休 Saturday is a working day
    assert slots[(dt.date(2026, 10, 10), DUTY.id)] == 0


@pytest.mark.django_db
def test_leave_is_respected_and_a_shortfall_is_explained():
    calendar = WorkCalendar.load(dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    days = [(dt.date(2026, 12, 31), calendar.day_type(dt.date(2026, 12, 31)))]
    staff = workers(6)
    leave = {w.id: {dt.date(2026, 12, 31)} for w in staff[:3]}
    plan = rostering.generate(days=days, shifts=SHIFTS, workers=staff, leave=leave)
    assert all(w not in leave for _d, _s, w in plan.assignments)
    assert len(plan.shortfalls) == 1
    shortfall = plan.shortfalls[0]
    assert (shortfall.shift_name, shortfall.assigned, shortfall.needed, shortfall.on_leave) == ("晚班", 1, 2, 3)
    assert str(shortfall) == "12-31 晚班: 1 / 2, 3 人休假"


@pytest.mark.django_db
def test_the_same_input_gives_the_same_roster():
    calendar = WorkCalendar.load(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    days = month_days(dt.date(2026, 2, 1), calendar)
    first = rostering.generate(days=days, shifts=SHIFTS, workers=workers(10), leave={})
    second = rostering.generate(days=days, shifts=SHIFTS, workers=workers(10), leave={})
    assert first.assignments == second.assignments


@pytest.mark.django_db
def test_each_shift_gets_someone_trained_for_a_busy_line_where_possible():
    calendar = WorkCalendar.load(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    days = month_days(dt.date(2026, 3, 1), calendar)
    staff = workers(12, trained=lambda i: frozenset({99}) if i % 3 == 0 else frozenset())
    plan = rostering.generate(days=days, shifts=SHIFTS, workers=staff, leave={}, busy_lines=frozenset({99}))
    trained_ids = {w.id for w in staff if 99 in w.trained_lines}
    slots = defaultdict(set)
    for day, shift, worker in plan.assignments:
        slots[(day, shift)].add(worker)
    # Working-day shifts always get one; on rest days fair spreading of weekend duty comes
    # first, so a trained worker is there only when one of the least-loaded is trained.
    working = {d for d, t in days if t == DayType.WORKING}
    assert all(on & trained_ids for (d, _s), on in slots.items() if d in working)
    covered = sum(1 for on in slots.values() if on & trained_ids)
    assert covered / len(slots) >= 0.9


@pytest.mark.django_db
def test_too_few_workers_give_shortfalls_not_broken_rules():
    calendar = WorkCalendar.load(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    days = month_days(dt.date(2026, 5, 1), calendar)
    staff = workers(3)
    plan = rostering.generate(days=days, shifts=SHIFTS, workers=staff, leave={})
    assert plan.shortfalls
    per_worker_day = Counter((d, w) for d, _s, w in plan.assignments)
    assert max(per_worker_day.values()) == 1
