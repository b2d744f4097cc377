"""The lobby screen pages through the whole board by itself and shows the time; a worker
finds a case by a resident's phone from the header search, by keyboard alone on a desk
and by tapping on a phone; Ctrl+Enter registers at the desk."""

import datetime as dt
import re
import time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from casework.services import case_open
from reception.models import Visit

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)

MOMENT = dt.datetime(2026, 11, 25, 10, 7, tzinfo=ZoneInfo("Asia/Shanghai"))
# Playwright's fake clock runs from install until paused; installed this far before MOMENT,
# a loaded machine cannot carry it past MOMENT before pause_at (which never goes back).
INSTALL_AHEAD = dt.timedelta(seconds=30)
SCREENS = {"desktop": {"width": 1920, "height": 1080}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def long_board(committee_a, line_civil):
    """A board several screens long: three lines of twenty items each."""
    for n, line in enumerate([line_civil, factories.line(code="laodong", name="劳动保障"), factories.line()]):
        for k in range(20):
            factories.service_item(line, name=f"服务事项{n}-{k}", materials=["身份证", "户口簿", "申请表"], limit=5)
    for name in ["第三片区", "第一片区", "第二片区"]:
        factories.grid_area(committee_a, name=name)
    return committee_a


def screen_page(browser, live_server, size, *, reduced=False):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport=SCREENS[size],
        reduced_motion="reduce" if reduced else "no-preference",
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def scrolled(page, *, beyond=0, wait=5.0):
    """The page's scroll offset once it is past `beyond` (a smooth scroll takes a moment)."""
    end = time.monotonic() + wait
    while time.monotonic() < end:
        y = page.evaluate("window.scrollY")
        if y > beyond:
            return y
        time.sleep(0.05)
    return page.evaluate("window.scrollY")


@pytest.mark.parametrize("size", SCREENS)
def test_the_lobby_screen_pages_through_the_board_and_shows_the_time(
    time_machine, browser, live_server, long_board, size
):
    time_machine.move_to(MOMENT, tick=True)
    context, page = screen_page(browser, live_server, size)
    page.clock.install(time=MOMENT - INSTALL_AHEAD)  # the fake clock ticks until paused: room to pause
    page.clock.pause_at(MOMENT)
    page.goto("/board/AA01/?screen=1&seconds=5")
    expect(page.locator("#board-clock")).to_contain_text("10:07")
    counter = page.locator("#board-page")
    expect(counter).to_have_attribute("data-page", "1")
    pages = int(counter.inner_text().split("/")[1])
    assert pages >= 3
    assert page.evaluate("window.scrollY") == 0

    page.clock.run_for(5_000)  # one interval: the next page
    expect(counter).to_have_attribute("data-page", "2")
    assert scrolled(page) > 0
    expect(page.locator("#board-clock")).to_contain_text("10:07")
    page.clock.run_for(60_000)  # the clock follows the time
    expect(page.locator("#board-clock")).to_contain_text("10:08")

    page.keyboard.press("Home")  # no mouse: the keyboard turns pages too
    expect(counter).to_have_attribute("data-page", "1")
    page.keyboard.press("PageDown")
    expect(counter).to_have_attribute("data-page", "2")
    for _ in range(pages - 1):  # on past the last page, back to the first
        page.clock.run_for(5_000)
    expect(counter).to_have_attribute("data-page", "1")
    context.close()


def test_the_lobby_screen_jumps_instead_of_scrolling_for_reduced_motion(browser, live_server, long_board):
    context, page = screen_page(browser, live_server, "desktop", reduced=True)
    page.clock.install(time=MOMENT - INSTALL_AHEAD)  # the fake clock ticks until paused: room to pause
    page.clock.pause_at(MOMENT)
    page.goto("/board/AA01/?screen=1&seconds=5")
    page.clock.run_for(5_000)
    expect(page.locator("#board-page")).to_have_attribute("data-page", "2")
    assert page.evaluate("window.scrollY") > 0  # at once, with no animation
    context.close()


def test_the_phone_board_jumps_to_the_catalogue_and_its_lines(phone_page, long_board):
    phone_page.goto("/board/AA01/")
    names = phone_page.locator("#grid tbody th").all_inner_texts()
    assert [name.split("\n")[0] for name in names] == ["第一片区", "第二片区", "第三片区"]
    phone_page.get_by_role("navigation", name="本页目录").get_by_role("link", name="办事指南").click()
    expect(phone_page.get_by_role("heading", name="办事指南")).to_be_in_viewport()
    phone_page.get_by_role("navigation", name="办事指南目录").get_by_role("link", name="劳动保障").click()
    expect(phone_page.get_by_role("heading", name="劳动保障")).to_be_in_viewport()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 400


@pytest.fixture
def lamp_case(committee_a, line_civil, worker_a):
    factories.grid_area(committee_a)
    return case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="路灯不亮",
        line=line_civil,
        resident_name="赵阿姨",
        resident_phone="13912345678",
    )


def test_a_desk_worker_finds_a_case_by_the_last_digits_of_a_phone_by_keyboard(page, login, worker_a, lamp_case):
    login(page, worker_a)
    page.goto(reverse("casework:my-cases"))
    page.keyboard.press("/")  # 1 key: the header search has the focus
    expect(page.locator("#header-search")).to_be_focused()
    page.keyboard.type("5678")  # 4 keys
    page.keyboard.press("Enter")  # 1 key: one match, opened
    expect(page).to_have_url(re.compile(re.escape(lamp_case.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(lamp_case.reference)


def test_slash_is_typed_as_a_slash_in_a_field(page, login, worker_a, lamp_case):
    login(page, worker_a)  # the desk: the resident's name has the focus
    expect(page.get_by_label("居民姓名")).to_be_focused()  # (autofocus, once the page has loaded)
    page.keyboard.type("a/b")
    expect(page.get_by_label("居民姓名")).to_have_value("a/b")
    expect(page.locator("#header-search")).not_to_be_focused()


def test_a_worker_on_a_phone_finds_a_case_by_phone_and_sees_both_matches_masked(
    phone_page, login, worker_a, lamp_case, committee_a, line_civil
):
    case_open(
        committee=committee_a,
        first_responder=worker_a,
        title="楼道堆物",
        line=line_civil,
        resident_name="赵阿姨",
        resident_phone="13912345678",
    )
    login(phone_page, worker_a)
    box = phone_page.get_by_label("全局搜索：编号、电话或姓名")
    box.click()  # 1 tap
    box.fill("13912345678")
    box.press("Enter")
    expect(phone_page.get_by_role("heading", name="搜索事项和来访")).to_be_visible()
    results = phone_page.locator("#found-cases + .table-scroll, section[aria-labelledby=found-cases]")
    expect(results.get_by_role("link", name=lamp_case.reference)).to_be_visible()
    expect(results.first).to_contain_text("139****5678")
    assert "13912345678" not in phone_page.locator("table").first.inner_text()
    phone_page.get_by_role("link", name=lamp_case.reference).click()  # 1 tap
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text(lamp_case.reference)


def test_ctrl_enter_registers_at_the_desk(page, login, worker_a, committee_a):
    factories.shifts(committee_a)
    login(page, worker_a)
    page.get_by_label("居民姓名").fill("赵阿姨")
    page.get_by_role("radio", name="咨询解答").check()
    page.get_by_label("接待记录").fill("询问社区食堂开放时间")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text("已登记")).to_be_visible()
    assert Visit.objects.get().notes == "询问社区食堂开放时间"
