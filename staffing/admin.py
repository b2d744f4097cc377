"""Workers and their logins, their posts and training, shift templates, rosters, leave
and swaps in admin.

Nobody sets another person's password here (staffing.accounts): a new worker's login has
none that works until they choose one through the set-password link shown to whoever
created it, and a street admin resets a login by issuing a new link. Only a superuser may
use Django's set-password form, and that is recorded and told like any other change."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committee.admin import ReadOnlyAdminMixin, ScopedAdminMixin, ScopedInline
from committee.roles import Role
from committee.security import refused
from utilities.ids import record_id

from .accounts import LINK_VALID, account_active_changed, account_link_issue, account_password_changed, may_manage
from .models import (
    AccountChange,
    DutyAssignment,
    Leave,
    Post,
    Roster,
    ShiftTemplate,
    SwapRequest,
    Training,
    Worker,
)
from .services import worker_create, worker_update

User = get_user_model()
RelatedOnly = admin.RelatedOnlyFieldListFilter


class TrainingInline(ScopedInline):
    model = Training
    autocomplete_fields = ["line"]
    related = ["line"]


class PostInline(ScopedInline):
    model = Post
    fk_name = "worker"
    autocomplete_fields = ["line", "committee"]
    related = ["line", "committee"]


class WorkerAddForm(forms.ModelForm):
    """A new worker with their login, created by `staffing.services.worker_create` (which
    also puts the login in its role's group). No password: the worker sets their own
    through the link shown once the account is saved."""

    username = forms.CharField(
        label=_("登录名"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("字母、数字和 @/./+/-/_，最多 150 个字符。保存后会显示一个设置密码的链接，交给本人自己设置密码。"),
    )
    email = forms.EmailField(label=_("电子邮件"), required=False)

    class Meta:
        model = Worker
        fields = ["display_name", "role", "street_office", "committee", "phone"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该登录名已被使用。"))
        return username


def link_page(request, worker, path, *, created: bool):
    """The set-password link, shown this once (not stored, not cached)."""
    context = {
        **admin.site.each_context(request),
        "title": _("设置密码链接"),
        "worker": worker,
        "link": request.build_absolute_uri(path),
        "valid_hours": int(LINK_VALID.total_seconds() // 3600),
        "created": created,
        "opts": Worker._meta,
    }
    response = TemplateResponse(request, "admin/staffing/worker/password_link.html", context)
    add_never_cache_headers(response)
    return response


@admin.register(Worker)
class WorkerAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["display_name", "user", "role", "committee", "street_office", "phone_masked", "active"]
    list_filter = ["role", "active", ("committee", RelatedOnly), ("street_office", RelatedOnly)]
    search_fields = ["display_name", "user__username", "committee__name"]
    autocomplete_fields = ["user", "committee", "street_office"]
    list_select_related = ["user", "committee", "street_office"]
    exclude = ["feed_token"]
    inlines = [TrainingInline, PostInline]
    change_form_template = "admin/staffing/worker/change_form.html"
    add_fieldsets = [
        (_("登录账号"), {"fields": ["username", "email"]}),
        (_("工作人员"), {"fields": ["display_name", "role", "street_office", "committee", "phone"]}),
    ]

    @admin.display(description=_("手机（内部）"))
    def phone_masked(self, worker):
        return worker.masked_phone

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = WorkerAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # Street admins have no committee, so visible_to() would hide the row the moment
        # it is saved: a superuser makes them.
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [c for c in Role.choices if c[0] not in (Role.STREET_ADMIN, Role.DISTRICT_ADMIN)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            worker_update(
                worker=obj, fields=[name for name in form.changed_data if name in form.fields], by=request.user
            )
            return
        data = form.cleaned_data
        worker = worker_create(
            username=data["username"],
            email=data["email"],
            display_name=obj.display_name,
            role=obj.role,
            committee=obj.committee,
            street_office=obj.street_office,
            phone=obj.phone,
            by=request.user,
        )
        # The admin goes on with `obj` (log entry, redirect): make it the row just saved.
        obj.pk, obj.user, obj.feed_token = worker.pk, worker.user, worker.feed_token
        obj._state.adding, obj._state.db = False, worker._state.db

    def response_add(self, request, obj, post_url_continue=None):
        # The account has no working password yet: show the link to set one, this once.
        if not may_manage(request.user, obj):
            return super().response_add(request, obj, post_url_continue)
        return link_page(request, obj, account_link_issue(worker=obj, by=request.user), created=True)

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/password-link/",
                self.admin_site.admin_view(self.password_link_view),
                name="staffing_worker_password_link",
            )
        ]
        return own + super().get_urls()

    def password_link_view(self, request, object_id):
        """Confirm, then issue a new set-password link: the current password stops working."""
        worker = None
        if record_id(object_id) is not None:
            worker = self.get_queryset(request).select_related("user").filter(pk=record_id(object_id)).first()
        if worker is None:
            raise Http404
        if not may_manage(request.user, worker):
            refused(request, "account")
            raise PermissionDenied
        if request.method == "POST":
            return link_page(request, worker, account_link_issue(worker=worker, by=request.user), created=False)
        context = {
            **self.admin_site.each_context(request),
            "title": _("签发设置密码链接"),
            "worker": worker,
            "opts": self.model._meta,
            "change_url": reverse("admin:staffing_worker_change", args=[worker.pk]),
        }
        return TemplateResponse(request, "admin/staffing/worker/password_link_confirm.html", context)


@admin.register(Training)
class TrainingAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["worker", "line", "trained_on", "note"]
    list_filter = ["line", ("worker__committee", RelatedOnly)]
    search_fields = ["worker__display_name", "line__name"]
    autocomplete_fields = ["worker", "line"]
    list_select_related = ["worker", "line"]
    date_hierarchy = "trained_on"


@admin.register(Post)
class PostAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["committee", "line", "kind", "worker"]
    list_filter = ["kind", "line", ("committee", RelatedOnly)]
    search_fields = ["worker__display_name", "line__name", "committee__name"]
    autocomplete_fields = ["committee", "line", "worker"]
    list_select_related = ["committee", "line", "worker"]


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "committee",
        "name",
        "start",
        "end",
        "on_working_days",
        "on_weekends",
        "on_holidays",
        "min_staff",
        "active",
    ]
    list_filter = ["active", ("committee", RelatedOnly)]
    search_fields = ["name", "committee__name"]
    autocomplete_fields = ["committee"]
    list_select_related = ["committee"]


@admin.register(Roster)
class RosterAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["committee", "month", "status", "published_at", "published_by"]
    list_filter = ["status", ("committee", RelatedOnly)]
    search_fields = ["committee__name"]
    autocomplete_fields = ["committee", "published_by"]
    list_select_related = ["committee", "published_by"]
    date_hierarchy = "month"


@admin.register(DutyAssignment)
class DutyAssignmentAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    deletable = True  # a draft roster's slots; history keeps every removal
    list_display = ["date", "shift", "worker", "committee"]
    list_filter = [("committee", RelatedOnly), "shift__name"]
    search_fields = ["worker__display_name", "shift__name"]
    autocomplete_fields = ["committee", "roster", "shift", "worker"]
    list_select_related = ["shift", "worker", "committee"]
    date_hierarchy = "date"


@admin.register(Leave)
class LeaveAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["worker", "kind", "start", "end", "status", "committee"]
    list_filter = ["status", "kind", ("committee", RelatedOnly)]
    search_fields = ["worker__display_name", "reason"]
    autocomplete_fields = ["worker", "committee", "decided_by"]
    list_select_related = ["worker", "committee"]
    date_hierarchy = "start"


@admin.register(SwapRequest)
class SwapRequestAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["proposer", "colleague", "duty", "status", "created_at"]
    list_filter = ["status", ("committee", RelatedOnly)]
    search_fields = ["proposer__display_name", "colleague__display_name"]
    autocomplete_fields = ["committee", "duty", "return_duty", "proposer", "colleague"]
    list_select_related = ["proposer", "colleague", "duty__shift", "duty__worker"]
    date_hierarchy = "created_at"


@admin.register(AccountChange)
class AccountChangeAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Who changed which login, and how: for reading only."""

    list_display = ["at", "worker", "kind", "by", "old_value", "new_value"]
    list_filter = ["kind"]
    search_fields = ["worker__display_name", "worker__user__username"]
    list_select_related = ["worker", "by"]
    date_hierarchy = "at"


admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(ScopedAdminMixin, UserAdmin):
    """Logins whose worker profile the admin may see. A login is created together with
    its worker profile (工作人员 → 添加), which puts it in its role's group; staff status,
    groups and permissions follow the role, so only a superuser edits them here, and only a
    superuser may set a password (street admins issue a set-password link instead)."""

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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        # The password hash and its link to the set-password form are a superuser's.
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f != "password"]}) for name, opts in fieldsets]

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            refused(request, "password")
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        worker = Worker.objects.filter(user_id=record_id(id)).first() if record_id(id) is not None else None
        if request.method == "POST" and response.status_code == 302 and worker is not None:
            account_password_changed(worker=worker, by=request.user)
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        worker = Worker.objects.filter(user_id=obj.pk).first()
        if change and "is_active" in form.changed_data and worker is not None:
            account_active_changed(worker=worker, by=request.user, active=obj.is_active)
