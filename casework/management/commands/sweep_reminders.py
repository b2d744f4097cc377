"""Run one reminder sweep now (the same service Celery beat runs every few minutes)."""

from django.core.management.base import BaseCommand

from casework.reminders import sweep


class Command(BaseCommand):
    help = "Record and deliver case reminders once (for cron users and tests)."

    def handle(self, *args, **options):
        result = sweep()
        self.stdout.write(" ".join(f"{key}={value}" for key, value in result.items()))
