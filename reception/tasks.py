"""Celery tasks: fetch, call the service, nothing else."""

from celery import shared_task
from django.conf import settings

from .retention import visits_anonymise_older_than
from .services import remind_tomorrows_appointments


@shared_task(acks_late=True)
def remind_appointments():
    return remind_tomorrows_appointments()


@shared_task(acks_late=True)
def anonymise_old_visits():
    return visits_anonymise_older_than(days=settings.RETENTION_DAYS)
