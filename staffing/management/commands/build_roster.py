"""Generate a committee's draft duty roster for a month (the director's form does the same).

manage.py build_roster --committee QY01 --month 2026-12
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from committee.models import Committee
from staffing.services import roster_generate


def month_arg(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--month must look like 2026-12, got {value!r}") from None


class Command(BaseCommand):
    help = "Generate the draft duty roster of one committee for one month."

    def add_arguments(self, parser):
        parser.add_argument("--committee", required=True, help="The committee's code, e.g. QY01.")
        parser.add_argument("--month", required=True, type=month_arg, help="YYYY-MM")

    def handle(self, *args, committee, month, **options):
        found = Committee.objects.filter(code=committee).first()
        if found is None:
            raise CommandError(f"No committee with code {committee!r}.")
        try:
            roster, plan = roster_generate(committee=found, month=month)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{found.code} {month:%Y-%m}: {len(plan.assignments)} duties, draft roster #{roster.pk}")
        for shortfall in plan.shortfalls:
            self.stdout.write(f"  short: {shortfall}")
