"""Care plans (who is due a home visit, and how often) and home visits (走访): what a
worker found at a resident's door, recorded on a phone, perhaps offline, so every visit
carries the phone's own id (`client_id`) and is stored once however often it is sent."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import Case
from committee.models import Committee, GridArea
from committee.scoping import ScopedQuerySet
from reception.models import Visit
from register.models import CareTag, Household, Person
from staffing.models import Worker
from utilities.display import ChoiceLabels

from .choices import MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS, Condition, NoticeKind, PlanTarget, VisitOutcome


class CarePlan(ChoiceLabels, models.Model):
    """The director's visit frequency for the people of one care tag, or for 高龄. A person
    under several plans follows the strictest (carework.selectors). Switched off, never
    deleted; its history keeps every change."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="care_plans", verbose_name=_("居委会")
    )
    target = models.CharField(_("对象"), max_length=20, choices=PlanTarget.choices, default=PlanTarget.TAG)
    tag = models.ForeignKey(
        CareTag, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("关爱标签")
    )
    interval_days = models.PositiveSmallIntegerField(
        _("走访周期（天）"), validators=[MinValueValidator(MIN_INTERVAL_DAYS), MaxValueValidator(MAX_INTERVAL_DAYS)]
    )
    active = models.BooleanField(_("启用"), default=True)
    # Someone who has never been visited is due from the day they came under the plan: this
    # day, the tag's or the 80th birthday, whichever is latest (carework.selectors).
    started_on = models.DateField(_("起始日期"), default=timezone.localdate)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访计划")
        verbose_name_plural = _("走访计划")
        ordering = ["committee", "target", "tag"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "tag"],
                condition=Q(target="tag"),
                name="care_plan_one_per_tag",
                violation_error_message=_("这个标签已有走访计划。"),
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(target="advanced_age"),
                name="care_plan_one_advanced_age",
                violation_error_message=_("高龄已有走访计划。"),
            ),
            models.CheckConstraint(
                condition=Q(target="tag", tag__isnull=False) | Q(target="advanced_age", tag__isnull=True),
                name="care_plan_target_matches_tag",
                violation_error_message=_("按标签的计划须选择标签；高龄计划不选标签。"),
            ),
            models.CheckConstraint(
                condition=Q(interval_days__gte=MIN_INTERVAL_DAYS, interval_days__lte=MAX_INTERVAL_DAYS),
                name="care_plan_interval_range",
            ),
        ]

    def __str__(self):
        return f"{self.target_label} · {self.interval_days}"

    @property
    def target_label(self) -> str:
        return self.tag.name if self.tag_id else str(PlanTarget.ADVANCED_AGE.label)


class HomeVisit(ChoiceLabels, models.Model):
    """One home visit (走访) as the worker recorded it. Where the person lived then (household,
    grid area) is copied, so moving house later does not rewrite the past; a visit that
    arrives after the person moved out or died is kept and flagged (`person_left`)."""

    client_id = models.UUIDField(_("客户端编号"), unique=True, editable=False)
    recorded_at = models.DateTimeField(_("记录时间"))  # the phone's clock
    received_at = models.DateTimeField(_("接收时间"), default=timezone.now)  # the server's
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="home_visits", verbose_name=_("居委会")
    )
    # Emptied with the visit's notes once past the retention period (carework.retention): a
    # link to the register would say whose visit it was. Always set until then.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="home_visits", verbose_name=_("居民")
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("户")
    )
    grid_area = models.ForeignKey(
        GridArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("片区")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("走访人")
    )
    visited_at = models.DateTimeField(_("走访时间"))
    visited_on = models.DateField(_("走访日期"))
    outcome = models.CharField(_("结果"), max_length=10, choices=VisitOutcome.choices)
    condition = models.CharField(_("状况"), max_length=10, choices=Condition.choices, blank=True)
    needs = models.TextField(_("需求"), blank=True)
    notes = models.TextField(_("备注"), blank=True)
    next_visit_on = models.DateField(_("下次走访日期"), null=True, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("事项")
    )
    desk_visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("接待记录")
    )
    person_left = models.BooleanField(_("居民已离开"), default=False)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_at", "-pk"]
        indexes = [
            models.Index(fields=["person", "-visited_at"], name="home_visit_person_latest"),
            models.Index(fields=["person", "-visited_on"], condition=Q(outcome="seen"), name="home_visit_person_seen"),
        ]

    def __str__(self):
        return f"{self.person} {self.visited_on} {self.get_outcome_display()}"


class CareNotice(models.Model):
    """A notice owed once: a worker's overdue-visits reminder of the day (`about` 0), or the
    director's not-at-home-twice flag about a person (`about`: their id; `day`: that of the
    second visit). Inserted under a unique constraint before the notification is written, so
    two sweeps notify once. Numbers only: nothing here to erase after the retention period."""

    recipient = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("接收人"))
    kind = models.CharField(_("类型"), max_length=20, choices=NoticeKind.choices)
    day = models.DateField(_("日期"))
    about = models.PositiveBigIntegerField(_("居民编号"), default=0)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("走访提醒")
        verbose_name_plural = _("走访提醒")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "day", "about"], name="care_notice_once"),
        ]

    def __str__(self):
        return f"{self.kind} {self.day} {self.about or ''}".strip()
