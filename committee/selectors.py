"""Reads about committees shared by the home pages and admin."""

from django.db.models import Count, Q

from .models import Committee


def committees_visible_to(user):
    return Committee.objects.visible_to(user).select_related("street_office")


def street_overview(user):
    """Each visible committee with its active worker and grid-area counts, in one query."""
    return committees_visible_to(user).annotate(
        worker_count=Count("workers", filter=Q(workers__active=True), distinct=True),
        grid_area_count=Count("grid_areas", filter=Q(grid_areas__active=True), distinct=True),
    )
