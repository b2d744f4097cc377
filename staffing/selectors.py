"""Reads of the staffing app shared by views, casework's routing, the desk and the top app:
workers and their duty, who is on the desk now and today, the month grid, the coverage
check, the 全岗通 training matrix, and who handles a line (AB岗). Each runs a fixed number
of queries whatever the size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from committee.choices import DayType
from committee.models import CalendarDay, Committee, GridArea, Line
from committee.roles import Role
from committee.workcalendar import WorkCalendar, is_working_day
from utilities.dayranges import each_day
from utilities.naturalsort import naturally_sorted

from . import rostering
from .choices import LeaveStatus, RosterStatus, SwapStatus
from .models import DutyAssignment, Leave, Post, ShiftTemplate, SwapRequest, Training, Worker


def workers_of(*, user):
    return (
        Worker.objects.visible_to(user)
        .filter(committee__isnull=False)
        .select_related("committee", "user")
        .order_by("committee__code", "display_name")
    )


def workers_for_choices(*, committee_ids, those_who_left: bool = False):
    """The workers of these committees a filter offers: the active ones, or for a ledger,
    which keeps the entries of those who left, them too, after the others."""
    if those_who_left:
        return Worker.objects.filter(committee_id__in=committee_ids).order_by("-active", "display_name")
    return Worker.objects.filter(committee_id__in=committee_ids, active=True).order_by("display_name")


def worker_detail(*, user, pk):
    """The worker with their trainings, posts and grid areas (`grid_areas`, in natural order)."""
    worker = get_object_or_404(
        Worker.objects.visible_to(user)
        .select_related("committee", "user")
        .prefetch_related(
            Prefetch("trainings", queryset=Training.objects.select_related("line")),
            Prefetch("posts", queryset=Post.objects.select_related("line")),
            "user__grid_areas",
        ),
        pk=pk,
    )
    worker.grid_areas = naturally_sorted(worker.user.grid_areas.all(), key=lambda area: area.name)
    return worker


def duties_of_worker(*, worker, start: dt.date, end: dt.date):
    return (
        DutyAssignment.objects.filter(worker=worker, date__range=(start, end))
        .select_related("shift")
        .order_by("date", "shift__start")
    )


def leaves_of_worker(*, worker):
    return Leave.objects.filter(worker=worker).order_by("-start")[:20]


def handler_for_line(*, committee, line, at=None):
    """Who handles line `line` at `at` (AB岗): the A-post if available, else a B-post,
    else the committee's director. Available means active, not on approved leave that
    day, and — on weekends and holidays — on duty at that moment."""
    at = timezone.localtime(at or timezone.now())
    day = at.date()
    working_day = is_working_day(day, district_id=committee.district_id)
    on_leave_ids = set(
        Leave.objects.filter(
            committee=committee, status=LeaveStatus.APPROVED, start__lte=day, end__gte=day
        ).values_list("worker_id", flat=True)
    )
    on_duty_ids = {duty.worker_id for duty in duty_now_and_today(committee=committee, at=at).now}
    posts = (
        Post.objects.filter(committee=committee, line=line, worker__active=True)
        .select_related("worker")
        .order_by("kind", "pk")  # "A" sorts before "B"
    )
    for post in posts:
        worker = post.worker
        if worker.pk in on_leave_ids:
            continue
        if working_day or worker.pk in on_duty_ids:
            return worker
    return director_of(committee_id=committee.pk)


def director_of(*, committee_id: int) -> Worker | None:
    """The committee's director: where escalations, unsatisfied follow-ups and a line with
    nobody available go (the first active one, should there ever be two)."""
    return Worker.objects.directors().filter(committee_id=committee_id).first()


def director_of_committees(committee_id) -> Subquery:
    """`director_of` as a subquery giving the director's id, for set-based writes:
    `committee_id` is an OuterRef (or F) to the committee's id."""
    return Subquery(Worker.objects.directors().filter(committee_id=committee_id).values("pk")[:1])


def street_admins():
    """Active street admins (超期上报街道 goes to those of the case's street office)."""
    return Worker.objects.active().filter(role=Role.STREET_ADMIN)


