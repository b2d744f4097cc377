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
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from utilities.history import ReadableHistoryHelper

from .forms import GridAreaAdminForm, ServiceItemForm
from .models import (
    CalendarDay,
    CalendarYear,
    CatalogueChoice,
    Committee,
    District,
    GridArea,
    Line,
    ReferenceCounter,
    ServiceItem,
    StreetOffice,
)
from .scoping import reference_scope, visible_committee_ids
from .services import catalogue_choose


def scoped(queryset, user, committee_lookup=None):
    """`queryset` limited to what `user` may see.

    Committee-scoped models and the district's reference data (lines, the catalogue, the
    street offices' choices of it, the calendar) use their `visible_to`; models whose
    manager is plain name the path to their committee in `committee_lookup`. A street
    office is visible to its own staff and to its district's admins, a login when its
    worker profile is visible."""
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    ids = visible_committee_ids(user)
    if ids is None:  # superuser
        return queryset
    if committee_lookup:
        return queryset.filter(**{f"{committee_lookup}__in": ids})
    if queryset.model is StreetOffice:
        scope = reference_scope(user)
        if scope.keeps_district_data:
            return queryset.filter(district_id=scope.district_id)
        return queryset.filter(pk=scope.street_office_id) if scope.street_office_id else queryset.none()
    if queryset.model is get_user_model():
        # The same rows as User.objects.filter(worker__in=Worker.objects.visible_to(user)),
        # without importing staffing into committee.
        return queryset.filter(worker__committee_id__in=ids)
    return queryset


class _HiddenFieldsContextHelper(ReadableHistoryHelper):
    """Leaves fields the admin never shows (phones, ID digests) out of the history diffs,
    and shows the rest as the app does (utilities/history.py)."""

    def __init__(self, *args, hidden_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.hidden_fields = frozenset(hidden_fields)

    def context_for_delta_changes(self, delta):
        changes = [c for c in delta.changes if c.field not in self.hidden_fields]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))


class _SafeAutocomplete:
    """Django's autocomplete widgets look up the submitted value to redraw an invalid form,
    and a value that is no id (":", or beyond 64 bits) raised there: a 500. Such a value
    is never selected, so it is left out before the look-up (the field reports it)."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field.model._meta
        target = remote.get_field(getattr(self.field.remote_field, "field_name", remote.pk.attname))
        return super().optgroups(name, [v for v in value if _usable_key(target, v)], attr)


def _usable_key(field, value) -> bool:
    try:
        key = field.to_python(value)
    except ValidationError:
        return False
    return not isinstance(key, int) or -(2**63) <= key < 2**63


class SafeAutocompleteSelect(_SafeAutocomplete, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_SafeAutocomplete, AutocompleteSelectMultiple):
    pass


class ScopedAdminMixin:
    """Lists, change and history pages, autocompletes and every foreign-key choice scoped
    to the user. Nothing users entered is deleted here: records are voided in the app."""

    deletable = False  # only reference entries typed in admin (calendar days, draft duty)
    committee_lookup = None  # path to the committee for models whose manager is not scoped

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user, self.committee_lookup)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
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


@admin.register(District)
class DistrictAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Districts are a superuser's to make; a district admin reads their own."""

    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(StreetOffice)
class StreetOfficeAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Scoped to the admin's own street office, or a district admin's district (see `scoped`)."""

    list_display = ["code", "name", "district"]
    search_fields = ["code", "name"]
    list_select_related = ["district"]


@admin.register(Committee)
class CommitteeAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "street_office", "phone", "active"]
    list_filter = ["active", ("street_office", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name", "address"]
    autocomplete_fields = ["street_office"]
    list_select_related = ["street_office"]


class DistrictOwnedAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Reference data owned by a district: a district admin's district is set on what they
    add, and nobody but a superuser chooses it."""

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        return excluded if request.user.is_superuser else [*excluded, "district"]

    def save_model(self, request, obj, form, change):
        _claim(obj, request.user)
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        user = request.user

        class OwnedForm(form):
            def _post_clean(self):
                _claim(self.instance, user)  # before the model's own checks, which read the owner
                super()._post_clean()

            def _get_validation_exclusions(self):
                # The owner is set, not typed: the unique names per district are checked too.
                return super()._get_validation_exclusions() - {"district", "street_office"}

        return OwnedForm


def _claim(obj, user) -> None:
    """Set the owner of a district's reference row from who is saving it: their district,
    and for a street admin's service item their street office."""
    scope = reference_scope(user)
    if scope.everything:
        return
    obj.district_id = scope.district_id
    if isinstance(obj, ServiceItem) and not scope.keeps_district_data:
        obj.street_office_id = scope.street_office_id


