"""Day conditions as bounds on the column, and the dates at the ends of the calendar."""

import datetime as dt

import pytest
from django.urls import reverse

from reception.choices import Outcome
from reception.models import Visit
from reception.services import visit_record
from utilities.dayranges import between_days, on_day

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def test_a_local_day_runs_from_midnight_to_midnight_in_shanghai(committee_a, worker_a):
    def at(day, hour, minute=0):
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)

    day = dt.date(2026, 3, 3)
    for when in (
        at(day, 0, 0),
        at(day, 23, 59),
        at(day - dt.timedelta(days=1), 23, 59),
        at(day + dt.timedelta(days=1), 0),
    ):
        visit_record(
            committee=committee_a,
            received_by=worker_a,
            resident_name="居民",
            outcome=Outcome.CONSULTATION,
            received_at=when,
        )
    assert Visit.objects.filter(on_day("received_at", day)).count() == 2
    assert Visit.objects.filter(between_days("received_at", day, day + dt.timedelta(days=1))).count() == 3


@pytest.mark.parametrize(
    "params",
    [
        {"registered_from": "0001-01-01"},
        {"registered_to": "9999-12-31"},
        {"registered_from": "0001-01-01", "registered_to": "9999-12-31"},
        {"registered_to": "0001-01-05"},
    ],
)
def test_the_case_list_takes_the_ends_of_the_calendar(client_of, worker_a, params):
    assert client_of(worker_a).get(reverse("casework:case-list"), params).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"received_from": "0001-01-01"},
        {"received_to": "9999-12-31"},
        {"received_from": "0001-01-01", "received_to": "9999-12-31"},
        {"received_to": "0001-01-05"},
    ],
)
def test_the_ledgers_take_the_ends_of_the_calendar(client_of, worker_a, params):
    client = client_of(worker_a)
    assert client.get(reverse("reception:ledger"), params).status_code == 200
    used = {("used_from" if key == "received_from" else "used_to"): value for key, value in params.items()}
    assert client.get(reverse("reception:seal-log"), used).status_code == 200
