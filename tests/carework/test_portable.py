"""The Python derivation (carework.portable, for the demo's SQLite) gives what the SQL one
gives, row for row and figure for figure, on the same data."""

import dataclasses
import datetime as dt

import pytest

from carework import portable
from carework.choices import DueStatus
from carework.selectors import _coverage, _grouped_in_python, care_coverage, care_due
from register.services import person_leave
from tests import factories
from tests.carework.conftest import at

pytestmark = pytest.mark.django_db

FIELDS = ("person_id", "interval_days", "due_on", "last_seen_on", "last_visit_on", "not_home_twice", "status")


def test_the_python_derivation_matches_the_sql_one(start, committee_a, director_a, resident, plan, visit, time_machine):
    plan("living_alone", 7, started_on=start)
    plan("dibao", 91, started_on=start + dt.timedelta(days=40))
    plan(None, 30, started_on=start)
    plan("veteran", 7, started_on=start + dt.timedelta(days=60))  # seen before it applied
    west = factories.grid_area(committee_a, responsible=director_a, name="西片")
    never = resident("从未走访", tags=["living_alone"])
    both = resident("两个标签", tags=["living_alone", "dibao"], area=west)
    old = resident("高龄老人", birth_date=dt.date(1940, 2, 29))
    resident("高龄低保", tags=["dibao"], birth_date=dt.date(1946, 3, 1), building="10号楼")
    away = resident("不在家两次", tags=["living_alone"], area=west)
    next_date = resident("约了下次", tags=["living_alone"])
    left = resident("已迁出", tags=["living_alone"])
    visit(both, start + dt.timedelta(days=3))
    visit(resident("老兵", tags=["veteran"]), start + dt.timedelta(days=2))
    visit(old, start + dt.timedelta(days=5), outcome="refused")
    visit(away, start + dt.timedelta(days=6))
    visit(away, start + dt.timedelta(days=20), outcome="not_home")
    visit(away, start + dt.timedelta(days=21), outcome="not_home")
    visit(next_date, start + dt.timedelta(days=10), next_visit_on=start + dt.timedelta(days=60))
    time_machine.move_to(at(start + dt.timedelta(days=30)), tick=False)
    person_leave(person=left, status="moved_out", on=start + dt.timedelta(days=22))
    assert never.pk and left.pk
    for day in (start + dt.timedelta(days=n) for n in (0, 25, 45, 90, 400)):
        sql_rows = care_due(committee=committee_a, today=day, statuses=tuple(DueStatus.values))
        python_rows = portable.planned_rows(committee_a, day)
        assert sorted(tuple(getattr(row, f) for f in FIELDS) for row in sql_rows) == sorted(
            tuple(row[f] for f in FIELDS) for row in python_rows
        ), day
        assert len(sql_rows) >= 5
        sql_figures = care_coverage(committee=committee_a, today=day)
        python_figures = _coverage(committee_a, _grouped_in_python(python_rows))
        assert dataclasses.asdict(sql_figures) == dataclasses.asdict(python_figures), day
