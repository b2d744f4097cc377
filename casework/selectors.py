"""Reads of cases shared by views, the dashboard and exports."""

from django.db.models import Count, Q
from django.utils import timezone

from .choices import OPEN_STATUSES, CaseStatus
from .models import Case, Notification


def case_counts(*, committee, now=None) -> dict:
    """Open, overdue and waiting cases of a committee, in one aggregate query."""
    now = now or timezone.now()
    is_open = Q(status__in=OPEN_STATUSES)
    return Case.objects.filter(committee=committee).aggregate(
        open=Count("id", filter=is_open),
        overdue=Count("id", filter=is_open & Q(due_at__lt=now) & ~Q(status=CaseStatus.WAITING)),
        waiting=Count("id", filter=Q(status=CaseStatus.WAITING)),
        resolved=Count("id", filter=Q(status=CaseStatus.RESOLVED)),
    )


def cases_of_worker(*, worker):
    """Open cases the worker handles or first received, soonest deadline first."""
    return (
        Case.objects.filter(committee_id=worker.committee_id)
        .involving(worker)
        .open()
        .select_related("line", "handler", "first_responder")
        .order_by("due_at")
    )


def case_detail(*, user, pk):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Case.objects.visible_to(user).select_related(
            "committee", "line", "service_item", "handler", "first_responder", "grid_area"
        ),
        pk=pk,
    )


def unread_notification_count(*, worker) -> int:
    return Notification.objects.filter(recipient=worker, read_at__isnull=True).count()


def notifications_of(*, worker):
    return Notification.objects.filter(recipient=worker).select_related("case")
