from django.db import models
from django.utils.translation import gettext_lazy as _


class FindingCategory(models.TextChoices):
    """What a patrol found, as the 每日巡查记录本 sorts it."""

    SAFETY = "safety", _("安全隐患")
    SANITATION = "sanitation", _("环境卫生")
    ILLEGAL_BUILDING = "illegal_building", _("违章搭建")
    FACILITY = "facility", _("设施损坏")
    OTHER = "other", _("其他")


class FindingStatus(models.TextChoices):
    """Where a finding stands. Set once, when it is recorded: a finding is either still to
    be dealt with, dealt with on the spot, or handed on as a case (whose own status then
    tells the rest). A wrong finding is withdrawn (`Finding.withdrawn_at`), never deleted."""

    OPEN = "open", _("待处理")
    HANDLED = "handled", _("当场处理")
    CASE = "case", _("已转事项")
