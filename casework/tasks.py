"""Celery tasks: fetch, call the service, nothing else."""

from celery import shared_task

from .mail import case_mail_send
from .reminders import sweep


@shared_task(acks_late=True)
def sweep_reminders():
    return sweep()


@shared_task(acks_late=True)
def send_case_mail(*, case_id: int, worker_ids: list[int], text: str):
    return case_mail_send(case_id=case_id, worker_ids=worker_ids, text=text)
