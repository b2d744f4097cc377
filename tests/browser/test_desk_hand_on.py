"""Issue 16's desk tasks, by clicking and typing only, on a desktop and a 390-px phone.

Actions are counted as the user makes them: a click or tap, a key press (Tab, Enter), a
field typed into (one, whatever its length) and a choice from a list (one with the
keyboard on a desktop, two taps on a phone).

The street-lamp hand-on. Before: 路灯不亮 finds nothing and says nothing; 转办 + 登记
answer “请选择至少一个服务事项”; the worker leaves for 我的事项 → 登记新事项, retypes name and
phone, chooses a line, types the matter and registers: 13 actions (14 on a phone), no
visit in the ledger and no receipt for the resident. After: name, Tab, phone, the search,
Enter (the hint appears and the matter is carried to 其他事项), the line, 转办, 登记, 打印回执:
9 actions (10 on a phone), and the receipt names the reference and the deadline.

The return visit with the seal. Before: the notice's last digits find nothing, so the whole
number is typed (1) and 查找来访 (1), 续办 (1), the two papers brought (2), 当场办结 (1),
登记 (1); the seal log is reached only through 前台 (1) → 接待台账 (1) → 印章使用登记 (1) →
登记用印 (1), then the reference typed (1), the item chosen (1, 2 on a phone), the document
typed (1), 登记 (1): 15 actions (16 on a phone). After: the last digits (1), 查找来访 (1),
续办 (1), the two papers (2), 当场办结 (1), 登记 (1), 登记用印 (1, everything
prefilled), 登记 (1): 9 actions."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reception.choices import Outcome
from reception.models import SealUse, Visit

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["desktop", "phone"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "desktop" else "phone_page"), request.param


@pytest.fixture
def desk(committee_a, line_civil, director_a, worker_a, item_residence, item_allowance):
    handler = factories.worker(committee_a, username="handler-a", name="陈承办")
    backup = factories.worker(committee_a, username="backup-a", name="周补位")
    factories.posts(committee_a, line_civil, handler, backup)
    factories.shifts(committee_a)
    committee_a.phone = "021-64001234"
    committee_a.save(update_fields=["phone"])
    return handler


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1


def test_the_street_lamp_is_handed_on_with_a_printed_receipt(working_day, any_page, login, worker_a, desk):
    page, kind = any_page
    line_city = factories.line(code="chengjian", name="城建")
    login(page, worker_a)
    page.get_by_label("居民姓名").fill("赵阿姨")  # 1
    page.keyboard.press("Tab")  # 2
    page.keyboard.type("13912345678")  # 3
    search = page.get_by_label("查找事项")
    search.fill("路灯不亮")  # 4
    expect(page.locator(".item-row:not([hidden])")).to_have_count(0)
    hint = page.locator("#no-match")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("其他事项")
    search.press("Enter")  # 5: no item to pick, so on to the other matter, with the words carried
    expect(page.get_by_label("条线", exact=True)).to_be_focused()
    expect(page.get_by_label("事项说明")).to_have_value("路灯不亮")
    page.get_by_label("条线", exact=True).select_option(label="城建")  # 6 (7 on a phone)
    page.get_by_role("radio", name="转办").check()  # 7
    no_sideways_scroll(page)
    page.get_by_role("button", name="登记").click()  # 8
    expect(page).to_have_url(re.compile(r"/receipt/$"))
    visit = Visit.objects.get()
    case = visit.case
    assert case.line == line_city and case.service_item is None and case.title.startswith("路灯不亮")
    sheet = page.locator(".receipt-sheet")
    expect(sheet.locator(".receipt-reference")).to_have_text(case.reference)
    expect(sheet.locator(".receipt-deadline")).to_contain_text(f"{timezone.localtime(case.due_at):%Y年%-m月%-d日}")
    expect(sheet).to_contain_text(case.handler.display_name)  # no A/B post on 城建: the director
    expect(sheet).to_contain_text("021-64001234")
    no_sideways_scroll(page)
    page.get_by_role("button", name="打印回执")  # 9: the print dialog itself is the browser's
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".notice-tools")).to_be_hidden()
    expect(sheet).to_be_visible()
    assert page.pdf(format="A5")[:4] == b"%PDF" if kind == "desktop" else True


def test_a_return_visit_found_by_its_last_digits_is_completed_with_the_seal_record(
    any_page, login, worker_a, desk, item_residence, committee_a
):
    from reception.services import visit_intake

    page, kind = any_page
    earlier = visit_intake(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿姨",
        outcome=Outcome.NOTICE,
        chosen=[(item_residence, ["身份证原件"])],
        resident_phone="13912345678",
    )
    login(page, worker_a)
    page.get_by_label("告知单编号或手机号").fill(earlier.reference[-3:])  # 1: the last digits
    page.get_by_role("button", name="查找来访").click()  # 2
    expect(page.get_by_text(earlier.reference)).to_be_visible()
    page.get_by_role("link", name="续办").click()  # 3
    expect(page.get_by_text("续办：本次来访将与居民上次来访关联")).to_be_visible()
    check_the_desk_layout(page, kind)
    row = page.locator(".item-row.is-chosen")
    expect(row).to_have_count(1)
    expect(row.get_by_label("身份证原件", exact=True)).to_be_checked()  # brought last time
    for material in ("户口簿", "租赁合同"):
        row.get_by_label(material, exact=True).check()  # 4, 5
    page.get_by_role("radio", name="当场办结").check()  # 6
    page.get_by_role("button", name="登记").click()  # 7
    expect(page.get_by_text("已登记")).to_be_visible()
    second = Visit.objects.exclude(pk=earlier.pk).get()
    assert second.previous_visit == earlier and second.outcome == Outcome.ON_THE_SPOT
    page.get_by_role("link", name="登记用印：居住证明").click()  # 8
    expect(page.get_by_label("登记编号")).to_have_value(second.reference)
    expect(page.get_by_label("用印文件")).to_have_value("居住证明")
    expect(page.locator("select[name=service_item] option:checked")).to_have_text("居住证明")
    no_sideways_scroll(page)
    page.get_by_role("button", name="登记").click()  # 9
    expect(page.get_by_text("已登记用印")).to_be_visible()
    use = SealUse.objects.get()
    assert use.visit == second and use.service_item == item_residence and use.used_by == worker_a


def check_the_desk_layout(page, kind):
    """The return visit's desk holds: the banner spans the grid, the outcome panel keeps its
    column beside the items (three columns past 1000 px), nothing is clipped or scrolls sideways."""
    widths = [1024, 1280, 1600] if kind == "desktop" else [390]
    for width in widths:
        if kind == "desktop":
            page.set_viewport_size({"width": width, "height": 900})
        no_sideways_scroll(page)
        banner = page.locator(".intake-banner").bounding_box()
        resident = page.locator(".intake-resident").bounding_box()
        items = page.locator(".intake-items").bounding_box()
        outcome = page.locator(".intake-outcome").bounding_box()
        assert banner["y"] + banner["height"] <= resident["y"], "the banner is above the columns, not one of them"
        if kind == "desktop":
            assert abs(outcome["y"] - items["y"]) < 2 and abs(resident["y"] - items["y"]) < 2, width
            assert banner["width"] >= outcome["x"] + outcome["width"] - resident["x"] - 2, width
        clipped = page.evaluate(
            "(() => { const l = document.getElementById('item-list'); return l.scrollHeight - l.clientHeight; })()"
        )
        assert clipped <= 1, "the materials list is not clipped in a scroll box"
    if kind == "desktop":
        page.set_viewport_size({"width": 1280, "height": 900})


def test_the_appointment_form_finds_the_item_by_pinyin(any_page, login, worker_a, desk, item_residence):
    page, _kind = any_page
    login(page, worker_a)
    page.goto("/desk/appointments/new/")
    search = page.get_by_label("查找事项")
    search.fill("jzzm")
    search.press("Enter")
    expect(page.locator("select[name=service_item] option:checked")).to_have_text("居住证明")
    expect(page.locator("select[name=service_item] option:not([hidden])")).to_have_count(2)  # blank + the match
    no_sideways_scroll(page)


def test_upcoming_appointments_are_reached_from_my_duty(any_page, login, worker_a, desk, committee_a):
    import datetime as dt

    from reception.models import Appointment

    page, _kind = any_page
    Appointment.objects.create(
        committee=committee_a,
        worker=worker_a,
        created_by=worker_a,
        starts_at=timezone.now() + dt.timedelta(days=2),
        resident_name="李奶奶",
    )
    login(page, worker_a)
    expect(page.locator(".upcoming-appointments")).to_contain_text("李奶奶")
    page.goto("/staff/my-duty/")
    page.get_by_role("link", name="近期预约").click()
    expect(page.locator("table")).to_contain_text("李奶奶")
