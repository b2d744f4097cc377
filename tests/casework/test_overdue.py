"""One rule for overdue, asked everywhere: a running case past its deadline is overdue; a
case waiting for papers (待补件) has its clock stopped and never is."""

import datetime as dt

import pytest
from django.urls import reverse

from casework import selectors, services
from casework.models import Case

from .conftest import TZ

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_due(committee_a, worker_a, handler_a, line_civil, time_machine):
    """Two cases registered 2026-11-02 (5 working days: due 9 November); one waiting."""
    time_machine.move_to(dt.datetime(2026, 11, 2, 10, tzinfo=TZ), tick=False)
    running = services.case_open(committee=committee_a, first_responder=worker_a, title="在办", line=line_civil)
    waiting = services.case_open(committee=committee_a, first_responder=worker_a, title="待补件", line=line_civil)
    waiting = services.case_pause(case=waiting, by=handler_a, reason="等居民补交户口簿")
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, tzinfo=TZ), tick=False)
    return running, waiting


def test_the_queryset_says_which_cases_are_running_and_overdue(past_due):
    running, waiting = past_due
    assert set(Case.objects.open()) == {running, waiting}
    assert list(Case.objects.running()) == [running]
    assert list(Case.objects.overdue()) == [running]
    assert list(Case.objects.filter(Case.objects.is_overdue(dt.datetime(2026, 11, 9, 12, tzinfo=TZ)))) == []


def test_the_lists_mark_only_the_running_case_overdue(past_due):
    running, waiting = selectors.with_deadlines(past_due)
    assert running.days_overdue == 12  # 10 November to 25 November, working days
    assert not hasattr(waiting, "days_overdue")


def test_the_case_list_filter_and_the_my_cases_page_agree(past_due, client_of, worker_a):
    running, waiting = past_due
    client = client_of(worker_a)
    listed = client.get(reverse("casework:case-list"), {"overdue": "on"}).content.decode()
    assert running.reference in listed and waiting.reference not in listed
    mine = client.get(reverse("casework:my-cases")).content.decode()
    assert mine.count('class="overdue"') == 1 and "暂停计时" in mine
