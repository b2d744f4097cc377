"""Anonymise the desk's records older than the retention period (PIPL), keeping what the
statistics count. Run it from cron, e.g. monthly; `--dry-run` only counts."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from reception.retention import DEFAULT_RETENTION_DAYS, retention_due, visits_anonymise_older_than
from utilities.erasure import retention_cutoff


class Command(BaseCommand):
    help = (
        "Remove residents' names, phones, ID numbers, addresses and every free text from visits, "
        "appointments, seal uses, ID-number showings, notifications, finished cases and the register's "
        "departed people and ended households older than the retention period (RETENTION_DAYS, "
        "default 3 years), history tables included."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention period in days (default: the RETENTION_DAYS setting, 3 × 365).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be anonymised.")

    def handle(self, *args, days, dry_run, **options):
        if days is None:
            days = getattr(settings, "RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
        if days < 1:
            raise CommandError("--days must be at least 1")
        now = timezone.now()
        cutoff = timezone.localtime(retention_cutoff(days=days, now=now))
        with transaction.atomic():
            # Counted just before the UPDATEs, in their transaction: the figures are what changed.
            due = retention_due(days=days, now=now)
            if not dry_run:
                visits_anonymise_older_than(days=days, now=now)
        counts = " ".join(f"{key}={value}" for key, value in due.items())
        prefix = "dry-run, would anonymise" if dry_run else "anonymised"
        self.stdout.write(f"{prefix} records before {cutoff:%Y-%m-%d %H:%M}: {counts}")
