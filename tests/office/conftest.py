import datetime as dt

import pytest
from django.utils import timezone

# Which days are over, stored or counted live, depends on the moment: the day-figure tests
# run on a Wednesday afternoon.
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=timezone.get_current_timezone())
TODAY = NOW.date()


@pytest.fixture
def wednesday_afternoon(time_machine):
    time_machine.move_to(NOW, tick=True)
    return NOW


def days_ago(n, hour=10):
    """A moment `n` days before TODAY, at `hour` local time."""
    return timezone.make_aware(dt.datetime.combine(TODAY - dt.timedelta(days=n), dt.time(hour)))
