"""Link existing visits and cases to the register's people (one-off, after the register is
imported): by ID number, else by name and a current phone, within each committee. Prints,
per committee, what it linked and what it could not. `--dry-run` only counts. Running it
again links only what is new."""

from django.core.management.base import BaseCommand

from committee.models import Committee
from reception.linking import COLUMNS, residents_link


class Command(BaseCommand):
    help = (
        "Link visits and cases to register people of the same committee (by ID number, else name + "
        "current phone) and report per committee: linked visits, linked cases, unmatched with a phone, "
        "unmatched with an ID number only, unmatched without any identifier."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be linked.")

    def handle(self, *args, dry_run, **options):
        report = residents_link(dry_run=dry_run)
        committees = Committee.objects.filter(pk__in=report).order_by("code")
        self.stdout.write(("dry-run, would link" if dry_run else "linked") + ": committee " + " ".join(COLUMNS))
        totals = dict.fromkeys(COLUMNS, 0)
        for committee in committees:
            counts = report[committee.pk]
            for column in COLUMNS:
                totals[column] += counts[column]
            figures = " ".join(f"{column}={counts[column]}" for column in COLUMNS)
            self.stdout.write(f"{committee.code} {committee.name}: {figures}")
        self.stdout.write("total: " + " ".join(f"{column}={totals[column]}" for column in COLUMNS))
