"""Open cases whose deadlines were counted before the calendar knew the law's holidays of
the provisional years (committee 0008): each gets its deadline again, as
case_deadlines_rederive would give it, with a timeline event, and loses the reminders not
yet sent for its old deadline. Written against the models as they stand at this point of
the history, so it runs the same on any later database."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

OPEN = ("registered", "dispatched", "in_progress", "waiting")


def rederive(apps, schema_editor):
    Case = apps.get_model("casework", "Case")
    CaseEvent = apps.get_model("casework", "CaseEvent")
    Reminder = apps.get_model("casework", "Reminder")
    ReminderDelivery = apps.get_model("casework", "ReminderDelivery")
    CalendarDay = apps.get_model("committee", "CalendarDay")
    CalendarYear = apps.get_model("committee", "CalendarYear")
    law_years = set(CalendarYear.objects.filter(source="law").values_list("year", flat=True))
    cases = list(Case.objects.filter(status__in=OPEN))
    if not law_years or not cases:
        return
    tz = ZoneInfo(settings.TIME_ZONE)
    kinds = dict(CalendarDay.objects.values_list("date", "kind"))
    latest = max(case.due_at for case in cases).astimezone(tz).year + 1  # a case's count reaches no further
    law_days = {day for day, kind in kinds.items() if day.year in law_years and day.year <= latest}

    def working(day):
        kind = kinds.get(day)
        return kind == "workday" or (kind != "holiday" and day.weekday() < 5)

    def add(day, n):
        while n > 0:
            day += dt.timedelta(days=1)
            n -= working(day)
        return day

    def between(first, last):
        return sum(working(first + dt.timedelta(days=k)) for k in range(1, (last - first).days + 1))

    local = lambda moment: moment.astimezone(tz).date()  # noqa: E731
    pauses, started = {}, {}
    events = CaseEvent.objects.filter(case__in=cases, kind__in=["paused", "resumed"]).order_by("case", "at", "pk")
    for case_id, kind, at in events.values_list("case_id", "kind", "at"):
        if kind == "paused":
            started[case_id] = at
        elif case_id in started:
            pauses.setdefault(case_id, []).append((local(started.pop(case_id)), local(at)))
    now = dt.datetime.now(dt.timezone.utc)
    for case in cases:
        received = case.counted_from or local(case.registered_at)
        due, paused = add(received, case.time_limit_days), 0
        for start, end in pauses.get(case.pk, []):
            days = max(0, between(start, end))
            due, paused = add(due, days), paused + days
        new_due = dt.datetime.combine(due, dt.time(23, 59, 59), tzinfo=tz)
        old_due = case.due_at
        spans = [(received, max(due, local(old_due))), *pauses.get(case.pk, [])]
        if new_due == old_due or not any(a < day <= b for day in law_days for a, b in spans):
            continue
        Case.objects.filter(pk=case.pk).update(due_at=new_due, paused_working_days=paused, version=case.version + 1)
        CaseEvent.objects.create(case_id=case.pk, kind="deadline", actor=None, at=now,
                                 note="日历补入法定假日（放假安排公布前暂按法律推算），期限重新计算。",
                                 data={"old_due": old_due.isoformat(), "new_due": new_due.isoformat()})
        ReminderDelivery.objects.filter(reminder__case_id=case.pk, reminder__due_at=old_due,
                                        sent_at__isnull=True).delete()
        Reminder.objects.filter(case_id=case.pk, due_at=old_due, sent_at__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0009_office_closing_time"), ("committee", "0008_calendar_years_seeded")]
    operations = [migrations.RunPython(rederive, migrations.RunPython.noop)]
