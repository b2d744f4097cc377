"""Entering a year's official holiday schedule: every open case whose deadline was counted
over a changed day gets its deadline again from its history, says so in its timeline, has
its reminders re-armed once; the other cases stay as they were; directors hear of the
published duties on changed days."""

import datetime as dt

import pytest
from django.utils import timezone

from casework import services as cases
from casework.choices import CaseStatus, EventKind, ReminderKind
from casework.models import Case, Notification, Reminder
from casework.reminders import fan_out, record_reminders, sweep
from office.services import calendar_schedule_enter, calendar_schedule_preview
from reception.models import Appointment
from staffing.models import DutyAssignment, Roster
from staffing.services import roster_publish

from .. import factories
from ..committee.test_calendar_years import LAW_2027

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
D = dt.date

# The schedule entered: Spring Festival off from 5 to 11 February (so Thursday the 11th
# becomes a holiday), Saturday 20 February worked in exchange; the rest as the law has it.
HOLIDAYS = {day: name for day, name in LAW_2027.items() if day.month != 2} | {
    D(2027, 2, day): "春节" for day in range(5, 12)
}
WORKDAYS = {D(2027, 2, 20): "春节调休"}


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def due_day(case: Case) -> dt.date:
    case.refresh_from_db()
    return timezone.localtime(case.due_at).date()


@pytest.fixture
def world(committee_a, worker_a, director_a, line_civil, time_machine):
    five = factories.service_item(line_civil, name="五日事项", limit=5)
    one = factories.service_item(line_civil, name="一日事项", limit=1)

    def case(title, day, item=five):
        time_machine.move_to(at(day), tick=False)
        return cases.case_open(
            committee=committee_a, first_responder=worker_a, title=title, service_item=item, handler=worker_a
        )

    made = {
        # Monday 1 Feb, 5 days: 2–4 February, then the 11th and the 12th; now the 12th and the 15th.
        "over_the_holiday": case("跨春节", D(2027, 2, 1)),
        # Monday 15 Feb, 5 days: 16–19 and Monday the 22nd; now the worked Saturday the 20th.
        "over_the_saturday": case("跨调休", D(2027, 2, 15)),
        # Thursday 4 Feb, 1 day: the 11th; now the 12th. Its reminders are the point.
        "reminded": case("提醒", D(2027, 2, 4), item=one),
        # Monday 1 Feb, due the 12th; waited for papers 15–17 Feb (2 days): due the 16th; now the 17th.
        "paused": case("待补件后", D(2027, 2, 1)),
        # Monday 1 March: nothing changed in its count.
        "untouched": case("三月", D(2027, 3, 1)),
        "closed": case("已结案", D(2027, 2, 1)),
        # Counted on a calendar since changed elsewhere (a day typed in admin): its deadline
        # is not what its history gives today, but no day of this schedule is in its count.
        "counted_before": case("另有调整", D(2027, 2, 12), item=one),
    }
    Case.objects.filter(pk=made["counted_before"].pk).update(
        due_at=at(D(2027, 2, 16), 23).replace(minute=59, second=59)
    )
    time_machine.move_to(at(D(2027, 2, 15)), tick=False)
    cases.case_pause(case=made["paused"], by=worker_a, reason="等居民补交户口簿")
    time_machine.move_to(at(D(2027, 2, 17)), tick=False)
    cases.case_resume(case=made["paused"], by=worker_a)
    Case.objects.filter(pk=made["closed"].pk).update(status=CaseStatus.CLOSED)
    # A published duty on Thursday 11 February and an appointment on Saturday the 20th.
    shifts = factories.shifts(committee_a)
    roster = Roster.objects.create(committee=committee_a, month=D(2027, 2, 1))
    DutyAssignment.objects.create(
        committee=committee_a, roster=roster, date=D(2027, 2, 11), shift=shifts[0], worker=worker_a
    )
    roster_publish(roster=roster, by=director_a, provisional_acknowledged=True)
    Appointment.objects.create(
        committee=committee_a,
        worker=worker_a,
        created_by=worker_a,
        resident_name="钱阿婆",
        starts_at=at(D(2027, 2, 20)),
    )
    return made


def test_the_provisional_deadlines_are_those_of_the_law_s_calendar(world):
    assert {name: due_day(case) for name, case in world.items()} == {
        "over_the_holiday": D(2027, 2, 12),
        "over_the_saturday": D(2027, 2, 22),
        "reminded": D(2027, 2, 11),
        "paused": D(2027, 2, 16),
        "untouched": D(2027, 3, 8),
        "closed": D(2027, 2, 12),
        "counted_before": D(2027, 2, 16),
    }


