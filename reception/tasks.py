"""Celery tasks: fetch, call the service, nothing else."""

from celery import shared_task


@shared_task(acks_late=True)
def remind_appointments():
    from .reminders import remind_tomorrows_appointments

    return remind_tomorrows_appointments()


@shared_task(acks_late=True)
def anonymise_old_visits():
    from django.conf import settings

    from .retention import visits_anonymise_older_than

    return visits_anonymise_older_than(days=settings.RETENTION_DAYS)
