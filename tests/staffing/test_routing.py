"""AB岗: who handles line L at time T."""

import datetime as dt

import pytest
from django.utils import timezone

from committee.roles import Role
from staffing.choices import LeaveStatus
from staffing.models import DutyAssignment, Leave
from staffing.selectors import handler_for_line

from .. import factories

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()
MONDAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
SATURDAY = dt.datetime(2026, 11, 28, 10, 0, tzinfo=TZ)


@pytest.fixture
def posts(committee_a, line_civil, director_a):
    a = factories.worker(committee_a, name="A岗")
    b = factories.worker(committee_a, name="B岗")
    factories.posts(committee_a, line_civil, a, b)
    return a, b


def leave(worker, day, status=LeaveStatus.APPROVED):
    Leave.objects.create(worker=worker, committee=worker.committee, start=day, end=day, status=status)


def test_the_a_post_handles_on_a_working_day(committee_a, line_civil, posts):
    assert handler_for_line(committee=committee_a, line=line_civil, at=MONDAY) == posts[0]


def test_the_b_post_handles_when_a_is_on_leave(committee_a, line_civil, posts):
    leave(posts[0], MONDAY.date())
    assert handler_for_line(committee=committee_a, line=line_civil, at=MONDAY) == posts[1]


def test_requested_leave_does_not_count(committee_a, line_civil, posts):
    leave(posts[0], MONDAY.date(), status=LeaveStatus.REQUESTED)
    assert handler_for_line(committee=committee_a, line=line_civil, at=MONDAY) == posts[0]


def test_the_director_handles_when_both_are_away(committee_a, line_civil, posts, director_a):
    leave(posts[0], MONDAY.date())
    leave(posts[1], MONDAY.date())
    assert handler_for_line(committee=committee_a, line=line_civil, at=MONDAY) == director_a


def test_on_a_weekend_only_someone_on_duty_handles(committee_a, line_civil, posts, director_a):
    duty_shift = factories.shifts(committee_a)[2]  # 值班 09:00–17:00
    assert handler_for_line(committee=committee_a, line=line_civil, at=SATURDAY) == director_a
    DutyAssignment.objects.create(committee=committee_a, date=SATURDAY.date(), shift=duty_shift, worker=posts[1])
    assert handler_for_line(committee=committee_a, line=line_civil, at=SATURDAY) == posts[1]


def test_a_line_without_posts_goes_to_the_director(committee_a, director_a):
    other = factories.line()
    assert handler_for_line(committee=committee_a, line=other, at=MONDAY) == director_a
    assert director_a.role == Role.DIRECTOR


def test_a_role_change_moves_the_login_to_the_new_group(worker_a):
    from staffing.services import worker_update

    worker_a.role = Role.DIRECTOR
    worker_update(worker=worker_a, fields=["role"], by=None)
    worker_a.user.refresh_from_db()
    assert list(worker_a.user.groups.values_list("name", flat=True)) == [Role.DIRECTOR]
    assert not worker_a.user.is_staff


def test_only_official_duty_counts_as_on_duty(committee_a, posts, director_a):
    from staffing.choices import RosterStatus
    from staffing.models import Roster
    from staffing.selectors import duty_now_and_today

    duty_shift = factories.shifts(committee_a)[2]
    roster = Roster.objects.create(committee=committee_a, month=SATURDAY.date().replace(day=1))
    DutyAssignment.objects.create(
        committee=committee_a, roster=roster, date=SATURDAY.date(), shift=duty_shift, worker=posts[0]
    )
    assert duty_now_and_today(committee=committee_a, at=SATURDAY).now == []  # a draft is not yet official
    roster.status = RosterStatus.PUBLISHED
    roster.save()
    assert [d.worker for d in duty_now_and_today(committee=committee_a, at=SATURDAY).now] == [posts[0]]
    leave(posts[0], SATURDAY.date())
    assert duty_now_and_today(committee=committee_a, at=SATURDAY).now == []  # on leave: not on the desk
