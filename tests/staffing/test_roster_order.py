"""The rest rules hold across month boundaries whatever order months are generated in, and
the coverage check reports every break however the duties were made."""

import datetime as dt

import pytest

from staffing import rostering, selectors, services
from staffing.models import DutyAssignment, ShiftTemplate

from .. import factories

pytestmark = pytest.mark.django_db
# April first, then March, February, January: each month is generated before the one it follows.
MONTHS = [dt.date(2026, 4, 1), dt.date(2026, 3, 1), dt.date(2026, 2, 1), dt.date(2026, 1, 1)]


@pytest.fixture
def small_team(committee_a, director_a, worker_a):
    """Four people for two weekday shifts of two and a weekend duty of two: everyone is
    needed nearly every day, so the rest rules decide who works the edges of a month."""
    factories.shifts(committee_a)
    return [director_a, worker_a, *(factories.worker(committee_a, name=f"同事{i}") for i in (1, 2))]


def all_breaks(committee):
    duties = list(DutyAssignment.objects.filter(committee=committee).values_list("date", "shift_id", "worker_id"))
    return rostering.rest_breaks(duties, selectors.shift_specs(committee))


def test_months_generated_in_reverse_order_break_no_rest_rule(committee_a, small_team):
    for month in MONTHS:
        services.roster_generate(committee=committee_a, month=month)
    assert DutyAssignment.objects.filter(committee=committee_a).count() > 300
    assert all_breaks(committee_a) == []
    for month in MONTHS:
        assert selectors.coverage(committee=committee_a, first=month, days=31).rest_breaks == []


def test_the_coverage_check_reports_a_break_made_by_hand(committee_a, small_team, worker_a):
    early, late = ShiftTemplate.objects.filter(committee=committee_a).order_by("order")[:2]
    # Tuesday 1 December late, Wednesday the 2nd early; then on duty nine days running.
    DutyAssignment.objects.create(committee=committee_a, date=dt.date(2026, 12, 1), shift=late, worker=worker_a)
    for day in range(2, 11):
        shift = (
            early
            if dt.date(2026, 12, day).weekday() < 5
            else ShiftTemplate.objects.get(committee=committee_a, name="值班")
        )
        DutyAssignment.objects.create(committee=committee_a, date=dt.date(2026, 12, day), shift=shift, worker=worker_a)
    found = selectors.coverage(committee=committee_a, first=dt.date(2026, 12, 1), days=31).rest_breaks
    assert [(b.kind, b.first, b.last) for b in found] == [
        ("late_then_early", dt.date(2026, 12, 1), dt.date(2026, 12, 2)),
        ("too_many_days", dt.date(2026, 12, 1), dt.date(2026, 12, 10)),
    ]
    assert {b.name for b in found} == {worker_a.display_name}


def test_a_duty_on_a_day_its_shift_does_not_run_is_reported(committee_a, small_team, worker_a):
    early = ShiftTemplate.objects.get(committee=committee_a, name="早班")
    DutyAssignment.objects.create(committee=committee_a, date=dt.date(2026, 12, 5), shift=early, worker=worker_a)
    misplaced = selectors.coverage(committee=committee_a, first=dt.date(2026, 12, 1), days=31).misplaced
    assert [(duty.date, duty.shift.name) for duty in misplaced] == [(dt.date(2026, 12, 5), "早班")]
