"""Who is due a home visit: carework.selectors.care_due across months, tags and frequencies."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carework.choices import DueStatus
from carework.selectors import care_coverage, care_due
from register.services import person_leave

pytestmark = pytest.mark.django_db

ALL = tuple(DueStatus.values)


def row_of(committee, person, day):
    rows = [r for r in care_due(committee=committee, today=day, statuses=ALL) if r.person_id == person.pk]
    return rows[0] if rows else None


def test_it_lists_nobody_without_a_plan(start, committee_a, resident):
    resident("钱大爷", tags=["living_alone"])
    assert care_due(committee=committee_a, today=start, statuses=ALL) == []


def test_a_person_never_visited_is_due_from_the_later_of_tag_and_plan_start(start, committee_a, resident, plan):
    plan("living_alone", 7, started_on=start + dt.timedelta(days=3))
    person = resident("钱大爷", tags=["living_alone"])  # tagged on `start`
    assert row_of(committee_a, person, start + dt.timedelta(days=3)).status == DueStatus.DUE_TODAY
    late = row_of(committee_a, person, start + dt.timedelta(days=10))
    assert late.status == DueStatus.OVERDUE and late.overdue_days == 7


def test_the_strictest_plan_wins(start, committee_a, resident, plan, visit):
    plan("living_alone", 7, started_on=start)
    plan("dibao", 91, started_on=start)
    person = resident("钱大爷", tags=["dibao", "living_alone"])
    visit(person, start)
    assert row_of(committee_a, person, start).interval_days == 7
    assert row_of(committee_a, person, start + dt.timedelta(days=6)).status == DueStatus.VISITED
    assert row_of(committee_a, person, start + dt.timedelta(days=7)).status == DueStatus.DUE_TODAY
    only_dibao = resident("孙阿姨", tags=["dibao"])
    visit(only_dibao, start)
    assert row_of(committee_a, only_dibao, start + dt.timedelta(days=90)).status == DueStatus.VISITED


def test_monthly_visits_count_across_month_ends(start, committee_a, resident, plan, visit):
    plan("living_alone", 30, started_on=start)
    person = resident("钱大爷", tags=["living_alone"])
    visit(person, dt.date(2026, 1, 31))
    assert row_of(committee_a, person, dt.date(2026, 3, 1)).status == DueStatus.VISITED  # 2026: 28 days in Feb
    assert row_of(committee_a, person, dt.date(2026, 3, 2)).status == DueStatus.DUE_TODAY
    overdue = row_of(committee_a, person, dt.date(2026, 4, 1))
    assert overdue.status == DueStatus.OVERDUE and overdue.overdue_days == 30
    assert overdue.due_on == dt.date(2026, 3, 2)


def test_not_at_home_does_not_count_as_a_visit_and_twice_raises_the_flag(start, committee_a, resident, plan, visit):
    plan("living_alone", 7, started_on=start)
    person = resident("钱大爷", tags=["living_alone"])
    visit(person, start)
    visit(person, start + dt.timedelta(days=6), outcome="not_home")
    row = row_of(committee_a, person, start + dt.timedelta(days=8))
    assert row.due_on == start + dt.timedelta(days=7) and not row.not_home_twice
    visit(person, start + dt.timedelta(days=8), outcome="not_home")
    row = row_of(committee_a, person, start + dt.timedelta(days=8))
    assert row.status == DueStatus.OVERDUE and row.not_home_twice
    visit(person, start + dt.timedelta(days=9))
    assert not row_of(committee_a, person, start + dt.timedelta(days=9)).not_home_twice


def test_the_next_visit_date_given_overrides_the_plan(start, committee_a, resident, plan, visit):
    plan("living_alone", 7, started_on=start)
    person = resident("钱大爷", tags=["living_alone"])
    visit(person, start, next_visit_on=start + dt.timedelta(days=20))
    assert row_of(committee_a, person, start + dt.timedelta(days=19)).status == DueStatus.VISITED
    assert row_of(committee_a, person, start + dt.timedelta(days=20)).status == DueStatus.DUE_TODAY


def test_advanced_age_is_planned_from_the_80th_birthday(start, committee_a, resident, plan):
    plan(None, 30, started_on=start)
    turning = resident("周老伯", birth_date=dt.date(1946, 3, 1))  # 80 on 2026-03-01
    resident("年轻人", birth_date=dt.date(1990, 1, 1))
    assert row_of(committee_a, turning, dt.date(2026, 2, 28)) is None
    assert row_of(committee_a, turning, dt.date(2026, 3, 1)).status == DueStatus.DUE_TODAY
    assert len(care_due(committee=committee_a, today=dt.date(2026, 3, 1), statuses=ALL)) == 1


def test_people_who_left_or_have_no_grid_area_are_not_planned(start, committee_a, resident, plan):
    plan("living_alone", 7, started_on=start)
    left = resident("钱大爷", tags=["living_alone"])
    person_leave(person=left, status="moved_out", on=start)
    from register.services import household_create, person_find_or_create, person_join_household

    household = household_create(committee=committee_a, room="9室")
    nowhere, _ = person_find_or_create(committee=committee_a, name="无片区")
    person_join_household(person=nowhere, household=household)
    assert care_due(committee=committee_a, today=start, statuses=ALL) == []


def test_an_ended_tag_or_a_switched_off_plan_plans_nobody(start, committee_a, resident, plan):
    made = plan("living_alone", 7, started_on=start)
    person = resident("钱大爷", tags=["living_alone"])
    assert row_of(committee_a, person, start)
    from carework.services import care_plan_save

    care_plan_save(committee=committee_a, target=made.target, tag=made.tag, interval_days=7, active=False)
    assert row_of(committee_a, person, start) is None


def test_another_committees_people_never_appear(start, committee_a, committee_b, worker_b, resident, plan):
    from tests import factories

    plan("living_alone", 7, started_on=start)
    plan("living_alone", 7, started_on=start, committee=committee_b)
    area_b = factories.grid_area(committee_b, responsible=worker_b)
    resident("乙居民", tags=["living_alone"], area=area_b, committee=committee_b, by=worker_b)
    mine = resident("甲居民", tags=["living_alone"])
    assert [r.person_id for r in care_due(committee=committee_a, today=start)] == [mine.pk]


def _queries(fn):
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_the_derivation_takes_a_fixed_number_of_queries(start, committee_a, resident, plan, visit):
    plan("living_alone", 7, started_on=start)
    plan(None, 30, started_on=start)
    resident("一", tags=["living_alone"], birth_date=dt.date(1930, 1, 1))
    small = (
        _queries(lambda: care_due(committee=committee_a, today=start)),
        _queries(lambda: care_coverage(committee=committee_a, today=start)),
    )
    for n in range(12):
        person = resident(f"居民{n}", tags=["living_alone", "dibao"], birth_date=dt.date(1940, 1, 1))
        visit(person, start, outcome="not_home" if n % 2 else "seen")
    large = (
        _queries(lambda: care_due(committee=committee_a, today=start)),
        _queries(lambda: care_coverage(committee=committee_a, today=start)),
    )
    assert small == large == (1, 3)


def test_a_next_date_set_when_nobody_was_seen_does_not_count(start, committee_a, resident, plan, visit):
    plan("living_alone", 7, started_on=start)
    person = resident("钱大爷", tags=["living_alone"])
    visit(person, start + dt.timedelta(days=1), outcome="not_home", next_visit_on=start + dt.timedelta(days=30))
    row = row_of(committee_a, person, start + dt.timedelta(days=10))
    assert row.status == DueStatus.OVERDUE and row.due_on == start


def test_a_person_seen_long_before_the_plan_is_due_from_the_plans_start(start, committee_a, resident, plan, visit):
    person = resident("钱大爷", tags=["living_alone"])
    visit(person, start)  # no plan yet
    plan("living_alone", 7, started_on=start + dt.timedelta(days=100))
    row = row_of(committee_a, person, start + dt.timedelta(days=100))
    assert row.status == DueStatus.DUE_TODAY and row.overdue_days == 0
