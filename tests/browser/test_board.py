"""The public board as a resident sees it on a phone, and as the lobby screen shows it."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from committee.models import GridArea
from staffing.models import DutyAssignment, ShiftTemplate

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def board_data(committee_a, line_civil, item_residence, item_allowance):
    """A board with long texts, the kind that pushes a narrow page sideways."""
    all_day = ShiftTemplate.objects.create(
        committee=committee_a,
        name="全天班",
        start=dt.time(0),
        end=dt.time(23, 59, 59, 999999),
        on_weekends=True,
        on_holidays=True,
        min_staff=1,
    )
    factories.shifts(committee_a)
    desk = factories.worker(committee_a, username="desk-zhang", name="张敏", phone="13700001234")
    DutyAssignment.objects.create(committee=committee_a, date=timezone.localdate(), shift=all_day, worker=desk)
    GridArea.objects.create(
        committee=committee_a,
        name="幸福里东片（含沿街商铺及临时安置点）",
        responsible=desk.user,
        buildings="幸福路88弄1–36号、幸福路100弄1–12号、和平路200号至260号双号沿街商铺",
        public_phone="021-65550101转8001",
    )
    factories.service_item(
        line_civil,
        name="最低生活保障及临时救助申请（含支出型贫困家庭）",
        limit=20,
        materials=["申请人及共同生活家庭成员的身份证和户口簿原件及复印件", "收入证明"],
    )
    committee_a.address = "和平路100号一楼社区事务受理服务站"
    committee_a.phone = "021-65550000"
    committee_a.save(update_fields=["address", "phone"])
    return committee_a


def test_the_board_fits_a_phone_without_login(phone_page, board_data):
    response = phone_page.goto("/board/AA01/")
    assert response.status == 200
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 400
    expect(phone_page.get_by_role("heading", name="甲一居委会", level=1)).to_be_visible()

    duty = phone_page.locator("#duty")
    expect(duty.get_by_role("heading", name="今日值班")).to_be_visible()
    expect(duty.locator(".board-now")).to_contain_text("张敏")
    expect(duty.locator(".board-now")).to_contain_text("全天班")

    services = phone_page.locator("#services")
    services.scroll_into_view_if_needed()
    expect(services.get_by_role("heading", name="办事指南")).to_be_in_viewport()
    item = services.get_by_role("listitem").filter(has_text="居住证明")
    item.scroll_into_view_if_needed()
    expect(item).to_be_in_viewport()
    expect(item).to_contain_text("身份证原件、户口簿、租赁合同")
    expect(item).to_contain_text("当场办结")
    font_px = float(item.evaluate("el => getComputedStyle(el).fontSize").removesuffix("px"))
    assert font_px >= 15

    expect(phone_page.get_by_role("link", name="021-65550101转8001")).to_have_attribute("href", "tel:02165550101")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 400
    assert "13700001234" not in phone_page.content()


def test_the_board_loads_no_script_outside_screen_mode(phone_page, board_data):
    phone_page.goto("/board/AA01/")
    assert phone_page.locator("script").count() == 0


def test_screen_mode_loads_board_js_and_swaps_in_fresh_content(page, board_data):
    errors, scripts = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response", lambda response: scripts.append(response.status) if response.url.endswith("/board.js") else None
    )

    def shorten_refresh(route):
        # The real interval is 60 s; the first page gets 1 s so the test sees a refresh.
        if route.request.is_navigation_request():
            response = route.fetch()
            route.fulfill(response=response, body=response.text().replace('data-refresh="60"', 'data-refresh="1"'))
        else:
            route.continue_()

    page.route("**/board/AA01/?screen=1", shorten_refresh)
    page.goto("/board/AA01/?screen=1")
    expect(page.locator('script[src$="/static/js/board.js"]')).to_have_count(1)
    expect(page.locator("body")).to_have_class("board board-screen")
    assert scripts == [200]

    board_data.board_message = "今天下午三点起停电，暂停办公。"
    board_data.save(update_fields=["board_message"])
    expect(page.locator(".board-message")).to_contain_text("今天下午三点起停电", timeout=10_000)
    expect(page.locator(".board-stale")).to_be_hidden()
    assert errors == []


def test_the_phone_board_in_screen_mode_still_fits(phone_page, board_data):
    phone_page.goto("/board/AA01/?screen=1")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 400


def test_the_poster_prints_its_qr_code_and_hides_the_buttons(page, board_data):
    page.goto("/board/AA01/poster/")
    expect(page.get_by_role("heading", name="甲一居委会")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("svg.qr")).to_be_visible()
    expect(page.get_by_role("button", name="打印海报（A4）")).to_be_hidden()
    width = page.locator("svg.qr").evaluate("el => el.getBoundingClientRect().width")
    assert width > 400  # 130 mm is about 490 CSS pixels
