"""Workers, their posts and training, shift templates, duty rosters and leave."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.choices import DayType
from committee.models import Committee, District, Line, StreetOffice
from committee.roles import Role
from committee.scoping import ScopedQuerySet, scoped_queryset
from utilities.phones import mask_phone

from .choices import AccountChangeKind, LeaveKind, LeaveStatus, PostKind, RosterStatus, SwapStatus


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class WorkerQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(active=True, user__is_active=True)

    def directors(self):
        """Active directors with an active login, the longest-serving first
        (`selectors.director_of`)."""
        return self.active().filter(role=Role.DIRECTOR).order_by("pk")


class Worker(models.Model):
    """A committee worker, a street-office admin or a district admin: the profile of one login.

    Workers and directors belong to one committee (and its street office); a street-office
    admin belongs to a street office and has no committee; a district admin belongs to a
    district only, and keeps its reference data."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="worker", verbose_name=_("账号")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admins",
        verbose_name=_("区"),
        help_text=_("只用于区管理员。"),
    )
    street_office = models.ForeignKey(
        StreetOffice, on_delete=models.PROTECT, null=True, blank=True, related_name="workers", verbose_name=_("街道")
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
        verbose_name=_("居委会"),
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.RECEPTION)
    display_name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机（内部）"), max_length=20, blank=True)
    active = models.BooleanField(_("在职"), default=True)
    feed_token = models.CharField(_("日历订阅密钥"), max_length=64, unique=True, default=new_feed_token)
    lines_trained = models.ManyToManyField(
        Line, through="Training", related_name="trained_workers", blank=True, verbose_name=_("已培训条线")
    )
    history = HistoricalRecords(excluded_fields=["feed_token"])

    objects = WorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["committee", "display_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[Role.STREET_ADMIN, Role.DISTRICT_ADMIN]) | Q(committee__isnull=False),
                name="worker_committee_unless_street_admin",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        role=Role.DISTRICT_ADMIN,
                        district__isnull=False,
                        street_office__isnull=True,
                        committee__isnull=True,
                    )
                    | (~Q(role=Role.DISTRICT_ADMIN) & Q(district__isnull=True, street_office__isnull=False))
                ),
                name="worker_district_admin_has_a_district_only",
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("staffing:worker-detail", args=[self.pk])

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def is_director_of(self, committee_id: int) -> bool:
        """May decide for this committee (leave, swaps): its director, in post."""
        return self.active and self.role == Role.DIRECTOR and self.committee_id == committee_id

    @property
    def district_of_scope(self) -> int | None:
        """The district whose reference data the worker works with (a district admin's own,
        anyone else's through their street office)."""
        if self.role == Role.DISTRICT_ADMIN:
            return self.district_id
        return self.street_office.district_id if self.street_office_id else None

    def clean(self):
        if self.role == Role.DISTRICT_ADMIN:
            if not self.district_id:
                raise ValidationError({"district": _("区管理员必须属于一个区。")})
            if self.street_office_id or self.committee_id:
                raise ValidationError({"street_office": _("区管理员不属于街道或居委会。")})
            return
        if self.district_id:
            raise ValidationError({"district": _("只有区管理员填写所属的区。")})
        if not self.street_office_id:
            raise ValidationError({"street_office": _("请选择所属街道。")})
        if self.role != Role.STREET_ADMIN and not self.committee_id:
            raise ValidationError({"committee": _("社区工作者和主任必须属于一个居委会。")})
        if self.committee_id and self.street_office_id and self.committee.street_office_id != self.street_office_id:
            raise ValidationError({"committee": _("居委会不属于所选街道。")})


class Training(models.Model):
    """A worker trained for a line (全岗通 coverage)."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("工作人员"))
    line = models.ForeignKey(Line, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("条线"))
    trained_on = models.DateField(_("培训日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = scoped_queryset("worker__committee").as_manager()

    class Meta:
        verbose_name = _("条线培训")
        verbose_name_plural = _("条线培训")
        ordering = ["worker", "line__order"]
        constraints = [models.UniqueConstraint(fields=["worker", "line"], name="training_unique_worker_line")]

    def __str__(self):
        return f"{self.worker} · {self.line}"

    def get_absolute_url(self):
        return self.worker.get_absolute_url()


class Post(models.Model):
    """An A-post or B-post (AB岗) of a line at a committee."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="posts", verbose_name=_("居委会"))
    line = models.ForeignKey(Line, on_delete=models.PROTECT, related_name="posts", verbose_name=_("条线"))
    kind = models.CharField(_("岗位"), max_length=1, choices=PostKind.choices)
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="posts", verbose_name=_("工作人员"))
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("AB岗")
        verbose_name_plural = _("AB岗")
        ordering = ["committee", "line__order", "kind"]
        constraints = [
            # One A-post per line and committee; any number of B-posts.
            models.UniqueConstraint(
                fields=["committee", "line"], condition=Q(kind=PostKind.A), name="post_one_a_per_line"
            ),
            models.UniqueConstraint(fields=["committee", "line", "worker"], name="post_unique_worker"),
        ]

    def __str__(self):
        return f"{self.line} {self.get_kind_display()}: {self.worker}"

    def get_absolute_url(self):
        return self.worker.get_absolute_url()


