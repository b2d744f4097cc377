"""Celery tasks: fetch, call the service, nothing else."""

from celery import shared_task

from .dayfigures import count_recent_days


@shared_task(acks_late=True)
def count_past_days():
    return count_recent_days()
