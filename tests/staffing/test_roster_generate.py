"""Generating a month's roster from the database: approved leave and the busiest lines
read as stored (the algorithm's own rules are tested on plain data in test_rostering)."""

import datetime as dt

import pytest

from casework.services import case_open
from staffing import selectors, services
from staffing.choices import LeaveStatus
from staffing.models import DutyAssignment, Leave

from .. import factories

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2026, 12, 1)
LEAVE_DAYS = {dt.date(2026, 12, day) for day in range(7, 12)}  # Monday 7 to Friday 11 December


@pytest.fixture
def small_team(committee_a, director_a, worker_a):
    """Four people for two weekday shifts of two: everyone is needed on every working day."""
    factories.shifts(committee_a)
    return [director_a, worker_a, *(factories.worker(committee_a, name=f"同事{i}") for i in (1, 2))]


def duty_days(worker):
    return set(DutyAssignment.objects.filter(worker=worker).values_list("date", flat=True))


def test_approved_leave_keeps_a_worker_off_the_generated_roster(committee_a, small_team, worker_a):
    services.roster_generate(committee=committee_a, month=DECEMBER)
    assert duty_days(worker_a) & LEAVE_DAYS  # without leave, needed on those days

    Leave.objects.create(
        worker=worker_a, committee=committee_a, start=min(LEAVE_DAYS), end=max(LEAVE_DAYS), status=LeaveStatus.APPROVED
    )
    _roster, plan = services.roster_generate(committee=committee_a, month=DECEMBER)
    assert not duty_days(worker_a) & LEAVE_DAYS
    assert duty_days(worker_a)  # still on the roster the rest of the month
    # The gap is said, not left silent: the shifts of those days are short of one person.
    assert {shortfall.date for shortfall in plan.shortfalls} >= LEAVE_DAYS


def test_leave_not_yet_approved_does_not(committee_a, small_team, worker_a):
    Leave.objects.create(
        worker=worker_a, committee=committee_a, start=min(LEAVE_DAYS), end=max(LEAVE_DAYS), status=LeaveStatus.REQUESTED
    )
    services.roster_generate(committee=committee_a, month=DECEMBER)
    assert duty_days(worker_a) & LEAVE_DAYS


def test_the_busiest_lines_are_those_with_the_most_cases_counted_by_casework(committee_a, worker_a):
    lines = [factories.line(code=f"line{n}", name=f"条线{n}") for n in range(4)]
    registered = dt.datetime(2026, 11, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    for line, cases in zip(lines, (1, 4, 3, 2), strict=True):
        for n in range(cases):
            case_open(
                committee=committee_a,
                first_responder=worker_a,
                title=f"事项{n}",
                line=line,
                handler=worker_a,
                registered_at=registered,
            )
    busiest = selectors.busiest_lines(committee=committee_a, since=dt.date(2026, 11, 1))
    assert busiest == {lines[1].pk, lines[2].pk, lines[3].pk}
    assert selectors.busiest_lines(committee=committee_a, since=dt.date(2026, 11, 3)) == frozenset()
