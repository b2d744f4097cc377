import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.choices import CaseSource, CaseStatus, EventKind
from casework.models import Notification
from casework.services import case_open

from .. import factories

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


def test_it_registers_routes_and_dates_a_case(open_case, worker_a, handler_a, committee_a):
    assert open_case.reference == f"{committee_a.code}-2026-00001"
    assert open_case.first_responder == worker_a
    assert open_case.handler == handler_a  # the A-post of the line
    assert open_case.status == CaseStatus.DISPATCHED
    # 5 working days from Monday 2026-11-23: Monday 11-30
    assert timezone.localtime(open_case.due_at).date() == dt.date(2026, 11, 30)
    assert [e.kind for e in open_case.events.order_by("pk")] == [EventKind.OPENED, EventKind.ROUTED]
    assert Notification.objects.get(recipient=handler_a).case == open_case


def test_a_deadline_over_national_day_skips_the_holiday(committee_a, worker_a, handler_a, item_allowance):
    case = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="x",
        service_item=item_allowance,
        registered_at=dt.datetime(2026, 9, 29, 10, 0, tzinfo=TZ),
    )
    # 09-30, 10-08, 10-09, 10-10 (worked Saturday), 10-12
    assert timezone.localtime(case.due_at).date() == dt.date(2026, 10, 12)


def test_a_deadline_over_spring_festival(committee_a, worker_a, handler_a, item_allowance):
    case = case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="x",
        service_item=item_allowance,
        registered_at=dt.datetime(2026, 2, 12, 10, 0, tzinfo=TZ),
    )
    # 02-13, 02-14 (worked Saturday), then 02-24, 02-25, 02-26
    assert timezone.localtime(case.due_at).date() == dt.date(2026, 2, 26)


def test_references_follow_on_per_committee_and_year(committee_a, committee_b, worker_a, worker_b, line_civil):
    first = case_open(committee=committee_a, first_responder=worker_a, title="a", line=line_civil)
    second = case_open(committee=committee_a, first_responder=worker_a, title="b", line=line_civil)
    other = case_open(committee=committee_b, first_responder=worker_b, title="c", line=line_civil)
    year = timezone.localdate().year
    assert (first.reference, second.reference) == (f"AA01-{year}-00001", f"AA01-{year}-00002")
    assert other.reference == f"BB01-{year}-00001"


def test_a_first_responder_of_another_committee_is_refused(committee_a, worker_b, line_civil):
    with pytest.raises(ValidationError):
        case_open(committee=committee_a, first_responder=worker_b, title="x", line=line_civil)


def test_a_line_or_an_item_is_required(committee_a, worker_a):
    with pytest.raises(ValidationError):
        case_open(committee=committee_a, first_responder=worker_a, title="x")


def test_without_posts_the_director_handles(committee_a, worker_a, director_a):
    line = factories.line()
    case = case_open(committee=committee_a, first_responder=worker_a, title="x", line=line, source=CaseSource.HOTLINE)
    assert case.handler == director_a
