from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committee.admin_scoping import ReadOnlyAdminMixin, ScopedAdminMixin, ScopedInline

from .models import Appointment, SealUse, Visit, VisitItem


class VisitItemInline(ReadOnlyAdminMixin, ScopedInline):
    model = VisitItem
    fields = ["service_item", "materials_missing"]
    readonly_fields = fields


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """Visits are entered at the desk; admin reads them. ID numbers appear masked only."""

    list_display = ["reference", "received_at", "committee", "channel", "resident_name", "masked_phone",
                    "id_number_masked", "outcome", "received_by"]
    list_filter = ["channel", "outcome", "committee"]
    search_fields = ["reference", "resident_name"]
    list_select_related = ["committee", "received_by"]
    date_hierarchy = "received_at"
    exclude = ["id_number_encrypted", "id_number_digest", "resident_phone"]
    inlines = [VisitItemInline]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["starts_at", "resident_name", "masked_phone", "worker", "status", "committee"]
    list_filter = ["status", "committee"]
    search_fields = ["resident_name"]
    list_select_related = ["worker", "committee"]
    date_hierarchy = "starts_at"
    exclude = ["resident_phone"]


@admin.register(SealUse)
class SealUseAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["used_at", "document", "service_item", "copies", "used_by", "committee"]
    list_filter = ["committee", "service_item"]
    search_fields = ["document"]
    list_select_related = ["service_item", "used_by", "committee"]
    date_hierarchy = "used_at"
