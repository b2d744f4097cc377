"""A case from registration to the follow-up, as the workers click through it."""

import re

import pytest
from playwright.sync_api import expect

from casework.choices import CaseStatus, EventKind
from casework.models import Case

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk(committee_a, line_civil, director_a, worker_a):
    handler = factories.worker(committee_a, username="handler-a", name="陈承办")
    backup = factories.worker(committee_a, username="backup-a", name="周补位")
    factories.posts(committee_a, line_civil, handler, backup)
    return handler, backup


def test_open_hand_on_resolve_and_follow_up(working_day, browser, live_server, login, worker_a, desk, line_civil):
    handler, backup = desk

    def page_for(worker):
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        page = context.new_page()
        login(page, worker)
        return page

    # The first responder registers a matter found on patrol, with no resident, at the desk
    # (/cases/new/ leads there) as an other matter of its line; it goes to the line's A-post.
    first = page_for(worker_a)
    first.goto("/cases/new/")
    expect(first).to_have_url(re.compile(r"/desk/$"))
    first.get_by_role("radio", name="巡查").check()
    first.get_by_label("条线", exact=True).select_option(label="民政")
    first.get_by_label("事项说明").fill("楼道堆物影响通行")
    first.get_by_role("radio", name="转办").check()
    first.get_by_role("button", name="登记", exact=True).click()
    expect(first.get_by_text("派给 陈承办")).to_be_visible()
    case = Case.objects.get()
    expect(first).to_have_url(re.compile(r"/receipt/$"))
    assert case.source == "patrol" and case.title == "楼道堆物影响通行" and case.resident_name == ""

    # The handler hands it on to the backup with a reason.
    second = page_for(handler)
    second.goto(f"/cases/{case.pk}/")
    second.get_by_text("转交他人").click()
    second.get_by_label("转交给").select_option(label="周补位")
    second.get_by_label("转交原因").fill("本周在社区外培训")
    second.locator("#action-hand_on").get_by_role("button", name="提交").click()
    expect(second.get_by_text("已转交给 周补位")).to_be_visible()
    expect(second.locator(".timeline")).to_contain_text("本周在社区外培训")

    # The backup resolves it.
    third = page_for(backup)
    third.goto(f"/cases/{case.pk}/")
    third.locator("#action-resolve summary").click()
    third.get_by_label("办理结果").fill("已联系物业清理")
    third.locator("#action-resolve").get_by_role("button", name="提交").click()
    expect(third.locator("h1")).to_contain_text("已办结待回访")

    # The first responder calls the resident back and closes it.
    first.goto(f"/cases/{case.pk}/")
    expect(first.get_by_label("满意", exact=True)).to_be_visible()  # 回访 is open, the one thing left
    first.get_by_label("满意", exact=True).check()
    first.get_by_label("回访意见").fill("居民表示满意")
    first.locator("#action-follow_up").get_by_role("button", name="提交").click()
    expect(first.locator("h1")).to_contain_text("已结案")

    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.first_responder == worker_a and case.handler == backup
    assert list(case.events.values_list("kind", flat=True)) == [
        EventKind.OPENED,
        EventKind.ROUTED,
        EventKind.HANDED_ON,
        EventKind.STATUS,
        EventKind.FOLLOWED_UP,
    ]


def test_a_stale_page_shows_the_conflict_and_keeps_the_text(
    browser, live_server, login, worker_a, desk, line_civil, committee_a
):
    from casework.services import case_note, case_open

    handler, _backup = desk
    case = case_open(committee=committee_a, first_responder=worker_a, title="并发", line=line_civil)
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    login(page, handler)
    page.goto(f"/cases/{case.pk}/")
    case_note(case=case, by=worker_a, note="另一位同事刚写的记录")  # someone else acts meanwhile
    page.locator("#action-resolve summary").click()
    page.get_by_label("办理结果").fill("我的办理结果")
    page.locator("#action-resolve").get_by_role("button", name="提交").click()
    expect(page.get_by_role("alert")).to_contain_text("刚被其他人更新")
    expect(page.get_by_label("办理结果")).to_have_value("我的办理结果")
