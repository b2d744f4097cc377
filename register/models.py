"""The residents' register (实有人口): households at an address in a grid area, the people
in them, their phones and care tags, and the record of every full view of a sensitive tag.

Like the desk's visits, a person's ID number is never stored in clear: only encrypted, as
a keyed digest for finding them again and masked for display (register.identity). Nothing
here is deleted: a person moves out, dies or is merged into the record kept; a household
is ended; a tag or a membership gets an end date."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.models import Committee, GridArea
from committee.scoping import ScopedQuerySet, scoped_queryset, visible_committee_ids
from utilities.display import ChoiceLabels
from utilities.phones import mask_phone
from utilities.pinyin import pinyin_initials

from .choices import (
    ADVANCED_AGE,
    HouseholdStatus,
    ImportKind,
    ImportStatus,
    PersonStatus,
    PhoneKind,
    Relation,
    ResidenceStatus,
    Sex,
)


class Household(ChoiceLabels, models.Model):
    """A household (户) at one address of the committee, inside a grid area (片区). The
    address is kept as the committee writes it (building, unit, room) beside a key that
    matches its other spellings (register.addresses)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="households", verbose_name=_("居委会")
    )
    grid_area = models.ForeignKey(
        GridArea, on_delete=models.PROTECT, null=True, blank=True, related_name="households", verbose_name=_("片区")
    )
    building = models.CharField(_("楼号"), max_length=30, blank=True)
    unit = models.CharField(_("单元"), max_length=30, blank=True)
    room = models.CharField(_("室号"), max_length=30)
    address_key = models.CharField(_("地址匹配键"), max_length=100, editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=HouseholdStatus.choices, default=HouseholdStatus.ACTIVE)
    ended_on = models.DateField(_("注销日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("户")
        verbose_name_plural = _("户")
        ordering = ["committee", "address_key"]
        indexes = [
            models.Index(fields=["committee", "address_key"], name="household_address"),
            models.Index(fields=["grid_area", "status"], name="household_grid_status"),
        ]
        constraints = [
            # One active household per address; ended ones stay as they were.
            models.UniqueConstraint(
                fields=["committee", "address_key"],
                condition=Q(status="active"),
                name="household_one_active_per_address",
                violation_error_message=_("本居委会已有这个地址的在册户。"),
            ),
        ]

    def __str__(self):
        return self.address

    def get_absolute_url(self):
        return reverse("register:household-detail", args=[self.pk])

    @property
    def address(self) -> str:
        return " ".join(part for part in (self.building, self.unit, self.room) if part)


class NameInitialsField(models.CharField):
    """The pinyin initials of the row's `name` (赵阿婆 -> zap), set whenever the row is
    written — save, bulk_create, utilities.bulk.copy_insert all call `pre_save` — so no
    writer can leave them behind the name (a queryset's update(name=…) aside: there is none)."""

    def pre_save(self, model_instance, add):
        value = pinyin_initials(model_instance.name or "")[: self.max_length]
        setattr(model_instance, self.attname, value)
        return value


class PersonQuerySet(ScopedQuerySet):
    def current(self):
        """Not a merged duplicate: the records a list shows."""
        return self.exclude(status=PersonStatus.MERGED)

    def active(self):
        return self.filter(status=PersonStatus.ACTIVE)

    def advanced_age(self, today: dt.date):
        """高龄: born on or before this day 80 years ago."""
        return self.filter(birth_date__lte=years_before(today, ADVANCED_AGE))


def age_on(birth_date: dt.date | None, day: dt.date) -> int | None:
    """Age in whole years on `day` (None without a birth date)."""
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Person(ChoiceLabels, models.Model):
    """A resident of the committee's register. One person once per committee: found again
    by ID-number digest, or by name and phone (register.services.person_find_or_create);
    duplicates are merged, the duplicate kept with status 已合并 pointing at the record kept."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="people", verbose_name=_("居委会"))
    name = models.CharField(_("姓名"), max_length=50)
    # The name's pinyin initials, so the desk finds a person by them with one index look-up
    # (register.search).
    name_initials = NameInitialsField(_("姓名拼音首字母"), max_length=50, blank=True, editable=False)
    sex = models.CharField(_("性别"), max_length=6, choices=Sex.choices, blank=True)
    # From a valid ID number when there is one (person services), typed otherwise.
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    id_number_encrypted = models.TextField(_("身份证号（加密）"), blank=True)
    id_number_digest = models.CharField(_("身份证号摘要"), max_length=64, blank=True)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True)
    residence_status = models.CharField(
        _("居住类型"), max_length=10, choices=ResidenceStatus.choices, default=ResidenceStatus.HUKOU
    )
    moved_in_on = models.DateField(_("迁入日期"), null=True, blank=True)
    moved_out_on = models.DateField(_("迁出日期"), null=True, blank=True)
    died_on = models.DateField(_("死亡日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PersonStatus.choices, default=PersonStatus.ACTIVE)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        verbose_name=_("合并到"),
    )
    notes = models.TextField(_("备注"), blank=True)
    history = HistoricalRecords(excluded_fields=["id_number_encrypted"])

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("居民")
        verbose_name_plural = _("居民")
        ordering = ["committee", "name", "pk"]
        indexes = [
            models.Index(fields=["committee", "name"], name="person_committee_name"),
            models.Index(fields=["committee", "status"], name="person_committee_status"),
            models.Index(fields=["committee", "birth_date"], name="person_committee_birth"),
            # The desk's search (register.search): a name's or its initials' prefix, LIKE 'zap%'.
            # (PostgreSQL's operator classes; other databases ignore them.)
            models.Index(
                fields=["committee", "name"], opclasses=["int8_ops", "text_pattern_ops"], name="person_name_prefix"
            ),
            models.Index(
                fields=["committee", "name_initials"],
                opclasses=["int8_ops", "text_pattern_ops"],
                name="person_initials_prefix",
            ),
        ]
        constraints = [
            # One person once per committee by ID number (merged duplicates aside).
            models.UniqueConstraint(
                fields=["committee", "id_number_digest"],
                condition=~Q(id_number_digest="") & ~Q(status="merged"),
                name="person_one_per_id_number",
                violation_error_message=_("本居委会已登记过这个身份证号的居民。"),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:  # the initials follow the name
            kwargs["update_fields"] = {*update_fields, "name_initials"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("register:person-detail", args=[self.pk])

    def age_on(self, day: dt.date) -> int | None:
        return age_on(self.birth_date, day)

    def is_advanced_age(self, day: dt.date | None = None) -> bool:
        """高龄 (80 or older): computed each time from the birth date, never stored, so it
        needs no sweep on birthdays. Shown as a tag beside the stored ones."""
        age = self.age_on(day or timezone.localdate())
        return age is not None and age >= ADVANCED_AGE

    @property
    def is_active(self) -> bool:
        return self.status == PersonStatus.ACTIVE


class MembershipQuerySet(scoped_queryset("household__committee")):
    def current(self):
        return self.filter(ended_on__isnull=True)


class Membership(ChoiceLabels, models.Model):
    """A person's place in a household, with their relation to its head; moving house
    ends one membership and starts another, so where someone lived stays known."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("户"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("居民"))
    relation = models.CharField(_("与户主关系"), max_length=12, choices=Relation.choices, default=Relation.OTHER)
    started_on = models.DateField(_("起始日期"), default=timezone.localdate)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("户成员")
        verbose_name_plural = _("户成员")
        ordering = ["household", "relation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_current_per_person",
                violation_error_message=_("此居民已是另一户的在册成员。"),
            ),
        ]

    def __str__(self):
        return f"{self.household} {self.person} ({self.get_relation_display()})"


class PersonPhone(ChoiceLabels, models.Model):
    """One phone of a person, a mobile or a landline (座机, perhaps with an extension). A
    row of its own rather than a JSON list: a phone is what the desk looks people up by,
    so it wants an index, and a merge moves rows with one update."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="phones", verbose_name=_("居民"))
    number = models.CharField(_("号码"), max_length=30)  # normalised (utilities.phones / register.phones)
    kind = models.CharField(_("类型"), max_length=10, choices=PhoneKind.choices, default=PhoneKind.MOBILE)
    note = models.CharField(_("说明"), max_length=50, blank=True)
    ended_on = models.DateField(_("停用日期"), null=True, blank=True)
    history = HistoricalRecords()

    objects = scoped_queryset("person__committee").as_manager()

    class Meta:
        verbose_name = _("电话")
        verbose_name_plural = _("电话")
        ordering = ["person", "pk"]
        indexes = [models.Index(fields=["number"], name="person_phone_number")]

    def __str__(self):
        return self.masked

    @property
    def masked(self) -> str:
        return mask_phone(self.number)


class CareTagQuerySet(models.QuerySet):
    def for_committee(self, committee):
        """The built-in tags and the committee's own, active ones."""
        return self.filter(Q(committee__isnull=True) | Q(committee=committee), active=True)

    def visible_to(self, user):
        ids = visible_committee_ids(user)
        if ids is None:
            return self
        return self.filter(Q(committee__isnull=True) | Q(committee__in=ids))


class CareTag(models.Model):
    """A kind of care tag (关爱标签): a built-in one every committee has (`code` set,
    no committee) or one a director added for their committee. Sensitive tags (health,
    disability, assistance: PIPL art. 28) are shown in full only to the household's grid
    worker and the director (register.access)."""

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_tags",
        verbose_name=_("居委会"),
        help_text=_("空：所有居委会共用的内置标签。"),
    )
    code = models.CharField(_("代码"), max_length=20, blank=True)
    name = models.CharField(_("名称"), max_length=30)
    sensitive = models.BooleanField(
        _("敏感信息"), default=False, help_text=_("健康、残疾、救助等敏感个人信息：仅片区责任人和主任可见全部。")
    )
    active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    objects = CareTagQuerySet.as_manager()

    class Meta:
        verbose_name = _("关爱标签")
        verbose_name_plural = _("关爱标签")
        ordering = ["committee", "name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="care_tag_unique_name"),
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="care_tag_unique_code"),
        ]

    def __str__(self):
        return self.name