def test_entering_the_schedule_re_derives_exactly_the_affected_cases(world, street_admin_a, director_a):
    versions = {name: Case.objects.get(pk=case.pk).version for name, case in world.items()}
    histories = {name: case.history.count() for name, case in world.items()}
    effect = calendar_schedule_enter(year=2027, holidays=HOLIDAYS, workdays=WORKDAYS, by=street_admin_a)

    assert effect.changed_days == [D(2027, 2, 11), D(2027, 2, 20)]
    assert {name: due_day(case) for name, case in world.items()} == {
        "over_the_holiday": D(2027, 2, 15),
        "over_the_saturday": D(2027, 2, 20),
        "reminded": D(2027, 2, 12),
        "paused": D(2027, 2, 17),
        "untouched": D(2027, 3, 8),
        "closed": D(2027, 2, 12),
        "counted_before": D(2027, 2, 16),
    }
    moved = {"over_the_holiday", "over_the_saturday", "reminded", "paused"}
    assert {move.case.pk for move in effect.moves} == {world[name].pk for name in moved}
    for name, case in world.items():
        case.refresh_from_db()
        events = list(case.events.filter(kind=EventKind.DEADLINE))
        if name in moved:
            assert case.version == versions[name] + 1
            assert case.history.count() == histories[name] + 1  # the change is in the history
            assert case.history.first().due_at == case.due_at
            (event,) = events
            assert event.actor == street_admin_a and "2027" in event.note
            assert dt.datetime.fromisoformat(event.data["new_due"]) == case.due_at
        else:  # untouched: not even saved
            assert case.version == versions[name] and events == []
    assert Case.objects.get(pk=world["paused"].pk).paused_working_days == 2
    # The director hears of the published duty on the 11th; the preview listed the appointment.
    assert [duty.date for duty in effect.duties] == [D(2027, 2, 11)]
    assert [a.resident_name for a in effect.appointments] == ["钱阿婆"]
    (notice,) = Notification.objects.filter(recipient=director_a, case=None)
    assert "02-11" in notice.text


def test_reminders_follow_the_new_deadline_once(world, street_admin_a, worker_a, time_machine):
    reminded = world["reminded"]
    # Thursday 4 Feb, 16:00: the one-day case is due soon (the 11th) — recorded, not yet sent.
    time_machine.move_to(at(D(2027, 2, 4), 16), tick=False)
    record_reminders(timezone.now(), escalate_after=2)
    fan_out()
    assert Reminder.objects.filter(case=reminded, kind=ReminderKind.DUE_SOON, sent_at__isnull=True).count() == 1

    calendar_schedule_enter(year=2027, holidays=HOLIDAYS, workdays=WORKDAYS, by=street_admin_a)
    # The reminder for the old deadline is withdrawn before it went out...
    old_due = at(D(2027, 2, 11), 23).replace(minute=59, second=59)
    assert not Reminder.objects.filter(case=reminded, due_at=old_due).exists()
    # A sweep that read the case before the schedule was saved may still record a reminder
    # for the old deadline: it is never delivered.
    Reminder.objects.create(case=reminded, kind=ReminderKind.OVERDUE, due_at=old_due, created_at=timezone.now())
    # ...and the sweep reminds of the new one, once, however often it runs.
    sweep(now=timezone.now())
    sweep(now=timezone.now() + dt.timedelta(minutes=10))
    (reminder,) = Reminder.objects.filter(case=reminded).exclude(due_at=old_due)
    assert (
        reminder.kind == ReminderKind.DUE_SOON
        and reminder.due_at == reminded.__class__.objects.get(pk=reminded.pk).due_at
        and reminder.sent_at is not None
    )
    assert Notification.objects.filter(recipient=worker_a, case=reminded).count() == 1


def test_the_preview_shows_the_effect_and_changes_nothing(world, street_admin_a):
    before = {case.pk: (case.due_at, case.version) for case in Case.objects.all()}
    effect = calendar_schedule_preview(year=2027, holidays=HOLIDAYS, workdays=WORKDAYS, by=street_admin_a)
    assert len(effect.moves) == 4 and len(effect.duties) == 1 and len(effect.appointments) == 1
    assert {case.pk: (case.due_at, case.version) for case in Case.objects.all()} == before
    assert not Notification.objects.filter(case=None).exists()
    from committee.models import CalendarYear

    assert not CalendarYear.objects.get(year=2027).is_official
