"""The desk's ledgers in admin, read only: visits are entered at the desk through
reception.services. ID numbers appear masked only, phones masked in every list."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committee.admin import ReadOnlyAdminMixin, ScopedAdminMixin, ScopedInline

from .models import Appointment, IdNumberAccess, SealUse, Visit, VisitItem

RelatedOnly = admin.RelatedOnlyFieldListFilter


@admin.display(description=_("缺少的材料"))
def missing_materials(visit_item):
    return "、".join(visit_item.materials_missing or []) or "—"


class VisitItemInline(ReadOnlyAdminMixin, ScopedInline):
    model = VisitItem
    fields = ["service_item", "missing"]
    readonly_fields = fields
    related = ["service_item"]

    @admin.display(description=_("缺少的材料"))
    def missing(self, visit_item):
        return missing_materials(visit_item)


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "reference",
        "received_at",
        "committee",
        "channel",
        "resident_name",
        "phone_masked",
        "id_number_masked",
        "outcome",
        "received_by",
        "voided_at",
    ]
    list_filter = ["channel", "outcome", ("committee", RelatedOnly)]
    search_fields = ["reference", "resident_name"]
    autocomplete_fields = ["committee", "received_by", "grid_area", "case", "previous_visit", "voided_by"]
    list_select_related = ["committee", "received_by"]
    date_hierarchy = "received_at"
    # Never the ID number (encrypted or digest), nor the whole phone: the visit page shows
    # those where needed and records the access.
    exclude = ["id_number_encrypted", "id_number_digest", "resident_phone"]
    inlines = [VisitItemInline]

    @admin.display(description=_("联系电话"))
    def phone_masked(self, visit):
        return visit.masked_phone


@admin.register(VisitItem)
class VisitItemAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    committee_lookup = "visit__committee"
    list_display = ["visit", "service_item", missing_materials]
    list_filter = ["service_item__line", ("visit__committee", RelatedOnly)]
    search_fields = ["visit__reference", "service_item__name"]
    autocomplete_fields = ["visit", "service_item"]
    list_select_related = ["visit", "service_item"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["starts_at", "resident_name", "phone_masked", "service_item", "worker", "status", "committee"]
    list_filter = ["status", ("committee", RelatedOnly)]
    search_fields = ["resident_name", "visit__reference"]
    autocomplete_fields = ["committee", "visit", "worker", "service_item", "created_by"]
    list_select_related = ["worker", "committee", "service_item"]
    date_hierarchy = "starts_at"
    exclude = ["resident_phone"]

    @admin.display(description=_("联系电话"))
    def phone_masked(self, appointment):
        return appointment.masked_phone


@admin.register(SealUse)
class SealUseAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["used_at", "document", "service_item", "copies", "used_by", "committee", "voided_at"]
    list_filter = [("committee", RelatedOnly), "service_item"]
    search_fields = ["document", "visit__reference"]
    autocomplete_fields = ["committee", "visit", "service_item", "used_by"]
    list_select_related = ["service_item", "used_by", "committee"]
    date_hierarchy = "used_at"


@admin.register(IdNumberAccess)
class IdNumberAccessAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Who was shown a resident's whole ID number, when and why: read only (the record
    itself holds no number, only the visit)."""

    list_display = ["at", "visit", "worker", "reason", "password_set_through"]
    list_filter = [("visit__committee", RelatedOnly)]
    search_fields = ["visit__reference", "worker__display_name", "reason"]
    list_select_related = ["visit", "worker", "password_set_through"]
    date_hierarchy = "at"
    fields = ["at", "visit", "worker", "reason", "password_set_through"]
    readonly_fields = fields
