"""Patrols in admin, read only, with their history: they are written on the grid through
patrols.services; a street admin reads those of their committees."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committee.admin import ReadOnlyAdminMixin, ScopedAdminMixin, ScopedInline

from .models import Finding, Patrol

RelatedOnly = admin.RelatedOnlyFieldListFilter


class FindingInline(ReadOnlyAdminMixin, ScopedInline):
    model = Finding
    fields = ["recorded_at", "category", "description", "location", "status", "case", "withdrawn_at", "withdraw_reason"]
    readonly_fields = fields
    related = ["case"]


@admin.register(Patrol)
class PatrolAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["date", "committee", "grid_area", "worker", "started_at", "ended_at", "withdrawn_at"]
    list_filter = [("committee", RelatedOnly), "date"]
    list_select_related = ["committee", "grid_area", "worker"]
    date_hierarchy = "date"
    readonly_fields = [
        "client_id",
        "recorded_at",
        "received_at",
        "committee",
        "grid_area",
        "worker",
        "date",
        "started_at",
        "ended_at",
        "route_notes",
        "withdrawn_at",
        "withdrawn_by",
        "withdraw_reason",
    ]
    fields = readonly_fields
    inlines = [FindingInline]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["recorded_at", "patrol", "category", "location", "status", "case", "withdrawn_at"]
    list_filter = ["category", "status"]
    list_select_related = ["patrol__grid_area", "case"]
    readonly_fields = [
        "client_id",
        "recorded_at",
        "received_at",
        "patrol",
        "recorded_by",
        "category",
        "description",
        "location",
        "status",
        "case",
        "withdrawn_at",
        "withdrawn_by",
        "withdraw_reason",
    ]
    fields = readonly_fields
