"""Reads of the reception ledgers shared by views, the dashboard and exports."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from .choices import Outcome
from .models import Appointment, Visit


def visit_counts(*, committee, day: dt.date | None = None) -> dict:
    """Today's visits and how many were completed on the spot, in one aggregate query."""
    day = day or timezone.localdate()
    return Visit.objects.valid().filter(committee=committee, received_at__date=day).aggregate(
        total=Count("id"),
        on_the_spot=Count("id", filter=Q(outcome=Outcome.ON_THE_SPOT)),
        notices=Count("id", filter=Q(outcome=Outcome.NOTICE)),
        handed_on=Count("id", filter=Q(outcome=Outcome.HANDED_ON)),
    )


def visits_of_day(*, committee, day: dt.date | None = None):
    day = day or timezone.localdate()
    return (
        Visit.objects.filter(committee=committee, received_at__date=day)
        .select_related("received_by", "grid_area")
        .order_by("-received_at")
    )


def appointments_of_day(*, committee, day: dt.date | None = None):
    day = day or timezone.localdate()
    return (
        Appointment.objects.filter(committee=committee, starts_at__date=day)
        .select_related("worker", "service_item")
        .order_by("starts_at")
    )
