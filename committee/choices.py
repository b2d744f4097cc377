from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    WORKDAY = "workday", _("调休上班")


class DayType(models.TextChoices):
    """What kind of day a date is for duty rosters and deadlines."""

    WORKING = "working", _("工作日")
    WEEKEND = "weekend", _("双休日")
    HOLIDAY = "holiday", _("节假日")
