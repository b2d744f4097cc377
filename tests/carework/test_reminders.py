"""The care sweep: each worker told of their overdue visits once a day; the director of
someone not at home twice in a row, once."""

import datetime as dt

import pytest

from carework.models import CareNotice
from carework.reminders import sweep
from carework.tasks import sweep_care_reminders
from casework.models import Notification
from tests.carework.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(start, plan, resident):
    plan("living_alone", 7, started_on=start)
    return [resident("钱大爷", tags=["living_alone"]), resident("孙阿姨", tags=["living_alone"])]


def test_a_worker_is_told_of_overdue_visits_once_a_day(time_machine, start, overdue, worker_a):
    time_machine.move_to(at(start + dt.timedelta(days=3)), tick=False)
    assert sweep() == {"overdue": 1, "not_home_twice": 0}
    assert sweep() == {"overdue": 0, "not_home_twice": 0}  # the same day again
    [notice] = Notification.objects.filter(recipient=worker_a)
    assert "2" in notice.text
    time_machine.move_to(at(start + dt.timedelta(days=4)), tick=False)
    sweep_care_reminders()
    sweep_care_reminders()
    assert Notification.objects.filter(recipient=worker_a).count() == 2
    assert CareNotice.objects.count() == 2


def test_nobody_is_told_when_nothing_is_overdue(start, overdue, worker_a, visit, time_machine):
    for person in overdue:
        visit(person, start)
    time_machine.move_to(at(start + dt.timedelta(days=5)), tick=False)
    assert sweep()["overdue"] == 0
    assert not Notification.objects.exists()


def test_the_director_is_told_once_of_someone_not_at_home_twice(
    start, overdue, director_a, worker_a, visit, time_machine
):
    visit(overdue[0], start, outcome="not_home")
    visit(overdue[0], start + dt.timedelta(days=2), outcome="not_home")
    assert sweep()["not_home_twice"] == 1
    time_machine.move_to(at(start + dt.timedelta(days=3)), tick=False)
    assert sweep()["not_home_twice"] == 0
    [flag] = Notification.objects.filter(recipient=director_a)
    assert "钱大爷" in flag.text


def test_the_demos_portable_sweep_tells_the_same_once(
    time_machine, start, overdue, committee_a, director_a, worker_a, visit
):
    """carework.reminders on SQLite (the demo) counts from carework.portable: the same
    notices as the SQL sweep, and the two share the once-only rows."""
    from carework.reminders import _committee_sweep_portable, committee_sweep

    visit(overdue[1], start, outcome="not_home")
    visit(overdue[1], start + dt.timedelta(days=2), outcome="not_home")
    now = at(start + dt.timedelta(days=3))
    time_machine.move_to(now, tick=False)
    today = now.date()
    assert _committee_sweep_portable(committee=committee_a, now=now, today=today) == {
        "overdue": 1,
        "not_home_twice": 1,
    }
    assert _committee_sweep_portable(committee=committee_a, now=now, today=today) == {
        "overdue": 0,
        "not_home_twice": 0,
    }
    assert committee_sweep(committee=committee_a, now=now) == {"overdue": 0, "not_home_twice": 0}
    [notice] = Notification.objects.filter(recipient=worker_a)
    assert "2" in notice.text
    assert Notification.objects.filter(recipient=director_a).count() == 1
