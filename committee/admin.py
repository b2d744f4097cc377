"""Reference data in Django admin: street offices, committees, lines, the service
catalogue, grid areas, the work calendar, and the logins of the admin's street office."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_scoping import ReadOnlyAdminMixin, ScopedAdminMixin
from .models import CalendarDay, Committee, GridArea, Line, ReferenceCounter, ServiceItem, StreetOffice

admin.site.site_header = _("居委会前台 · 管理")
admin.site.site_title = _("居委会前台管理")
admin.site.index_title = _("基础数据与历史记录")


class MaterialsField(forms.CharField):
    """The ordered list of required materials (a JSON list of strings), typed one per line."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(m) for m in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ServiceItemForm(forms.ModelForm):
    materials = MaterialsField(
        label=_("所需材料"),
        required=False,
        help_text=_("每行一项材料，按一次性告知单上列出的顺序填写；空行会被忽略。"),
    )

    class Meta:
        model = ServiceItem
        fields = "__all__"


@admin.register(StreetOffice)
class StreetOfficeAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Scoped to the admin's own street office (see admin_scoping.scoped)."""

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
class CalendarDayAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    deletable = True  # reference entries typed by an admin; a wrong one may be removed
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(ScopedAdminMixin, UserAdmin):
    """Logins whose worker profile the admin may see. A login is created together with
    its worker profile (工作人员 → 添加), which puts it in its role's group; staff status,
    groups and permissions follow the role, so only a superuser edits them here."""

    list_display = ["username", "worker", "email", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["username", "email", "worker__display_name"]
    list_select_related = ["worker"]

    def has_add_permission(self, request):
        # A bare login has no worker profile, so it would drop out of the admin's scope.
        return request.user.is_superuser and super().has_add_permission(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_staff", "is_superuser", "groups", "user_permissions"]
        return readonly


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The numbering series, for reading only: references.next_number bumps them."""

    committee_lookup = "committee"
    list_display = ["committee", "series", "year", "last"]
    list_filter = ["series", "year", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["committee__name", "series"]
    list_select_related = ["committee"]
