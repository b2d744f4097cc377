from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_scoping import ScopedAdminMixin
from .models import CalendarDay, Committee, GridArea, Line, ServiceItem, StreetOffice

admin.site.site_header = _("居委会前台 · 管理")
admin.site.site_title = _("居委会前台管理")
admin.site.index_title = _("基础数据与历史记录")


class MaterialsField(forms.CharField):
    """The ordered list of required materials, typed one per line."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ServiceItemForm(forms.ModelForm):
    materials = MaterialsField(label=_("所需材料"), required=False, help_text=_("每行一项，按告知单上的顺序填写。"))

    class Meta:
        model = ServiceItem
        fields = "__all__"


@admin.register(StreetOffice)
class StreetOfficeAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        worker = getattr(request.user, "worker", None)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk=worker.street_office_id) if worker else qs.none()


@admin.register(Committee)
class CommitteeAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "street_office", "phone", "active"]
    list_filter = ["active", "street_office"]
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
    readonly_fields = ["pinyin_initials"]
    autocomplete_fields = ["line"]
    list_select_related = ["line"]


@admin.register(GridArea)
class GridAreaAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "committee", "buildings", "responsible", "public_phone", "active"]
    list_filter = ["active", "committee"]
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
    """Logins of the admin's street office only. Roles follow the worker profile."""

    list_display = ["username", "email", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff"]
