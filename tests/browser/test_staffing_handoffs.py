"""Issue 16's staffing tasks, clicked through on a desktop and a 390-px phone: a swap
withdrawn by its proposer, another approved by the director from the dashboard's approvals card
after a notification, and the director editing an A/B post. Each test counts the clicks and key
presses the user makes after signing in (the report gives them)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Notification
from staffing import services
from staffing.choices import PostKind, SwapStatus
from staffing.models import DutyAssignment, Post, Roster, SwapRequest

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


class Counter:
    """Clicks and key presses the user makes (select_option counts as a click to open and
    one to choose)."""

    def __init__(self):
        self.actions = 0

    def click(self, locator):
        locator.click()
        self.actions += 1

    def choose(self, locator, **kwargs):
        locator.select_option(**kwargs)
        self.actions += 2


@pytest.fixture
def colleague_a(committee_a):
    return factories.worker(committee_a, username="colleague-a", name="刘芳")


@pytest.fixture
def two_duties(committee_a, director_a, worker_a, colleague_a):
    early = factories.shifts(committee_a)[0]
    day = timezone.localdate() + dt.timedelta(days=3)
    roster = Roster.objects.create(committee=committee_a, month=day.replace(day=1))
    duties = [
        DutyAssignment.objects.create(
            committee=committee_a, roster=roster, date=day + dt.timedelta(days=n), shift=early, worker=worker_a
        )
        for n in (0, 1)
    ]
    services.roster_publish(roster=roster, by=director_a, provisional_acknowledged=True)
    return duties


def test_the_proposer_withdraws_a_swap(screen, login, worker_a, colleague_a, two_duties):
    swap = services.swap_propose(duty=two_duties[0], proposer=worker_a, colleague=colleague_a)
    page = screen()
    login(page, worker_a)
    counted = Counter()
    counted.click(page.get_by_role("link", name="我的值班"))
    counted.click(page.get_by_role("link", name="申请换班"))
    counted.click(page.get_by_role("button", name="撤回"))
    expect(page.get_by_text("已撤回换班申请")).to_be_visible()
    expect(page.get_by_role("cell", name="已撤回")).to_be_visible()  # kept in the list
    swap.refresh_from_db()
    assert swap.status == SwapStatus.CANCELLED
    assert Notification.objects.filter(recipient=colleague_a, text__contains="已撤回").exists()
    assert counted.actions == 3


def test_the_director_approves_a_swap_from_the_dashboard_s_approvals_card(
    screen, login, worker_a, colleague_a, director_a, two_duties
):
    swap = services.swap_propose(duty=two_duties[1], proposer=worker_a, colleague=colleague_a)
    colleague = screen()
    login(colleague, colleague_a)
    colleague.goto("/staff/swaps/")
    colleague.get_by_role("button", name="同意", exact=True).click()
    expect(colleague.get_by_text("等待主任批准")).to_be_visible()

    director = screen()
    login(director, director_a)
    counted = Counter()
    counted.click(director.get_by_role("link", name="通知"))
    expect(director.get_by_text("同意接替 张敏 的")).to_be_visible()  # told, not left to find it
    counted.click(director.get_by_role("link", name="工作概览"))
    counted.click(director.get_by_role("link", name="待批换班"))  # the approvals card
    expect(director).to_have_url(re.compile(r"/staff/approvals/$"))
    counted.click(director.get_by_role("button", name="批准", exact=True))
    expect(director.get_by_text("已批准换班，值班表已更新")).to_be_visible()
    expect(director.get_by_text("没有待批准的换班")).to_be_visible()
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    two_duties[1].refresh_from_db()
    assert two_duties[1].worker == colleague_a
    assert counted.actions == 4


def test_the_director_edits_an_a_b_post(screen, login, committee_a, line_civil, worker_a, colleague_a, director_a):
    factories.posts(committee_a, line_civil, worker_a, director_a)
    page = screen()
    login(page, director_a)
    counted = Counter()
    counted.click(page.get_by_role("link", name="岗位与片区"))
    counted.click(page.get_by_role("link", name="修改 民政 A岗 张敏"))
    counted.choose(page.get_by_label("工作人员"), label="刘芳")
    counted.click(page.get_by_role("button", name="保存"))
    expect(page.get_by_text("已保存岗位")).to_be_visible()
    expect(page.get_by_role("cell", name="刘芳", exact=True)).to_be_visible()
    post = Post.objects.get(committee=committee_a, kind=PostKind.A)
    assert post.worker == colleague_a
    page.get_by_role("link", name="修改 民政 A岗 刘芳").click()
    expect(page.get_by_text("工作人员：张敏 → 刘芳")).to_be_visible()  # the history
    assert counted.actions == 5


def test_the_swap_forms_return_duty_narrows_to_the_chosen_colleague_without_a_reload(
    screen, login, committee_a, worker_a, colleague_a, two_duties
):
    theirs = DutyAssignment.objects.create(
        committee=committee_a,
        date=two_duties[0].date + dt.timedelta(days=5),
        shift=two_duties[0].shift,
        worker=colleague_a,
    )
    other = factories.worker(committee_a, username="third", name="第三人")
    DutyAssignment.objects.create(
        committee=committee_a, date=two_duties[0].date + dt.timedelta(days=6), shift=two_duties[0].shift, worker=other
    )
    page = screen()
    login(page, worker_a)
    page.goto("/staff/swaps/")
    back = page.get_by_label("换回同事的值班（可不选）")
    expect(back.locator("option")).to_have_count(1)  # nothing until a colleague is chosen
    expect(page.get_by_role("button", name="列出所选同事的值班")).to_be_hidden()  # the script does it
    page.evaluate("window.notReloaded = true")
    page.get_by_label("交给同事").select_option(label="刘芳")
    expect(back.locator("option")).to_have_count(2)
    assert back.locator("option").nth(1).get_attribute("value") == str(theirs.pk)
    assert page.evaluate("window.notReloaded") is True
    page.get_by_label("我要让出的值班").select_option(str(two_duties[0].pk))
    back.select_option(str(theirs.pk))
    page.get_by_role("button", name="发给同事").click()
    expect(page.get_by_text("换班申请已发给 刘芳")).to_be_visible()
    assert SwapRequest.objects.get().return_duty == theirs
