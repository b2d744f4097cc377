"""Celery tasks: fetch, call the service, nothing else."""

from celery import shared_task


@shared_task(acks_late=True)
def remind_appointments():
    from .reminders import remind_tomorrows_appointments

    return remind_tomorrows_appointments()