class ShiftTemplate(models.Model):
    """A kind of duty shift at a committee, e.g. 早班 08:00–16:00 on working days."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="shift_templates", verbose_name=_("居委会")
    )
    name = models.CharField(_("班次名称"), max_length=30)
    start = models.TimeField(_("开始时间"))
    end = models.TimeField(_("结束时间"))
    on_working_days = models.BooleanField(_("工作日"), default=True)
    on_weekends = models.BooleanField(_("双休日"), default=False)
    on_holidays = models.BooleanField(_("节假日"), default=False)
    min_staff = models.PositiveSmallIntegerField(_("最少人数"), default=2)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("班次")
        verbose_name_plural = _("班次")
        ordering = ["committee", "order", "start"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="shift_unique_name"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="shift_end_after_start"),
        ]

    def __str__(self):
        return f"{self.name} {self.start:%H:%M}–{self.end:%H:%M}"

    def get_absolute_url(self):
        return reverse("admin:staffing_shifttemplate_change", args=[self.pk])

    def runs_on(self, day_type: str) -> bool:
        return {
            DayType.WORKING: self.on_working_days,
            DayType.WEEKEND: self.on_weekends,
            DayType.HOLIDAY: self.on_holidays,
        }[day_type]


class Roster(models.Model):
    """One committee's duty roster for one month: drafted, edited, then published."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="rosters", verbose_name=_("居委会"))
    month = models.DateField(_("月份"), help_text=_("该月的第一天。"))
    status = models.CharField(_("状态"), max_length=10, choices=RosterStatus.choices, default=RosterStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )
    notes = models.TextField(_("排班说明"), blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("排班表")
        verbose_name_plural = _("排班表")
        ordering = ["committee", "-month"]
        constraints = [models.UniqueConstraint(fields=["committee", "month"], name="roster_unique_month")]

    def __str__(self):
        return f"{self.committee} {self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("admin:staffing_roster_change", args=[self.pk])


class DutyQuerySet(ScopedQuerySet):
    def official(self):
        """Duty residents and routing may rely on: set by hand or in a published roster
        (a draft roster is still the director's working copy)."""
        return self.filter(Q(roster__isnull=True) | Q(roster__status=RosterStatus.PUBLISHED))


class DutyAssignment(models.Model):
    """One worker on one shift on one day."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="duties", verbose_name=_("居委会"))
    roster = models.ForeignKey(
        Roster, on_delete=models.PROTECT, null=True, blank=True, related_name="duties", verbose_name=_("排班表")
    )
    date = models.DateField(_("日期"))
    shift = models.ForeignKey(ShiftTemplate, on_delete=models.PROTECT, related_name="duties", verbose_name=_("班次"))
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="duties", verbose_name=_("值班人"))
    history = HistoricalRecords()

    objects = DutyQuerySet.as_manager()

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        ordering = ["date", "shift__start"]
        constraints = [
            models.UniqueConstraint(fields=["date", "shift", "worker"], name="duty_unique_worker_shift_day"),
        ]
        indexes = [models.Index(fields=["committee", "date"], name="duty_committee_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.shift.name} {self.worker}"

    def get_absolute_url(self):
        return reverse("admin:staffing_dutyassignment_change", args=[self.pk])


class Leave(models.Model):
    """A worker's leave, requested and approved by the director."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="leaves", verbose_name=_("工作人员"))
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="leaves", verbose_name=_("居委会"))
    kind = models.CharField(_("类型"), max_length=10, choices=LeaveKind.choices, default=LeaveKind.ANNUAL)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("请假")
        verbose_name_plural = _("请假")
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="leave_end_after_start")]
        indexes = [models.Index(fields=["committee", "start", "end"], name="leave_committee_range")]

    def __str__(self):
        return f"{self.worker} {self.start:%m-%d}–{self.end:%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("admin:staffing_leave_change", args=[self.pk])

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("结束日期不能早于开始日期。")})


class SwapRequest(models.Model):
    """A worker hands one duty to a colleague (optionally taking one of theirs back):
    proposed by the worker, accepted by the colleague, approved by the director."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="swaps", verbose_name=_("居委会"))
    duty = models.ForeignKey(
        DutyAssignment, on_delete=models.PROTECT, related_name="swaps_offered", verbose_name=_("让出的值班")
    )
    proposer = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="swaps_proposed", verbose_name=_("申请人")
    )
    colleague = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="swaps_received", verbose_name=_("同事")
    )
    return_duty = models.ForeignKey(
        DutyAssignment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="swaps_returned",
        verbose_name=_("换回的值班"),
    )
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=SwapStatus.choices, default=SwapStatus.PROPOSED)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("换班申请")
        verbose_name_plural = _("换班申请")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.proposer} → {self.colleague} {self.duty}"

    def get_absolute_url(self):
        return reverse("staffing:swap-list")


class AccountChange(models.Model):
    """One change to a worker's login (账号变更记录): who did it, when, and for a role the
    old and new value. Written only by `staffing.accounts`, never edited or removed, so it
    is its own record. A password set through a link names the link, and so who issued it."""

    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="account_changes", verbose_name=_("工作人员")
    )
    kind = models.CharField(_("变更"), max_length=20, choices=AccountChangeKind.choices)
    # Empty for what no one signed in did (a management command, a password set through a link).
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    old_value = models.CharField(_("原值"), max_length=20, blank=True)
    new_value = models.CharField(_("新值"), max_length=20, blank=True)
    link = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所用链接")
    )

    objects = scoped_queryset("worker__committee").as_manager()

    class Meta:
        verbose_name = _("账号变更记录")
        verbose_name_plural = _("账号变更记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["worker", "-at"], name="account_change_worker_at")]

    def __str__(self):
        return f"{self.worker} · {self.get_kind_display()}"

    @property
    def actor_id(self) -> int | None:
        """Who brought the change about: who made it, or who issued the link it used."""
        if self.by_id is not None:
            return self.by_id
        return self.link.by_id if self.link_id else None

    @property
    def by_someone_else(self) -> bool:
        return self.actor_id is not None and self.actor_id != self.worker.user_id
