"""Workers, their posts and training, shift templates, rosters, leave and swaps in admin."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committee.admin import ScopedAdminMixin, ScopedInline
from committee.roles import Role

from .models import (
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
    also puts the login in its role's group)."""

    username = forms.CharField(
        label=_("登录名"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("字母、数字和 @/./+/-/_，最多 150 个字符。"),
    )
    email = forms.EmailField(label=_("电子邮件"), required=False)
    password1 = forms.CharField(label=_("初始密码"), strip=False, widget=forms.PasswordInput(render_value=True))
    password2 = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(render_value=True),
        help_text=_("请将初始密码当面告知本人，首次登录后修改。"),
    )

    class Meta:
        model = Worker
        fields = ["display_name", "role", "street_office", "committee", "phone"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该登录名已被使用。"))
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif second:
            try:
                password_validation.validate_password(
                    second, User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password2", error)
        return cleaned


@admin.register(Worker)
class WorkerAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["display_name", "user", "role", "committee", "street_office", "phone_masked", "active"]
    list_filter = ["role", "active", ("committee", RelatedOnly), ("street_office", RelatedOnly)]
    search_fields = ["display_name", "user__username", "committee__name"]
    autocomplete_fields = ["user", "committee", "street_office"]
    list_select_related = ["user", "committee", "street_office"]
    exclude = ["feed_token"]
    inlines = [TrainingInline, PostInline]
    add_fieldsets = [
        (_("登录账号"), {"fields": ["username", "email", "password1", "password2"]}),
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
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.STREET_ADMIN]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            worker_update(worker=obj, fields=[name for name in form.changed_data if name in form.fields])
            return
        data = form.cleaned_data
        worker = worker_create(
            username=data["username"],
            password=data["password1"],
            email=data["email"],
            display_name=obj.display_name,
            role=obj.role,
            committee=obj.committee,
            street_office=obj.street_office,
            phone=obj.phone,
        )
        # The admin goes on with `obj` (log entry, redirect): make it the row just saved.
        obj.pk, obj.user, obj.feed_token = worker.pk, worker.user, worker.feed_token
        obj._state.adding, obj._state.db = False, worker._state.db


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
