"""Migration casework 0010: open cases counted before the calendar knew the law's holidays
(New Year's Day 2027, as the issue found) get their deadlines again."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from casework.choices import EventKind
from casework.services import case_open

from .conftest import TZ

pytestmark = pytest.mark.django_db
migration = import_module("casework.migrations.0010_deadlines_over_law_holidays")


def test_a_case_counted_over_new_year_as_a_weekday_gets_its_deadline_again(committee_a, worker_a, line_civil):
    from .. import factories

    ten = factories.service_item(line_civil, name="十日事项", limit=10)
    counted_badly = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="跨年",
        service_item=ten,
        handler=worker_a,
        registered_at=dt.datetime(2026, 12, 28, 10, tzinfo=TZ),
    )
    right = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="年内",
        service_item=ten,
        handler=worker_a,
        registered_at=dt.datetime(2026, 11, 2, 10, tzinfo=TZ),
    )
    # What the calendar gave before it knew 2027: 1 January counted as a working day.
    wrong_due = dt.datetime(2027, 1, 11, 23, 59, 59, tzinfo=TZ)
    type(counted_badly).objects.filter(pk=counted_badly.pk).update(due_at=wrong_due, counted_from=None)
    right_due, right_version = right.due_at, right.version

    migration.rederive(apps, None)

    counted_badly.refresh_from_db()
    assert timezone.localtime(counted_badly.due_at).date() == dt.date(2027, 1, 12)
    (event,) = counted_badly.events.filter(kind=EventKind.DEADLINE)
    assert dt.datetime.fromisoformat(event.data["old_due"]) == wrong_due
    right.refresh_from_db()
    assert (right.due_at, right.version) == (right_due, right_version)
