"""Swap and leave as the people involved click through them."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from committee.workcalendar import is_working_day
from staffing.choices import LeaveStatus, SwapStatus
from staffing.models import DutyAssignment, Leave, Roster, SwapRequest
from staffing.services import roster_publish

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published_duty(committee_a, director_a, worker_a, colleague_a):
    shifts = factories.shifts(committee_a)
    # A working day, when the early shift runs: the leave leaves that shift short.
    day = timezone.localdate() + dt.timedelta(days=3)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    roster = Roster.objects.create(committee=committee_a, month=day.replace(day=1))
    duty = DutyAssignment.objects.create(
        committee=committee_a, roster=roster, date=day, shift=shifts[0], worker=worker_a
    )
    roster_publish(roster=roster, by=director_a, provisional_acknowledged=True)
    return duty


@pytest.fixture
def colleague_a(committee_a):
    return factories.worker(committee_a, username="colleague-a", name="刘芳")


def test_a_swap_is_proposed_accepted_and_approved(
    browser, live_server, login, worker_a, colleague_a, director_a, published_duty
):
    def new_page():
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        return context.new_page()

    proposer = new_page()
    login(proposer, worker_a)
    proposer.goto("/staff/swaps/")
    proposer.get_by_label("我要让出的值班").select_option(str(published_duty.pk))
    proposer.get_by_label("交给同事").select_option(label="刘芳")
    proposer.get_by_label("事由").fill("家中有事")
    proposer.get_by_role("button", name="发给同事").click()
    expect(proposer.get_by_text("换班申请已发给 刘芳")).to_be_visible()
    expect(proposer.get_by_role("cell", name="待同事确认")).to_be_visible()

    colleague = new_page()
    login(colleague, colleague_a)
    colleague.goto("/staff/swaps/")
    colleague.get_by_role("button", name="同意", exact=True).click()
    expect(colleague.get_by_role("cell", name="待主任批准")).to_be_visible()

    director = new_page()
    login(director, director_a)
    director.goto("/staff/swaps/")
    director.get_by_role("button", name="批准", exact=True).click()
    expect(director.get_by_role("cell", name="已批准")).to_be_visible()

    published_duty.refresh_from_db()
    assert published_duty.worker == colleague_a
    assert SwapRequest.objects.get().status == SwapStatus.APPROVED
    assert published_duty.history.count() == 2  # the roster's history shows the swap


def test_leave_over_a_published_duty_is_requested_approved_and_flagged(
    page, browser, live_server, login, worker_a, director_a, published_duty
):
    login(page, worker_a)
    page.goto("/staff/leave/")
    page.get_by_label("类型").select_option("annual")
    page.get_by_label("开始日期").fill(published_duty.date.isoformat())
    page.get_by_label("结束日期").fill(published_duty.date.isoformat())
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_text("请假申请已提交")).to_be_visible()

    context = browser.new_context(base_url=live_server.url)
    director = context.new_page()
    login(director, director_a)
    director.goto("/staff/leave/")
    director.get_by_role("button", name="批准…", exact=True).click()
    # Asked first, with the duty it leaves short named before anything is approved.
    expect(director.get_by_text("将缺人")).to_be_visible()
    assert Leave.objects.get().status == LeaveStatus.REQUESTED
    director.get_by_role("button", name="确认批准").click()
    expect(director.get_by_text("因此缺人")).to_be_visible()
    assert Leave.objects.get().status == LeaveStatus.APPROVED

    director.goto("/staff/coverage/")
    expect(director.get_by_role("cell", name="张敏")).to_be_visible()  # named on the roster, but on leave
