"""Bring the work calendar up to what the installed chinese-calendar package knows.

Years without a calendar row get theirs (the package's schedule, or the law's holidays past
its last year). A year still provisional that the package now knows (after upgrading it)
gets the package's schedule as if entered in the product: the open cases counted over a
changed day get their deadlines again. Entered years are left as they are."""

from django.core.management.base import BaseCommand

from committee.choices import CalendarDayKind, CalendarSource, CalendarYearStatus
from committee.models import CalendarYear
from committee.services import PACKAGE_LAST_YEAR, calendar_seed, package_days
from office.services import calendar_schedule_enter


class Command(BaseCommand):
    help = "Seed the work calendar, and take in the schedules a newer chinese-calendar knows."

    def add_arguments(self, parser):
        parser.add_argument("--from-year", type=int, default=2020)
        parser.add_argument("--to-year", type=int, default=2100)

    def handle(self, *args, from_year, to_year, **options):
        added = calendar_seed(from_year, to_year)
        self.stdout.write(f"Added {added} calendar days.")
        provisional = CalendarYear.objects.filter(
            year__range=(from_year, min(to_year, PACKAGE_LAST_YEAR)), status=CalendarYearStatus.PROVISIONAL
        ).values_list("year", flat=True)
        for year in sorted(provisional):
            rows = package_days(year)
            effect = calendar_schedule_enter(
                year=year,
                holidays={day: name for day, kind, name in rows if kind == CalendarDayKind.HOLIDAY},
                workdays={day: name for day, kind, name in rows if kind == CalendarDayKind.WORKDAY},
                by=None,
                source=CalendarSource.PACKAGE,
            )
            self.stdout.write(
                f"{year}: the package's schedule taken in; {len(effect.changed_days)} days changed type, "
                f"{len(effect.moves)} open cases got a new deadline."
            )
