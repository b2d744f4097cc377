"""Add the holidays and 调休 working days the installed chinese-calendar package knows.

Entries already present (including ones typed in admin) are left as they are."""

from django.core.management.base import BaseCommand

from committee.services import calendar_seed


class Command(BaseCommand):
    help = "Seed the work calendar from the chinese-calendar package."

    def add_arguments(self, parser):
        parser.add_argument("--from-year", type=int, default=2020)
        parser.add_argument("--to-year", type=int, default=2100)

    def handle(self, *args, from_year, to_year, **options):
        added = calendar_seed(from_year, to_year)
        self.stdout.write(f"Added {added} calendar days.")
