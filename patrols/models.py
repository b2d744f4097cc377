"""Daily patrols of a grid area (巡查) and what they find.

A patrol is one round of one grid area by one worker on one day. One round per area and
working day is what the committee expects (the director's "days without a patrol" counts
days with none), but a second round the same day (after dark, after a storm) is a patrol of
its own: nothing forbids two patrols of an area on a date.

Both records are made on the grid, soon on a phone without signal (the next session's
offline app): each carries `client_id`, a UUID made where it was recorded, and
`recorded_at`, when the worker recorded it by the phone's clock, beside the server's
`received_at`. The write services (patrols.services) are idempotent by `client_id`."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import Case
from committee.models import Committee, GridArea
from committee.scoping import ScopedQuerySet, scoped_queryset

from .choices import FindingCategory, FindingStatus


class PatrolQuerySet(ScopedQuerySet):
    def standing(self):
        """Patrols that count: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Patrol(models.Model):
    """One round of a grid area: who walked it, when (started, ended: null while under
    way) and the route, with its findings. Written by patrols.services only."""

    client_id = models.UUIDField(_("记录标识"), unique=True, default=uuid.uuid4, editable=False)
    recorded_at = models.DateTimeField(_("记录时间"), help_text=_("工作人员记录的时间（以手机为准）。"))
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now, editable=False)
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="patrols", verbose_name=_("居委会"), db_index=False
    )
    grid_area = models.ForeignKey(GridArea, on_delete=models.PROTECT, related_name="patrols", verbose_name=_("片区"))
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patrols", verbose_name=_("巡查人")
    )
    date = models.DateField(_("巡查日期"))
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    route_notes = models.TextField(_("巡查路线"), blank=True)
    # A round started by mistake (the wrong area, a double start on a phone that lost its
    # page) is withdrawn with a reason: kept in the book, marked, and not counted as patrolled.
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤回人"),
    )
    withdraw_reason = models.CharField(_("撤回原因"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = PatrolQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡查")
        verbose_name_plural = _("巡查")
        ordering = ["-date", "-started_at", "-pk"]
        indexes = [models.Index(fields=["committee", "date"], name="patrol_committee_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gt=F("started_at")), name="patrol_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdraw_reason=""), name="patrol_withdrawn_with_reason"
            ),
        ]

    def __str__(self):
        return f"{self.grid_area} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("patrols:patrol-detail", args=[self.pk])

    @property
    def under_way(self) -> bool:
        return self.ended_at is None and self.withdrawn_at is None


class Finding(models.Model):
    """Something a patrol found: a category, what and where, and, when it needs more than
    the patrol can do, the case it opened. A wrong finding is withdrawn with a reason."""

    client_id = models.UUIDField(_("记录标识"), unique=True, default=uuid.uuid4, editable=False)
    recorded_at = models.DateTimeField(_("记录时间"), help_text=_("工作人员记录的时间（以手机为准）。"))
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now, editable=False)
    patrol = models.ForeignKey(Patrol, on_delete=models.PROTECT, related_name="findings", verbose_name=_("巡查"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patrol_findings", verbose_name=_("记录人")
    )
    category = models.CharField(_("类别"), max_length=20, choices=FindingCategory.choices)
    description = models.TextField(_("情况描述"))
    location = models.CharField(_("位置"), max_length=200, blank=True, help_text=_("楼栋、部位，例如“5号楼东侧楼道”。"))
    status = models.CharField(_("处理情况"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="patrol_finding", verbose_name=_("事项")
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤回人"),
    )
    withdraw_reason = models.CharField(_("撤回原因"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = scoped_queryset("patrol__committee").as_manager()

    class Meta:
        verbose_name = _("巡查发现")
        verbose_name_plural = _("巡查发现")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdraw_reason=""), name="finding_withdrawn_with_reason"
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}：{self.description[:30]}"

    def get_absolute_url(self):
        return f"{self.patrol.get_absolute_url()}#finding-{self.pk}"
