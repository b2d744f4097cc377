import datetime as dt

import pytest
from django.utils import timezone

from staffing.models import DutyAssignment

from .. import factories


@pytest.fixture
def desk_a(committee_a, line_civil, director_a, worker_a):
    """Committee A with an A/B post on 民政 and its shift templates."""
    handler = factories.worker(committee_a, username="handler-a", name="陈承办")
    backup = factories.worker(committee_a, username="backup-a", name="周补位")
    factories.posts(committee_a, line_civil, handler, backup)
    factories.shifts(committee_a)
    return handler, backup


@pytest.fixture
def tomorrow_duty(committee_a, desk_a, worker_a):
    """worker_a on the early shift tomorrow (or the weekend shift, if tomorrow is a rest day)."""
    from committee.workcalendar import is_working_day
    from staffing.models import ShiftTemplate

    day = timezone.localdate() + dt.timedelta(days=1)
    shifts = ShiftTemplate.objects.filter(committee=committee_a).order_by("order")
    shift = shifts[0] if is_working_day(day) else shifts[2]
    DutyAssignment.objects.create(committee=committee_a, date=day, shift=shift, worker=worker_a)
    start = dt.datetime.combine(day, shift.start, tzinfo=timezone.get_current_timezone()) + dt.timedelta(hours=1)
    return start