def swaps_awaiting_director(committee):
    """Swaps both colleagues agreed to (待主任批准), the one definition every queue reads."""
    return SwapRequest.objects.filter(committee=committee, status=SwapStatus.ACCEPTED)


def leave_awaiting_director(committee):
    """Leave requested and not yet decided."""
    return Leave.objects.filter(committee=committee, status=LeaveStatus.REQUESTED)


def approvals_pending(*, committee) -> dict:
    """What waits for the committee's director, oldest first (casework's 我的事项 reads it;
    the approvals page adds each leave's shortfalls: `pending_approvals`)."""
    swaps = (
        swaps_awaiting_director(committee)
        .select_related("proposer", "colleague", "duty__shift")
        .order_by("created_at", "pk")
    )
    leaves = leave_awaiting_director(committee).select_related("worker").order_by("start", "pk")
    return {"swaps": swaps, "leaves": leaves}


def approvals_count(*, committee) -> dict[str, int]:
    """How many swaps and leave requests wait for the director: one query."""

    def count(awaiting):
        rows = awaiting(OuterRef("pk")).order_by().values("committee")
        return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")[:1], output_field=IntegerField()), 0)

    row = (
        Committee.objects.filter(pk=committee.pk)
        .values(n_swaps=count(swaps_awaiting_director), n_leaves=count(leave_awaiting_director))
        .get()
    )
    return {"swaps": row["n_swaps"], "leaves": row["n_leaves"]}


# --- the busiest lines ---------------------------------------------------------------------
# A roster tries to put someone trained for the committee's busiest lines on every shift.
# What makes a line busy (the cases registered on it) is known above staffing: casework
# hands its count in when it is ready (casework/apps.py), so staffing imports nothing above it.

BUSY_LINE_COUNT = 3
_busy_line_count = None


def count_busy_lines_with(counter) -> None:
    """Set `counter(committee=…, since=…, limit=…)`, which returns the ids of the
    committee's busiest lines since a day, busiest first."""
    global _busy_line_count
    _busy_line_count = counter


def busiest_lines(*, committee, since: dt.date) -> frozenset[int]:
    """The committee's busiest lines since `since`, as the counter set says; none when no
    app counts them (a roster is then made without that preference)."""
    if _busy_line_count is None:
        return frozenset()
    return frozenset(_busy_line_count(committee=committee, since=since, limit=BUSY_LINE_COUNT))


def shift_specs(committee) -> list[rostering.ShiftSpec]:
    """The committee's active shift templates as the roster algorithm reads them."""
    shifts = ShiftTemplate.objects.filter(committee=committee, active=True).order_by("order", "pk")
    return [_shift_spec(shift) for shift in shifts]


def _shift_spec(shift: ShiftTemplate) -> rostering.ShiftSpec:
    day_types = (
        (DayType.WORKING, shift.on_working_days),
        (DayType.WEEKEND, shift.on_weekends),
        (DayType.HOLIDAY, shift.on_holidays),
    )
    return rostering.ShiftSpec(
        id=shift.pk,
        name=shift.name,
        start=shift.start,
        end=shift.end,
        min_staff=shift.min_staff,
        day_types=frozenset(day_type for day_type, on in day_types if on),
    )


def duty_workers(committee: Committee):
    """Who takes desk duty: the committee's active desk workers and its director."""
    return Worker.objects.filter(
        committee=committee, active=True, user__is_active=True, role__in=[Role.RECEPTION, Role.DIRECTOR]
    ).order_by("pk")


def official_duties_on(*, days, district_id: int | None = None) -> list[DutyAssignment]:
    """Duties residents and routing rely on (published or set by hand) on these days, of
    the district's committees (every committee without one), for the director to look at
    when the days change type."""
    duties = DutyAssignment.objects.official().filter(date__in=list(days))
    if district_id is not None:
        duties = duties.filter(committee__street_office__district_id=district_id)
    return list(duties.select_related("committee", "shift", "worker").order_by("committee", "date", "shift__start"))


