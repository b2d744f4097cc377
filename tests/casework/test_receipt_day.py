"""The receipt-day convention: the day of receipt does not count, the deadline is the end of
the N-th working day after it, a matter received on a day off counts from the next working
day, and after a committee's closing time a matter is received the next day."""

import datetime as dt

import pytest
from django.utils import timezone

from casework import services

from .conftest import TZ

pytestmark = pytest.mark.django_db


def opened(committee, worker, item, when):
    case = services.case_open(
        committee=committee, first_responder=worker, title="事项", service_item=item, handler=worker, registered_at=when
    )
    return timezone.localtime(case.due_at).date(), case


@pytest.fixture
def one_day(line_civil):
    from .. import factories

    return factories.service_item(line_civil, name="一日事项", limit=1)


@pytest.mark.parametrize(
    "when, due",
    [
        (dt.datetime(2026, 12, 3, 9, 0), dt.date(2026, 12, 4)),  # Thursday: Friday
        (dt.datetime(2026, 12, 4, 17, 0), dt.date(2026, 12, 7)),  # Friday: Monday
        (dt.datetime(2026, 12, 5, 11, 0), dt.date(2026, 12, 7)),  # Saturday (a day off): Monday as well
        (dt.datetime(2026, 12, 3, 23, 0), dt.date(2026, 12, 4)),  # late Thursday, no closing time: Friday
    ],
)
def test_without_a_closing_time_the_day_of_registration_is_the_receipt_day(committee_a, worker_a, one_day, when, due):
    assert opened(committee_a, worker_a, one_day, when.replace(tzinfo=TZ))[0] == due


def test_after_the_closing_time_a_matter_is_received_the_next_day(committee_a, worker_a, one_day):
    committee_a.office_closes_at = dt.time(18, 0)
    committee_a.save(update_fields=["office_closes_at"])
    due, case = opened(committee_a, worker_a, one_day, dt.datetime(2026, 12, 3, 18, 0, tzinfo=TZ))
    assert case.counted_from == dt.date(2026, 12, 4) and case.received_after_closing
    assert due == dt.date(2026, 12, 7)  # received Friday: due Monday
    # Before the closing time, the same day; on Friday evening, received Saturday: still Monday.
    assert opened(committee_a, worker_a, one_day, dt.datetime(2026, 12, 3, 17, 59, tzinfo=TZ))[0] == dt.date(
        2026, 12, 4
    )
    assert opened(committee_a, worker_a, one_day, dt.datetime(2026, 12, 4, 19, 0, tzinfo=TZ))[0] == dt.date(2026, 12, 7)


def test_the_case_page_says_when_a_matter_counts_as_received(committee_a, worker_a, one_day, client_of):
    committee_a.office_closes_at = dt.time(18, 0)
    committee_a.save(update_fields=["office_closes_at"])
    _due, case = opened(committee_a, worker_a, one_day, dt.datetime(2026, 12, 3, 18, 30, tzinfo=TZ))
    page = client_of(worker_a).get(case.get_absolute_url()).content.decode()
    assert "按 12-04 受理" in page and "期限怎么算" in page
