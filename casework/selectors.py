"""Reads of cases shared by views, the dashboard and exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from committee.scoping import visible_committee_ids
from committee.selectors import districts_of
from committee.workcalendar import WorkCalendar
from staffing.selectors import approvals_pending
from utilities.dayranges import on_or_after

from .choices import CURRENT_STEP, CaseStatus, EventKind, Step
from .filters import CaseFilterSet
from .models import Case, Notification

LIST_RELATED = ("line", "handler", "first_responder", "committee__street_office")


def case_list(*, user, params) -> CaseFilterSet:
    """The committee case list: the user's scope, filtered by the query string."""
    queryset = Case.objects.visible_to(user).select_related(*LIST_RELATED).order_by("-registered_at", "-pk")
    return CaseFilterSet(params or None, queryset=queryset, committee_ids=visible_committee_ids(user))


@dataclass
class MyQueue:
    """What waits on one worker (我的事项), in sections."""

    to_handle: list  # open cases I handle
    to_follow_up: list  # resolved cases waiting for the 回访 I owe as first responder
    handed_on: list  # open cases I first received, now handled by someone else
    approvals: dict | None  # a director's swaps and leave to decide

    @property
    def empty(self) -> bool:
        approvals = self.approvals or {}
        return not (self.to_handle or self.to_follow_up or self.handed_on or any(approvals.values()))


def my_queue(*, worker, limit: int = 200) -> MyQueue:
    """The worker's 我的事项: to handle (soonest deadline first), to follow up (longest
    waiting first), handed on; and for a director, what waits for approval (staffing)."""
    mine = Case.objects.filter(committee_id=worker.committee_id).select_related(*LIST_RELATED)
    to_handle = with_deadlines(mine.open().filter(handler=worker).order_by("due_at", "pk")[:limit])
    to_follow_up = list(
        mine.filter(status=CaseStatus.RESOLVED, first_responder=worker).order_by("resolved_at", "pk")[:limit]
    )
    handed_on = with_deadlines(
        mine.open().filter(first_responder=worker).exclude(handler=worker).order_by("due_at", "pk")[:limit]
    )
    approvals = None
    if worker.is_director_of(worker.committee_id):
        pending = approvals_pending(committee=worker.committee)
        approvals = {"swaps": list(pending["swaps"][:limit]), "leaves": list(pending["leaves"][:limit])}
    return MyQueue(to_handle=to_handle, to_follow_up=to_follow_up, handed_on=handed_on, approvals=approvals)


def overdue_for_supervision(*, user, now: dt.datetime | None = None) -> list[Case]:
    """The overdue list (超期督办): the user's overdue cases, the most working days overdue
    first (the earliest deadline is the most overdue), each with `days_overdue` and how
    often it was chased (催办) and supervised (督办)."""
    now = now or timezone.now()
    cases = (
        Case.objects.visible_to(user)
        .overdue(now)
        .select_related(*LIST_RELATED)
        .annotate(
            chased=Count("events", filter=Q(events__kind=EventKind.CHASED)),
            supervised=Count("events", filter=Q(events__kind=EventKind.SUPERVISED)),
        )
        .order_by("due_at", "pk")[:500]
    )
    return with_deadlines(cases, today=timezone.localtime(now).date())


@dataclass(frozen=True)
class StepMark:
    label: str
    state: str  # "done", "current" or "todo"
    paused: bool = False  # 待补件: the current step waits, its clock stopped


def case_steps(case: Case) -> list[StepMark]:
    """The step bar of a case (登记 → 派单 → 办理 → 办结 → 回访 → 结案), from CURRENT_STEP;
    empty for a voided case (it left the loop)."""
    current = CURRENT_STEP.get(case.status)
    if current is None:
        return []
    order = list(Step)
    at = order.index(current)
    marks = []
    for i, step in enumerate(order):
        if case.status == CaseStatus.CLOSED:
            state = "current" if step == current else "done"
        else:
            state = "done" if i < at else "current" if i == at else "todo"
        marks.append(
            StepMark(
                label=str(step.label), state=state, paused=state == "current" and case.status == CaseStatus.WAITING
            )
        )
    return marks


def case_detail(*, user, pk):
    return get_object_or_404(
        Case.objects.visible_to(user).select_related(
            "committee", "line", "service_item", "handler", "first_responder", "grid_area"
        ),
        pk=pk,
    )


def with_deadlines(cases, *, today: dt.date | None = None) -> list[Case]:
    """Give each running case `days_left` and `days_overdue` in working days, and each open
    case `deadline_provisional` (its deadline is counted over days of a year whose official
    schedule is not in yet), from one calendar load for the whole page. A case waiting for
    papers (待补件) has its clock stopped: it gets no days, and is never overdue."""
    cases = list(cases)
    today = today or timezone.localdate()
    open_cases = [case for case in cases if case.is_open]
    if not open_cases:
        return cases
    dates = [timezone.localtime(case.due_at).date() for case in open_cases] + [today]
    dates += [case.receipt_day for case in open_cases]
    district = _districts(open_cases)
    # One load per district on the page: a page is almost always of one.
    calendars = {d: WorkCalendar.load(min(dates), max(dates), d) for d in set(district.values())}
    for case in open_cases:
        calendar = calendars[district[case.committee_id]]
        due = timezone.localtime(case.due_at).date()
        case.deadline_provisional = deadline_provisional(case, calendar.official_years)
        if case.is_running:
            left = calendar.working_days_between(today, due)
            case.days_left, case.days_overdue = max(left, 0), max(-left, 0)
    return cases


def _districts(cases) -> dict[int, int]:
    """{committee id: district id} for the cases: from the loaded committees when the list
    came with them (LIST_RELATED), else one query."""
    known = {}
    for case in cases:
        committee = case._state.fields_cache.get("committee")
        if committee is None or "street_office" not in committee._state.fields_cache:
            return districts_of(case.committee_id for case in cases)
        known[case.committee_id] = committee.street_office.district_id
    return known


def deadline_provisional(case: Case, official_years: frozenset[int]) -> bool:
    """Whether the open case's deadline is counted over a year whose holiday schedule is
    not in yet: it may move when the schedule is entered."""
    due = timezone.localtime(case.due_at).date()
    return any(year not in official_years for year in range(case.receipt_day.year, due.year + 1))


def busiest_lines(*, committee, since: dt.date, limit: int) -> list[int]:
    """The committee's lines with the most cases registered since `since`, busiest first
    (staffing's roster asks, through `staffing.selectors.busiest_lines`)."""
    rows = (
        Case.objects.filter(on_or_after("registered_at", since), committee=committee)
        .values("line")
        .annotate(n=Count("id"))
        .order_by("-n", "line")[:limit]
    )
    return [row["line"] for row in rows]


def unread_notification_count(*, worker) -> int:
    return Notification.objects.filter(recipient=worker, read_at__isnull=True).count()


def notifications_of(*, worker):
    return Notification.objects.filter(recipient=worker).select_related("case")
