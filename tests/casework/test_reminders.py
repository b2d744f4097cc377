"""The reminder sweep: what it finds, who hears of it, and that each reminder goes once."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from casework.choices import CaseStatus, ReminderKind
from casework.models import Case, Notification, Reminder, ReminderDelivery
from casework.reminders import cutoffs, sweep
from casework.services import case_open

from .. import factories

TZ = timezone.get_current_timezone()
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=TZ)  # Wednesday


def make_case(committee, first_responder, line, due_day: dt.date, status=CaseStatus.DISPATCHED, handler=None):
    case = case_open(
        committee=committee, first_responder=first_responder, title=f"到期 {due_day}", line=line, handler=handler
    )
    due = dt.datetime.combine(due_day, dt.time(23, 59, 59), tzinfo=TZ)
    Case.objects.filter(pk=case.pk).update(due_at=due, status=status)
    case.refresh_from_db()
    return case


@pytest.fixture
def people(committee_a, director_a, worker_a, line_civil):
    worker_a.user.email = "first@example.org"
    worker_a.user.save()
    handler = factories.worker(committee_a, name="承办人")
    handler.user.email = "handler@example.org"
    handler.user.save()
    director_a.user.email = "director@example.org"
    director_a.user.save()
    return worker_a, handler, director_a


@pytest.mark.django_db
def test_the_cutoffs_use_working_days():
    limits = cutoffs(dt.datetime(2026, 9, 30, 10, 0, tzinfo=TZ), escalate_after=2)
    assert timezone.localtime(limits.due_soon_before).date() == dt.date(2026, 10, 8)  # next working day
    # two working days before 09-30 are 09-29 and 09-28: escalate what was due before 09-28
    assert timezone.localtime(limits.escalate_before).date() == dt.date(2026, 9, 27)


@pytest.mark.django_db
def test_a_sweep_reminds_handlers_first_responders_and_directors(people, committee_a, line_civil):
    first, handler, director = people
    soon = make_case(committee_a, first, line_civil, dt.date(2026, 11, 26), handler=handler)
    late = make_case(committee_a, first, line_civil, dt.date(2026, 11, 24), handler=handler)
    very_late = make_case(committee_a, first, line_civil, dt.date(2026, 11, 18), handler=handler)
    waiting = make_case(
        committee_a, first, line_civil, dt.date(2026, 11, 18), status=CaseStatus.WAITING, handler=handler
    )
    later = make_case(committee_a, first, line_civil, dt.date(2026, 12, 10), handler=handler)
    Notification.objects.all().delete()

    result = sweep(now=NOW, escalate_after=2)

    kinds = set(Reminder.objects.values_list("case_id", "kind"))
    assert (soon.pk, ReminderKind.DUE_SOON) in kinds
    assert (late.pk, ReminderKind.OVERDUE) in kinds and (late.pk, ReminderKind.ESCALATION) not in kinds
    assert (very_late.pk, ReminderKind.ESCALATION) in kinds
    assert not any(case_id in (waiting.pk, later.pk) for case_id, _k in kinds)
    # handler: soon, late, very_late; first responder: late, very_late (overdue); director: very_late
    assert result["delivered"] == ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 6

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 3  # one digest per recipient, not one mail per reminder
    assert soon.reference in by_recipient["handler@example.org"].body
    assert late.reference in by_recipient["first@example.org"].body  # overdue: the first responder hears too
    assert soon.reference not in by_recipient["first@example.org"].body
    assert very_late.reference in by_recipient["director@example.org"].body
    assert Notification.objects.filter(recipient=handler).count() == 3


@pytest.mark.django_db
def test_a_second_sweep_sends_nothing_again(people, committee_a, line_civil):
    first, handler, _director = people
    make_case(committee_a, first, line_civil, dt.date(2026, 11, 24), handler=handler)
    sweep(now=NOW, escalate_after=2)
    sent = len(mail.outbox)
    again = sweep(now=NOW + dt.timedelta(minutes=10), escalate_after=2)
    assert again["delivered"] == 0 and len(mail.outbox) == sent


@pytest.mark.django_db
def test_a_moved_deadline_gets_fresh_reminders(people, committee_a, line_civil):
    first, handler, _director = people
    case = make_case(committee_a, first, line_civil, dt.date(2026, 11, 24), handler=handler)
    sweep(now=NOW, escalate_after=2)
    Case.objects.filter(pk=case.pk).update(due_at=dt.datetime(2026, 11, 24, 23, 59, 58, tzinfo=TZ))
    sweep(now=NOW, escalate_after=2)
    assert Reminder.objects.filter(case=case, kind=ReminderKind.OVERDUE).count() == 2


@pytest.mark.django_db
def test_undelivered_reminders_are_sent_by_the_next_sweep(people, committee_a, line_civil):
    first, handler, _director = people
    case = make_case(committee_a, first, line_civil, dt.date(2026, 11, 24), handler=handler)
    # As if a sweep recorded the reminder and died before delivering it.
    Reminder.objects.create(case=case, kind=ReminderKind.OVERDUE, due_at=case.due_at, created_at=NOW)
    result = sweep(now=NOW, escalate_after=2)
    assert result["delivered"] >= 1
    assert Reminder.objects.filter(case=case, sent_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_the_command_runs_one_sweep(people, committee_a, line_civil, capsys):
    from django.core.management import call_command

    call_command("sweep_reminders")
    assert "delivered=" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent sweeps need PostgreSQL row locks")
def test_concurrent_sweeps_send_each_reminder_once(people, committee_a, line_civil):
    first, handler, _director = people
    for day in range(10, 25):
        make_case(committee_a, first, line_civil, dt.date(2026, 11, day), handler=handler)
    Notification.objects.all().delete()
    barrier = threading.Barrier(4)
    errors = []

    def run():
        try:
            barrier.wait()
            sweep(now=NOW, escalate_after=2)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    reminders = Reminder.objects.count()
    assert reminders == Reminder.objects.values("case", "kind", "due_at").distinct().count()
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
    assert ReminderDelivery.objects.filter(sent_at__isnull=True).count() == 0
    # Every reminder became exactly one notification per recipient, whoever delivered it.
    handler_lines = Notification.objects.filter(recipient=handler).count()
    assert handler_lines == Reminder.objects.exclude(kind__in=[ReminderKind.ESCALATION, ReminderKind.STREET]).count()
    mailed_lines = sum(m.body.count("AA01-") for m in mail.outbox if m.to == ["handler@example.org"])
    assert mailed_lines == handler_lines


@pytest.mark.django_db
def test_a_refused_mail_is_retried_by_the_next_sweep_and_others_still_go(people, committee_a, line_civil, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    first, handler, _director = people
    make_case(committee_a, first, line_civil, dt.date(2026, 11, 24), handler=handler)
    real_send = EmailMultiAlternatives.send

    def flaky(self, *args, **kwargs):
        if self.to == ["handler@example.org"]:
            raise ConnectionRefusedError("mail server down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    sweep(now=NOW, escalate_after=2)
    assert [m.to for m in mail.outbox] == [["first@example.org"]]
    assert ReminderDelivery.objects.filter(worker=handler, sent_at__isnull=True).count() == 1
    assert not Notification.objects.filter(recipient=handler, text__startswith="【").exists()  # rolled back too

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    sweep(now=NOW + dt.timedelta(minutes=10), escalate_after=2)
    assert sorted(m.to[0] for m in mail.outbox) == ["first@example.org", "handler@example.org"]
    assert Notification.objects.filter(recipient=handler, text__startswith="【").count() == 1


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's")
def test_a_sweep_that_owes_many_deliveries_refreshes_the_statistics_first(people, committee_a, line_civil, monkeypatch):
    from casework import reminders

    first, handler, _director = people
    make_case(committee_a, first, line_civil, dt.date(2026, 11, 18), handler=handler)

    def analyses():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'casework_reminderdelivery'")
            return cursor.fetchone()[0]

    before = analyses()
    monkeypatch.setattr(reminders, "REFRESH_STATISTICS_AFTER", 10_000)
    sweep(now=NOW)  # a handful of deliveries: no ANALYZE
    assert analyses() == before
    make_case(committee_a, first, line_civil, dt.date(2026, 11, 17), handler=handler)
    monkeypatch.setattr(reminders, "REFRESH_STATISTICS_AFTER", 1)
    sweep(now=NOW)
    assert analyses() == before + 1
