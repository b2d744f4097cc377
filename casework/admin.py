from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committee.admin_scoping import ReadOnlyAdminMixin, ScopedAdminMixin, ScopedInline

from .models import Case, CaseEvent, Notification, Reminder


class CaseEventInline(ReadOnlyAdminMixin, ScopedInline):
    model = CaseEvent
    fields = ["at", "kind", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """Cases are written through the case pages (one write path); admin reads them and
    their full field history."""

    list_display = ["reference", "title", "committee", "status", "handler", "first_responder", "due_at", "masked_phone"]
    list_filter = ["status", "source", "line", "committee"]
    search_fields = ["reference", "title", "resident_name"]
    list_select_related = ["committee", "handler", "first_responder"]
    date_hierarchy = "registered_at"
    exclude = ["resident_phone"]
    inlines = [CaseEventInline]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["case", "kind", "actor", "at"]
    list_filter = ["kind"]
    search_fields = ["case__reference", "note"]
    list_select_related = ["case", "actor"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["case", "kind", "due_at", "created_at", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["case__reference"]
    list_select_related = ["case"]

    def get_queryset(self, request):
        from .models import Case

        return super().get_queryset(request).filter(case__in=Case.objects.visible_to(request.user))


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["recipient", "text", "created_at", "read_at"]
    search_fields = ["text", "recipient__display_name"]
    list_select_related = ["recipient"]

    def get_queryset(self, request):
        from staffing.models import Worker

        return super().get_queryset(request).filter(recipient__in=Worker.objects.visible_to(request.user))
