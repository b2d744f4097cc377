from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("来访")
    PHONE = "phone", _("来电")
    ONLINE = "online", _("网上")
    HOME_VISIT = "home_visit", _("走访")
    PATROL = "patrol", _("巡查")


class Outcome(models.TextChoices):
    ON_THE_SPOT = "on_the_spot", _("当场办结")
    NOTICE = "notice", _("一次性告知")
    HANDED_ON = "handed_on", _("转办")
    APPOINTMENT = "appointment", _("预约")
    CONSULTATION = "consultation", _("咨询解答")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    DONE = "done", _("已办理")
    MISSED = "missed", _("未到")
    CANCELLED = "cancelled", _("已取消")
