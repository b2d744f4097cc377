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
            "grid_areas",
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


def on_duty_now(*, committee, now=None):
    """Workers on a shift at `now` (local time) at the committee."""
    now = timezone.localtime(now or timezone.now())
    return (
        Worker.objects.filter(
            duties__committee=committee,
            duties__date=now.date(),
            duties__shift__start__lte=now.time(),
            duties__shift__end__gt=now.time(),
        )
        .distinct()
        .order_by("display_name")
    )
