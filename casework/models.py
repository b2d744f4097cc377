"""Cases (what could not be finished at the desk), their timeline, reminders and the
in-app notifications they produce."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.models import Committee, GridArea, Line, ServiceItem
from committee.scoping import ScopedQuerySet, scoped_queryset
from register.models import Person
from staffing.models import Worker
from utilities.display import ChoiceLabels
from utilities.phones import mask_phone

from .choices import (
    OPEN_STATUSES,
    RUNNING_STATUSES,
    CaseSource,
    CaseStatus,
    EventKind,
    ReminderKind,
    Satisfaction,
)


class CaseQuerySet(ScopedQuerySet):
    """The one definition of open, running and overdue cases: every list, count, filter and
    sweep asks these (or, inside an aggregate, the conditions of the same names)."""

    @staticmethod
    def is_open() -> Q:
        return Q(status__in=OPEN_STATUSES)

    @staticmethod
    def is_running() -> Q:
        """Open with the working-day clock running: a case waiting for papers (待补件) is not."""
        return Q(status__in=RUNNING_STATUSES)

    @staticmethod
    def is_overdue(now) -> Q:
        """Running and past its deadline at `now`; a waiting case is never overdue."""
        return Q(status__in=RUNNING_STATUSES, due_at__lt=now)

    def open(self):
        return self.filter(self.is_open())

    def running(self):
        return self.filter(self.is_running())

    def overdue(self, now=None):
        return self.filter(self.is_overdue(now or timezone.now()))

    def involving(self, worker):
        """Cases the worker handles or first received (首问责任: they stay on it)."""
        return self.filter(Q(handler=worker) | Q(first_responder=worker))


class Case(ChoiceLabels, models.Model):
    """A matter that could not be finished on the spot, owned until it is done.

    `first_responder` is whoever first received it and never changes (首问责任制);
    `handler` is who works it now. Writes go through `casework.services` only."""

    # No index of its own: the (committee, …) indexes below serve every look-up by committee,
    # and a lone one misleads the planner into reading a committee's whole history.
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="cases", verbose_name=_("居委会"), db_index=False
    )
    reference = models.CharField(_("编号"), max_length=32, unique=True)
    source = models.CharField(_("来源"), max_length=12, choices=CaseSource.choices, default=CaseSource.WALK_IN)
    source_reference = models.CharField(
        _("来源编号"), max_length=40, blank=True, help_text=_("如接待登记编号、12345 工单号。")
    )
    line = models.ForeignKey(Line, on_delete=models.PROTECT, related_name="cases", verbose_name=_("条线"))
    service_item = models.ForeignKey(
        ServiceItem, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("服务事项")
    )
    title = models.CharField(_("事项"), max_length=200)
    description = models.TextField(_("情况说明"), blank=True)
    resident_name = models.CharField(_("居民姓名"), max_length=50, blank=True)
    resident_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    grid_area = models.ForeignKey(
        GridArea, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("片区")
    )
    # The register's person the resident is (register.selectors.person_match), when known.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("居民档案")
    )
    first_responder = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="cases_first_received", verbose_name=_("首问责任人")
    )
    handler = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="cases_handled", verbose_name=_("承办人")
    )
    status = models.CharField(_("状态"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    registered_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    # The receipt day its deadline counts from (committee.workcalendar.receipt_day): the day
    # of registration, or the next one after the committee's closing time. Empty on cases
    # older than the field: their registration day.
    counted_from = models.DateField(_("受理日"), null=True, blank=True)
    time_limit_days = models.PositiveSmallIntegerField(_("时限（工作日）"), default=5)
    due_at = models.DateTimeField(_("办结期限"))
    paused_since = models.DateTimeField(_("暂停计时自"), null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(_("累计暂停工作日"), default=0)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # Working days from registration to resolution, paused days excluded; stored when the
    # case is resolved so the dashboard's median is one indexed read, not calendar maths.
    resolution_working_days = models.PositiveIntegerField(_("办理用时（工作日）"), null=True, blank=True)
    resolution = models.TextField(_("办理结果"), blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=12, choices=Satisfaction.choices, blank=True)
    follow_up_comment = models.TextField(_("回访意见"), blank=True)
    followed_up_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    # Bumped by every service write; a form carries the version it was drawn from, so a
    # second worker acting on a stale page is told instead of overwriting (乐观锁).
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("事项")
        verbose_name_plural = _("事项")
        ordering = ["-registered_at"]
        indexes = [
            models.Index(fields=["committee", "status", "due_at"], name="case_committee_status_due"),
            models.Index(fields=["committee", "-registered_at"], name="case_committee_registered"),
            # The dashboard's period figures: resolved and followed up in a date range.
            # carrying what those figures test, so they read the index alone (PostgreSQL).
            models.Index(
                fields=["committee", "resolved_at"],
                include=["due_at", "resolution_working_days"],
                name="case_committee_resolved",
            ),
            models.Index(
                fields=["committee", "followed_up_at"], include=["satisfaction"], name="case_committee_followed_up"
            ),
            # A street admin's case list: many committees in one time order, read from the newest.
            models.Index(fields=["-registered_at", "-id"], name="case_registered"),
            models.Index(fields=["handler", "status"], name="case_handler_status"),
            models.Index(fields=["first_responder", "status"], name="case_first_responder_status"),
            # The reminder sweep's 回访 reminders: resolved cases by the moment they were resolved.
            models.Index(
                fields=["resolved_at"],
                name="case_awaiting_follow_up",
                condition=Q(status=CaseStatus.RESOLVED),
            ),
            # The reminder sweep reads only running cases by deadline (CaseQuerySet.is_running).
            models.Index(
                fields=["due_at"],
                name="case_open_due",
                condition=Q(status__in=list(RUNNING_STATUSES)),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("casework:case-detail", args=[self.pk])

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.resident_phone)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def receipt_day(self):
        """The day the deadline counts from (受理日)."""
        return self.counted_from or timezone.localtime(self.registered_at).date()

    @property
    def received_after_closing(self) -> bool:
        return self.receipt_day != timezone.localtime(self.registered_at).date()

    @property
    def is_running(self) -> bool:
        """Open with its clock running (CaseQuerySet.is_running, for one loaded case)."""
        return self.status in RUNNING_STATUSES


class CaseEvent(models.Model):
    """One line of a case's timeline: who did what, when, with a note."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("事项"))
    kind = models.CharField(_("类型"), max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("操作人")
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    from_status = models.CharField(_("原状态"), max_length=12, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=CaseStatus.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    objects = scoped_queryset("case__committee").as_manager()

    class Meta:
        verbose_name = _("事项记录")
        verbose_name_plural = _("事项记录")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_case_at")]

    def __str__(self):
        return f"{self.case.reference} {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def deadline_moved(self) -> tuple | None:
        """(old, new) deadline, local time, of a 期限调整 event; None for any other."""
        if self.kind != EventKind.DEADLINE or not {"old_due", "new_due"} <= set(self.data):
            return None
        return tuple(timezone.localtime(dt.datetime.fromisoformat(self.data[key])) for key in ("old_due", "new_due"))


class Reminder(models.Model):
    """A reminder recorded before it is sent. The unique constraint is what makes a
    reminder go out once per case, kind and deadline, whatever happens to the sweep."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("事项"))
    kind = models.CharField(_("类型"), max_length=12, choices=ReminderKind.choices)
    due_at = models.DateTimeField(_("针对的期限"))
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "due_at"], name="reminder_once_per_deadline"),
        ]
        indexes = [
            models.Index(fields=["created_at"], name="reminder_unsent", condition=Q(sent_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.case.reference} {self.get_kind_display()}"


class ReminderDelivery(models.Model):
    """One reminder owed to one worker. Deliveries are claimed and sent per worker in their
    own transaction, so a sweep killed midway loses or repeats at most the one digest it
    was sending, and the next sweep sends the rest."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("提醒"))
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+", verbose_name=_("接收人"))
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("提醒送达")
        verbose_name_plural = _("提醒送达")
        constraints = [models.UniqueConstraint(fields=["reminder", "worker"], name="reminder_delivery_once")]
        indexes = [models.Index(fields=["worker"], name="reminder_delivery_unsent", condition=Q(sent_at__isnull=True))]

    def __str__(self):
        return f"{self.reminder} → {self.worker}"


class Notification(models.Model):
    """An in-app notice for one worker (reminders, hand-ons, residents chasing)."""

    recipient = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("接收人")
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications", verbose_name=_("事项")
    )
    text = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(fields=["recipient"], name="notification_unread", condition=Q(read_at__isnull=True)),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return self.case.get_absolute_url() if self.case_id else reverse("casework:notifications")
