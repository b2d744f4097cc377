"""The organisation and its reference data: districts, street offices, committees, lines of
work (条线), the service catalogue, grid areas (分片包干) and the work calendar."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utilities.pinyin import pinyin_initials

from .choices import CalendarDayKind, CalendarSource, CalendarYearStatus
from .scoping import ScopedQuerySet, reference_scope, scoped_queryset

code_validator = RegexValidator(r"^[A-Za-z0-9-]{2,16}$", _("只能用 2–16 位字母、数字或连字符。"))


class DistrictQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = reference_scope(user)
        return self if scope.everything else self.filter(pk=scope.district_id)


class District(models.Model):
    """A district (区): the level above street offices, and the owner of the reference data
    they share — the lines, the service catalogue with its seal-permitted list, and the work
    calendar — kept by its district admins. Street admins read them, add service items of
    their own street and choose which of the district's items their committees offer."""

    code = models.CharField(_("代码"), max_length=16, unique=True, validators=[code_validator])
    name = models.CharField(_("名称"), max_length=100)
    history = HistoricalRecords()

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("区")
        verbose_name_plural = _("区")
        ordering = ["code"]

    def __str__(self):
        return self.name


class StreetOffice(models.Model):
    """A street office (街道办事处): the level above 5–20 residents' committees."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="street_offices", verbose_name=_("区")
    )
    code = models.CharField(_("代码"), max_length=16, unique=True, validators=[code_validator])
    name = models.CharField(_("名称"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("街道")
        verbose_name_plural = _("街道")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:committee_streetoffice_change", args=[self.pk])


class CommitteeQuerySet(scoped_queryset("pk")):
    pass


class Committee(models.Model):
    """A residents' committee (居委会). Every record users enter belongs to exactly one."""

    street_office = models.ForeignKey(
        StreetOffice, on_delete=models.PROTECT, related_name="committees", verbose_name=_("街道")
    )
    code = models.CharField(
        _("代码"),
        max_length=16,
        unique=True,
        validators=[code_validator],
        help_text=_("用在公开网址 /board/<代码>/ 中，印在门口二维码上，设定后请勿更改。"),
    )
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    phone = models.CharField(_("办公电话"), max_length=30, blank=True)
    office_hours_note = models.TextField(_("办公时间说明"), blank=True)
    office_closes_at = models.TimeField(
        _("受理截止时间"),
        null=True,
        blank=True,
        help_text=_(
            "填写后（例如 18:00），此时间及以后登记的事项按次日受理，办结期限从次日起算；不填则按登记当天受理。"
        ),
    )
    active = models.BooleanField(_("启用"), default=True)
    board_published = models.BooleanField(
        _("公开公示栏"),
        default=True,
        help_text=_("关闭后公示栏 /board/<代码>/ 及其海报显示“页面不存在”，门口的二维码暂时失效。"),
    )
    board_message = models.TextField(
        _("公示栏通知"), blank=True, help_text=_("显示在公示栏顶部，例如临时调整的办公安排。")
    )
    history = HistoricalRecords()

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("居委会")
        verbose_name_plural = _("居委会")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:committee_committee_change", args=[self.pk])

    @property
    def district_id(self) -> int:
        """The district whose reference data and work calendar the committee uses."""
        return self.street_office.district_id


class LineQuerySet(models.QuerySet):
    def of_district(self, district_id):
        return self.filter(district_id=district_id)

    def visible_to(self, user):
        """The lines of the user's district (every line for a superuser)."""
        scope = reference_scope(user)
        return self if scope.everything else self.filter(district_id=scope.district_id)


