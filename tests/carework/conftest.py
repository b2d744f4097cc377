import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from carework.choices import PlanTarget
from carework.models import CarePlan, HomeVisit
from carework.services import care_plan_save, home_visit_record
from register.models import CareTag
from register.services import household_create, person_find_or_create, person_join_household, person_tag_add
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Plans and tags start here; tests move the clock on from it.
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=SHANGHAI)

_rooms = itertools.count(101)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def start(time_machine):
    time_machine.move_to(START, tick=False)
    return START.date()


@pytest.fixture
def area_a(committee_a, worker_a):
    return factories.grid_area(committee_a, responsible=worker_a, name="东片")


@pytest.fixture
def resident(committee_a, area_a, director_a):
    """`resident("钱大爷", tags=["living_alone"], birth_date=…, area=…, building="3号楼")`."""

    def make(name, *, tags=(), birth_date=None, area=None, building="1号楼", committee=None, by=None):
        committee = committee or committee_a
        household = household_create(
            committee=committee, grid_area=area or area_a, building=building, unit="1单元", room=f"{next(_rooms)}室"
        )
        person, _created = person_find_or_create(committee=committee, name=name, birth_date=birth_date)
        person_join_household(person=person, household=household, relation="head")
        for code in tags:
            person_tag_add(person=person, tag=CareTag.objects.get(code=code), by=(by or director_a).user, reason="证明")
        return person

    return make


@pytest.fixture
def plan(committee_a):
    def make(code, days, *, started_on=None, committee=None):
        committee = committee or committee_a
        tag = CareTag.objects.get(code=code) if code else None
        made = care_plan_save(
            committee=committee,
            target=PlanTarget.TAG if tag else PlanTarget.ADVANCED_AGE,
            tag=tag,
            interval_days=days,
        )
        if started_on:
            CarePlan.objects.filter(pk=made.pk).update(started_on=started_on)
        return made

    return make


@pytest.fixture
def visit(committee_a, worker_a, time_machine):
    """Record a visit on `day`, the clock moved there (a visit cannot be in the future)."""

    def make(person, day, outcome="seen", **fields):
        import uuid

        time_machine.move_to(at(day, 18), tick=False)
        return home_visit_record(
            client_id=uuid.uuid4(),
            committee=person.committee,
            worker=fields.pop("worker", worker_a),
            person=person,
            outcome=outcome,
            visited_at=at(day),
            recorded_at=at(day),
            **fields,
        )

    return make


def visits_of(person):
    return HomeVisit.objects.filter(person=person).count()


def today():
    return timezone.localdate()
