"""The desk as a worker uses it: keyboard intake for each outcome, a home visit on a
phone, and printing the one-time notice."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reception.choices import Outcome
from reception.models import Appointment, Visit
from staffing.models import DutyAssignment

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk(committee_a, line_civil, director_a, worker_a, item_residence, item_allowance):
    handler = factories.worker(committee_a, username="handler-a", name="陈承办")
    backup = factories.worker(committee_a, username="backup-a", name="周补位")
    factories.posts(committee_a, line_civil, handler, backup)
    shifts = factories.shifts(committee_a)
    return handler, shifts


def fill_resident(page, name="赵阿姨", phone="13912345678"):
    page.get_by_label("居民姓名").fill(name)  # autofocused: the page is ready to type into
    page.keyboard.press("Tab")
    page.keyboard.type(phone)


def choose_item(page, pinyin):
    page.get_by_label("查找事项").fill(pinyin)
    page.get_by_label("查找事项").press("Enter")  # picks the first match and moves to its materials
    return page.locator(".item-row.is-chosen").last


def test_on_the_spot_with_the_keyboard(page, login, worker_a, desk, item_residence):
    login(page, worker_a)
    expect(page.get_by_label("居民姓名")).to_be_focused()
    fill_resident(page)
    page.get_by_label("查找事项").fill("jzzm")
    expect(page.locator(".item-row:not([hidden])")).to_have_count(1)
    row = choose_item(page, "jzzm")
    expect(row.locator("input[type=checkbox]").nth(1)).to_be_focused()  # on to the first material
    for material in item_residence.materials:
        row.get_by_label(material, exact=True).check()
    page.get_by_role("radio", name="当场办结").check()
    page.get_by_role("radio", name="当场办结").press("Enter")
    expect(page.get_by_text("已登记")).to_be_visible()
    visit = Visit.objects.get()
    assert visit.outcome == Outcome.ON_THE_SPOT and visit.items.get().materials_missing == []


def test_one_time_notice_printed_with_the_print_stylesheet(page, login, worker_a, desk, item_residence):
    login(page, worker_a)
    fill_resident(page)
    row = choose_item(page, "居住证明")
    row.get_by_label("户口簿", exact=True).check()
    page.get_by_role("radio", name="一次性告知").check()
    page.get_by_role("button", name="登记").click()
    expect(page).to_have_url(re.compile(r"/notice/$"))
    sheet = page.locator(".notice-sheet")
    expect(sheet.locator(".missing-list li")).to_have_text(["身份证原件", "租赁合同"])
    expect(sheet).to_contain_text(Visit.objects.get().reference)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".notice-tools")).to_be_hidden()
    expect(sheet).to_be_visible()
    pdf = page.pdf(format="A5")
    assert pdf[:4] == b"%PDF"


def test_handed_on_becomes_a_case(working_day, page, login, worker_a, desk, item_allowance):
    handler, _shifts = desk
    login(page, worker_a)
    fill_resident(page)
    choose_item(page, "gljt")
    page.get_by_role("radio", name="转办").check()
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("派给 陈承办")).to_be_visible()
    visit = Visit.objects.get()
    assert visit.case.first_responder == worker_a and visit.case.handler == handler


def test_appointment_with_a_worker_on_duty(page, login, worker_a, desk, item_allowance, committee_a):
    _handler, shifts = desk
    day = timezone.localdate() + dt.timedelta(days=7)
    from committee.workcalendar import is_working_day

    shift = shifts[0] if is_working_day(day) else shifts[2]
    DutyAssignment.objects.create(committee=committee_a, date=day, shift=shift, worker=worker_a)
    login(page, worker_a)
    fill_resident(page)
    choose_item(page, "gljt")
    page.get_by_role("radio", name="预约", exact=True).check()
    expect(page.get_by_label("预约时间")).to_be_visible()
    page.get_by_label("预约时间").fill(f"{day.isoformat()}T{(shift.start.hour + 1):02d}:00")
    page.get_by_label("预约接待人").select_option(label=worker_a.display_name)
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("并预约")).to_be_visible()
    assert Appointment.objects.get().worker == worker_a


def test_consultation_and_an_error_that_keeps_the_input(page, login, worker_a, desk):
    login(page, worker_a)
    fill_resident(page, phone="1391234")
    page.get_by_role("radio", name="咨询解答").check()
    page.get_by_label("接待记录").fill("询问社区食堂开放时间")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("手机号码应为 11 位")).to_be_visible()
    expect(page.get_by_label("接待记录")).to_have_value("询问社区食堂开放时间")
    expect(page.get_by_label("居民姓名")).to_have_value("赵阿姨")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记")).to_be_visible()
    assert Visit.objects.get().outcome == Outcome.CONSULTATION


def test_a_home_visit_from_a_phone(phone_page, login, worker_a, desk, item_allowance):
    page = phone_page
    login(page, worker_a)
    page.get_by_role("radio", name="走访").check()
    page.get_by_label("居民姓名").fill("独居老人 孙伯伯")
    page.get_by_label("地址").fill("玉田路350弄5号201")
    choose_item(page, "gljt")
    page.get_by_role("radio", name="转办").check()
    page.get_by_label("接待记录").fill("走访发现需要办理高龄津贴")
    submit = page.get_by_role("button", name="登记")
    submit.scroll_into_view_if_needed()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, "no sideways scrolling on a phone"
    submit.click()
    expect(page).to_have_url(re.compile(r"/receipt/$"))  # the hand-on's receipt, for the resident
    expect(page.locator(".message-success")).to_contain_text("已登记")
    visit = Visit.objects.get()
    assert visit.channel == "home_visit" and visit.case.source == "home_visit"


def test_the_resident_history_appears_when_the_phone_is_typed(page, login, worker_a, desk, item_allowance, committee_a):
    from reception.services import visit_intake

    earlier = visit_intake(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿姨",
        outcome=Outcome.HANDED_ON,
        chosen=[(item_allowance, [])],
        resident_phone="13912345678",
    )
    login(page, worker_a)
    fill_resident(page)
    page.keyboard.press("Tab")  # leaving the phone field fires the look-up
    expect(page.locator("#resident-history")).to_contain_text(earlier.reference)
    expect(page.locator("#resident-history")).to_contain_text(earlier.case.reference)


# --- no personal data in addresses (every request is also scanned: conftest.py) -------------


def test_finding_a_visit_by_phone_and_continuing_keeps_the_phone_out_of_the_page(
    page, login, worker_a, desk, item_residence, committee_a
):
    from reception.services import visit_intake

    earlier = visit_intake(
        committee=committee_a,
        received_by=worker_a,
        resident_name="赵阿姨",
        outcome=Outcome.NOTICE,
        chosen=[(item_residence, ["户口簿"])],
        resident_phone="13912345678",
    )
    login(page, worker_a)
    page.get_by_label("告知单编号或手机号").fill("139 1234 5678")
    page.get_by_role("button", name="查找来访").click()
    expect(page.get_by_text(earlier.reference)).to_be_visible()
    assert "?" not in page.url  # the phone went in the body
    page.get_by_role("link", name="续办").click()
    expect(page.get_by_text("沿用上次登记的电话 139****5678")).to_be_visible()
    assert "13912345678" not in page.content()
    row = page.locator(".item-row.is-chosen").first
    for material in item_residence.materials:
        row.get_by_label(material, exact=True).check()
    page.get_by_role("radio", name="当场办结").check()
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记")).to_be_visible()
    second = Visit.objects.exclude(pk=earlier.pk).get()
    assert second.previous_visit == earlier and second.resident_phone == "+8613912345678"


def test_the_appointment_form_shows_who_is_on_duty_without_a_reload(page, login, worker_a, desk, committee_a):
    _handler, shifts = desk
    day = timezone.localdate() + dt.timedelta(days=7)
    from committee.workcalendar import is_working_day

    shift = shifts[0] if is_working_day(day) else shifts[2]
    DutyAssignment.objects.create(committee=committee_a, date=day, shift=shift, worker=worker_a)
    login(page, worker_a)
    page.goto("/desk/appointments/new/")
    page.get_by_label("居民姓名").fill("钱先生")
    page.get_by_label("联系电话").fill("13800001111")
    page.get_by_label("预约时间").fill(f"{day.isoformat()}T{(shift.start.hour + 1):02d}:00")
    page.get_by_role("button", name="查看值班人员").click()
    expect(page.locator("#on-duty")).to_contain_text(worker_a.display_name)
    workers = page.get_by_label("接待人（该时间值班的工作人员）")
    expect(workers.locator("option")).to_have_count(2)  # the blank choice and the one on duty
    expect(page.get_by_label("居民姓名")).to_have_value("钱先生")  # no reload: nothing typed is lost
    workers.select_option(label=worker_a.display_name)
    page.get_by_role("button", name="确认预约").click()
    expect(page.get_by_text("已预约")).to_be_visible()
    assert Appointment.objects.get().resident_phone == "+8613800001111"


def test_searching_the_ledger_by_name_keeps_the_name_out_of_the_address(page, login, director_a, worker_a, committee_a):
    from reception.services import visit_record

    visit_record(committee=committee_a, received_by=worker_a, resident_name="钱先生", outcome=Outcome.CONSULTATION)
    visit_record(committee=committee_a, received_by=worker_a, resident_name="孙奶奶", outcome=Outcome.CONSULTATION)
    login(page, director_a)
    page.goto("/desk/ledger/")
    page.get_by_label("登记编号/居民姓名").fill("钱")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("table").get_by_text("钱先生")).to_be_visible()
    expect(page.locator("table").get_by_text("孙奶奶")).to_have_count(0)
    assert "search=" in page.url and "%E9%92%B1" not in page.url and "钱" not in page.url
    expect(page.get_by_label("登记编号/居民姓名")).to_have_value("钱")
