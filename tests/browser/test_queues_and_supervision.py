"""Issue 16's done-when tasks of casework, clicking and typing only, on a desktop and a
390-px phone: the first responder's 回访 from her queue after a notification, and the
director's 督办 from the overdue list.

Clicks and keys (a click or a key press each; typing a note not counted, it is optional):
- 回访 after a notification. Before: no notification and no place in 我的事项, so the worker
  had to know to look: 事项台账, the status select and its option, 查询, the case, 回访评价,
  满意, 提交 = 8. After: 通知, the notification (read, to the case), 我的事项, 去回访, 满意, 提交
  = 6; or from 我的事项 alone: 4.
- 督办 from the overdue list. Before: impossible as the director's own act (the nearest was
  已超期, the case, 登记居民催办, 提交 = 4, recorded as a resident's chase). After: 已超期, 督办 = 2.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.choices import CaseStatus, EventKind
from casework.models import Case, Notification
from casework.services import case_open

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team(committee_a, line_civil, director_a, worker_a):
    handler = factories.worker(committee_a, username="handler-a", name="陈承办")
    backup = factories.worker(committee_a, username="backup-a", name="周补位")
    factories.posts(committee_a, line_civil, handler, backup)
    return handler


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1


def test_the_first_responder_follows_up_from_her_queue_after_a_notification(
    working_day, screen, login, worker_a, team, committee_a, line_civil
):
    handler = team
    case = case_open(committee=committee_a, first_responder=worker_a, title="路灯不亮", line=line_civil)

    # A colleague resolves her case.
    colleague = screen()
    login(colleague, handler)
    colleague.goto(case.get_absolute_url())
    colleague.locator("#action-resolve summary").click()
    colleague.get_by_label("办理结果").fill("已报修，路灯恢复")
    colleague.locator("#action-resolve").get_by_role("button", name="提交").click()
    expect(colleague.locator(".messages")).to_contain_text(f"{case.reference} 已办结，已通知首问责任人")

    # She sees the notification, opens it: it is read and she is on the case.
    page = screen()
    login(page, worker_a)
    page.get_by_role("link", name=re.compile("通知")).click()  # 1
    opened = page.get_by_role("button", name=re.compile(f"{case.reference} 已办结，请回访"))
    expect(opened).to_be_visible()
    opened.click()  # 2
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    assert Notification.objects.get(recipient=worker_a, text__contains="已办结").read_at is not None
    expect(page.get_by_role("navigation", name="办理进度").locator('[aria-current="step"]')).to_contain_text("回访")

    # 回访 from 我的事项.
    page.get_by_role("link", name="我的事项").click()  # 3
    follow_up = page.locator("section", has=page.locator("#to-follow-up"))
    expect(follow_up).to_contain_text(case.reference)
    fits(page)
    follow_up.get_by_role("link", name=re.compile("去回访")).click()  # 4
    page.get_by_label("满意", exact=True).check()  # 5
    page.locator("#action-follow_up").get_by_role("button", name="提交").click()  # 6
    expect(page.locator("h1")).to_contain_text("已结案")
    expect(page.get_by_text(f"{case.reference} 已回访（满意），已结案。")).to_be_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    # Read, so the header shows no unread badge for it.
    assert (
        not Notification.objects.filter(recipient=worker_a, read_at__isnull=True, case=case)
        .exclude(text__startswith="新派单")
        .exists()
    )


def test_the_director_supervises_from_the_overdue_list(
    working_day, screen, login, director_a, worker_a, team, committee_a, line_civil
):
    handler = team
    late = case_open(committee=committee_a, first_responder=worker_a, title="楼道堆物迟迟未清理", line=line_civil)
    later = case_open(committee=committee_a, first_responder=worker_a, title="路灯不亮", line=line_civil)
    now = timezone.now()
    Case.objects.filter(pk=late.pk).update(due_at=now - dt.timedelta(days=2))
    Case.objects.filter(pk=later.pk).update(due_at=now - dt.timedelta(days=9))

    page = screen()
    login(page, director_a)
    expect(page).to_have_url(re.compile(r"/office/dashboard/$"))
    page.locator("a.figure-alert", has_text="已超期").click()  # 1
    expect(page).to_have_url(re.compile(r"/cases/overdue/$"))
    rows = page.locator("table.overdue-list tbody tr")
    expect(rows.first).to_contain_text(later.reference)  # the most working days overdue first
    expect(rows.nth(1)).to_contain_text(late.reference)
    # Readable: a reference and a name each on one line.
    reference = rows.first.get_by_role("link", name=later.reference)
    height = reference.bounding_box()["height"]
    assert height < 2 * float(reference.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 24"))
    name = rows.first.locator("td.person .name").first
    assert name.bounding_box()["height"] < 2 * 30
    fits(page)

    rows.first.get_by_role("button", name=f"督办 {later.reference}").click()  # 2
    expect(page.get_by_text(f"已督办 {later.reference}，已通知承办人 {handler.display_name}")).to_be_visible()
    expect(page.locator("table.overdue-list tbody tr").first.locator("td").nth(6)).to_have_text("1")

    # It is on the case's timeline, as the director's, not as a resident's chase.
    page.get_by_role("link", name=later.reference).click()
    expect(page.locator(".timeline")).to_contain_text("主任督办")
    expect(page.locator(".timeline")).not_to_contain_text("居民催办")
    assert list(later.events.filter(kind=EventKind.SUPERVISED).values_list("actor", flat=True)) == [director_a.pk]
    assert Notification.objects.filter(recipient=handler, case=later, text__startswith="主任督办").exists()
