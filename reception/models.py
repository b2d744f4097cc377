"""The front desk's records: visits of every channel (the first-ask ledger), the service
items of each visit with the papers still missing, appointments and the seal-use log."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import Case
from committee.models import Committee, GridArea, ServiceItem
from committee.scoping import ScopedQuerySet
from register.models import Person
from staffing.models import AccountChange, Worker
from utilities.display import ChoiceLabels
from utilities.phones import mask_phone

from .choices import AppointmentStatus, Channel, Outcome


class VisitQuerySet(ScopedQuerySet):
    def valid(self):
        return self.filter(voided_at__isnull=True)


class Visit(ChoiceLabels, models.Model):
    """One contact with a resident — at the desk, by phone, online, on a home visit or a
    patrol — as the first-ask reception ledger (首问接待记录本) records it.

    The resident's ID number is never stored in clear: only encrypted, as a keyed digest
    for finding earlier visits, and masked for display."""

    # No index of its own: the (committee, …) indexes below serve every look-up by committee,
    # and a lone one misleads the planner into reading a committee's whole history.
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="visits", verbose_name=_("居委会"), db_index=False
    )
    reference = models.CharField(_("登记编号"), max_length=32, unique=True)
    channel = models.CharField(_("渠道"), max_length=12, choices=Channel.choices, default=Channel.WALK_IN)
    received_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="visits_received", verbose_name=_("接待人"), db_index=False
    )  # served by `visit_receiver`, as committee is above
    received_at = models.DateTimeField(_("接待时间"), default=timezone.now)
    resident_name = models.CharField(_("居民姓名"), max_length=50)
    resident_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    id_number_encrypted = models.TextField(_("身份证号（加密）"), blank=True)
    id_number_digest = models.CharField(_("身份证号摘要"), max_length=64, blank=True)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    grid_area = models.ForeignKey(
        GridArea, on_delete=models.PROTECT, null=True, blank=True, related_name="visits", verbose_name=_("片区")
    )
    # The register's person the resident is (register.selectors.person_match), when known.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="visits", verbose_name=_("居民档案")
    )
    service_items = models.ManyToManyField(
        ServiceItem, through="VisitItem", related_name="visits", blank=True, verbose_name=_("服务事项")
    )
    outcome = models.CharField(_("办理结果"), max_length=12, choices=Outcome.choices)
    notes = models.TextField(_("接待记录"), blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("转办事项")
    )
    previous_visit = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_visits",
        verbose_name=_("前次来访"),
        help_text=_("居民凭告知单再次来办时，指向第一次来访。"),
    )
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    voided_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("作废人")
    )
    # Set by the retention sweep (reception.retention): the resident's details are gone,
    # what statistics count (channel, outcome, dates, items) stays.
    anonymised_at = models.DateTimeField(_("匿名化时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["id_number_encrypted"])

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("接待登记")
        verbose_name_plural = _("接待登记")
        ordering = ["-received_at"]
        indexes = [
            # Carrying what the dashboard and the ledger's daily totals count, these two let
            # those aggregates read the index alone (PostgreSQL; other databases ignore `include`).
            models.Index(
                fields=["committee", "-received_at"],
                include=["id", "outcome", "voided_at", "channel", "previous_visit"],
                name="visit_committee_received",
            ),
            # A street admin's ledger: many committees in one time order, read from the newest.
            models.Index(
                fields=["-received_at", "-id"], include=["committee", "outcome", "voided_at"], name="visit_received"
            ),
            models.Index(fields=["committee", "channel", "-received_at"], name="visit_committee_channel"),
            models.Index(fields=["committee", "outcome", "-received_at"], name="visit_committee_outcome"),
            models.Index(fields=["received_by", "-received_at"], include=["voided_at"], name="visit_receiver"),
            models.Index(fields=["committee", "resident_phone"], name="visit_committee_phone"),
            models.Index(fields=["id_number_digest"], name="visit_id_digest"),
        ]
        # Showing the whole ID number is a permission of its own (the director's), and every
        # showing is recorded (IdNumberAccess).
        permissions = [("reveal_id_number", _("查看完整身份证号"))]

    def __str__(self):
        return f"{self.reference} {self.resident_name}"

    def get_absolute_url(self):
        return reverse("reception:visit-detail", args=[self.pk])

    def notice_url(self):
        return reverse("reception:notice", args=[self.pk])

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.resident_phone)

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class VisitItem(models.Model):
    """A service item asked about in a visit, with the papers the resident did not bring
    (what the one-time notice lists)."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="items", verbose_name=_("接待登记"))
    service_item = models.ForeignKey(
        ServiceItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("服务事项")
    )
    materials_missing = models.JSONField(_("缺少的材料"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("接待事项")
        verbose_name_plural = _("接待事项")
        ordering = ["visit", "pk"]
        constraints = [models.UniqueConstraint(fields=["visit", "service_item"], name="visit_item_unique")]

    def __str__(self):
        return f"{self.visit.reference} {self.service_item}"

    def get_absolute_url(self):
        return self.visit.get_absolute_url()


class Appointment(models.Model):
    """A resident booked to come at a set time to a worker on duty then (预约办)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("居委会")
    )
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments", verbose_name=_("来源登记")
    )
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("接待人"))
    service_item = models.ForeignKey(
        ServiceItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("服务事项")
    )
    resident_name = models.CharField(_("居民姓名"), max_length=50)
    resident_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    starts_at = models.DateTimeField(_("预约时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    notes = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["reminded_at"])

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["committee", "starts_at"], name="appointment_committee_start"),
            models.Index(fields=["worker", "starts_at"], name="appointment_worker_start"),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.resident_name}"

    def get_absolute_url(self):
        return reverse("reception:appointment-detail", args=[self.pk])

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.resident_phone)


class SealUse(models.Model):
    """One use of the committee seal (印章使用登记), only for items approved for it."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="seal_uses", verbose_name=_("居委会")
    )
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="seal_uses", verbose_name=_("接待登记"))
    service_item = models.ForeignKey(
        ServiceItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("服务事项")
    )
    document = models.CharField(_("用印文件"), max_length=200)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    used_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="seal_uses", verbose_name=_("经办人"))
    used_at = models.DateTimeField(_("用印时间"), default=timezone.now)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("印章使用登记")
        verbose_name_plural = _("印章使用登记")
        ordering = ["-used_at"]
        indexes = [models.Index(fields=["committee", "-used_at"], name="seal_use_committee_used")]

    def __str__(self):
        return f"{self.used_at:%Y-%m-%d} {self.document}"

    def get_absolute_url(self):
        return self.visit.get_absolute_url()


class IdNumberAccessQuerySet(ScopedQuerySet):
    committee_lookup = "visit__committee"


class IdNumberAccess(models.Model):
    """One showing of a resident's whole ID number (身份证号查看记录): who, when, which
    visit and why. Written only by `reception.services.id_number_reveal`, never edited or
    removed, so it is its own record and keeps no history."""

    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, related_name="id_number_accesses", verbose_name=_("接待登记")
    )
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("查看人"))
    at = models.DateTimeField(_("查看时间"), default=timezone.now)
    reason = models.CharField(_("查看原因"), max_length=200)
    # Set when the password this person signed in with was not of their own choosing alone:
    # set through a link someone else issued, or by a superuser (staffing.accounts.password_in_use).
    # The record then says who else could have been signed in as them.
    password_set_through = models.ForeignKey(
        AccountChange,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登录密码的来源"),
    )

    objects = IdNumberAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("身份证号查看记录")
        verbose_name_plural = _("身份证号查看记录")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["visit", "-at"], name="id_access_visit_at"),
            models.Index(fields=["worker", "-at"], name="id_access_worker_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.visit.reference}"

    def get_absolute_url(self):
        return self.visit.get_absolute_url()