def leave_gaps(*, leave: Leave) -> list[DutyAssignment]:
    return list(
        DutyAssignment.objects.filter(
            worker=leave.worker, date__range=(leave.start, leave.end), roster__status=RosterStatus.PUBLISHED
        )
        .select_related("shift")
        .order_by("date")
    )


# --- duty --------------------------------------------------------------------------------------

MIN_TRAINED_PER_LINE = 2


@dataclass
class DutyNow:
    now: list[DutyAssignment]
    today: list[DutyAssignment]


def duty_now_and_today(*, committee, at: dt.datetime | None = None) -> DutyNow:
    """Today's official duty at the committee (published rosters and hand-set duties,
    without workers on approved leave), and the part of it on shift at `at` (one query)."""
    at = timezone.localtime(at or timezone.now())
    on_leave = Leave.objects.filter(
        worker=OuterRef("worker"), status=LeaveStatus.APPROVED, start__lte=at.date(), end__gte=at.date()
    )
    today = list(
        DutyAssignment.objects.official()
        .filter(committee=committee, date=at.date())
        .exclude(Exists(on_leave))
        .select_related("shift", "worker")
        .order_by("shift__start", "worker__display_name")
    )
    now = [d for d in today if d.shift.start <= at.time() < d.shift.end]
    return DutyNow(now=now, today=today)


@dataclass
class GridRow:
    worker: Worker
    cells: list[list[DutyAssignment]]


@dataclass
class MonthGrid:
    days: list[tuple[dt.date, str]]
    rows: list[GridRow]
    shifts: list[ShiftTemplate]
    provisional: bool = False  # the month is in a year whose holiday schedule is not in yet


def month_grid(*, committee, first: dt.date, last: dt.date) -> MonthGrid:
    """Workers × days with their shifts: three queries whatever the month holds."""
    calendar = WorkCalendar.load(first, last, committee.district_id)
    days = []
    day = first
    while day <= last:
        days.append((day, calendar.day_type(day)))
        day += dt.timedelta(days=1)
    workers = list(duty_workers(committee).order_by("display_name"))
    duties = DutyAssignment.objects.filter(committee=committee, date__range=(first, last)).select_related("shift")
    by_worker_day = defaultdict(list)
    for duty in duties:
        by_worker_day[(duty.worker_id, duty.date)].append(duty)
    index = {d: i for i, (d, _t) in enumerate(days)}
    rows = []
    for worker in workers:
        cells: list[list[DutyAssignment]] = [[] for _day in days]
        for (worker_id, day), items in by_worker_day.items():
            if worker_id == worker.pk:
                cells[index[day]] = items
        rows.append(GridRow(worker=worker, cells=cells))
    shifts = list(ShiftTemplate.objects.filter(committee=committee, active=True).order_by("order"))
    return MonthGrid(days=days, rows=rows, shifts=shifts, provisional=calendar.provisional_between(first, last))


@dataclass
class CoverageGap:
    date: dt.date
    shift: ShiftTemplate
    assigned: int
    available: int
    on_leave: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CoverageRestBreak:
    kind: str  # rostering.RestBreak's: "late_then_early" or "too_many_days"
    name: str
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class MisplacedDuty:
    """A duty on a day its shift does not run on (say a weekday shift on a day the calendar
    has since made a holiday)."""

    date: dt.date
    day_type: str
    shift: ShiftTemplate
    name: str


@dataclass
class Coverage:
    first: dt.date
    last: dt.date
    gaps: list[CoverageGap]
    empty_days: list[dt.date]  # 无假日办公室 breaches: nobody on duty at all
    rest_breaks: list[CoverageRestBreak] = field(default_factory=list)
    misplaced: list[MisplacedDuty] = field(default_factory=list)