class Line(models.Model):
    """A line of work (条线) such as 民政 or 社保就业, one set per district."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="lines", verbose_name=_("区"))
    code = models.SlugField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    objects = LineQuerySet.as_manager()

    class Meta:
        verbose_name = _("条线")
        verbose_name_plural = _("条线")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["district", "code"], name="line_unique_code_per_district"),
            models.UniqueConstraint(fields=["district", "name"], name="line_unique_name_per_district"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:committee_line_change", args=[self.pk])


class ServiceItemQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def offered_by(self, street_office_id: int, district_id: int):
        """What the committees of a street office offer: the district's items the street
        office has not withdrawn, and its own items (active or not: `active()` narrows)."""
        withdrawn = CatalogueChoice.objects.filter(street_office_id=street_office_id, offered=False).values("item")
        shared = Q(district_id=district_id, street_office__isnull=True) & ~Q(pk__in=withdrawn)
        return self.filter(shared | Q(street_office_id=street_office_id))

    def offered_to(self, committee: "Committee"):
        return self.offered_by(committee.street_office_id, committee.district_id)

    def visible_to(self, user):
        """A district admin: every item of the district; anyone else of a street office: the
        district's shared items (offered by their street or not) and their street's own."""
        scope = reference_scope(user)
        if scope.everything:
            return self
        items = self.filter(district_id=scope.district_id)
        if scope.keeps_district_data:
            return items
        return items.filter(Q(street_office__isnull=True) | Q(street_office_id=scope.street_office_id))


class ServiceItem(models.Model):
    """An entry of the service catalogue: what a resident can ask for, which papers it
    needs (in order, so the one-time notice lists them the same way every time), and how
    many working days the committee has to finish it (限时办结).

    An item belongs to a district: kept by its district admins and offered by every street
    office that has not withdrawn it (`CatalogueChoice`); or to one street office
    (`street_office` set), kept by that office's admins for its own committees. Only a
    district admin puts an item on the seal-permitted list."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="items", verbose_name=_("区"))
    street_office = models.ForeignKey(
        StreetOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_items",
        verbose_name=_("本街道事项"),
        help_text=_("空：全区共用的事项，由区管理员维护。"),
    )
    line = models.ForeignKey(Line, on_delete=models.PROTECT, related_name="items", verbose_name=_("条线"))
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    pinyin_initials = models.CharField(
        _("拼音首字母"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("用于检索，例如 jzzm 对应 居住证明；保存时自动生成。"),
    )
    description = models.TextField(_("说明"), blank=True)
    materials = models.JSONField(_("所需材料"), default=list, blank=True, help_text=_("按顺序列出的材料名称。"))
    time_limit_days = models.PositiveSmallIntegerField(
        _("办结时限（工作日）"), default=5, validators=[MaxValueValidator(120)]
    )
    on_the_spot = models.BooleanField(_("可当场办结"), default=False)
    seal_permitted = models.BooleanField(_("准予使用居委会印章"), default=False)
    active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    objects = ServiceItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["line__order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                condition=Q(street_office__isnull=True),
                name="service_item_unique_name_per_district",
            ),
            models.UniqueConstraint(
                fields=["street_office", "name"],
                condition=Q(street_office__isnull=False),
                name="service_item_unique_name_per_street",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:committee_serviceitem_change", args=[self.pk])

    @property
    def is_shared(self) -> bool:
        """The district's item, rather than one street office's own."""
        return self.street_office_id is None

    def clean(self):
        self.pinyin_initials = pinyin_initials(self.name)
        if not isinstance(self.materials, list) or not all(isinstance(m, str) and m.strip() for m in self.materials):
            raise ValidationError({"materials": _("所需材料必须是非空文字的列表。")})
        if self.street_office_id and self.district_id and self.street_office.district_id != self.district_id:
            raise ValidationError({"street_office": _("街道不属于该区。")})
        if self.line_id and self.district_id and self.line.district_id != self.district_id:
            raise ValidationError({"line": _("条线不属于该区。")})
        if self.district_id and self.name:
            # One name for one thing in what a committee offers: a street's own item may not
            # take the name of a district item, nor another item of its street.
            same = ServiceItem.objects.filter(district_id=self.district_id, name=self.name).exclude(pk=self.pk)
            same = same.filter(Q(street_office__isnull=True) | Q(street_office_id=self.street_office_id))
            if self.street_office_id is None:
                same = same.filter(street_office__isnull=True)
            if same.exists():
                raise ValidationError({"name": _("本区已有同名的服务事项。")})


class CatalogueChoiceQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = reference_scope(user)
        if scope.everything:
            return self
        if scope.keeps_district_data:
            return self.filter(street_office__district_id=scope.district_id)
        return self.filter(street_office_id=scope.street_office_id) if scope.street_office_id else self.none()


class CatalogueChoice(models.Model):
    """Whether a street office's committees offer one of the district's service items.
    No row: offered. Withdrawing and offering again change the row, so nothing is deleted
    and the history shows who chose what when."""

    street_office = models.ForeignKey(
        StreetOffice, on_delete=models.PROTECT, related_name="catalogue_choices", verbose_name=_("街道")
    )
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="choices", verbose_name=_("服务事项"))
    offered = models.BooleanField(_("本街道提供"), default=True)
    history = HistoricalRecords()

    objects = CatalogueChoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("街道事项选择")
        verbose_name_plural = _("街道事项选择")
        constraints = [models.UniqueConstraint(fields=["street_office", "item"], name="catalogue_choice_unique")]

    def __str__(self):
        return f"{self.street_office} · {self.item}"


class GridArea(models.Model):
    """A grid area (片区, 分片包干) of the neighbourhood with its responsible worker, whose
    name and public phone are posted on the notice board."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="grid_areas", verbose_name=_("居委会")
    )
    name = models.CharField(_("名称"), max_length=100)
    buildings = models.CharField(_("楼栋范围"), max_length=200, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grid_areas",
        verbose_name=_("包干责任人"),
    )
    public_phone = models.CharField(_("公开电话"), max_length=30, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("片区")
        verbose_name_plural = _("片区")
        ordering = ["committee", "name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="grid_area_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:committee_gridarea_change", args=[self.pk])


class CalendarQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The national calendar and the user's district's own years."""
        scope = reference_scope(user)
        if scope.everything:
            return self
        return self.filter(Q(district__isnull=True) | Q(district_id=scope.district_id))


class CalendarDay(models.Model):
    """A day that differs from the Monday–Friday pattern: a statutory holiday, or a
    weekend day that is worked (调休). Days not listed follow the weekday.

    Rows without a district are the national calendar, from the packages (migrations and
    `seed_calendar`); a district that enters a year's schedule has its own rows for that
    year, and for that year only its own count (`committee.workcalendar`)."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calendar_days",
        verbose_name=_("区"),
        help_text=_("空：全国日历。"),
    )
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True)
    history = HistoricalRecords()

    objects = CalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=Q(district__isnull=True), name="calendar_day_unique_national"
            ),
            models.UniqueConstraint(
                fields=["district", "date"],
                condition=Q(district__isnull=False),
                name="calendar_day_unique_per_district",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()

    def get_absolute_url(self):
        return reverse("admin:committee_calendarday_change", args=[self.pk])


class CalendarYear(models.Model):
    """One year of the work calendar and where its days come from.

    A year is official once the State Council's schedule for it is in (known to the
    chinese-calendar package, or entered); until then it is provisional: the statutory
    holidays the law fixes are in the calendar, the exchanges (调休) are not, and every
    deadline that reaches into the year is shown as provisional. A year without a row is
    provisional too. Without a district: the national calendar's year; with one: a year that
    district entered itself, which from then on counts for it instead."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calendar_years",
        verbose_name=_("区"),
        help_text=_("空：全国日历。"),
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    status = models.CharField(_("状态"), max_length=12, choices=CalendarYearStatus.choices)
    source = models.CharField(_("来源"), max_length=10, choices=CalendarSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    entered_at = models.DateTimeField(_("录入时间"), null=True, blank=True)
    history = HistoricalRecords()

    objects = CalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=Q(district__isnull=True), name="calendar_year_unique_national"
            ),
            models.UniqueConstraint(
                fields=["district", "year"],
                condition=Q(district__isnull=False),
                name="calendar_year_unique_per_district",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_status_display()}"

    @property
    def is_official(self) -> bool:
        return self.status == CalendarYearStatus.OFFICIAL


