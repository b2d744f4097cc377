"""Celery tasks: fetch, call the service, nothing else."""

from celery import shared_task


@shared_task(acks_late=True)
def sweep_reminders():
    from .reminders import sweep

    return sweep()


@shared_task(acks_late=True)
def send_case_mail(*, case_id: int, worker_ids: list[int], text: str):
    from .mail import case_mail_send

    return case_mail_send(case_id=case_id, worker_ids=worker_ids, text=text)
