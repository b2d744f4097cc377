from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committee.admin_scoping import ScopedAdminMixin, ScopedInline

from .models import DutyAssignment, Leave, Post, Roster, ShiftTemplate, SwapRequest, Training, Worker


class TrainingInline(ScopedInline):
    model = Training
    autocomplete_fields = ["line"]


class PostInline(ScopedInline):
    model = Post
    fk_name = "worker"
    autocomplete_fields = ["line", "committee"]


@admin.register(Worker)
class WorkerAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["display_name", "user", "role", "committee", "street_office", "masked_phone", "active"]
    list_filter = ["role", "active", "committee"]
    search_fields = ["display_name", "user__username", "committee__name"]
    autocomplete_fields = ["user", "committee", "street_office"]
    list_select_related = ["user", "committee", "street_office"]
    exclude = ["feed_token"]
    inlines = [TrainingInline, PostInline]


@admin.register(Training)
class TrainingAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["worker", "line", "trained_on", "note"]
    list_filter = ["line"]
    search_fields = ["worker__display_name", "line__name"]
    autocomplete_fields = ["worker", "line"]
    list_select_related = ["worker", "line"]


@admin.register(Post)
class PostAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["committee", "line", "kind", "worker"]
    list_filter = ["kind", "line", "committee"]
    search_fields = ["worker__display_name", "line__name"]
    autocomplete_fields = ["committee", "line", "worker"]
    list_select_related = ["committee", "line", "worker"]


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["committee", "name", "start", "end", "on_working_days", "on_weekends", "on_holidays", "min_staff", "active"]
    list_filter = ["active", "committee"]
    search_fields = ["name", "committee__name"]
    autocomplete_fields = ["committee"]
    list_select_related = ["committee"]


@admin.register(Roster)
class RosterAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["committee", "month", "status", "published_at"]
    list_filter = ["status", "committee"]
    search_fields = ["committee__name"]
    autocomplete_fields = ["committee", "published_by"]
    list_select_related = ["committee"]
    date_hierarchy = "month"


@admin.register(DutyAssignment)
class DutyAssignmentAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    deletable = True  # a draft roster's slots; history keeps every removal
    list_display = ["date", "shift", "worker", "committee"]
    list_filter = ["committee", "shift__name"]
    search_fields = ["worker__display_name"]
    autocomplete_fields = ["committee", "roster", "shift", "worker"]
    list_select_related = ["shift", "worker", "committee"]
    date_hierarchy = "date"


@admin.register(Leave)
class LeaveAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["worker", "kind", "start", "end", "status", "committee"]
    list_filter = ["status", "kind", "committee"]
    search_fields = ["worker__display_name", "reason"]
    autocomplete_fields = ["worker", "committee", "decided_by"]
    list_select_related = ["worker", "committee"]
    date_hierarchy = "start"


@admin.register(SwapRequest)
class SwapRequestAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["proposer", "colleague", "duty", "status", "created_at"]
    list_filter = ["status", "committee"]
    search_fields = ["proposer__display_name", "colleague__display_name"]
    autocomplete_fields = ["committee", "duty", "return_duty", "proposer", "colleague"]
    list_select_related = ["proposer", "colleague", "duty__shift", "duty__worker"]
