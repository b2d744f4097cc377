from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanTarget(models.TextChoices):
    """Whom a care plan covers: the people carrying one care tag, or 高龄 (80 or older),
    which is computed from birth dates and never stored as a tag (register.models.Person)."""

    TAG = "tag", _("关爱标签")
    ADVANCED_AGE = "advanced_age", _("高龄")


class Frequency(models.IntegerChoices):
    """The usual visit intervals, in days; a plan may use any from 1 to 366."""

    WEEKLY = 7, _("每周")
    FORTNIGHTLY = 14, _("每两周")
    MONTHLY = 30, _("每月")
    QUARTERLY = 91, _("每季度")
    HALF_YEARLY = 182, _("每半年")


MIN_INTERVAL_DAYS = 1
MAX_INTERVAL_DAYS = 366


class VisitOutcome(models.TextChoices):
    SEEN = "seen", _("见到本人")
    NOT_HOME = "not_home", _("不在家")
    REFUSED = "refused", _("拒绝")


class Condition(models.TextChoices):
    GOOD = "good", _("良好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("较差")


class DueStatus(models.TextChoices):
    """Where a planned person stands today (carework.selectors.care_due)."""

    OVERDUE = "overdue", _("逾期")
    DUE_TODAY = "due_today", _("今日应访")
    VISITED = "visited", _("周期内已访")


class NoticeKind(models.TextChoices):
    OVERDUE_VISITS = "overdue_visits", _("走访逾期")
    NOT_HOME_TWICE = "not_home_twice", _("连续两次不在家")
