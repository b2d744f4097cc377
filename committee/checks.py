"""System check: warn when next year's holidays are not in the work calendar yet.

The State Council publishes each year's holiday schedule in November; until someone enters
it in admin (or a newer chinese-calendar release knows it), deadlines and rosters for that
year would treat holidays as working days."""

from django.core.checks import Warning, register
from django.db import DatabaseError
from django.utils import timezone

from .models import CalendarDay


@register("committee")
def next_year_calendar_present(app_configs=None, **kwargs):
    next_year = timezone.localdate().year + 1
    try:
        known = CalendarDay.objects.filter(date__year=next_year).exists()
    except DatabaseError:  # tables not migrated yet: nothing to check
        return []
    if known:
        return []
    return [
        Warning(
            f"The work calendar has no entries for {next_year}.",
            hint=(
                "Enter next year's statutory holidays and 调休 working days in admin "
                "(工作日历), or run `manage.py seed_calendar` after upgrading chinese-calendar."
            ),
            id="committee.W001",
        )
    ]