def coverage(
    *, committee, first: dt.date | None = None, days: int = 30, calendar: WorkCalendar | None = None
) -> Coverage:
    """Every shift below its minimum and every day with nobody on duty, counting workers
    on approved leave as absent even when the roster still names them; every rest rule the
    duties break (generated, edited by hand or swapped, published or not), read a week
    beyond each end of the window; and duties on days their shift does not run on. A
    calendar already loaded for the window may be passed in to save its query."""
    first = first or timezone.localdate()
    last = first + dt.timedelta(days=days - 1)
    district_id = committee.district_id
    if (
        calendar is None
        or calendar.district_id != district_id
        or not (calendar.covers(first) and calendar.covers(last))
    ):
        calendar = WorkCalendar.load(first, last, district_id)
    shifts = list(ShiftTemplate.objects.filter(committee=committee, active=True).order_by("order"))
    leave_days = defaultdict(set)
    for worker_id, start, end in Leave.objects.filter(
        committee=committee, status=LeaveStatus.APPROVED, start__lte=last, end__gte=first
    ).values_list("worker_id", "start", "end"):
        for day in each_day(max(start, first), min(end, last)):
            leave_days[day].add(worker_id)
    margin = dt.timedelta(days=rostering.MAX_CONSECUTIVE_DAYS + 1)
    duties = list(
        DutyAssignment.objects.filter(committee=committee, date__range=(first - margin, last + margin)).values_list(
            "date", "shift_id", "worker_id", "worker__display_name"
        )
    )
    slots = defaultdict(list)  # (day, shift) -> [(worker id, name)]: plain rows, no model instances
    for date, shift_id, worker_id, name in duties:
        if first <= date <= last:
            slots[(date, shift_id)].append((worker_id, name))
    gaps, empty_days, misplaced = [], [], []
    for day in each_day(first, last):
        day_type = calendar.day_type(day)
        anyone = False
        for shift in shifts:
            named = slots.get((day, shift.pk), [])
            if not shift.runs_on(day_type):
                misplaced += [MisplacedDuty(day, day_type, shift, name) for _worker_id, name in named]
                continue
            present = [worker_id for worker_id, _name in named if worker_id not in leave_days[day]]
            anyone = anyone or bool(present)
            if len(present) < shift.min_staff:
                on_leave = [name for worker_id, name in named if worker_id in leave_days[day]]
                gaps.append(CoverageGap(day, shift, len(named), len(present), on_leave))
        if not anyone:
            empty_days.append(day)
    names = {worker_id: name for _d, _s, worker_id, name in duties}
    specs = [_shift_spec(shift) for shift in shifts]
    rest_breaks = [
        CoverageRestBreak(kind=found.kind, name=names[found.worker_id], first=found.first, last=found.last)
        for found in rostering.rest_breaks([(d, s, w) for d, s, w, _n in duties], specs)
        if found.last >= first and found.first <= last
    ]
    return Coverage(
        first=first, last=last, gaps=gaps, empty_days=empty_days, rest_breaks=rest_breaks, misplaced=misplaced
    )


@dataclass
class TrainingMatrix:
    lines: list[Line]
    rows: list[tuple[Worker, list[Training | None]]]
    trained_count: dict[int, int]
    thin_lines: list[Line]  # fewer than MIN_TRAINED_PER_LINE trained workers


def training_matrix(*, committee) -> TrainingMatrix:
    lines = list(Line.objects.of_district(committee.district_id).order_by("order", "code"))
    workers = list(duty_workers(committee).order_by("display_name"))
    trainings = {(t.worker_id, t.line_id): t for t in Training.objects.filter(worker__in=workers)}
    rows = [(w, [trainings.get((w.pk, line.pk)) for line in lines]) for w in workers]
    trained_count = {line.pk: sum(1 for w in workers if (w.pk, line.pk) in trainings) for line in lines}
    thin = [line for line in lines if trained_count[line.pk] < MIN_TRAINED_PER_LINE]
    return TrainingMatrix(lines=lines, rows=rows, trained_count=trained_count, thin_lines=thin)


