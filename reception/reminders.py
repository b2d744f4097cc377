"""The day-before reminder of appointments, once per appointment.

Each appointment is claimed by a conditional UPDATE (reminded_at IS NULL → now) before
anything is sent, so duplicate tasks and concurrent runs remind once."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.utils import timezone

from casework.models import Notification

from .choices import AppointmentStatus
from .models import Appointment


def remind_tomorrows_appointments(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    table = connection.ops.quote_name(Appointment._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET reminded_at = %s WHERE reminded_at IS NULL AND status = %s "
                f"AND starts_at >= %s AND starts_at < %s RETURNING id",
                [now, AppointmentStatus.BOOKED, start, end],
            )
            claimed_ids = [row[0] for row in cursor.fetchall()]
        appointments = list(
            Appointment.objects.filter(pk__in=claimed_ids).select_related("worker__user", "service_item")
        )
        Notification.objects.bulk_create([
            Notification(recipient=a.worker, text=_text(a)[:300], created_at=now) for a in appointments
        ])
        mails = [(f"【居委会前台】明日预约：{a.resident_name}", _text(a), settings.DEFAULT_FROM_EMAIL, [a.worker.user.email])
                 for a in appointments if a.worker.user.email]
        transaction.on_commit(lambda: send_mass_mail(mails) if mails else None)
    return len(appointments)


def _text(appointment: Appointment) -> str:
    when = timezone.localtime(appointment.starts_at).strftime("%m-%d %H:%M")
    item = f" · {appointment.service_item.name}" if appointment.service_item_id else ""
    return f"明日预约 {when} {appointment.resident_name}{item}"
