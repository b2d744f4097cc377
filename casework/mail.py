"""Immediate mail about one case (a resident chasing it)."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from staffing.models import Worker

from .models import Case


def case_mail_send(*, case_id: int, worker_ids: list[int], text: str) -> int:
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return 0
    url = reverse("casework:case-detail", args=[case.pk])
    messages = [
        (
            f"【居委会前台】{text}",
            f"{worker.display_name}：\n\n{text}\n\n{case.reference} {case.title}\n{url}\n",
            settings.DEFAULT_FROM_EMAIL,
            [worker.user.email],
        )
        for worker in Worker.objects.filter(pk__in=worker_ids).select_related("user")
        if worker.user.email
    ]
    return send_mass_mail(messages) if messages else 0
