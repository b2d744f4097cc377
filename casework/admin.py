"""Cases and their timeline, reminders and notifications in admin: read only. Cases are
written through the case pages (casework.services is the one write path); admin reads
them and their full field history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committee.admin import ReadOnlyAdminMixin, ScopedAdminMixin, ScopedInline

from .models import Case, CaseEvent, Notification, Reminder

RelatedOnly = admin.RelatedOnlyFieldListFilter


class CaseEventInline(ReadOnlyAdminMixin, ScopedInline):
    model = CaseEvent
    fields = ["at", "kind", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields
    related = ["actor"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["reference", "title", "committee", "status", "handler", "first_responder", "due_at", "phone_masked"]
    list_filter = ["status", "source", "line", ("committee", RelatedOnly)]
    search_fields = ["reference", "title", "resident_name"]
    autocomplete_fields = ["committee", "line", "service_item", "grid_area", "first_responder", "handler"]
    list_select_related = ["committee", "handler", "first_responder"]
    date_hierarchy = "registered_at"
    exclude = ["resident_phone"]  # shown whole only on the case page, where access is recorded
    inlines = [CaseEventInline]

    @admin.display(description=_("联系电话"))
    def phone_masked(self, case):
        return case.masked_phone


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["case", "kind", "actor", "at", "from_status", "to_status"]
    list_filter = ["kind", ("case__committee", RelatedOnly)]
    search_fields = ["case__reference", "note"]
    autocomplete_fields = ["case", "actor"]
    list_select_related = ["case", "actor"]
    date_hierarchy = "at"


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    committee_lookup = "case__committee"
    list_display = ["case", "kind", "due_at", "created_at", "sent_at"]
    list_filter = ["kind", ("case__committee", RelatedOnly)]
    search_fields = ["case__reference"]
    autocomplete_fields = ["case"]
    list_select_related = ["case"]
    date_hierarchy = "created_at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    committee_lookup = "recipient__committee"
    list_display = ["recipient", "text", "case", "created_at", "read_at"]
    list_filter = [("recipient__committee", RelatedOnly)]
    search_fields = ["text", "recipient__display_name"]
    autocomplete_fields = ["recipient", "case"]
    list_select_related = ["recipient", "case"]
    date_hierarchy = "created_at"
