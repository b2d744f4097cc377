"""Care plans and home visits in admin, read only, with their history: plans are set on the
director's page (/care/plans/) and visits recorded on the grid, both through
carework.services; admin is where a street admin reads them, and anyone their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committee.admin import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import CarePlan, HomeVisit

RelatedOnly = admin.RelatedOnlyFieldListFilter


@admin.register(CarePlan)
class CarePlanAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["committee", "target", "tag", "interval_days", "active", "started_on"]
    list_filter = [("committee", RelatedOnly), "active"]
    list_select_related = ["committee", "tag"]
    fields = readonly_fields = ["committee", "target", "tag", "interval_days", "active", "started_on"]


@admin.register(HomeVisit)
class HomeVisitAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["visited_at", "committee", "grid_area", "worker", "outcome", "condition", "person_left", "case"]
    list_filter = [("committee", RelatedOnly), "outcome", "person_left"]
    list_select_related = ["committee", "grid_area", "worker", "case"]
    date_hierarchy = "visited_on"
    fields = readonly_fields = [
        "client_id",
        "recorded_at",
        "received_at",
        "committee",
        "person",
        "household",
        "grid_area",
        "worker",
        "visited_at",
        "visited_on",
        "outcome",
        "condition",
        "needs",
        "notes",
        "next_visit_on",
        "case",
        "desk_visit",
        "person_left",
    ]