@admin.register(Line)
class LineAdmin(DistrictOwnedAdmin):
    """The district's lines: its district admins keep them; everyone else reads them."""

    list_display = ["order", "code", "name", "name_en", "district"]
    list_display_links = ["code", "name"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["district"]


@admin.register(ServiceItem)
class ServiceItemAdmin(DistrictOwnedAdmin):
    """The catalogue. A district admin keeps the district's shared items and the seal-
    permitted list (on any item of the district); a street admin reads the shared items,
    chooses which of them their committees offer (the two actions), and keeps their own
    street's items, which never carry the seal unless the district admin allows it."""

    form = ServiceItemForm
    list_display = [
        "name",
        "line",
        "owner",
        "offered_here",
        "time_limit_days",
        "on_the_spot",
        "seal_permitted",
        "active",
    ]
    list_filter = ["line", "on_the_spot", "seal_permitted", "active"]
    search_fields = ["name", "name_en", "pinyin_initials", "description"]
    autocomplete_fields = ["line"]
    list_select_related = ["line", "street_office"]
    actions = ["withdraw_here", "offer_here"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["pinyin_initials"]  # set by ServiceItem.clean()
        scope = reference_scope(request.user)
        if not scope.keeps_district_data:
            readonly.append("seal_permitted")  # the district's list
        if not request.user.is_superuser:
            readonly.append("street_office")  # set from who saves (_claim)
        return readonly

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        scope = reference_scope(request.user)
        if obj is None or scope.everything:
            return True
        if scope.keeps_district_data:
            return obj.district_id == scope.district_id
        return obj.street_office_id is not None and obj.street_office_id == scope.street_office_id

    @admin.display(description=_("所属"))
    def owner(self, item):
        return item.street_office.name if item.street_office_id else _("全区共用")

    @admin.display(description=_("本街道提供"), boolean=True)
    def offered_here(self, item):
        return getattr(item, "offered_here", None)

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        if reference_scope(request.user).street_office_id is None:
            shown.remove("offered_here")  # a district admin or superuser has no street of their own
        return shown

    def get_actions(self, request):
        actions = super().get_actions(request)
        if reference_scope(request.user).street_office_id is None:
            for name in ("withdraw_here", "offer_here"):
                actions.pop(name, None)
        return actions

    def get_queryset(self, request):
        items = super().get_queryset(request)
        street_office_id = reference_scope(request.user).street_office_id
        if street_office_id is None:
            return items
        withdrawn = CatalogueChoice.objects.filter(
            street_office_id=street_office_id, offered=False, item=OuterRef("pk")
        )
        return items.annotate(offered_here=~Exists(withdrawn))

    @admin.action(description=_("本街道不再提供所选的全区事项"))
    def withdraw_here(self, request, queryset):
        self._choose(request, queryset, offered=False)

    @admin.action(description=_("本街道恢复提供所选的全区事项"))
    def offer_here(self, request, queryset):
        self._choose(request, queryset, offered=True)

    def _choose(self, request, queryset, *, offered):
        scope = reference_scope(request.user)
        if scope.street_office_id is None or not request.user.has_perm("committee.change_cataloguechoice"):
            raise PermissionDenied
        changed = catalogue_choose(
            street_office_id=scope.street_office_id,
            items=list(queryset.filter(street_office__isnull=True)),
            offered=offered,
        )
        self.message_user(request, _("已更新 %(n)d 个事项。本街道自己的事项请在其页面上停用。") % {"n": changed})


@admin.register(CatalogueChoice)
class CatalogueChoiceAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """Which of the district's items each street office withdrew or offers again, and the
    history of it: for reading (the choices are made with the catalogue's two actions)."""

    list_display = ["street_office", "item", "offered"]
    list_filter = ["offered", ("street_office", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["item__name"]
    list_select_related = ["street_office", "item"]


@admin.register(GridArea)
class GridAreaAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = GridAreaAdminForm
    list_display = ["name", "committee", "buildings", "responsible", "public_phone", "active"]
    list_filter = ["active", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "buildings", "committee__name"]
    autocomplete_fields = ["committee", "responsible"]
    list_select_related = ["committee", "responsible"]


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """For reading and its history: the national calendar and the user's district's own
    years. A year's days change only through its schedule (/office/calendar/<year>/, a
    district admin for the district), which re-derives the deadlines counted over them."""

    list_display = ["date", "kind", "name", "district"]
    list_filter = ["kind", ("district", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    date_hierarchy = "date"
    list_select_related = ["district"]


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "district", "status", "source", "entered_by", "entered_at"]
    list_filter = ["status", "source", ("district", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["entered_by", "district"]


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The numbering series, for reading only: services.next_number bumps them."""

    committee_lookup = "committee"
    list_display = ["committee", "series", "year", "last"]
    list_filter = ["series", "year", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["committee__name", "series"]
    list_select_related = ["committee"]
