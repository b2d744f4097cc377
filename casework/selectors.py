"""Reads of cases shared by views, the dashboard and exports."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone

from committee.scoping import visible_committee_ids
from committee.selectors import districts_of
from committee.workcalendar import WorkCalendar
from utilities.dayranges import on_or_after

from .filters import CaseFilterSet
from .models import Case, Notification

LIST_RELATED = ("line", "handler", "first_responder", "committee__street_office")


def case_list(*, user, params) -> CaseFilterSet:
    """The committee case list: the user's scope, filtered by the query string."""
    queryset = Case.objects.visible_to(user).select_related(*LIST_RELATED).order_by("-registered_at", "-pk")
    return CaseFilterSet(params or None, queryset=queryset, committee_ids=visible_committee_ids(user))


def cases_of_worker(*, worker):
    """Open cases the worker handles or first received, soonest deadline first."""
    return (
        Case.objects.filter(committee_id=worker.committee_id)
        .involving(worker)
        .open()
        .select_related(*LIST_RELATED)
        .order_by("due_at", "pk")
    )


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
