"""Issue 17, "Done when": a desk worker finds a registered resident by the pinyin initials of
her name, picks her with the keyboard and records the visit, which is linked to her and
listed on her page — on a desktop and on a 390-px phone. Then a resident not yet in the
register is registered with her visit in the same step.

The task as the worker does it: type z a p, ↓, Enter (5 key presses), click 咨询解答, click
登记 (2 clicks). Before the search, linking the visit took her whole name and whole phone
typed exactly (about 19 key presses with an input method) and the same 2 clicks."""

import pytest
from playwright.sync_api import expect

from reception.models import Visit
from register.models import Person

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_desk_worker_finds_a_resident_by_pinyin_initials_and_the_visit_is_linked(
    screen, login, committee_a, worker_a
):
    area = factories.grid_area(committee_a, responsible=worker_a)
    _household, person, _tag = factories.register_records(committee_a, area, worker_a, name="赵阿婆")
    factories.register_records(committee_a, area, worker_a, name="钱大伯", phone="13800001111")

    page = screen()
    login(page, worker_a)
    search = page.get_by_label("查找在册居民（电话、身份证号、姓名或拼音首字母，如 zap）")
    search.press_sequentially("zap")
    found = page.get_by_role("listbox", name="在册居民")
    option = found.get_by_role("option", name="赵阿婆")
    expect(option).to_be_visible()
    expect(option).to_contain_text("139****5678")
    expect(found.get_by_role("option")).to_have_count(1)  # 钱大伯 is qdb
    expect(option).not_to_contain_text("低保")  # a sensitive tag never in the desk's list
    search.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    expect(page.get_by_label("居民姓名")).to_have_value("赵阿婆")
    expect(page.locator("#person-chosen")).to_contain_text("已选在册居民：赵阿婆")
    expect(page.locator("#item-search")).to_be_focused()
    assert "13912345678" not in page.content()  # the phone stays on the server
    page.get_by_role("radio", name="咨询解答").check()
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记")).to_be_visible()

    visit = Visit.objects.get()
    assert visit.person == person and visit.resident_phone == "+8613912345678"
    page.goto(f"/desk/people/{person.pk}/")
    expect(page.get_by_role("link", name=visit.reference)).to_be_visible()


def test_escape_closes_the_list_and_a_new_resident_is_registered_with_the_visit(screen, login, committee_a, worker_a):
    area = factories.grid_area(committee_a, responsible=worker_a, name="东片")
    page = screen()
    login(page, worker_a)
    search = page.get_by_label("查找在册居民（电话、身份证号、姓名或拼音首字母，如 zap）")
    search.press_sequentially("snn")
    expect(page.get_by_text("名册里没有找到这位居民")).to_be_visible()
    search.press("Escape")
    expect(page.get_by_text("名册里没有找到这位居民")).to_be_hidden()

    page.get_by_label("居民姓名").fill("孙奶奶")
    page.get_by_label("联系电话").fill("021-6555 9876")
    page.get_by_label("登记为新居民").check()
    page.get_by_role("radio", name="咨询解答").check()
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("登记为新居民须填写地址")).to_be_visible()  # nothing typed is lost
    expect(page.get_by_label("居民姓名")).to_have_value("孙奶奶")
    expect(page.get_by_label("登记为新居民")).to_be_checked()

    page.get_by_label("地址", exact=True).fill("7号楼 1单元 502室")
    page.get_by_label("片区", exact=True).select_option(label="东片")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记")).to_be_visible()
    person = Person.objects.get(name="孙奶奶")
    assert Visit.objects.get().person == person
    assert person.memberships.get().household.grid_area == area