class ReferenceCounter(models.Model):
    """The last number handed out in one numbering series of a committee and year.

    Reference numbers (case and visit numbers printed for residents) must have no gaps
    and no duplicates; `committee.services.next_number` bumps this row with one
    upsert inside the caller's transaction, so a rolled-back write gives its number back."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+", verbose_name=_("居委会"))
    series = models.CharField(_("编号序列"), max_length=10)
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("已用到"), default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")
        constraints = [
            models.UniqueConstraint(fields=["committee", "series", "year"], name="reference_counter_unique"),
        ]

    def __str__(self):
        return f"{self.committee_id}/{self.series}/{self.year}: {self.last}"


class DayFigures(models.Model):
    """What one committee did on one past day, counted once and kept: the dashboard and
    the street comparison add these rows up instead of re-reading a period's visits and
    cases (`committee.dayfigures`). Derived data, never entered: a row is deleted when
    something of its day changes (a visit voided, a return recorded, a case reopened)
    and counted again from the records when next needed. Today is always counted live."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+", verbose_name=_("居委会"))
    day = models.DateField(_("日期"))
    # Visits received that day (voided ones left out).
    visits = models.PositiveIntegerField(default=0)
    first_visits = models.PositiveIntegerField(default=0)  # matters started that day
    beyond_two_trips = models.PositiveIntegerField(default=0)  # of those, with two or more returns so far
    on_the_spot = models.PositiveIntegerField(default=0)
    voided = models.PositiveIntegerField(default=0)  # visits of that day voided since
    channels = models.JSONField(default=dict)  # channel -> visits
    outcomes = models.JSONField(default=dict)  # outcome -> visits
    lines = models.JSONField(default=dict)  # line id -> visits asking about it
    workers = models.JSONField(default=dict)  # worker id -> visits received
    # Cases, each counted on the day of the event.
    opened = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    resolution_days = models.JSONField(default=dict)  # working days taken -> cases resolved
    followed = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    unsatisfied = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("每日统计")
        verbose_name_plural = _("每日统计")
        constraints = [models.UniqueConstraint(fields=["committee", "day"], name="day_figures_unique")]

    def __str__(self):
        return f"{self.committee_id}/{self.day:%Y-%m-%d}"
