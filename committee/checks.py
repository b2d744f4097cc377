"""System check: warn while next year's work calendar is provisional.

The State Council publishes each year's holiday schedule in November; until it is entered
(office: 工作日历, or a newer chinese-calendar release and `manage.py seed_calendar`), next
year holds only the law's statutory holidays and deadlines reaching into it are provisional."""

from django.core.checks import Warning, register
from django.db import DatabaseError
from django.utils import timezone

from .workcalendar import official_years


@register("committee")
def next_year_calendar_official(app_configs=None, **kwargs):
    next_year = timezone.localdate().year + 1
    try:
        official = next_year in official_years(next_year, next_year)
    except DatabaseError:  # tables not migrated yet: nothing to check
        return []
    if official:
        return []
    return [
        Warning(
            f"The work calendar for {next_year} is provisional: the State Council's schedule is not entered.",
            hint=(
                "Enter next year's holidays and 调休 working days (工作概览 → 工作日历, as a street admin), "
                "or run `manage.py seed_calendar` after upgrading chinese-calendar."
            ),
            id="committee.W001",
        )
    ]
