"""Reference data in Django admin (street offices, committees, lines, the service catalogue,
grid areas, the work calendar), and the scoping
every app's admin uses.

Admin is scoped like every other page: a street-office admin sees the committees of their
street office, a superuser everything. Lists, change pages, history pages, foreign-key
choices and autocompletes all go through `scoped()`, which applies the site's one rule
(`visible_to(user)` of committee/scoping.py). Autocomplete needs nothing of its own:
Django's AutocompleteJsonView searches the target model's admin `get_queryset()`, which is
scoped here, and the form field it fills checks the chosen pk against its own (scoped)
queryset."""

import dataclasses

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .forms import ServiceItemForm
from .models import (
    CalendarDay,
    CalendarYear,
    Committee,
    GridArea,
    Line,
    ReferenceCounter,
    ServiceItem,
    StreetOffice,
)
from .scoping import ScopedQuerySet, visible_committee_ids


def scoped(queryset, user, committee_lookup=None):
    """`queryset` limited to what `user` may see.

    Committee-scoped models use their `visible_to`; models whose manager is plain name the
    path to their committee in `committee_lookup`. A street office is visible to its own
    staff, a login when its worker profile is visible. Lines, service items and calendar
    days are reference data shared by the whole city: every member of staff sees them."""
    if isinstance(queryset, ScopedQuerySet):
        return queryset.visible_to(user)
    ids = visible_committee_ids(user)
    if ids is None:  # superuser
        return queryset
    if committee_lookup:
        return queryset.filter(**{f"{committee_lookup}__in": ids})
    if queryset.model is StreetOffice:
        worker = getattr(user, "worker", None)
        if worker is None or not worker.active:
            return queryset.none()
        return queryset.filter(pk=worker.street_office_id)
    if queryset.model is get_user_model():
        # The same rows as User.objects.filter(worker__in=Worker.objects.visible_to(user)),
        # without importing staffing into committee.
        return queryset.filter(worker__committee_id__in=ids)
    return queryset


class _HiddenFieldsContextHelper(HistoricalRecordContextHelper):
    """Leaves fields the admin never shows (phones, ID digests) out of the history diffs."""

    def __init__(self, *args, hidden_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.hidden_fields = frozenset(hidden_fields)

    def context_for_delta_changes(self, delta):
        changes = [c for c in delta.changes if c.field not in self.hidden_fields]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))


class ScopedAdminMixin:
    """Lists, change and history pages, autocompletes and every foreign-key choice scoped
    to the user. Nothing users entered is deleted here: records are voided in the app."""

    deletable = False  # only reference entries typed in admin (calendar days, draft duty)
    committee_lookup = None  # path to the committee for models whose manager is not scoped

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user, self.committee_lookup)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.deletable:
            actions.pop("delete_selected", None)
        return actions

    # simple-history's history pages fall back to the historical rows when the object is
    # not in get_queryset(); without these checks they would show any committee's history.
    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
        # The version page saves whatever is posted to it, checking only the *view*
        # permission, even with SIMPLE_HISTORY_REVERT_DISABLED. History is for reading.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return _HiddenFieldsContextHelper(self.model, historical_record, hidden_fields=self.get_exclude(request) or ())

    def _require_visible(self, request, object_id):
        object_id = unquote(object_id)
        if self.get_queryset(request).filter(pk=object_id).exists():
            return
        ids = visible_committee_ids(request.user)
        if ids is None:
            return
        history = getattr(self.model, "history", None)
        if history is None:
            raise Http404
        last = history.filter(**{self.model._meta.pk.attname: object_id}).order_by("-history_date").first()
        # A removed row (e.g. a duty taken off a roster) stays readable by its own committee.
        if last is None or getattr(last, "committee_id", None) not in ids:
            raise Http404


class ReadOnlyAdminMixin:
    """Records written only through the app's services: readable in admin, not editable."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ScopedInline(ScopedAdminMixin, admin.TabularInline):
    extra = 0
    related = ()  # select_related() for the rows shown, so a long inline stays one query

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.select_related(*self.related) if self.related else qs


admin.site.site_header = _("居委会前台 · 管理")
admin.site.site_title = _("居委会前台管理")
admin.site.index_title = _("基础数据与历史记录")


@admin.register(StreetOffice)
class StreetOfficeAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Scoped to the admin's own street office (see `scoped`)."""

    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Committee)
class CommitteeAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "street_office", "phone", "active"]
    list_filter = ["active", ("street_office", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name", "address"]
    autocomplete_fields = ["street_office"]
    list_select_related = ["street_office"]


@admin.register(Line)
class LineAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["order", "code", "name", "name_en"]
    list_display_links = ["code", "name"]
    search_fields = ["code", "name", "name_en"]


@admin.register(ServiceItem)
class ServiceItemAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = ServiceItemForm
    list_display = ["name", "line", "time_limit_days", "on_the_spot", "seal_permitted", "active"]
    list_filter = ["line", "on_the_spot", "seal_permitted", "active"]
    search_fields = ["name", "name_en", "pinyin_initials", "description"]
    readonly_fields = ["pinyin_initials"]  # set by ServiceItem.clean()
    autocomplete_fields = ["line"]
    list_select_related = ["line"]


@admin.register(GridArea)
class GridAreaAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "committee", "buildings", "responsible", "public_phone", "active"]
    list_filter = ["active", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "buildings", "committee__name"]
    autocomplete_fields = ["committee", "responsible"]
    list_select_related = ["committee", "responsible"]


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """For reading and its history: a year's days change only through its schedule
    (/office/calendar/<year>/), which re-derives the deadlines counted over them."""

    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "status", "source", "entered_by", "entered_at"]
    list_filter = ["status", "source"]
    list_select_related = ["entered_by"]


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The numbering series, for reading only: services.next_number bumps them."""

    committee_lookup = "committee"
    list_display = ["committee", "series", "year", "last"]
    list_filter = ["series", "year", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["committee__name", "series"]
    list_select_related = ["committee"]
