"""Reads about workers, posts and duty shared by views, casework routing and the board."""

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone

from .models import DutyAssignment, Leave, Post, Training, Worker


def workers_of(*, user):
    return (
        Worker.objects.visible_to(user)
        .filter(committee__isnull=False)
        .select_related("committee", "user")
        .order_by("committee__code", "display_name")
    )


def worker_detail(*, user, pk):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Worker.objects.visible_to(user)
        .select_related("committee", "user")
        .prefetch_related(
            Prefetch("trainings", queryset=Training.objects.select_related("line")),
            Prefetch("posts", queryset=Post.objects.select_related("line")),
            "user__grid_areas",
        ),
        pk=pk,
    )


def duties_of_worker(*, worker, start: dt.date, end: dt.date):
    return (
        DutyAssignment.objects.filter(worker=worker, date__range=(start, end))
        .select_related("shift")
        .order_by("date", "shift__start")
    )


def leaves_of_worker(*, worker):
    return Leave.objects.filter(worker=worker).order_by("-start")[:20]


def on_leave(*, worker, day: dt.date) -> bool:
    from .choices import LeaveStatus

    return Leave.objects.filter(
        worker=worker, status=LeaveStatus.APPROVED, start__lte=day, end__gte=day
    ).exists()


def handler_for_line(*, committee, line, at=None):
    """Who handles line `line` at `at` (AB岗): the A-post if available, else a B-post,
    else the committee's director. Available means active, not on approved leave that
    day, and — on weekends and holidays — on duty at that moment."""
    from committee.roles import Role
    from committee.workcalendar import is_working_day

    from .duty_selectors import duty_now_and_today

    from .choices import LeaveStatus, PostKind

    at = timezone.localtime(at or timezone.now())
    day = at.date()
    working_day = is_working_day(day)
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
    return Worker.objects.filter(committee=committee, role=Role.DIRECTOR, active=True).order_by("pk").first()
