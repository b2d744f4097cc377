"""Writes of duty rosters: generate a month's draft, edit it, publish it."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from committee.dayranges import on_or_after
from committee.models import Committee
from committee.roles import Role
from committee.workcalendar import WorkCalendar

from . import rostering
from .choices import LeaveStatus, RosterStatus
from .models import DutyAssignment, Leave, Roster, ShiftTemplate, Training, Worker

FAIRNESS_MONTHS = 3
BUSY_LINE_COUNT = 3


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first.replace(day=monthrange(first.year, first.month)[1])


def duty_workers(committee: Committee):
    """Who takes desk duty: the committee's active desk workers and its director."""
    return Worker.objects.filter(
        committee=committee, active=True, user__is_active=True, role__in=[Role.RECEPTION, Role.DIRECTOR]
    ).order_by("pk")


def busiest_lines(committee: Committee, *, since: dt.date) -> frozenset[int]:
    """The committee's busiest lines by cases registered since `since`."""
    from casework.models import Case  # casework imports staffing; read-only use here, at call time

    rows = (
        Case.objects.filter(on_or_after("registered_at", since), committee=committee)
        .values("line")
        .annotate(n=Count("id"))
        .order_by("-n", "line")[:BUSY_LINE_COUNT]
    )
    return frozenset(row["line"] for row in rows)


def _plan_inputs(committee: Committee, first: dt.date, last: dt.date):
    calendar = WorkCalendar.load(first - relativedelta(months=FAIRNESS_MONTHS), last)
    days = []
    day = first
    while day <= last:
        days.append((day, calendar.day_type(day)))
        day += dt.timedelta(days=1)
    shifts = [
        rostering.ShiftSpec(
            id=s.pk, name=s.name, start=s.start, end=s.end, min_staff=s.min_staff,
            day_types=frozenset(t for t, on in (("working", s.on_working_days), ("weekend", s.on_weekends),
                                                 ("holiday", s.on_holidays)) if on),
        )
        for s in ShiftTemplate.objects.filter(committee=committee, active=True).order_by("order", "pk")
    ]
    workers_qs = list(duty_workers(committee))
    trained: dict[int, set[int]] = {}
    for worker_id, line_id in Training.objects.filter(worker__in=workers_qs).values_list("worker_id", "line_id"):
        trained.setdefault(worker_id, set()).add(line_id)
    workers = [rostering.WorkerSpec(id=w.pk, name=w.display_name, trained_lines=frozenset(trained.get(w.pk, ())))
               for w in workers_qs]
    leave: dict[int, set[dt.date]] = {}
    for worker_id, start, end in Leave.objects.filter(
        committee=committee, status=LeaveStatus.APPROVED, start__lte=last, end__gte=first
    ).values_list("worker_id", "start", "end"):
        day = max(start, first)
        while day <= min(end, last):
            leave.setdefault(worker_id, set()).add(day)
            day += dt.timedelta(days=1)
    prior_start = first - relativedelta(months=FAIRNESS_MONTHS)
    prior = [
        (d, shift_id, worker_id, calendar.day_type(d))
        for d, shift_id, worker_id in DutyAssignment.objects.filter(
            committee=committee, date__gte=prior_start, date__lt=first
        ).values_list("date", "shift_id", "worker_id")
    ]
    return days, shifts, workers, leave, prior


@transaction.atomic
def roster_generate(*, committee: Committee, month: dt.date, by: Worker | None = None) -> tuple[Roster, rostering.RosterPlan]:
    """(Re)build the draft roster of `month`. A published month is not regenerated: the
    director edits it by hand so every change stays visible."""
    first, last = month_bounds(month)
    roster, _created = Roster.objects.select_for_update().get_or_create(committee=committee, month=first)
    if roster.status == RosterStatus.PUBLISHED:
        raise ValidationError(_("该月排班表已发布，不能重新生成；请逐项调整。"))
    days, shifts, workers, leave, prior = _plan_inputs(committee, first, last)
    busy = busiest_lines(committee, since=first - relativedelta(months=FAIRNESS_MONTHS))
    plan = rostering.generate(days=days, shifts=shifts, workers=workers, leave=leave, prior=prior, busy_lines=busy)
    DutyAssignment.objects.filter(committee=committee, date__range=(first, last)).delete()
    # With history, so a published roster shows where each duty came from.
    bulk_create_with_history(
        [DutyAssignment(committee=committee, roster=roster, date=d, shift_id=s, worker_id=w) for d, s, w in plan.assignments],
        DutyAssignment,
        batch_size=500,
    )
    roster.notes = "\n".join(str(s) for s in plan.shortfalls)
    roster.save(update_fields=["notes"])
    return roster, plan


@transaction.atomic
def roster_publish(*, roster: Roster, by: Worker) -> Roster:
    if roster.status == RosterStatus.PUBLISHED:
        raise ValidationError(_("该排班表已经发布。"))
    roster.status = RosterStatus.PUBLISHED
    roster.published_at = timezone.now()
    roster.published_by = by.user
    roster.save(update_fields=["status", "published_at", "published_by"])
    return roster
