"""System check: warn while next year's work calendar is provisional.

The State Council publishes each year's holiday schedule in November; until it is entered
(office: 工作日历, by each district's admin, or a newer chinese-calendar release and
`manage.py seed_calendar` for the national calendar), next year holds only the law's
statutory holidays and deadlines reaching into it are provisional."""

from django.core.checks import Warning, register
from django.db import DatabaseError
from django.utils import timezone

from .choices import CalendarYearStatus
from .models import CalendarYear, District


def districts_without_schedule(year: int) -> list[str] | None:
    """The names of the districts for which `year` is provisional (their own row, else the
    national one decides); with no district yet, [""] if the national year is provisional.
    None when every one is official. Two queries."""
    status = dict(CalendarYear.objects.filter(year=year).values_list("district_id", "status"))
    national = status.get(None)
    districts = list(District.objects.order_by("code").values_list("id", "name"))
    if not districts:
        return None if national == CalendarYearStatus.OFFICIAL else [""]
    pending = [name for pk, name in districts if status.get(pk, national) != CalendarYearStatus.OFFICIAL]
    return pending or None


@register("committee")
def next_year_calendar_official(app_configs=None, **kwargs):
    next_year = timezone.localdate().year + 1
    try:
        pending = districts_without_schedule(next_year)
    except DatabaseError:  # tables not migrated yet: nothing to check
        return []
    if pending is None:
        return []
    where = f" for {', '.join(pending)}" if any(pending) else ""
    return [
        Warning(
            f"The work calendar for {next_year} is provisional{where}: the State Council's schedule is not entered.",
            hint=(
                "Enter next year's holidays and 调休 working days (工作日历, as the district admin), "
                "or run `manage.py seed_calendar` after upgrading chinese-calendar."
            ),
            id="committee.W001",
        )
    ]
