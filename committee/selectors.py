"""Reads about committees shared by the pages of every app."""

from .models import Committee


def committees_visible_to(user):
    return Committee.objects.visible_to(user).select_related("street_office")
