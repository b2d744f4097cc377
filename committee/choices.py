from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    WORKDAY = "workday", _("调休上班")


class CalendarYearStatus(models.TextChoices):
    OFFICIAL = "official", _("已公布")
    PROVISIONAL = "provisional", _("暂定")


class CalendarSource(models.TextChoices):
    PACKAGE = "package", _("chinese-calendar 软件包")
    ENTERED = "entered", _("录入的国务院安排")
    LAW = "law", _("按《全国年节及纪念日放假办法》推算")


class DayType(models.TextChoices):
    """What kind of day a date is for duty rosters and deadlines."""

    WORKING = "working", _("工作日")
    WEEKEND = "weekend", _("双休日")
    HOLIDAY = "holiday", _("节假日")