def workers_on_duty_at(*, committee, at: dt.datetime) -> list[Worker]:
    """Workers on a shift at `at` and not on approved leave that day (one query)."""
    at = timezone.localtime(at)
    on_leave = Leave.objects.filter(
        worker=OuterRef("worker"), status=LeaveStatus.APPROVED, start__lte=at.date(), end__gte=at.date()
    )
    duties = (
        DutyAssignment.objects.filter(
            committee=committee, date=at.date(), shift__start__lte=at.time(), shift__end__gt=at.time()
        )
        .exclude(Exists(on_leave))
        .select_related("worker")
        .order_by("worker__display_name")
    )
    seen, workers = set(), []
    for duty in duties:
        if duty.worker_id not in seen:
            seen.add(duty.worker_id)
            workers.append(duty.worker)
    return workers


# --- the personal duty feed --------------------------------------------------------------

FEED_PAST_DAYS = 31
FEED_FUTURE_DAYS = 92


def duty_calendar(*, worker, today: dt.date) -> bytes:
    tz = timezone.get_current_timezone()
    cal = Calendar()
    cal.add("prodid", "-//juweihui//duty//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{worker.committee.name} 值班 · {worker.display_name}")
    duties = (
        DutyAssignment.objects.filter(
            worker=worker,
            date__range=(today - dt.timedelta(days=FEED_PAST_DAYS), today + dt.timedelta(days=FEED_FUTURE_DAYS)),
        )
        .select_related("shift")
        .order_by("date")
    )
    for duty in duties:
        event = Event()
        event.add("uid", f"duty-{duty.pk}@juweihui")
        event.add("summary", f"{duty.shift.name} · {worker.committee.name}")
        event.add("dtstart", dt.datetime.combine(duty.date, duty.shift.start, tzinfo=tz))
        event.add("dtend", dt.datetime.combine(duty.date, duty.shift.end, tzinfo=tz))
        event.add("dtstamp", timezone.now())
        if worker.committee.address:
            event.add("location", worker.committee.address)
        cal.add_component(event)
    return cal.to_ical()


# --- approvals and confirmations ---------------------------------------------------------------


@dataclass
class PendingLeave:
    leave: Leave
    gaps: list[DutyAssignment]  # the published duties approving it would leave short


@dataclass
class PendingApprovals:
    swaps: list
    leaves: list[PendingLeave]

    @property
    def count(self) -> int:
        return len(self.swaps) + len(self.leaves)


def pending_approvals(*, committee) -> PendingApprovals:
    """Swaps the colleague accepted and leave requested at the committee, each leave with the
    published duties it would leave short: three queries whatever their number."""
    swaps = list(
        swaps_awaiting_director(committee)
        .select_related("duty__shift", "return_duty__shift", "proposer", "colleague")
        .order_by("duty__date", "pk")
    )
    leaves = list(leave_awaiting_director(committee).select_related("worker").order_by("start"))
    gaps_by_leave: dict[int, list[DutyAssignment]] = {leave.pk: [] for leave in leaves}
    if leaves:
        duties = DutyAssignment.objects.filter(
            committee=committee,
            worker_id__in={leave.worker_id for leave in leaves},
            date__range=(min(leave.start for leave in leaves), max(leave.end for leave in leaves)),
            roster__status=RosterStatus.PUBLISHED,
        ).select_related("shift")
        for duty in duties.order_by("date", "shift__start"):
            for leave in leaves:
                if leave.worker_id == duty.worker_id and leave.start <= duty.date <= leave.end:
                    gaps_by_leave[leave.pk].append(duty)
    return PendingApprovals(swaps=swaps, leaves=[PendingLeave(leave, gaps_by_leave[leave.pk]) for leave in leaves])


@dataclass
class CalendarNote:
    date: dt.date
    day_type: str  # a holiday, or a weekend day worked (调休, a working day)
    name: str


@dataclass
class PublishCheck:
    coverage: Coverage
    days: list[CalendarNote]  # the month's holidays and worked weekend days
    provisional: bool  # the month is in a year whose holiday schedule is not in yet


