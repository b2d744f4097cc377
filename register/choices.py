"""The register's fixed vocabularies: relations to the household head, residence status,
a person's and a household's standing, phone kinds and the built-in care tags."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Relation(models.TextChoices):
    HEAD = "head", _("户主")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    GRANDCHILD = "grandchild", _("孙子女")
    OTHER = "other", _("其他")


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class ResidenceStatus(models.TextChoices):
    HUKOU = "hukou", _("户籍")
    RESIDENT = "resident", _("常住")
    FLOATING = "floating", _("流动")
    NOMINAL = "nominal", _("空挂")  # 人户分离: registered here, living elsewhere


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    MOVED_OUT = "moved_out", _("已迁出")
    DIED = "died", _("已故")
    MERGED = "merged", _("已合并")  # a duplicate record; `merged_into` names the one kept


# Which statuses a person may leave for which (person_leave, person_merge): the active
# record ends once; an ended one may still be merged into another, never revived here.
PERSON_TRANSITIONS = {
    PersonStatus.ACTIVE: {PersonStatus.MOVED_OUT, PersonStatus.DIED, PersonStatus.MERGED},
    PersonStatus.MOVED_OUT: {PersonStatus.ACTIVE, PersonStatus.DIED, PersonStatus.MERGED},
    PersonStatus.DIED: {PersonStatus.MERGED},
    PersonStatus.MERGED: set(),
}


class HouseholdStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    ENDED = "ended", _("已注销")


class PhoneKind(models.TextChoices):
    MOBILE = "mobile", _("手机")
    LANDLINE = "landline", _("座机")


class BuiltinTag(models.TextChoices):
    """The care tags every committee has (seeded by a migration). 高龄 is not among them:
    it is computed from the birth date (Person.is_advanced_age), never stored."""

    LIVING_ALONE = "living_alone", _("独居老人")
    DISABLED = "disabled", _("残疾")
    DIBAO = "dibao", _("低保")
    TEKUN = "tekun", _("特困")
    VETERAN = "veteran", _("退役军人")
    WATCH = "watch", _("重点关注")


# Health, disability and assistance: sensitive personal information (PIPL art. 28).
SENSITIVE_BUILTINS = {BuiltinTag.DISABLED, BuiltinTag.DIBAO, BuiltinTag.TEKUN}

ADVANCED_AGE = 80  # 高龄: this age or older, from the birth date
ADVANCED_AGE_LABEL = _("高龄")
SENSITIVE_MASK = _("敏感标签（已隐藏）")


class ImportStatus(models.TextChoices):
    """An uploaded spreadsheet: previewed until imported, or set aside (never deleted)."""

    UPLOADED = "uploaded", _("待导入")
    IMPORTED = "imported", _("已导入")
    WITHDRAWN = "withdrawn", _("已放弃")


class ImportKind(models.TextChoices):
    XLSX = "xlsx", "Excel (.xlsx)"
    CSV = "csv", "CSV"
