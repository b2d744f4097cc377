"""Celery tasks: fetch, call the service, nothing else."""

from celery import shared_task

from .reminders import sweep


@shared_task(acks_late=True)
def sweep_care_reminders():
    return sweep()