class PersonTagQuerySet(scoped_queryset("person__committee")):
    def current(self):
        return self.filter(ended_on__isnull=True)


class PersonTag(models.Model):
    """A care tag on a person: who set it, when and why; removing it is an end date (with
    who and why), never a delete, so the tag's past stays readable."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tags", verbose_name=_("居民"))
    tag = models.ForeignKey(CareTag, on_delete=models.PROTECT, related_name="+", verbose_name=_("标签"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("设置人")
    )
    set_at = models.DateTimeField(_("设置时间"), default=timezone.now)
    reason = models.CharField(_("依据"), max_length=200)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("结束人"),
    )
    end_reason = models.CharField(_("结束原因"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = PersonTagQuerySet.as_manager()

    class Meta:
        verbose_name = _("居民标签")
        verbose_name_plural = _("居民标签")
        ordering = ["person", "-set_at"]
        indexes = [models.Index(fields=["tag", "ended_on"], name="person_tag_tag_ended")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "tag"],
                condition=Q(ended_on__isnull=True),
                name="person_tag_one_current",
                violation_error_message=_("此居民已有这个标签。"),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.tag}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()


class SensitiveTagView(models.Model):
    """One full view of a person's sensitive tags (敏感标签查看记录): who, whose, when.
    Written only by register.access.sensitive_view_record, never edited or removed, so
    it is its own record and keeps no history."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="sensitive_views", verbose_name=_("居民"))
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("查看人")
    )
    at = models.DateTimeField(_("查看时间"), default=timezone.now)

    objects = scoped_queryset("person__committee").as_manager()

    class Meta:
        verbose_name = _("敏感标签查看记录")
        verbose_name_plural = _("敏感标签查看记录")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["person", "-at"], name="sensitive_view_person_at"),
            models.Index(fields=["viewer", "-at"], name="sensitive_view_viewer_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.person}"


class ImportMapping(models.Model):
    """The committee's last column mapping for its spreadsheets: a register field (or ""
    for a column left out) per header text, pre-selected at the next import."""

    committee = models.OneToOneField(
        Committee, on_delete=models.PROTECT, related_name="import_mapping", verbose_name=_("居委会")
    )
    columns = models.JSONField(_("列对应"), default=dict)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入列对应")
        verbose_name_plural = _("导入列对应")

    def __str__(self):
        return str(self.committee)


class ImportBatch(models.Model):
    """A spreadsheet a director uploaded to import into the register. The table read
    from the file is kept, encrypted (it lists ID numbers in clear), only until it is
    imported or set aside: the preview and the import read it from here. The row itself stays, with who, when
    and what it added; its name and digest are forgotten after the retention period."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="import_batches", verbose_name=_("居委会")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    filename = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=ImportKind.choices)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    sha256 = models.CharField(_("文件摘要"), max_length=64, blank=True)
    content_encrypted = models.TextField(_("文件（加密）"), blank=True)
    mapping = models.JSONField(_("列对应"), default=list, blank=True)  # a register field or "" per column
    status = models.CharField(_("状态"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("导入人"),
    )
    counts = models.JSONField(_("导入结果"), default=dict, blank=True)  # numbers only, no personal data

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("表格导入")
        verbose_name_plural = _("表格导入")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.uploaded_at:%Y-%m-%d %H:%M} {self.filename}"

    def get_absolute_url(self):
        return reverse("register:import-detail", args=[self.pk])