def roster_publish_check(*, roster) -> PublishCheck:
    """What the director confirms before publishing a month: its coverage shortfalls, its
    holidays and 调休 days as the committee's district calendar has them, and whether they
    are provisional."""
    committee = roster.committee
    first = roster.month
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    calendar = WorkCalendar.load(first, last, committee.district_id)
    exceptional = sorted(day for day in calendar.exceptions if first <= day <= last)
    names: dict[dt.date, str] = {}
    rows = CalendarDay.objects.filter(date__in=exceptional).filter(
        Q(district__isnull=True) | Q(district_id=committee.district_id)
    )
    for day, name, district_id in rows.values_list("date", "name", "district_id"):
        if district_id is not None or day not in names:  # the district's own name first
            names[day] = name
    days = [CalendarNote(day, calendar.day_type(day), names.get(day, "")) for day in exceptional]
    check = coverage(committee=committee, first=first, days=(last - first).days + 1, calendar=calendar)
    return PublishCheck(coverage=check, days=days, provisional=calendar.provisional_between(first, last))


# --- a committee's set-up: posts, shift templates, grid areas -------------------------------------


@dataclass
class Setup:
    posts: list[Post]
    lines_without_a: list[Line]  # lines of the district with no A-post here
    shifts: list[ShiftTemplate]
    grid_areas: list[GridArea]


def committee_setup(*, committee) -> Setup:
    """The committee's A/B posts, shift templates (retired ones too) and grid areas: four
    queries whatever their number."""
    posts = list(
        Post.objects.filter(committee=committee).select_related("line", "worker").order_by("line__order", "kind", "pk")
    )
    with_a = {post.line_id for post in posts if post.kind == "A"}
    lines = [
        line for line in Line.objects.of_district(committee.district_id).order_by("order") if line.pk not in with_a
    ]
    shifts = list(ShiftTemplate.objects.filter(committee=committee).order_by("-active", "order", "start"))
    areas = naturally_sorted(
        GridArea.objects.filter(committee=committee).select_related("responsible__worker"), key=lambda area: area.name
    )
    return Setup(posts=posts, lines_without_a=lines, shifts=shifts, grid_areas=areas)


@dataclass
class HistoryRow:
    at: dt.datetime
    by: str
    kind: str  # simple-history's "+", "~", "-"
    changes: list[tuple[str, str, str]]  # (field's name, old, new)


HISTORY_SHOWN = 20


def _named(model, ids) -> dict:
    records = model._default_manager.all()
    if model is get_user_model():
        records = records.select_related("worker")  # a login is shown by its worker's name
    return records.in_bulk(ids)


def history_of(obj, *, limit: int = HISTORY_SHOWN) -> list[HistoryRow]:
    """The last changes of a record, newest first, each field by its Chinese name with its
    old and new value (related records by name): a fixed number of queries."""
    records = list(obj.history.select_related("history_user__worker").order_by("-history_date", "-pk")[: limit + 1])
    fields = {f.name: f for f in obj._meta.concrete_fields}
    # Related records named in one query per kind.
    wanted: dict[str, set] = defaultdict(set)
    for record in records:
        for name, model_field in fields.items():
            if model_field.is_relation and getattr(record, model_field.attname) is not None:
                wanted[name].add(getattr(record, model_field.attname))
    names = {name: _named(fields[name].related_model, ids) for name, ids in wanted.items()}

    def shown(name, record) -> str:
        model_field = fields[name]
        value = getattr(record, model_field.attname)
        if value is None or value == "":
            return "—"
        if model_field.is_relation:
            related = names[name].get(value)
            worker = getattr(related, "worker", None) if related is not None else None
            return str(worker or related or value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if isinstance(value, dt.time):
            return f"{value:%H:%M}"
        return str(value)

    rows = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(rows) == limit:
            break
        changes = []
        for name, model_field in fields.items():
            if name == "id":
                continue
            new = shown(name, newer)
            old = shown(name, older) if older is not None else "—"
            if older is None or new != old:
                if older is None and new == "—":
                    continue
                changes.append((str(model_field.verbose_name), old, new))
        user = newer.history_user
        by = str(getattr(user, "worker", None) or user or "—") if user else "—"
        rows.append(HistoryRow(at=newer.history_date, by=by, kind=newer.history_type, changes=changes))
    return rows
